"""Issue 5 in a real browser: staff open step 16 of the demo collaboration, see the agreement as the PDF
will show it, and download the PDF; halfway through the checklist the same page marks the gaps and
links each to the step that fills it. Every page is checked with axe and saved as screenshots."""

import io
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from collaborations.models import Collaboration
from tests.agreements.arrange import page_texts, pdf_text
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_TITLE = "Trygg och trivsam Norrbacka"
LINK = re.compile(r"https?://[^/\s]+(/inbjudan/[A-Za-z0-9_-]+/)")


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    return Collaboration.objects.get(title=DEMO_TITLE)


def open_agreement(page, *, partner=False):
    page.get_by_role("link", name=DEMO_TITLE).click()
    if partner:  # a representative has no checklist, only the collaboration's pages
        page.get_by_role("navigation", name="Samverkan").get_by_role("link", name="Avtalsutkast").click()
    else:
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
        page.get_by_role("button", name="Ladda ner avtalsutkast (PDF)").click()
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
    # A form that downloads a file (the POST, sent on to the stored version) aborts the navigation it
    # started: Chromium reports that, nothing else.
    assert [p for p in page_for.problems(page) if "/pdf/" not in p] == []


def test_gaps_link_to_the_step_that_fills_them(page_for, demo, check_accessibility, save_screenshots):
    page = page_for("anna")
    log_in(page, "anna@asbyhem.example")

    open_agreement(page)

    expect(page.get_by_text(re.compile(r"Avtalet är inte komplett ännu: \d+ saker saknas"))).to_be_visible()
    gaps = page.locator(".gap")
    expect(gaps.first).to_be_visible()
    check_accessibility(page, "agreement preview with gaps")
    save_screenshots(page, "agreement-preview-gaps")

    # Step 15's gaps: its terms link to the step, each missing signatory to that party's signatory form.
    links = page.get_by_role("link", name="Fyll i under steg 15: Avtalstid, omprövning, utträde och tvister")
    expect(
        links.filter(has=page.locator("xpath=self::*[contains(@href, '/avtalstid/undertecknare/')]")).first
    ).to_be_visible()
    links.and_(page.locator("a[href$='/steg/15/']")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "15. Avtalstid, omprövning, utträde och tvister"
    )


def test_partner_reads_the_agreement(page_for, demo, check_accessibility):
    page = page_for("karin")
    log_in(page, "karin@asby-kommun.example")

    open_agreement(page, partner=True)

    expect(page.get_by_role("button", name="Ladda ner avtalsutkast (PDF)")).to_be_visible()
    check_accessibility(page, "agreement preview for a partner")


def latest_link_to(email) -> str:
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no e-mail to {email}"
    return LINK.search(messages[-1].body).group(1)


def test_parties_approve_the_exact_version(page_for, demo, check_accessibility, save_screenshots):
    """Anna sends version 1; Karin follows the e-mailed link and asks for a change; Anna reminds the
    police, makes the change and sends version 2; Karin sees what changed and approves."""
    call_command("seed_demo_agreement", force=True, stdout=io.StringIO())
    mail.outbox.clear()
    staff = page_for("anna")
    log_in(staff, "anna@asbyhem.example")
    open_agreement(staff)
    staff.get_by_label("Meddelande till parterna (frivilligt)").fill("Läs gärna före styrgruppsmötet.")
    staff.get_by_role("button", name="Be parterna godkänna version 1").click()
    expect(
        staff.get_by_text("Version 1 av avtalet har skickats till 5 parter för godkännande.")
    ).to_be_visible()
    expect(staff.get_by_text("0 av 5 parter har godkänt den")).to_be_visible()
    assert {m.subject for m in mail.outbox} == {f"Godkänn avtalsutkastet för {DEMO_TITLE}"}
    assert len(mail.outbox) == 5

    # Karin follows the link in her e-mail.
    partner = page_for("karin")
    log_in(partner, "karin@asby-kommun.example")
    partner.goto(latest_link_to("karin@asby-kommun.example"))
    heading = partner.get_by_role("heading", level=1, name="Inbjudan att godkänna avtalsutkastet")
    expect(heading).to_be_visible()
    check_accessibility(partner, "invitation to approve the agreement")
    # The link's page shows the agreement and takes the answer; she is logged in, so answers as herself.
    expect(partner.get_by_role("region", name="Version 1 av avtalsutkastet")).to_be_visible()
    expect(partner.get_by_text("Läs gärna före styrgruppsmötet.")).to_be_visible()
    save_screenshots(partner, "agreement-approve")
    partner.get_by_role("radio", name=re.compile("^Vill ha ändringar")).check()
    partner.get_by_role("textbox", name="Kommentar").fill("Skriv att boende informeras varje månad.")
    partner.get_by_role("button", name="Skicka svaret").click()
    expect(partner.get_by_role("heading", level=1, name="Godkänn avtalet")).to_be_visible()
    expect(partner.get_by_text("Tack! Ditt svar är sparat.")).to_be_visible()
    check_accessibility(partner, "approve the agreement")

    # Anna sees the answer, reminds the police, and changes the communication plan.
    staff.reload()
    expect(staff.get_by_role("row", name=re.compile(r"^Åsby kommun Vill ha ändringar"))).to_be_visible()
    check_accessibility(staff, "agreement preview with answers")
    mail.outbox.clear()
    staff.get_by_role("button", name=re.compile(r"^Påminn Polisen")).click()
    expect(staff.get_by_text("En påminnelse är på väg till Polisen, lokalpolisområde Åsby.")).to_be_visible()
    assert [m.subject for m in mail.outbox] == [f"Påminnelse: godkänn avtalsutkastet för {DEMO_TITLE}"]
    nav = staff.get_by_role("navigation", name="Checklista")
    nav.get_by_role("link", name=re.compile(r"^14\. Kommunikation")).click()
    staff.get_by_role("link", name="Ändra kommunikationsplanen").click()
    staff.get_by_label("Hur boende informeras och görs delaktiga").fill(
        "Lappar i trapphus, boendemöten och ett nyhetsbrev varje månad."
    )
    staff.get_by_role("button", name="Spara", exact=True).click()
    expect(staff.locator(".alert-success")).to_be_visible()
    nav.get_by_role("link", name=re.compile(r"^16\. Avtalsutkast")).click()
    staff.get_by_role("button", name="Be parterna godkänna version 2").click()
    expect(
        staff.get_by_text("Version 2 av avtalet har skickats till 5 parter för godkännande.")
    ).to_be_visible()
    staff.get_by_role("link", name="Se vad som ändrats mellan versionerna").click()
    heading = staff.get_by_role("heading", level=2, name="Ändringar från version 1 till version 2")
    expect(heading).to_be_visible()
    expect(staff.locator(".diff ins").filter(has_text="nyhetsbrev")).to_have_count(1)
    check_accessibility(staff, "compare agreement versions")
    save_screenshots(staff, "agreement-compare")

    # Karin reads what changed since she answered, and approves version 2.
    partner.goto("/")
    partner.get_by_role("link", name="Ert godkännande av avtalet behövs").click()
    heading = partner.get_by_role("heading", level=2, name="Vad som har ändrats sedan version 1")
    expect(heading).to_be_visible()
    expect(partner.locator(".diff ins").filter(has_text="nyhetsbrev")).to_have_count(1)
    check_accessibility(partner, "approve version 2 with its changes")
    partner.get_by_role("radio", name=re.compile("^Godkänner")).check()
    partner.get_by_role("button", name="Skicka svaret").click()
    expect(partner.get_by_text("Tack. Ert svar är registrerat.")).to_be_visible()

    staff.goto(staff.url.split("/avtal/")[0] + "/avtal/")
    expect(staff.get_by_text("1 av 5 parter har godkänt den")).to_be_visible()
    expect(staff.get_by_role("row", name=re.compile(r"^Åsby kommun Godkänner"))).to_be_visible()
