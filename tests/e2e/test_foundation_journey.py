"""The foundation's "Done when", in a real browser: a staff member of the demo housing company logs
in, finds the demo collaboration, adds a party (first with a mistyped organisation number), edits the
problem description and sees the new version. Every page visited is checked with axe and the main
pages are saved as screenshots (screenshots/ at the repository root)."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from collaborations.models import Collaboration, Organisation, Party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_EMAIL = "anna@asbyhem.example"
DEMO_PASSWORD = "samverkan-demo"  # the published demo login (seed_demo.DEMO_PASSWORD)
DEMO_TITLE = "Trygg och trivsam Norrbacka"
NEW_ORG_NAME = "Norrbacka Fritidsgård ideell förening"
MISTYPED_ORG_NUMBER = "556123-4568"
VALID_ORG_NUMBER = "556123-4567"
CHECKSUM_ERROR = "Organisationsnumret är ogiltigt (kontrollsiffran stämmer inte)."


@pytest.fixture
def demo_data():
    # pytest-django runs tests with DEBUG off, where seed_demo refuses unless forced.
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Collaboration.objects.get(title=DEMO_TITLE)


def log_in(page, email, password):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    # Labels come from allauth's Swedish catalogue ("E-post:", "Lösenord:").
    page.get_by_role("textbox", name=re.compile(r"^E-post")).fill(email)
    page.get_by_label(re.compile(r"^Lösenord")).fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page).not_to_have_url(re.compile(r"/konto/login/"))


def test_staff_adds_a_party_and_edits_the_problem(
    page_for, demo_data, check_accessibility, save_screenshots, assert_styles_loaded
):
    page = page_for("anna")
    collaboration = demo_data

    # --- Log in through allauth's page.
    page.goto("/konto/login/")
    assert_styles_loaded(page)
    check_accessibility(page, "login")
    save_screenshots(page, "login")
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)

    # --- The dashboard, in Swedish, lists the demo collaboration.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1, name="Mina samverkansprojekt")).to_be_visible()
    collaboration_link = page.get_by_role("link", name=DEMO_TITLE)
    expect(collaboration_link).to_be_visible()
    assert_styles_loaded(page)
    check_accessibility(page, "dashboard")
    save_screenshots(page, "dashboard")

    # --- Open it: the overview.
    collaboration_link.click()
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(DEMO_TITLE)
    check_accessibility(page, "collaboration overview")
    save_screenshots(page, "collaboration-overview")

    # --- Parter → Lägg till part.
    sections = page.get_by_role("navigation", name="Checklista")
    sections.get_by_role("link", name=re.compile(r"^3\. Parter")).click()
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/parter/$"))
    expect(page.get_by_role("heading", level=1, name="Parter")).to_be_visible()
    check_accessibility(page, "party list")
    save_screenshots(page, "party-list")
    parties_before = Party.objects.filter(collaboration=collaboration).count()

    page.get_by_role("link", name="Lägg till part").click()
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/parter/ny/$"))
    expect(page.get_by_role("heading", level=1, name="Lägg till part")).to_be_visible()
    check_accessibility(page, "add party")
    save_screenshots(page, "party-add")

    # A new organisation with a mistyped organisation number.
    page.get_by_label("Namn på ny organisation", exact=True).fill(NEW_ORG_NAME)
    org_number = page.get_by_label("Organisationsnummer", exact=True)
    org_number.fill(MISTYPED_ORG_NUMBER)
    page.get_by_label("Typ av organisation", exact=True).select_option(label="Ideell förening")
    page.get_by_label("Kontaktperson", exact=True).fill("Sara Öberg")
    page.locator("form.panel").get_by_role("button", name="Lägg till part").click()

    # The Swedish error is shown, tied to the field; nothing was saved.
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/parter/ny/$"))
    org_number = page.get_by_label("Organisationsnummer", exact=True)
    expect(org_number).to_have_attribute("aria-invalid", "true")
    expect(org_number).to_have_accessible_description(re.compile(re.escape(CHECKSUM_ERROR)))
    expect(org_number).to_have_value(MISTYPED_ORG_NUMBER)
    expect(page.get_by_label("Namn på ny organisation", exact=True)).to_have_value(NEW_ORG_NAME)
    assert Party.objects.filter(collaboration=collaboration).count() == parties_before
    assert not Organisation.objects.filter(name=NEW_ORG_NAME).exists()
    assert not Organisation.objects.filter(org_number__in=[MISTYPED_ORG_NUMBER, VALID_ORG_NUMBER]).exists()
    check_accessibility(page, "add party with an error")
    save_screenshots(page, "party-add-error")

    # Corrected, the party is added and listed.
    org_number.fill(VALID_ORG_NUMBER)
    page.locator("form.panel").get_by_role("button", name="Lägg till part").click()
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/parter/$"))
    expect(page.get_by_role("status")).to_contain_text("Parten är tillagd.")
    row = page.get_by_role("row").filter(has_text=NEW_ORG_NAME)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(VALID_ORG_NUMBER)
    expect(row).to_contain_text("Ideell förening")
    expect(row).to_contain_text("Sara Öberg")
    party = Party.objects.get(collaboration=collaboration, organisation__name=NEW_ORG_NAME)
    assert party.organisation.org_number == VALID_ORG_NUMBER
    assert Party.objects.filter(collaboration=collaboration).count() == parties_before + 1
    check_accessibility(page, "party list after adding")

    # --- Problem → Ändra problembeskrivningen → save → Version 2.
    sections.get_by_role("link", name=re.compile(r"^1\. Problem")).click()
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/problem/$"))
    versions = page.get_by_role("heading", name="Versioner").locator("xpath=following-sibling::ol[1]")
    expect(versions.get_by_role("link", name="Version 1")).to_be_visible()
    expect(versions.get_by_role("link", name="Version 2")).to_have_count(0)
    check_accessibility(page, "problem description")
    save_screenshots(page, "problem")

    page.get_by_role("link", name="Ändra problembeskrivningen").click()
    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/problem/redigera/$"))
    expect(page.get_by_role("heading", level=1, name="Ändra problembeskrivningen")).to_be_visible()
    check_accessibility(page, "edit problem description")
    save_screenshots(page, "problem-edit")
    text = page.get_by_role("textbox", name="Problembeskrivning")
    addition = "Belysningen i gångtunneln är fortfarande trasig."
    text.fill(text.input_value() + "\n\n" + addition)
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/samverkan/{collaboration.pk}/problem/$"))
    expect(page.get_by_role("status")).to_contain_text("version 2")
    expect(versions.get_by_role("link", name="Version 2")).to_be_visible()
    expect(versions.get_by_role("link", name="Version 1")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(addition)
    latest = collaboration.latest_problem()
    assert latest.version == 2
    assert addition in latest.text
    check_accessibility(page, "problem description, version 2")
    save_screenshots(page, "problem-version-2")

    problems = page_for.problems(page)
    assert not problems, "Problems in the browser:\n" + "\n".join(problems)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page_for, demo_data, check_accessibility):
    page = page_for("anna")
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="Mina samverkansprojekt")).to_be_visible()
    page.goto("/")  # a fresh load: nothing has focus yet
    expect(page.get_by_role("heading", level=1, name="Mina samverkansprojekt")).to_be_visible()

    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip_link.bounding_box()["width"] <= 1, "the skip link should be visually hidden until focused"
    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    assert skip_link.bounding_box()["width"] > 1, "the focused skip link should be visible"
    check_accessibility(page, "dashboard with the skip link focused")

    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_be_focused()
    # The next Tab stop is inside main, not the top bar.
    page.keyboard.press("Tab")
    focused_in_main = page.evaluate("() => document.querySelector('main').contains(document.activeElement)")
    assert focused_in_main, "after the skip link, Tab should continue inside main"

    problems = page_for.problems(page)
    assert not problems, "Problems in the browser:\n" + "\n".join(problems)
