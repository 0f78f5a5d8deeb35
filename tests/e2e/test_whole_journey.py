"""The whole journey of issue 7 in Chromium, one story from an empty account to a signed-off draft:
staff log in, create a collaboration, work steps 1–4, add two partners and send the problem
description; each partner follows the link from the e-mail in a browser of their own, signs up and
answers (one asks for changes); staff revise and both confirm; the chooser recommends a model and
staff choose it; the remaining steps; the agreement PDF is downloaded and its text checked. axe runs
on every page; the main pages are saved as screenshots at 375 and 1280 px."""

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from checklist.rules import checklist_status
from collaborations.models import Collaboration
from tests.agreements.arrange import pdf_text
from tests.e2e.browser import log_in
from tests.e2e.test_checklist_journey import field, open_step, save, work_steps_8_to_15
from tests.e2e.test_confirmation_journey import latest_link_to, matrix_row, sign_up_through_the_link
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANNA = "anna@asbyhem.example"
ANNA_PASSWORD = "anna-har-ett-langt-losenord"
KARIN = "karin@asby-kommun.example"
JONAS = "jonas@norrbacka-if.example"
TITLE = "Trygga Berga"
TEXT = "Boende känner sig otrygga kvällstid vid Berga torg och i parken bakom skolan."
REVISED = TEXT + " Ungdomar saknar en mötesplats efter skoltid."


@pytest.fixture
def anna(db):
    from checklist.services import ensure_published_template

    ensure_published_template()  # a flushed database (earlier browser tests) has none
    user = UserFactory(email=ANNA, first_name="Anna", last_name="Lind", password=ANNA_PASSWORD)
    MembershipFactory(
        user=user, organisation=OrganisationFactory(name="Åsbyhem AB", org_number="556677-0011")
    )
    return user


def test_from_a_new_collaboration_to_the_agreement_pdf(page_for, anna, check_accessibility, save_screenshots):
    def checked(page, name):
        check_accessibility(page, name)

    mail.outbox.clear()
    staff = page_for("anna")
    log_in(staff, ANNA, ANNA_PASSWORD)
    expect(staff.get_by_role("heading", level=1, name="Mina samverkansprojekt")).to_be_visible()
    checked(staff, "empty dashboard")
    save_screenshots(staff, "journey-empty-dashboard")

    # --- Create the collaboration.
    staff.get_by_role("link", name="Skapa din första samverkan").click()
    staff.get_by_label(field("Titel")).fill(TITLE)
    staff.get_by_label(field("Bostadsområde")).fill("Berga")
    staff.get_by_label(field("Kommun")).fill("Åsby kommun")
    checked(staff, "new collaboration")
    staff.get_by_role("button", name="Skapa samverkan").click()
    # --- Step 1: the problem; its form opens as soon as the collaboration is created.
    expect(staff).to_have_url(re.compile(r"/problem/redigera/$"))
    collaboration = Collaboration.objects.get(title=TITLE)
    nav = staff.get_by_role("navigation", name="Checklista")
    expect(nav).to_contain_text("0 av 16 steg klara")
    staff.get_by_role("textbox", name="Problembeskrivning").fill(TEXT)
    staff.get_by_label("Trygghet").check()
    staff.get_by_label("Barn och unga").check()
    save(staff)
    checked(staff, "problem")

    # --- Step 2: residents.
    open_step(staff, 2, "Boende")
    staff.get_by_label(field("Metod")).select_option(label="Trygghetsvandring")
    staff.get_by_label(field("Datum")).fill("2026-10-15")
    staff.get_by_label(field("Antal deltagare")).fill("14")
    staff.get_by_label(field("Vad vi lärde oss")).fill("Parken är mörk; föräldrar oroar sig för skolvägen.")
    staff.get_by_role("button", name="Registrera").click()
    expect(staff.locator(".alert-success")).to_be_visible()
    checked(staff, "residents")

    # --- Step 3: two partners, added as new organisations.
    for name, number, kind, contact, email in [
        ("Åsby kommun", "212000-8889", "Kommun", "Karin Berg", KARIN),
        ("Norrbacka IF", "802511-2346", "Ideell förening", "Jonas Wik", JONAS),
    ]:
        open_step(staff, 3, "Parter")
        staff.get_by_role("link", name="Lägg till part").click()
        staff.get_by_label("Namn på ny organisation", exact=True).fill(name)
        staff.get_by_label("Organisationsnummer", exact=True).fill(number)
        staff.get_by_label("Typ av organisation", exact=True).select_option(label=kind)
        staff.get_by_label("Kontaktperson", exact=True).fill(contact)
        staff.get_by_label("E-post till kontaktperson", exact=True).fill(email)
        staff.locator("form.panel").get_by_role("button", name="Lägg till part").click()
        expect(staff.get_by_role("status")).to_contain_text("Parten är tillagd.")
    checked(staff, "parties")

    # --- Step 4: the lead's mandate.
    open_step(staff, 4, "Förankring")
    staff.get_by_role("link", name=re.compile(r"^Registrera mandat\W+Åsbyhem AB")).click()
    staff.get_by_label(field("Beslutat av (organ eller roll)")).fill("Åsbyhems styrelse")
    staff.get_by_label(field("Beslutsdatum")).fill("2026-10-01")
    staff.get_by_label(field("Mandatets omfattning")).fill("Driva samverkan i Berga 2027–2029.")
    save(staff)
    expect(nav).to_contain_text("4 av 16 steg klara")
    checked(staff, "mandate")

    # --- Send the problem description to the two partners.
    staff.goto(f"/samverkan/{collaboration.pk}/problem/")
    staff.get_by_role("link", name="Skicka för bekräftelse").click()
    checked(staff, "send for confirmation")
    staff.get_by_role("button", name="Skicka version 1 för bekräftelse").click()
    expect(matrix_row(staff, "Åsby kommun")).to_contain_text("Inget svar än")

    # --- Each partner in a browser of their own: Karin asks for changes, Jonas agrees.
    karin = page_for("karin")
    sign_up_through_the_link(karin, latest_link_to(KARIN), KARIN, checked)
    karin.get_by_role("radio", name=re.compile("^Vill ha ändringar")).check()
    karin.get_by_role("textbox", name="Kommentar").fill("Nämn att ungdomar saknar en mötesplats.")
    karin.get_by_role("button", name="Skicka svaret").click()
    expect(karin.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar")
    jonas = page_for("jonas")
    sign_up_through_the_link(jonas, latest_link_to(JONAS), JONAS, checked)
    jonas.get_by_role("radio", name=re.compile("^Instämmer")).check()
    jonas.get_by_role("button", name="Skicka svaret").click()
    expect(jonas.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar")

    # --- Staff revise; both see what changed and agree.
    staff.goto(f"/samverkan/{collaboration.pk}/problem/redigera/")
    staff.get_by_role("textbox", name="Problembeskrivning").fill(REVISED)
    staff.get_by_role("button", name="Spara", exact=True).click()
    expect(staff.get_by_role("status")).to_contain_text("version 2")
    staff.goto(f"/samverkan/{collaboration.pk}/problem/skicka/")
    staff.get_by_role("button", name="Skicka version 2 för bekräftelse").click()
    expect(staff.get_by_role("table", name="Parternas svar på version 2")).to_be_visible()
    for page, email in [(karin, KARIN), (jonas, JONAS)]:
        page.goto(latest_link_to(email))
        expect(page.get_by_role("region", name="Vad har ändrats sedan du svarade?")).to_be_visible()
        checked(page, f"what changed, {email}")
        page.get_by_role("radio", name=re.compile("^Instämmer")).check()
        page.get_by_role("button", name="Skicka svaret").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tack för ditt svar")
    staff.reload()
    expect(staff.get_by_role("main")).to_contain_text("2 av 2 parter instämmer.")
    save_screenshots(staff, "journey-matrix")

    # --- Step 6: the goal.
    open_step(staff, 6, "Mål")
    staff.get_by_label(field("Övergripande mål")).fill("Berga ska vara tryggt och levande för alla åldrar.")
    staff.get_by_role("button", name="Spara målet").click()
    expect(staff.get_by_text("Målet är sparat.")).to_be_visible()
    staff.get_by_role("link", name="Lägg till delmål").click()
    staff.get_by_label(field("Indikator")).fill("Andel boende som känner sig trygga i parken")
    staff.get_by_label(field("Utgångsvärde")).fill("45 %")
    staff.get_by_label(field("Målvärde")).fill("70 %")
    staff.get_by_label(field("Måldatum")).fill("2029-06-30")
    save(staff)
    checked(staff, "goal")

    # --- Step 7: the chooser recommends IOP (a public and a non-profit party); staff choose it.
    open_step(staff, 7, "Samverkansform")
    staff.get_by_label("Barn och unga").check()
    staff.get_by_label("Offentliga medel går till en idéburen organisations verksamhet").check()
    staff.get_by_role("group", name=re.compile("lägesbild")).get_by_label("Nej").check()
    staff.get_by_role("group", name=re.compile("geografisk gräns")).get_by_label("Nej").check()
    staff.get_by_role("button", name="Spara svaren").click()
    expect(staff.get_by_role("region", name=re.compile("^IOP"))).to_contain_text("Rekommenderas")
    checked(staff, "chooser")
    choose = staff.locator("form[action$='/modell/valj/']")
    choose.get_by_label("IOP – idéburet offentligt partnerskap").check()
    choose.get_by_label("Motivering").fill("Kommunen stöder Norrbacka IF:s kvällsverksamhet för unga.")
    choose.get_by_role("button", name="Välj").click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Detaljer")
    staff.get_by_label(field("Verksamheten som partnerskapet gäller")).fill("Kvällsöppen idrottshall.")
    staff.get_by_label(field("Bedömning mot reglerna om offentlig upphandling och statsstöd")).fill(
        "Idéburen verksamhet med eget ansvar; ingen upphandlingspliktig tjänst."
    )
    staff.get_by_label(field("Hur den idéburna organisationens självständighet säkras")).fill(
        "Egen styrelse."
    )
    staff.get_by_label(field("Vad den offentliga sidan bidrar med")).fill("Lokaler och 200 000 kr per år.")
    staff.get_by_label(field("Vad den idéburna sidan bidrar med")).fill("Ledare och ideella timmar.")
    staff.get_by_label(field("Värdegrunden som partnerskapet vilar på")).fill(
        "Alla barn ska få en trygg fritid."
    )
    staff.get_by_label(field("Hur verksamheten är den ideella organisationens eget initiativ")).fill(
        "Föreningen startade kvällsverksamheten själv; kommunen köper ingenting av den."
    )
    save(staff)

    # --- Steps 8–15.
    work_steps_8_to_15(
        staff,
        collaboration,
        ["Offentlig upphandling (LOU)", "Statsstöd", "Personuppgifter (GDPR) och sekretess (OSL)"],
        check_accessibility,
        save_screenshots,
    )
    collaboration.refresh_from_db()  # the checklist's state is kept under its change stamp
    assert [s.step.key for s in checklist_status(collaboration).steps if not s.is_complete] == ["agreement"]
    expect(staff.get_by_role("navigation", name="Checklista")).to_contain_text("15 av 16 steg klara")

    # --- Step 16: the agreement, downloaded and read.
    open_step(staff, 16, "Avtalsutkast")
    checked(staff, "agreement preview")
    save_screenshots(staff, "journey-agreement")
    with staff.expect_download() as download_info:
        staff.get_by_role("button", name="Ladda ner avtalsutkast (PDF)").click()
    text = pdf_text(Path(download_info.value.path()).read_bytes())
    for expected in [
        f"Samverkansavtal {TITLE}",
        "Åsby kommun (212000-8889)",
        "Norrbacka IF (802511-2346)",
        "Berga ska vara tryggt och levande för alla åldrar.",
        "Andel boende som känner sig trygga i parken",
        "IOP",
    ]:
        assert expected in text, expected
