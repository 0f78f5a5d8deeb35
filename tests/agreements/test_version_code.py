"""People see a short version code ("Versionskod 3F2A-91C0"), not a checksum; the full SHA-256 of the
content is printed only in the PDF's evidence appendix."""

from django.urls import reverse

from agreements import services
from agreements.models import version_code
from checklist.rules import checklist_status
from tests.agreements.arrange import complete, page_texts


def test_version_code_is_the_first_eight_hex_digits_grouped():
    assert version_code("3f2a91c0" + "0" * 56) == "3F2A-91C0"


def test_full_hash_is_only_in_the_pdfs_evidence_appendix(collaboration, alice):
    complete(collaboration, alice)
    document = services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=alice
    )
    version = document.version

    pages = page_texts(document.pdf)
    with_hash = [page for page in pages if version.content_hash in page]
    assert len(with_hash) == 1
    assert "Bilaga 1: Logg över bekräftelser och godkännanden" in with_hash[0]
    assert f"Versionskod {version.version_code}" in pages[0]
    assert "SHA-256" not in pages[0] and "kontrollsumma" not in pages[0]


def test_preview_page_shows_the_version_code_not_a_checksum(collaboration, alice, alice_client):
    complete(collaboration, alice)
    draft = services.current_draft(collaboration, checklist=checklist_status(collaboration))

    response = alice_client.get(reverse("agreement_preview", args=[collaboration.pk]))

    assert f"Versionskod {draft.version_code}." in response.text
    assert "kontrollsumma" not in response.text.lower()
    assert draft.content_hash[:12] not in response.text.replace(draft.content_hash, "")
