"""Step 8 in one form, in a real browser: staff open the demo's "Roller och bidrag", fill in two parties'
roles on the page for every party, are told in Swedish what is wrong, fix it, save once and are back on
step 8 with both roles shown."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import log_in
from tests.e2e.test_checklist_journey import DEMO_TITLE, demo, open_step  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_fill_in_two_parties_roles_in_one_form(page_for, demo, check_accessibility):  # noqa: F811
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.get_by_role("link", name=DEMO_TITLE).click()
    open_step(page, 8, "Roller och bidrag")
    page.get_by_role("link", name="Fyll i alla parters roller och bidrag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alla parters roller och bidrag")
    check_accessibility(page, "every party's role and contribution")

    lead = page.get_by_role("group", name="Åsbyhem AB")
    municipality = page.get_by_role("group", name="Åsby kommun")
    lead.get_by_label("Roll och ansvar").fill("Samordnar arbetet och står för lokalen.")
    lead.get_by_label("Personaltid (timmar per år)").fill("-5")
    municipality.get_by_label("Roll och ansvar").fill("Fältassistenter på kvällstid.")
    page.get_by_role("button", name="Spara", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Formuläret innehåller fel")
    expect(summary).to_contain_text("Åsbyhem AB – Personaltid (timmar per år)")
    check_accessibility(page, "every party's role and contribution, with an error")
    summary.get_by_role("link", name="Åsbyhem AB – Personaltid").click()
    expect(lead.get_by_label("Personaltid (timmar per år)")).to_be_focused()
    lead.get_by_label("Personaltid (timmar per år)").fill("800")
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page.locator(".alert-success")).to_contain_text("Roller och bidrag för 2 parter är sparade.")
    expect(page.get_by_role("heading", level=1)).to_have_text("8. Roller och bidrag")
    table = page.get_by_role("table", name="Varje parts roll och bidrag")
    expect(table).to_contain_text("Samordnar arbetet och står för lokalen.")
    expect(table).to_contain_text("Fältassistenter på kvällstid.")
