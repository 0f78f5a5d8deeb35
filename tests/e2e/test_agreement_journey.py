"""Issue 5 in a real browser: staff open step 16 of the demo collaboration, see the agreement as the PDF
will show it, and download the PDF; halfway through the checklist the same page marks the gaps and
links each to the step that fills it. Every page is checked with axe and saved as screenshots."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from collaborations.models import Collaboration
from tests.agreements.arrange import page_texts, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_TITLE = "Trygg och trivsam Norrbacka"
PASSWORD = "samverkan-demo"


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Collaboration.objects.get(title=DEMO_TITLE)


def log_in(page, email):
    page.goto("/konto/login/")
    page.get_by_role("textbox", name=re.compile(r"^E-post")).fill(email)
    page.get_by_label(re.compile(r"^Lösenord")).fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def open_agreement(page):
    page.get_by_role("link", name=DEMO_TITLE).click()
    nav = page.get_by_role("navigation", name="Checklista")
    nav.get_by_role("link", name=re.compile(r"^16\. Avtalsutkast")).click()
    expect(page.get_by_role("heading", level=1, name="Avtalsutkast")).to_be_visible()


def test_staff_download_the_demo_agreement(page_for, demo, check_accessibility, save_screenshots):
    call_command("seed_demo_agreement", force=True, stdout=io.StringIO())
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")

    open_agreement(page)

    expect(page.get_by_text("Detta är det slutliga utkastet")).to_be_visible()
    document = page.get_by_role("article", name="Avtalet så som PDF:en visar det")
    expect(document.get_by_role("heading", name="4. Samverkansform")).to_be_visible()
    expect(document).to_contain_text(
        "Parterna har valt samverkansformen EST – effektiv samordning för trygghet."
    )
    expect(document.locator(".gap")).to_have_count(0)
    check_accessibility(page, "agreement preview")
    save_screenshots(page, "agreement-preview")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ner avtalsutkast (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "Samverkansavtal-Norrbacka-v1.pdf"
    pdf = Path(download.path()).read_bytes()
    text = pdf_text(pdf)
    assert "Samverkansavtal Trygg och trivsam Norrbacka" in text
    assert "Polisen, lokalpolisområde Åsby (202100-9994)" in text
    assert "Alla tillfrågade parter instämmer i version 2." in text
    assert "Avtalet gäller från och med 2027-01-01 till och med 2029-12-31." in text
    pages = page_texts(pdf)
    assert all(f"Sida {n} av {len(pages)}" in p for n, p in enumerate(pages, start=1))

    page.reload()
    expect(page.get_by_text("Den här texten är version 1, först framtagen")).to_be_visible()
    # A link that downloads a file aborts the navigation it started: Chromium reports that, nothing else.
    assert [p for p in page_for.problems(page) if "/avtal/pdf/" not in p] == []


def test_gaps_link_to_the_step_that_fills_them(page_for, demo, check_accessibility, save_screenshots):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")

    open_agreement(page)

    expect(page.get_by_text(re.compile(r"Avtalet är inte komplett ännu: \d+ saker saknas"))).to_be_visible()
    gaps = page.locator(".gap")
    expect(gaps.first).to_be_visible()
    check_accessibility(page, "agreement preview with gaps")
    save_screenshots(page, "agreement-preview-gaps")

    page.get_by_role("link", name="Fyll i under steg 15: Avtalstid, omprövning, utträde och tvister").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "15. Avtalstid, omprövning, utträde och tvister"
    )


def test_partner_reads_the_agreement(page_for, demo, check_accessibility):
    page = page_for("karin")
    log_in(page, "karin@asby-kommun.example")

    open_agreement(page)

    expect(page.get_by_role("link", name="Ladda ner avtalsutkast (PDF)")).to_be_visible()
    check_accessibility(page, "agreement preview for a partner")


def test_parties_approve_the_exact_version(page_for, demo, check_accessibility, save_screenshots):
    call_command("seed_demo_agreement", force=True, stdout=io.StringIO())
    staff = page_for("anna")
    log_in(staff, "anna@asbyhem.example")
    open_agreement(staff)
    staff.get_by_label("Meddelande till parterna (frivilligt)").fill("Läs gärna före styrgruppsmötet.")
    staff.get_by_role("button", name="Be parterna godkänna version 1").click()
    expect(
        staff.get_by_text("Version 1 av avtalet har skickats till 5 parter för godkännande.")
    ).to_be_visible()
    expect(staff.get_by_text("0 av 5 parter har godkänt den")).to_be_visible()

    partner = page_for("karin")
    log_in(partner, "karin@asby-kommun.example")
    open_agreement(partner)
    partner.get_by_role("link", name="Svara för din organisation: godkänn version 1").click()
    expect(partner.get_by_role("heading", level=1, name="Godkänn avtalet")).to_be_visible()
    expect(partner.get_by_text("Läs gärna före styrgruppsmötet.")).to_be_visible()
    check_accessibility(partner, "approve the agreement")
    save_screenshots(partner, "agreement-approve")
    partner.get_by_label("Vi godkänner den här versionen av avtalet").check()
    partner.get_by_role("button", name="Skicka svaret").click()
    expect(partner.get_by_text("Tack. Ert svar är registrerat.")).to_be_visible()

    staff.reload()
    expect(staff.get_by_text("1 av 5 parter har godkänt den")).to_be_visible()
    expect(staff.get_by_role("row", name=re.compile(r"^Åsby kommun Instämmer"))).to_be_visible()
