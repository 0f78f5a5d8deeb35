"""Issue 4's "Done when", in real browsers: staff send the problem description to two partners; each
partner, in a browser of their own, follows the link in the e-mail, signs up and answers (one asks for
changes); staff revise the text; both partners see what changed and agree; the matrix and the
timeline tell the whole story. Every page is checked with axe; the main ones are saved as screenshots.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from collaborations import services
from collaborations.models import (
    ConfirmationAnswer,
    Event,
    EventKind,
    FocusArea,
    Membership,
    PartyRole,
    PartyState,
    Representation,
)
from tests.e2e.browser import log_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_EMAIL = "anna@asbyhem.example"
STAFF_PASSWORD = "anna-har-ett-langt-losenord"
KARIN = "karin@asby-kommun.example"
JONAS = "jonas@norrbacka-if.example"
PARTNER_PASSWORD = "ett-langt-losenord-2026"
TITLE = "Trygg och trivsam Norrbacka"
FIRST_TEXT = "Många boende känner sig otrygga kvällstid kring centrumtorget och i gångtunneln."
REVISED_TEXT = (
    "Många boende känner sig otrygga kvällstid kring centrumtorget, i gångtunneln och på skolvägen "
    "längs Lärkstigen."
)

KARIN_COMMENT = "Skolvägen längs Lärkstigen saknas: där har vi flest anmälningar."
LINK = re.compile(r"https?://[^/\s]+(/inbjudan/[A-Za-z0-9_-]+/)")


@pytest.fixture
def collaboration():
    lead = OrganisationFactory(name="Åsbyhem AB")
    anna = UserFactory(email=STAFF_EMAIL, first_name="Anna", last_name="Lind", password=STAFF_PASSWORD)
    MembershipFactory(user=anna, organisation=lead)
    collaboration = services.create_collaboration(
        title=TITLE,
        area_name="Norrbacka",
        municipality="Åsby kommun",
        lead_organisation=lead,
        created_by=anna,
    )
    for name, contact, email in [
        ("Åsby kommun", "Karin Berg", KARIN),
        ("Norrbacka IF", "Jonas Wik", JONAS),
    ]:
        services.add_party(
            collaboration=collaboration,
            added_by=anna,
            organisation=OrganisationFactory(name=name),
            role=PartyRole.PARTNER,
            state=PartyState.PROPOSED,
            contact_name=contact,
            contact_email=email,
        )
    services.save_problem_description(
        collaboration=collaboration,
        author=anna,
        based_on_version=0,
        text=FIRST_TEXT,
        focus_areas=[FocusArea.SAFETY],
        evidence="Trygghetsmätning 2025.",
    )
    return collaboration


def latest_link_to(email) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no e-mail to {email}"
    return LINK.search(messages[-1].body)[1]


def matrix_row(page, organisation):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(organisation)))


def check(page, page_for, check_accessibility, name):
    check_accessibility(page, name)
    problems = page_for.problems(page)
    assert not problems, f"Problems in the browser on {name}:\n" + "\n".join(problems)


def sign_up_through_the_link(page, link, email, checked):
    """The partner's first visit: the invitation, signing up with the address prefilled, accepting."""
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbjudan att bekräfta problembeskrivningen")
    expect(page.get_by_role("main")).to_contain_text("Åsbyhem AB bjuder in")
    checked(page, f"invitation, {email}")
    page.get_by_role("link", name="Skapa konto").click()
    expect(page).to_have_url(re.compile(r"/konto/signup/"))
    expect(page.get_by_role("textbox", name=re.compile(r"^E-post"))).to_have_value(email)
    checked(page, f"sign up, {email}")
    page.get_by_label(re.compile(r"^Förnamn")).fill("Ny")
    page.get_by_label(re.compile(r"^Efternamn")).fill("Partner")
    page.get_by_label(re.compile(r"^Lösenord:?$")).fill(PARTNER_PASSWORD)
    page.get_by_label(re.compile(r"^Lösenord \(igen\)")).fill(PARTNER_PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    # Back on the invitation, logged in: no separate verification e-mail was needed.
    expect(page).to_have_url(re.compile(r"/inbjudan/$"))  # the token-free address
    page.get_by_role("button", name="Följ samverkan med mitt konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta problembeskrivningen")


def test_two_partners_confirm_the_problem_description(
    page_for, collaboration, check_accessibility, save_screenshots
):
    pk = collaboration.pk
    mail.outbox.clear()

    # --- Anna sends version 1 to the two partners, Jonas's e-mail in English.
    anna = page_for("anna")
    log_in(anna, STAFF_EMAIL, STAFF_PASSWORD)
    anna.goto(f"/samverkan/{pk}/problem/")
    anna.get_by_role("link", name="Skicka för bekräftelse").click()
    expect(anna).to_have_url(re.compile(rf"/samverkan/{pk}/problem/skicka/$"))
    recipients = anna.get_by_role("table", name="2 parter får en inbjudan")
    expect(recipients).to_contain_text(KARIN)
    expect(recipients).to_contain_text(JONAS)
    anna.get_by_label("Språk för e-post till Norrbacka IF").select_option(label="English")
    anna.get_by_label("Meddelande till parterna (frivilligt)").fill("Vi tar upp svaren på mötet den 3 mars.")
    check(anna, page_for, check_accessibility, "send for confirmation")
    save_screenshots(anna, "confirmation-send")
    anna.get_by_role("button", name="Skicka version 1 för bekräftelse").click()

    expect(anna).to_have_url(re.compile(rf"/samverkan/{pk}/bekraftelser/$"))
    expect(anna.get_by_role("status")).to_contain_text(
        "Version 1 har skickats för bekräftelse till 2 parter."
    )
    expect(matrix_row(anna, "Åsby kommun")).to_contain_text("Inget svar än")
    expect(matrix_row(anna, "Åsby kommun")).to_contain_text("Inte öppnad")
    check(anna, page_for, check_accessibility, "confirmation matrix, just sent")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[KARIN] == f"Bekräfta problembeskrivningen för {TITLE}"
    assert subjects[JONAS] == f"Confirm the problem description for {TITLE}"

    # --- Karin, in her own browser, signs up through the link and asks for changes.
    def checked(page, name):
        check(page, page_for, check_accessibility, name)

    karin = page_for("karin")
    first_link_to_karin = latest_link_to(KARIN)
    sign_up_through_the_link(karin, first_link_to_karin, KARIN, checked)
    save_screenshots(karin, "invitation-accepted")
    main = karin.get_by_role("main")
    expect(main).to_contain_text(FIRST_TEXT)
    expect(main).to_contain_text("Vi tar upp svaren på mötet den 3 mars.")
    expect(main).not_to_contain_text("Vad har ändrats sedan du svarade?")
    check(karin, page_for, check_accessibility, "partner's answer page")
    save_screenshots(karin, "confirmation-answer")

    karin.get_by_role("radio", name=re.compile("^Vill ha ändringar")).check()
    karin.get_by_role("button", name="Skicka svaret").click()
    comment = karin.get_by_role("textbox", name="Kommentar")
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(comment).to_have_accessible_description(re.compile("Skriv vad ni vill ha ändrat."))
    check(karin, page_for, check_accessibility, "partner's answer page with an error")
    save_screenshots(karin, "confirmation-answer-error")
    comment.fill(KARIN_COMMENT)
    karin.get_by_role("button", name="Skicka svaret").click()
    expect(karin.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar")
    expect(karin.get_by_role("main")).to_contain_text(
        "Åsby kommun har svarat ”Vill ha ändringar” på version 1"
    )
    check(karin, page_for, check_accessibility, "thanks")
    save_screenshots(karin, "confirmation-thanks")

    # --- Jonas, in his own browser, signs up and agrees, with the keyboard only.
    jonas = page_for("jonas")
    sign_up_through_the_link(jonas, latest_link_to(JONAS), JONAS, checked)
    jonas.get_by_role("radio", name=re.compile("^Instämmer")).focus()
    jonas.keyboard.press("Space")
    expect(jonas.get_by_role("radio", name=re.compile("^Instämmer"))).to_be_checked()
    jonas.keyboard.press("Tab")
    expect(jonas.get_by_role("textbox", name="Kommentar")).to_be_focused()
    jonas.keyboard.press("Tab")
    expect(jonas.get_by_role("button", name="Skicka svaret")).to_be_focused()
    jonas.keyboard.press("Enter")
    expect(jonas.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar")
    check(jonas, page_for, check_accessibility, "thanks, keyboard")

    # --- Anna sees both answers in the matrix.
    anna.reload()
    expect(anna.get_by_role("main")).to_contain_text("1 av 2 parter instämmer.")
    kommun_row = matrix_row(anna, "Åsby kommun")
    expect(kommun_row).to_contain_text("Vill ha ändringar")
    expect(kommun_row).to_contain_text(KARIN_COMMENT)
    expect(kommun_row).to_contain_text("Öppnad")
    expect(matrix_row(anna, "Norrbacka IF")).to_contain_text("Instämmer")
    check(anna, page_for, check_accessibility, "confirmation matrix, answered")
    save_screenshots(anna, "confirmation-matrix-version-1")

    # --- Anna revises the text: version 2, which she sends.
    anna.goto(f"/samverkan/{pk}/problem/redigera/")
    anna.get_by_role("textbox", name="Problembeskrivning").fill(REVISED_TEXT)
    anna.get_by_role("button", name="Spara", exact=True).click()
    expect(anna.get_by_role("status")).to_contain_text("version 2")
    anna.get_by_role("link", name="Jämför med föregående version").click()
    expect(
        anna.get_by_role("heading", level=2, name="Ändringar från version 1 till version 2")
    ).to_be_visible()
    expect(anna.locator(".diff ins").filter(has_text="på skolvägen")).to_have_count(1)
    check(anna, page_for, check_accessibility, "compare versions")
    save_screenshots(anna, "problem-compare")
    anna.goto(f"/samverkan/{pk}/problem/skicka/")
    anna.get_by_role("button", name="Skicka version 2 för bekräftelse").click()
    expect(anna.get_by_role("table", name="Parternas svar på version 2")).to_be_visible()
    expect(matrix_row(anna, "Åsby kommun")).to_contain_text("Inget svar än")
    expect(matrix_row(anna, "Norrbacka IF")).to_contain_text("Inget svar än")

    # --- Both partners follow the new link, see what changed since they answered, and agree.
    for page, email, earlier in [(karin, KARIN, "Vill ha ändringar"), (jonas, JONAS, "Instämmer")]:
        page.goto(latest_link_to(email))
        changes = page.get_by_role("region", name="Vad har ändrats sedan du svarade?")
        expect(changes).to_contain_text(
            f"Du svarade ”{earlier}” på version 1. Det här har ändrats i version 2."
        )
        added = changes.locator(".diff ins").filter(has_text="på skolvägen")
        expect(added).to_contain_text("[tillagt:")  # said in words, not by colour alone
        check(page, page_for, check_accessibility, f"what changed, {email}")
        if email == KARIN:
            expect(changes).to_contain_text(KARIN_COMMENT)
            save_screenshots(page, "confirmation-what-changed")
        page.get_by_role("radio", name=re.compile("^Instämmer")).check()
        page.get_by_role("button", name="Skicka svaret").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar")

    # --- The matrix and the timeline tell the whole story.
    anna.reload()
    main = anna.get_by_role("main")
    expect(main).to_contain_text("2 av 2 parter instämmer.")
    expect(main).to_contain_text("Alla tillfrågade parter instämmer")
    events = anna.get_by_role("region", name="Vad som har hänt")
    for text in [
        "Version skickad för bekräftelse: problembeskrivningen version 1 till Norrbacka IF, Åsby kommun",
        "Inbjudan skickad: Åsby kommun (karin@asby-kommun.example), version 1",
        "Inbjudan öppnad: Åsby kommun",
        "Inbjudan accepterad: Åsby kommun",
        "Svar lämnat: Åsby kommun: Vill ha ändringar (version 1)",
        "Svar lämnat: Norrbacka IF: Instämmer (version 1)",
        "Version skickad för bekräftelse: problembeskrivningen version 2",
        "Svar lämnat: Åsby kommun: Instämmer (version 2)",
        "Alla parter instämmer: problembeskrivningen version 2, 2 av 2 parter",
    ]:
        expect(events).to_contain_text(text)
    check(anna, page_for, check_accessibility, "confirmation matrix, all agree")
    save_screenshots(anna, "confirmation-matrix-all-agree")

    anna.goto(f"/samverkan/{pk}/")
    expect(anna.get_by_role("main")).to_contain_text("Alla parter instämmer")
    check(anna, page_for, check_accessibility, "overview with the timeline")

    anna.goto(f"/samverkan/{pk}/parter/")
    expect(anna.get_by_role("row").filter(has_text="Norrbacka IF")).to_contain_text("Instämmer")
    expect(anna.get_by_role("row").filter(has_text="Norrbacka IF")).to_contain_text("Ansluten")
    check(anna, page_for, check_accessibility, "party list with answers")

    # The first link, used once, now gives a page that says what to do (410 Gone, not an error page).
    visitor = page_for("visitor")
    response = visitor.goto(first_link_to_karin)
    assert response.status == 410
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Länken har redan använts")
    expect(visitor.get_by_role("link", name="Logga in")).to_be_visible()
    check_accessibility(visitor, "used link")
    save_screenshots(visitor, "invitation-used")

    # The lead's staff were told by e-mail, and the data says the same as the pages.
    assert any(m.subject == f"Alla parter instämmer i problembeskrivningen för {TITLE}" for m in mail.outbox)
    answers = {
        r.party.organisation.name: r.answer
        for r in collaboration.confirmation_requests.get(superseded_at=None).recipients.select_related(
            "party__organisation"
        )
    }
    assert answers == {"Åsby kommun": ConfirmationAnswer.AGREE, "Norrbacka IF": ConfirmationAnswer.AGREE}
    # Karin represents her party in this collaboration; she is no member of the municipality here.
    assert Representation.objects.filter(user__email=KARIN, party__organisation__name="Åsby kommun").exists()
    assert not Membership.objects.filter(user__email=KARIN).exists()
    assert Event.objects.filter(collaboration=collaboration, kind=EventKind.ALL_AGREED).count() == 1
