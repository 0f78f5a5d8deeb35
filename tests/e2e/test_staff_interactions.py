"""Issue 16's measure of the staff's path, counted in Chromium on the demo: every interaction a person
makes is counted — a page opened by its address, a link or button clicked, a field filled, chosen or
ticked, a form saved — from logging in to a problem description sent to two parties (at most 25), and
from a confirmed problem description to the final-draft PDF (at most 60). `-s` prints the count per
stage; the README's table ("Hur många steg?") is the result of the last run.

Every wait is for an outcome (a URL, a text); nothing waits for a fixed time. What the person types is
the least each page needs; suggestions the forms start from are read and kept, as staff would."""

import re
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from agreements.models import AgreementVersion
from collaborations.models import Collaboration, PartyRole
from tests.agreements.arrange import pdf_text
from tests.e2e.browser import DEMO_PASSWORD, log_in
from tests.e2e.test_checklist_journey import DEMO_TITLE, every_party_agrees, field

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNA = "anna@asbyhem.example"
LOGIN_TO_SENT_LIMIT = 25
CONFIRMED_TO_FINAL_DRAFT_LIMIT = 60
KINDS = ("page loads", "clicks", "fields", "saves")


class CountedPerson:
    """A person at the browser. Each method is one interaction of one of the issue's four kinds: a page
    opened by its address, a click on a link or a button that is not a save, a field filled, chosen or
    ticked, a save (a form's submit button)."""

    def __init__(self, page):
        self.page = page
        self.counts = Counter()
        self.stages: list[tuple[str, Counter]] = []
        self._stage = None

    @contextmanager
    def stage(self, name):
        self._stage = Counter()
        yield
        self.stages.append((name, self._stage))
        self._stage = None

    def _count(self, kind):
        self.counts[kind] += 1
        if self._stage is not None:
            self._stage[kind] += 1

    def open(self, url):
        self.page.goto(url)
        self._count("page loads")

    def click(self, locator):
        locator.click()
        self._count("clicks")

    def fill(self, locator, value):
        locator.fill(value)
        self._count("fields")

    def choose(self, locator, label):
        locator.select_option(label=label)
        self._count("fields")

    def tick(self, locator):
        locator.check()
        self._count("fields")

    def save(self, locator):
        locator.click()
        self._count("saves")

    @property
    def total(self):
        return sum(self.counts.values())

    def report(self, title):
        lines = [f"{title}: {self.total} interactions"]
        for name, counts in self.stages:
            detail = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k])
            lines.append(f"  {name}: {sum(counts.values())} ({detail})")
        lines.append("  in all: " + ", ".join(f"{self.counts[k]} {k}" for k in KINDS))
        print("\n".join(lines))


@pytest.fixture
def demo(db):
    call_command("seed_demo", force=True, stdout=__import__("io").StringIO())
    return Collaboration.objects.get(title=DEMO_TITLE)


def button(page, name):
    return page.get_by_role("button", name=name, exact=True)


def link(page, name):
    return page.get_by_role("link", name=name)


def saved(page):
    expect(page.locator(".alert-success")).to_be_visible()


def test_from_login_to_a_problem_description_sent_to_two_parties(page_for, demo, check_accessibility):
    mail.outbox.clear()
    anna = CountedPerson(page_for("anna"))
    page = anna.page

    with anna.stage("Logga in"):
        anna.open("/konto/login/")
        anna.fill(page.get_by_role("textbox", name=re.compile(r"^E-post")), ANNA)
        anna.fill(page.get_by_label(re.compile(r"^Lösenord")), DEMO_PASSWORD)
        anna.save(button(page, "Logga in"))
        expect(page.get_by_role("heading", level=1, name="Mina samverkansprojekt")).to_be_visible()

    with anna.stage("Skapa samverkan"):
        anna.click(link(page, "Ny samverkan"))
        anna.fill(page.get_by_label(field("Titel")), "Trygga Lärkstigen")
        anna.fill(page.get_by_label(field("Bostadsområde")), "Lärkstigen")
        anna.fill(page.get_by_label(field("Kommun")), "Åsby kommun")
        anna.save(button(page, "Skapa samverkan"))
        expect(page).to_have_url(re.compile(r"/problem/redigera/$"))
        check_accessibility(page, "problem form with its way on")

    with anna.stage("Problembeskrivning"):
        anna.fill(
            page.get_by_role("textbox", name="Problembeskrivning"),
            "Boende på Lärkstigen känner sig otrygga i de mörka passagerna mellan husen kvällstid.",
        )
        anna.tick(page.get_by_label("Trygghet"))
        anna.save(button(page, "Spara och lägg till parter"))
        expect(page.get_by_role("heading", level=1, name="Lägg till part")).to_be_visible()
        check_accessibility(page, "add a party, earlier partners offered")

    with anna.stage("Två parter"):
        for organisation, last in [("Åsby kommun", False), ("Norrbacka IF", True)]:
            anna.click(link(page, f"Välj {organisation}"))
            expect(
                page.get_by_role("heading", name=re.compile(f"Vald organisation: {organisation}"))
            ).to_be_visible()
            if last:
                anna.save(button(page, "Lägg till part"))
                expect(page.get_by_role("heading", level=1, name="Parter")).to_be_visible()
            else:
                anna.save(button(page, "Lägg till och lägg till en till"))
                expect(page.get_by_role("status")).to_contain_text("Parten är tillagd.")

    with anna.stage("Skicka"):
        check_accessibility(page, "parties, offering to send")
        anna.click(link(page, "Skicka problembeskrivningen för bekräftelse"))
        anna.save(button(page, "Skicka version 1 för bekräftelse"))
        expect(page.get_by_role("status")).to_contain_text("2 parter")

    anna.report("From login to a problem description sent")
    collaboration = Collaboration.objects.get(title="Trygga Lärkstigen")
    assert sorted(p.organisation.name for p in collaboration.parties.filter(role=PartyRole.PARTNER)) == [
        "Norrbacka IF",
        "Åsby kommun",
    ]
    assert {m.to[0] for m in mail.outbox} == {"karin@asby-kommun.example", "jonas@norrbacka-if.example"}
    assert anna.total <= LOGIN_TO_SENT_LIMIT, anna.total


# Who signs for each of the demo's parties: (organisation, name, authorised by a decision: its words).
SIGNATORIES = [
    ("Åsbyhem AB", "Mats Ek", ""),
    ("Åsby kommun", "Karin Berg", "Kommunstyrelsens beslut 2026-09-14, § 112"),
    ("Polisen, lokalpolisområde Åsby", "Per Holm", "Polisregionens arbetsordning"),
    ("Hyresgästföreningen Norrbacka", "Leila Nasser", "Styrelsens beslut 2026-10-05, § 7"),
    ("Norrbacka IF", "Jonas Wik", ""),
    ("Fastighets AB Lindgården", "Eva Sund", ""),
]


def test_from_a_confirmed_problem_description_to_the_final_draft_pdf(page_for, demo, check_accessibility):
    every_party_agrees(demo)
    log_in(page_for("anna"), ANNA)  # where the count starts: on the dashboard, logged in
    anna = CountedPerson(page_for("anna"))
    page = anna.page
    next_step = "Spara och gå till nästa steg"

    with anna.stage("6. Mål: utgångsvärdet som saknades"):
        anna.click(link(page, "Fyll i"))
        anna.click(link(page, re.compile(r"^Ändra\W+Antal barn 10–15 år")))
        anna.fill(page.get_by_label(field("Utgångsvärde")), "12")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Samverkansform", re.I))

    with anna.stage("7. Samverkansform: EST"):
        choose = page.locator("form[action$='/modell/valj/']")
        anna.tick(choose.get_by_label("EST – effektiv samordning för trygghet"))
        anna.fill(choose.get_by_label("Motivering"), "En gemensam lägesbild varje vecka.")
        anna.save(choose.get_by_role("button", name="Välj"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            re.compile("EST: rapportering och rytm", re.I)
        )
        anna.click(link(page, "Lägg till en rapportör"))
        anna.choose(page.get_by_label(field("Part")), "Åsbyhem AB (Huvudman)")
        anna.fill(page.get_by_label(field("Vem som rapporterar (roll eller namn)")), "Områdesvärdarna")
        anna.choose(page.get_by_label(field("Hur de rapporterar")), "Ett digitalt formulär eller en app")
        anna.tick(page.get_by_label("Skadegörelse"))
        anna.save(button(page, "Spara"))
        saved(page)
        anna.choose(page.get_by_label(field("Veckomötets dag")), "tisdag")
        anna.fill(page.get_by_label(field("Vem som leder veckomötet")), "Kommunens trygghetssamordnare")
        anna.fill(page.get_by_label(field("Lokalpolisområde")), "Lokalpolisområde Åsby")
        anna.fill(page.get_by_label(field("Problemens troliga orsaker")), "Mörka passager och få vuxna ute.")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            re.compile("Alla parters roller och bidrag", re.I)
        )

    with anna.stage("8. Roller och bidrag (förslag utifrån EST)"):
        check_accessibility(page, "every party's role, suggested")
        lead = page.get_by_role("group", name="Åsbyhem AB")
        anna.fill(lead.get_by_label("Personaltid (timmar per år)"), "800")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Organisation", re.I))

    with anna.stage("9. Organisation (förslag: samordnare, rytm, styrgrupp)"):
        check_accessibility(page, "organisation with the steering group suggested")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Juridisk granskning", re.I))

    with anna.stage("10. Juridisk granskning"):
        check_accessibility(page, "every legal review")
        topic = page.get_by_role("group", name=re.compile("Personuppgifter"))
        anna.choose(topic.get_by_label(field("Status")), "Bedömd")
        anna.fill(
            topic.get_by_label(field("Bedömning")),
            "Lägesbilden beskriver platser och händelser, aldrig personer.",
        )
        anna.fill(topic.get_by_label("Bedömd av"), "Åsbyhems dataskyddsombud")
        anna.fill(topic.get_by_label("Datum för bedömningen"), "2026-11-20")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Aktivitet", re.I))

    with anna.stage("11. Aktiviteter"):
        anna.fill(page.get_by_label(field("Aktivitet")), "Veckovis lägesbild")
        anna.choose(page.get_by_label("Ansvarig part"), "Åsby kommun (Part)")
        anna.fill(page.get_by_label(field("Start")), "2027-01")
        anna.tick(page.get_by_label("Pågående arbete utan slut"))
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("budget", re.I))

    with anna.stage("12. Budget"):
        anna.choose(page.get_by_label(field("Part")), "Åsbyhem AB (Huvudman)")
        anna.fill(page.get_by_label(field("Till vad")), "Områdesutvecklare på halvtid")
        anna.fill(page.get_by_label("Belopp (kronor)"), "300000")
        anna.save(button(page, next_step))

    with anna.stage("13. Uppföljning (förslag utifrån delmålen)"):
        expect(page.get_by_role("heading", level=1)).to_contain_text("Uppföljning av alla delmål")
        check_accessibility(page, "every follow-up, suggested")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Kommunikation", re.I))

    with anna.stage("14. Kommunikation (förslag)"):
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Avtalstid", re.I))

    with anna.stage("15. Avtalstid och villkor (förslag), undertecknare"):
        anna.fill(page.get_by_label("Samverkan börjar"), "2027-01-01")
        anna.fill(page.get_by_label("Samverkan slutar"), "2029-12-31")
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("undertecknar", re.I))
        check_accessibility(page, "who signs for each party")
        for organisation, name, decision in SIGNATORIES:
            party = page.get_by_role("group", name=organisation, exact=True)
            anna.fill(party.get_by_label(field("Namn")), name)
            if decision:
                anna.tick(party.get_by_label("Behörig genom beslut"))
                anna.fill(party.get_by_label(field("Beslutet som ger behörigheten")), decision)
            else:
                anna.tick(party.get_by_label("Firmatecknare"))
        anna.save(button(page, next_step))
        expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("Avtalsutkast", re.I))

    with anna.stage("16. Avtalsutkast: PDF"), page.expect_download() as download_info:
        anna.save(button(page, "Ladda ner avtalsutkast (PDF)"))

    anna.report("From a confirmed problem description to the final-draft PDF")
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    version = AgreementVersion.objects.filter(collaboration=demo).order_by("-pk").first()
    assert version is not None and version.is_final, "the PDF is not a final draft"
    assert "Lucka:" not in text
    for expected in [
        "EST",
        "Mats Ek",
        "Kommunstyrelsens beslut 2026-09-14, § 112",
        "Bidrar med polisens lägesbild",
    ]:
        assert expected in text, expected
    assert anna.total <= CONFIRMED_TO_FINAL_DRAFT_LIMIT, anna.total
