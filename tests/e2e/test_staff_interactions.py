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

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from collaborations.models import Collaboration, PartyRole
from tests.e2e.browser import DEMO_PASSWORD
from tests.e2e.test_checklist_journey import DEMO_TITLE, field

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


def test_from_login_to_a_problem_description_sent_to_two_parties(page_for, demo):
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

    with anna.stage("Problembeskrivning"):
        anna.fill(
            page.get_by_role("textbox", name="Problembeskrivning"),
            "Boende på Lärkstigen känner sig otrygga i de mörka passagerna mellan husen kvällstid.",
        )
        anna.tick(page.get_by_label("Trygghet"))
        anna.save(button(page, "Spara och lägg till parter"))
        expect(page.get_by_role("heading", level=1, name="Lägg till part")).to_be_visible()

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
