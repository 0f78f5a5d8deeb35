"""Issue 15's "Done when", in Chromium: from the e-mail's link to a recorded answer, counting every
interaction (page loads the person starts, choices, fields typed in, clicks and submits). A new partner
answers the problem description, a returning one answers its next version, and a partner approves the
agreement; the counts are in the README ("Answering through the link")."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from agreements.approval import AGREEMENT
from collaborations import services
from collaborations.confirmations import sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import ConfirmationRecipient, FocusArea, PartyRole, PartyState
from tests.agreements.arrange import complete
from tests.agreements.arrange import send as send_agreement
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KARIN = "karin@asby-kommun.example"
LINK = re.compile(r"https?://[^/\s]+(/inbjudan/[A-Za-z0-9_-]+/)")
FIRST_TEXT = "Många boende känner sig otrygga kvällstid kring centrumtorget."
REVISED_TEXT = "Många boende känner sig otrygga kvällstid kring centrumtorget och på skolvägen."
NEW_PARTNER_LIMIT = 4
RETURNING_PARTNER_LIMIT = 3


class Counted:
    """A page whose interactions are counted: each `open`, `choose`, `type` and `send` is one. Page
    loads the browser makes on its own (a redirect after a submit) are not the person's doing, but
    are counted apart in `loads` to show that no interstitial page is needed."""

    def __init__(self, page):
        self.page = page
        self.steps: list[str] = []
        self.loads = 0
        page.on("load", self._loaded)

    def _loaded(self, _page):
        self.loads += 1

    def open(self, path):
        self.steps.append(f"open {path}")
        self.page.goto(path)

    def choose(self, name):
        self.steps.append(f"choose {name}")
        self.page.get_by_role("radio", name=re.compile(f"^{name}")).check()

    def type(self, label, text):
        self.steps.append(f"type {label}")
        self.page.get_by_role("textbox", name=label).fill(text)

    def send(self, button):
        self.steps.append(f"send {button}")
        self.page.get_by_role("button", name=button).click()


def latest_link_to(email) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no e-mail to {email}"
    return LINK.search(messages[-1].body)[1]


def check(page, page_for, check_accessibility, name):
    check_accessibility(page, name)
    problems = page_for.problems(page)
    assert not problems, f"Problems in the browser on {name}:\n" + "\n".join(problems)


@pytest.fixture
def asked():
    """Version 1 of the problem description sent to Åsby kommun, whose contact is Karin Berg."""
    lead = OrganisationFactory(name="Åsbyhem AB")
    anna = UserFactory(email="anna@asbyhem.example", first_name="Anna", last_name="Lind")
    MembershipFactory(user=anna, organisation=lead)
    collaboration = services.create_collaboration(
        title="Trygg och trivsam Norrbacka",
        area_name="Norrbacka",
        municipality="Åsby kommun",
        lead_organisation=lead,
        created_by=anna,
    )
    party = services.add_party(
        collaboration=collaboration,
        added_by=anna,
        organisation=OrganisationFactory(name="Åsby kommun"),
        role=PartyRole.PARTNER,
        state=PartyState.PROPOSED,
        contact_name="Karin Berg",
        contact_email=KARIN,
    )
    problem = services.save_problem_description(
        collaboration=collaboration,
        author=anna,
        based_on_version=0,
        text=FIRST_TEXT,
        focus_areas=[FocusArea.SAFETY],
        evidence="Trygghetsmätning 2025.",
    )
    mail.outbox.clear()
    sending.send(subject=PROBLEM, version=problem, sent_by=anna, base_url="http://testserver/")
    return collaboration, party, anna


def answer_of(party, subject):
    return ConfirmationRecipient.objects.get(
        party=party, request__superseded_at__isnull=True, **{f"request__{subject.key}__isnull": False}
    )


def test_a_new_partner_answers_in_four_interactions_or_fewer(
    page_for, asked, check_accessibility, save_screenshots
):
    collaboration, party, _anna = asked
    karin = Counted(page_for("karin"))

    karin.open(latest_link_to(KARIN))
    expect(karin.page.get_by_role("main")).to_contain_text(FIRST_TEXT)  # the text, with no account
    check(karin.page, page_for, check_accessibility, "link page, new partner")
    save_screenshots(karin.page, "partner-link-page")
    karin.choose("Vill ha ändringar")
    karin.type("Kommentar", "Skolvägen saknas.")
    karin.send("Skicka svaret")

    expect(karin.page.get_by_role("heading", name="Ditt svar är sparat")).to_be_visible()
    check(karin.page, page_for, check_accessibility, "answer saved, account offered")
    save_screenshots(karin.page, "partner-answer-saved")
    recorded = answer_of(party, PROBLEM)
    assert (recorded.answer, recorded.link_email, recorded.link_name) == ("changes", KARIN, "Karin Berg")
    print(f"new partner: {len(karin.steps)} interactions: {karin.steps}; {karin.loads} page loads")
    assert len(karin.steps) <= NEW_PARTNER_LIMIT
    assert karin.loads == 2  # the link's page, and the page after sending


def test_a_returning_partner_answers_the_next_version_in_three(page_for, asked, check_accessibility):
    collaboration, party, anna = asked
    first = Counted(page_for("karin"))
    first.open(latest_link_to(KARIN))
    first.choose("Vill ha ändringar")
    first.type("Kommentar", "Skolvägen saknas.")
    first.send("Skicka svaret")
    expect(first.page.get_by_role("heading", name="Ditt svar är sparat")).to_be_visible()
    revised = services.save_problem_description(
        collaboration=collaboration,
        author=anna,
        based_on_version=1,
        text=REVISED_TEXT,
        focus_areas=[FocusArea.SAFETY],
        evidence="Trygghetsmätning 2025.",
    )
    sending.send(subject=PROBLEM, version=revised, sent_by=anna, base_url="http://testserver/")
    assert "Version 2 ersätter version 1, där ni ville ha ändringar." in mail.outbox[-1].body

    karin = Counted(page_for("karin, returning"))
    karin.open(latest_link_to(KARIN))
    changes = karin.page.get_by_role("region", name="Vad har ändrats sedan du svarade?")
    expect(changes.locator(".diff ins").filter(has_text="på skolvägen")).to_have_count(1)
    check(karin.page, page_for, check_accessibility, "link page, returning partner")
    karin.choose("Instämmer")
    karin.send("Skicka svaret")

    expect(karin.page.get_by_role("heading", name="Ditt svar är sparat")).to_be_visible()
    recorded = answer_of(party, PROBLEM)
    assert (recorded.request.version, recorded.answer, recorded.link_name) == (2, "agree", "Karin Berg")
    print(f"returning partner: {len(karin.steps)} interactions: {karin.steps}; {karin.loads} page loads")
    assert len(karin.steps) <= RETURNING_PARTNER_LIMIT


def test_a_partner_approves_the_agreement_in_three(page_for, check_accessibility, save_screenshots):
    lead = OrganisationFactory(name="Åsbyhem AB")
    anna = UserFactory(email="anna@asbyhem.example", first_name="Anna", last_name="Lind")
    MembershipFactory(user=anna, organisation=lead)
    collaboration = services.create_collaboration(
        title="Trygg Norrbacka",
        area_name="Norrbacka",
        municipality="Åsby kommun",
        lead_organisation=lead,
        created_by=anna,
    )
    partners = complete(collaboration, anna)
    mail.outbox.clear()
    send_agreement(collaboration, anna)
    kommun = partners[0]

    page = Counted(page_for("kommun"))
    page.open(latest_link_to(kommun.contact_email))
    agreement = page.page.get_by_role("region", name="Version 1 av avtalsutkastet")
    expect(agreement.get_by_role("link", name="Ladda ner version 1 (PDF)")).to_be_visible()
    check(page.page, page_for, check_accessibility, "link page, agreement")
    save_screenshots(page.page, "partner-agreement-link-page")
    page.choose("Godkänner")
    page.send("Skicka svaret")

    expect(page.page.get_by_role("heading", name="Ditt svar är sparat")).to_be_visible()
    assert answer_of(kommun, AGREEMENT).answer == "agree"
    print(f"approval: {len(page.steps)} interactions: {page.steps}; {page.loads} page loads")
    assert len(page.steps) <= RETURNING_PARTNER_LIMIT
