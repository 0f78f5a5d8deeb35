"""Issue 16, in a real browser: staff record who signs for several parties in one form under step 15,
and see them on the step; a party filled in wrongly saves nothing and the error summary says where."""

import re

import pytest
from playwright.sync_api import expect

from checklist.facts import signing_parties
from checklist.models import Signatory
from tests.e2e.browser import log_in
from tests.e2e.test_checklist_journey import DEMO_TITLE, demo, field, open_step  # noqa: F401 - `demo` is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_record_two_signatories_in_one_form(page_for, demo, check_accessibility):  # noqa: F811 - the fixture
    first, second = [party.organisation.name for party in signing_parties(demo)[:2]]
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.get_by_role("link", name=DEMO_TITLE).click()
    open_step(page, 15, "Avtalstid, omprövning, utträde och tvister")
    page.get_by_role("link", name="Ange vem som undertecknar för varje part").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vem som undertecknar för varje part")
    check_accessibility(page, "signatories")

    # The second party's decision is left out: nothing is saved, and the summary links to the field.
    one = page.get_by_role("group", name=first, exact=True)
    one.get_by_label(field("Namn")).fill("Maria Ek")
    one.get_by_label(field("Titel")).fill("VD")
    one.get_by_label("Firmatecknare").check()
    two = page.get_by_role("group", name=second, exact=True)
    two.get_by_label(field("Namn")).fill("Karin Berg")
    two.get_by_label(field("Titel")).fill("Trygghetssamordnare")
    two.get_by_label("Behörig genom beslut").check()
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.get_by_role("region", name="Formuläret innehåller fel")).to_be_focused()
    expect(page).to_have_title(re.compile("^Fel: "))
    error = page.get_by_role("link", name=f"{second} – Beslutet som ger behörigheten: Skriv vilket beslut")
    expect(error).to_be_visible()
    check_accessibility(page, "signatories with error")
    assert not Signatory.objects.filter(party__collaboration=demo).exists()

    error.click()
    expect(two.get_by_label("Beslutet som ger behörigheten")).to_be_focused()
    two.get_by_label("Beslutet som ger behörigheten").fill("Kommunstyrelsens beslut 2026-09-14, § 112")
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.locator(".alert-success")).to_have_text("Undertecknarna är sparade.")
    expect(
        page.get_by_role("navigation", name="Checklista").locator("[aria-current='step']")
    ).to_contain_text("15.")
    expect(page.get_by_text("Maria Ek, VD — Firmatecknare")).to_be_visible()
    expect(
        page.get_by_text(
            "Karin Berg, Trygghetssamordnare — Behörig genom: Kommunstyrelsens beslut 2026-09-14, § 112"
        )
    ).to_be_visible()
    assert Signatory.objects.filter(party__collaboration=demo).count() == 2
