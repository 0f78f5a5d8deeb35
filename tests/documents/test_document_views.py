"""Uploading, downloading and deleting documents: staff of the lead upload and delete, the
collaboration's parties download, everyone else gets a 404 as for the collaboration itself."""

from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from collaborations.models import EventKind
from documents.models import Document, DocumentKind
from documents.uploads import OversizedUpload
from tests.conftest import client_for
from tests.documents import samples


def _upload(client, collaboration, file, kind=DocumentKind.MANDATE, **extra):
    return client.post(
        reverse("document_upload", args=[collaboration.pk]), {"kind": kind, "file": file, **extra}
    )


def _stored_files(media_root) -> list[Path]:
    return [p for p in Path(media_root).rglob("*") if p.is_file()]


@pytest.fixture
def document(collaboration, alice, alice_client):
    _upload(alice_client, collaboration, samples.upload("Beslut kommunstyrelsen.pdf"))
    return Document.objects.get()


# --- Uploading ----------------------------------------------------------------------------------


def test_staff_uploads_a_mandate_decision(collaboration, alice, alice_client, _media_in_tmp):
    response = _upload(
        alice_client,
        collaboration,
        samples.upload("Beslut KS 2026-03-12.pdf"),
        description="Kommunstyrelsens beslut",
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mandate_list", args=[collaboration.pk])
    document = Document.objects.get()
    assert (document.kind, document.content_type, document.size) == (
        "mandate",
        "application/pdf",
        len(samples.PDF),
    )
    assert (document.original_name, document.description) == (
        "Beslut KS 2026-03-12.pdf",
        "Kommunstyrelsens beslut",
    )
    assert document.uploaded_by == alice
    [stored] = _stored_files(_media_in_tmp)
    assert stored.read_bytes() == samples.PDF
    assert "Beslut" not in str(stored) and not stored.suffix
    assert collaboration.events.filter(kind=EventKind.DOCUMENT_ADDED).count() == 1


def test_evidence_goes_back_to_the_problem_page_and_is_listed_there(collaboration, alice_client):
    response = _upload(
        alice_client,
        collaboration,
        samples.upload("Trygghetsmätning.xlsx", samples.xlsx(), "application/octet-stream"),
        kind=DocumentKind.EVIDENCE,
    )

    assert response["Location"] == reverse("problem_detail", args=[collaboration.pk])
    assert Document.objects.get().content_type.endswith("spreadsheetml.sheet")
    page = alice_client.get(reverse("problem_detail", args=[collaboration.pk])).content.decode()
    assert "Trygghetsmätning.xlsx" in page
    mandate_page = alice_client.get(reverse("mandate_list", args=[collaboration.pk])).content.decode()
    assert "Trygghetsmätning.xlsx" not in mandate_page


def test_the_browsers_content_type_is_not_trusted(collaboration, alice_client):
    _upload(alice_client, collaboration, samples.upload("bild.png", samples.PNG, "text/html"))
    assert Document.objects.get().content_type == "image/png"


def test_too_big_file_is_refused_and_nothing_is_saved(settings, collaboration, alice_client, _media_in_tmp):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1000

    response = _upload(alice_client, collaboration, samples.upload(content=samples.PDF + b"0" * 2000))

    assert response.status_code == 200
    assert (
        "Filen är för stor (2,0\xa0kB). Ett dokument får vara högst 1000\xa0byte."
        in response.content.decode()
    )
    assert not Document.objects.exists()
    assert _stored_files(_media_in_tmp) == []
    assert not collaboration.events.filter(kind=EventKind.DOCUMENT_ADDED).exists()


def test_oversized_upload_is_not_kept_in_memory_or_on_disk(settings, collaboration, alice_client):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 1000
    response = _upload(alice_client, collaboration, samples.upload(content=samples.PDF + b"0" * 5000))
    uploaded = response.wsgi_request.FILES["file"]
    assert isinstance(uploaded, OversizedUpload)
    assert uploaded.size == len(samples.PDF) + 5000


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("beslut.pdf", samples.HTML, "application/pdf"),
        ("foto.png", samples.EXE, "image/png"),
        ("protokoll.docx", samples.docx(macros=True), "application/msword"),
        ("arkiv.docx", samples.PLAIN_ZIP, "application/zip"),
        ("ritning.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "image/svg+xml"),
    ],
    ids=["html-as-pdf", "exe-as-png", "docx-with-macros", "zip-as-docx", "svg"],
)
def test_wrong_type_disguised_by_its_name_is_refused(
    collaboration, alice_client, _media_in_tmp, name, content, content_type
):
    response = _upload(alice_client, collaboration, samples.upload(name, content, content_type))

    assert response.status_code == 200
    assert "Filen är inte av en typ som vi tar emot, vad namnet än säger." in response.content.decode()
    assert not Document.objects.exists()
    assert _stored_files(_media_in_tmp) == []


def test_empty_file_is_refused(collaboration, alice_client):
    response = _upload(alice_client, collaboration, samples.upload(content=b""))
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_missing_file_says_so(collaboration, alice_client):
    response = alice_client.post(reverse("document_upload", args=[collaboration.pk]), {"kind": "mandate"})
    assert "Välj en fil att ladda upp." in response.content.decode()


def test_partner_gets_403_on_upload(collaboration, bob, _media_in_tmp):
    response = _upload(client_for(bob), collaboration, samples.upload())
    assert response.status_code == 403
    assert not Document.objects.exists()
    assert _stored_files(_media_in_tmp) == []


@pytest.mark.parametrize("persona", ["dave", "charlie"])
def test_outsider_gets_404_on_upload(request, collaboration, persona):
    response = _upload(client_for(request.getfixturevalue(persona)), collaboration, samples.upload())
    assert response.status_code == 404
    assert not Document.objects.exists()


def test_closed_collaboration_takes_no_uploads(collaboration, alice_client, _media_in_tmp):
    collaboration.close()

    assert _upload(alice_client, collaboration, samples.upload()).status_code == 403
    assert not Document.objects.exists()
    assert _stored_files(_media_in_tmp) == []
    assert not collaboration.events.filter(kind=EventKind.DOCUMENT_ADDED).exists()


# --- Downloading --------------------------------------------------------------------------------


def test_partner_downloads_as_an_attachment(document, bob):
    response = client_for(bob).get(
        reverse("document_download", args=[document.collaboration_id, document.pk])
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Beslut kommunstyrelsen.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_download_name_is_made_safe(collaboration, alice_client):
    _upload(
        alice_client,
        collaboration,
        samples.upload('"><img src=x onerror=alert(1)>.html', samples.PNG, "text/html"),
    )
    document = Document.objects.get()

    response = alice_client.get(reverse("document_download", args=[collaboration.pk, document.pk]))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="img src_x onerror_alert(1).png"'


def test_non_ascii_name_is_encoded_in_the_header(collaboration, alice_client):
    _upload(alice_client, collaboration, samples.upload("Förankring – Åsby.pdf"))
    document = Document.objects.get()
    response = alice_client.get(reverse("document_download", args=[collaboration.pk, document.pk]))
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''F%C3%B6rankring%20%E2%80%93%20%C3%85sby.pdf"
    )


def test_anonymous_visitor_is_sent_to_log_in(document):
    response = client_for(None).get(
        reverse("document_download", args=[document.collaboration_id, document.pk])
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_document_of_another_collaboration_is_404(document, alice, alice_client):
    from tests.factories import CollaborationFactory

    other = CollaborationFactory(lead_organisation=document.collaboration.lead_organisation)
    response = alice_client.get(reverse("document_download", args=[other.pk, document.pk]))
    assert response.status_code == 404


def test_missing_file_is_404_not_500(document, alice_client):
    document.file.storage.delete(document.file.name)
    response = alice_client.get(reverse("document_download", args=[document.collaboration_id, document.pk]))
    assert response.status_code == 404


def test_stored_files_have_no_public_address(document, alice_client):
    name = document.file.name
    for path in [f"/{name}", f"/media/{name}", f"/var/media/{name}", f"/static/{name}"]:
        assert alice_client.get(path).status_code == 404, path


# --- Deleting -----------------------------------------------------------------------------------


def test_staff_deletes_and_the_file_goes_too(
    document, alice_client, django_capture_on_commit_callbacks, _media_in_tmp
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("document_delete", args=[document.collaboration_id, document.pk])
        )

    assert response.status_code == 302
    assert not Document.objects.exists()
    assert _stored_files(_media_in_tmp) == []
    event = document.collaboration.events.get(kind=EventKind.DOCUMENT_REMOVED)
    assert "Beslut kommunstyrelsen.pdf" in event.detail


def test_partner_gets_403_on_delete(document, bob):
    response = client_for(bob).post(reverse("document_delete", args=[document.collaboration_id, document.pk]))
    assert response.status_code == 403
    assert Document.objects.exists()


def test_outsider_gets_404_on_delete(document, charlie):
    response = client_for(charlie).post(
        reverse("document_delete", args=[document.collaboration_id, document.pk])
    )
    assert response.status_code == 404
    assert Document.objects.exists()


# --- The section on the pages -------------------------------------------------------------------


def test_partner_sees_the_documents_but_no_upload_or_delete(document, bob):
    page = client_for(bob).get(reverse("mandate_list", args=[document.collaboration_id])).content.decode()
    assert "Beslut kommunstyrelsen.pdf" in page
    assert reverse("document_upload", args=[document.collaboration_id]) not in page
    assert reverse("document_delete", args=[document.collaboration_id, document.pk]) not in page


def test_staff_see_upload_and_delete(document, alice_client):
    page = alice_client.get(reverse("mandate_list", args=[document.collaboration_id])).content.decode()
    assert reverse("document_upload", args=[document.collaboration_id]) in page
    assert reverse("document_delete", args=[document.collaboration_id, document.pk]) in page


def test_upload_page_preselects_the_kind(collaboration, alice_client):
    response = alice_client.get(reverse("document_upload", args=[collaboration.pk]), {"kind": "evidence"})
    assert response.status_code == 200
    assert response.context["form"].initial["kind"] == "evidence"
    assert response.context["back_url"] == reverse("problem_detail", args=[collaboration.pk])


def test_deleting_the_collaboration_removes_its_files(
    document, django_capture_on_commit_callbacks, _media_in_tmp
):
    assert len(_stored_files(_media_in_tmp)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        document.collaboration.delete()  # as the admin does, documents going with it

    assert _stored_files(_media_in_tmp) == []


def test_a_deletion_rolled_back_keeps_the_file(document, _media_in_tmp):
    with pytest.raises(RuntimeError), transaction.atomic():
        Document.objects.filter(pk=document.pk).delete()
        raise RuntimeError("rolled back")

    assert Document.objects.filter(pk=document.pk).exists()
    assert len(_stored_files(_media_in_tmp)) == 1
