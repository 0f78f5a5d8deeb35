"""Keyboard and screen readers (issue 16): the skip link lands on the page's own content, past the
breadcrumb and the checklist's 17 step links; a failed form moves focus to one error summary at the top
whose links lead to the fields, and the page's title starts with "Fel:"."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from collaborations.models import Collaboration
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Collaboration.objects.get()


def focused(page) -> dict:
    return page.evaluate(
        """() => ({id: document.activeElement.id, tag: document.activeElement.tagName,
                   text: document.activeElement.textContent.trim().slice(0, 80)})"""
    )


def test_skip_link_reaches_the_problem_pages_main_action_first(page_for, demo):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.goto(f"/samverkan/{demo.pk}/problem/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_focused()
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"

    # From the content, Tab goes into the page's own links and buttons, not the breadcrumb or the steps.
    page.keyboard.press("Tab")
    in_nav = page.evaluate("() => !!document.activeElement.closest('nav, .meta')")
    assert not in_nav, focused(page)


def test_step_list_comes_after_the_content(page_for, demo):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.goto(f"/samverkan/{demo.pk}/problem/")

    order = page.evaluate(
        """() => {
            const content = document.getElementById('content');
            const steps = document.querySelector('nav[aria-label="Checklista"]');
            return content.compareDocumentPosition(steps) & Node.DOCUMENT_POSITION_FOLLOWING;
        }"""
    )
    assert order
    # On a wide screen the list still stands to the left of the content.
    steps_box = page.get_by_role("navigation", name="Checklista").bounding_box()
    content_box = page.locator("#content").bounding_box()
    assert steps_box["x"] < content_box["x"]


def test_failed_form_focuses_the_error_summary(page_for, demo, check_accessibility):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")
    page.goto("/samverkan/ny/")
    page.get_by_role("textbox", name=re.compile("^Titel")).fill("")
    page.get_by_role("button", name="Skapa samverkan").click()

    summary = page.get_by_role("region", name="Formuläret innehåller fel")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    link = summary.get_by_role("link", name=re.compile("^Titel"))
    assert link.get_attribute("href") == "#id_title"
    check_accessibility(page, "failed form")

    link.click()
    expect(page.get_by_role("textbox", name=re.compile("^Titel"))).to_be_focused()


def test_failed_sign_up_is_summarised_with_each_error_under_its_field(page_for, check_accessibility):
    page = page_for()
    page.goto("/konto/signup/")
    page.get_by_role("textbox", name=re.compile("^Förnamn")).fill("Nora")
    page.get_by_role("textbox", name=re.compile("^Efternamn")).fill("Ny")
    page.get_by_role("textbox", name=re.compile("^E-post")).fill("ny@example.test")
    page.get_by_label("Lösenord", exact=True).fill("kort")
    page.get_by_label(re.compile(r"^Lösenord \(igen\)")).fill("kort")
    page.get_by_role("button", name="Skapa konto").click()

    summary = page.get_by_role("region", name="Formuläret innehåller fel")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    hrefs = summary.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "#id_password1" in hrefs
    password = page.locator("#id_password1")
    expect(password).to_have_attribute("aria-invalid", "true")
    described = password.get_attribute("aria-describedby").split()
    assert "id_password1_error" in described
    check_accessibility(page, "failed sign-up")
