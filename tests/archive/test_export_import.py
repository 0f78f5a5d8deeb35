"""Issue 18: a collaboration is exported as an archive and imported into another instance whole: the same
agreement (content hash), the same answers and the same event log; people without an account there come
back as named records without access."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import User
from agreements import services as agreement_services
from agreements.models import AgreementVersion, SealedAgreement
from archive.export import export_collaboration
from archive.importing import import_archive
from checklist.rules import checklist_status
from collaborations.models import (
    Collaboration,
    ConfirmationRecipient,
    Event,
    EventKind,
    Invitation,
    Representation,
)
from documents.models import Document
from documents.services import upload_document
from documents.sniffing import PDF
from samverkan.errors import DomainError
from tests.agreements.arrange import approve_all, complete, send
from tests.agreements.seal_fixtures import seal_certificate  # noqa: F401 - a fixture


def record(collaboration) -> dict:
    """What must come back: the agreement's hash, the answers, the events, the versions and their files."""
    draft = agreement_services.current_draft(collaboration, checklist=checklist_status(collaboration))
    answers = ConfirmationRecipient.objects.filter(request__collaboration=collaboration).select_related(
        "party__organisation", "answered_by", "request__problem", "request__agreement"
    )
    events = (
        Event.objects.filter(collaboration=collaboration)
        .exclude(kind=EventKind.ARCHIVE_IMPORTED)
        .select_related("actor")
        .order_by("created_at", "kind", "detail")
    )
    return {
        "content_hash": draft.content_hash,
        "is_final": draft.agreement.is_final,
        "answers": sorted(
            (
                r.party.organisation.name,
                "agreement" if r.request.agreement_id else "problem",
                r.request.version,
                r.answer,
                r.comment,
                r.answered_at,
                r.answered_by.display_name if r.answered_by else None,
            )
            for r in answers
        ),
        "events": [
            (e.kind, e.detail, e.actor.display_name if e.actor else None, e.created_at) for e in events
        ],
        "versions": [
            (v.number, v.content_hash, v.text, hashlib.sha256(bytes(v.pdf or b"")).hexdigest())
            for v in AgreementVersion.objects.filter(collaboration=collaboration).order_by("number")
        ],
        "seals": [
            hashlib.sha256(bytes(s.pdf)).hexdigest()
            for s in SealedAgreement.objects.filter(version__collaboration=collaboration)
        ],
        "problems": list(collaboration.problem_versions.order_by("version").values_list("version", "text")),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_demos_final_draft_comes_back_whole_in_an_empty_database(seal_certificate):  # noqa: F811
    call_command("seed_demo", force=True, stdout=io.StringIO())
    call_command("seed_demo_agreement", force=True, stdout=io.StringIO())
    demo = Collaboration.objects.get(title="Trygg och trivsam Norrbacka")
    anna = User.objects.get(email="anna@asbyhem.example")
    approve_all(send(demo, anna))  # the final draft, approved by every party and sealed
    before = record(demo)
    assert before["is_final"] and before["seals"] and before["answers"] and before["events"]

    archive = export_collaboration(collaboration=demo, exported_by=anna)
    call_command("flush", interactive=False, verbosity=0)
    assert not Collaboration.objects.exists() and not User.objects.exists()

    result = import_archive(data=archive)

    assert result.same_agreement
    assert record(result.collaboration) == before
    # Nobody had an account here: every person came back as a named record without access.
    assert result.people_created == User.objects.count() > 0 and result.people_matched == 0
    assert not User.objects.filter(is_active=True).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert User.objects.filter(first_name="Anna").exists()


@pytest.fixture
def approved(collaboration, alice, seal_certificate):  # noqa: F811
    complete(collaboration, alice)
    approve_all(send(collaboration, alice))
    return collaboration


def test_an_import_beside_the_original_matches_people_and_organisations(approved):
    before = record(approved)

    result = import_archive(data=export_collaboration(collaboration=approved))

    assert result.collaboration.pk != approved.pk
    assert record(result.collaboration) == before
    assert result.people_created == 0 and result.people_matched > 0
    assert result.organisations_created == 0
    assert result.collaboration.lead_organisation_id == approved.lead_organisation_id


def test_an_import_gives_nobody_access_and_sends_no_mail(approved):
    sent = len(mail.outbox)

    result = import_archive(data=export_collaboration(collaboration=approved))

    imported = result.collaboration
    assert not Representation.objects.active().filter(party__collaboration=imported, ended_at__isnull=True)
    invitations = Invitation.objects.filter(recipient__request__collaboration=imported)
    assert invitations.exists()
    assert not invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True, replaced_at__isnull=True)
    originals = set(
        Invitation.objects.filter(recipient__request__collaboration=approved).values_list(
            "token_hash", flat=True
        )
    )
    assert originals.isdisjoint(invitations.values_list("token_hash", flat=True))
    assert len(mail.outbox) == sent
    assert Event.objects.filter(collaboration=imported, kind=EventKind.ARCHIVE_IMPORTED).count() == 1


def _archive(data):
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_archive_has_a_versioned_manifest_json_csv_and_the_pdfs(approved):
    archive = _archive(export_collaboration(collaboration=approved))

    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "samverkan-archive" and manifest["format_version"] == 1
    names = set(archive.namelist())
    assert {"records.json", "csv/parties.csv", "csv/people.csv", "csv/events.csv"} <= names
    assert any(name.startswith("files/agreement_versions/") for name in names)
    assert any(name.startswith("files/sealed_agreements/") for name in names)
    for path, digest in manifest["files"].items():
        assert hashlib.sha256(archive.read(path)).hexdigest() == digest
    parties_csv = archive.read("csv/parties.csv").decode("utf-8-sig")
    assert "case_number" in parties_csv.splitlines()[0]
    records = json.loads(archive.read("records.json"))
    assert "token_hash" not in records["invitations"][0]  # never leaves the service


def test_uploaded_documents_come_back_with_their_content(collaboration, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content = b"%PDF-1.7\n" + b"x" * 100 + b"\n%%EOF\n"
    upload_document(
        collaboration=collaboration,
        kind="evidence",
        file=SimpleUploadedFile("Trygghetsmätning.pdf", content),
        file_type=PDF,
        description="Mätning",
        uploaded_by=alice,
    )

    result = import_archive(data=export_collaboration(collaboration=collaboration))

    copy = Document.objects.get(collaboration=result.collaboration)
    assert copy.original_name == "Trygghetsmätning.pdf" and copy.uploaded_by == alice
    with copy.file.open("rb") as handle:
        assert handle.read() == content
    assert copy.file.name.startswith(f"documents/{result.collaboration.pk}/")


# --- Refused archives: a Swedish message, nothing saved ------------------------------------------


def _counts():
    return (Collaboration.objects.count(), User.objects.count(), Event.objects.count())


def _rebuilt(data, change):
    """The archive `data` with `change(records)` applied and its checksums made right again."""
    source = _archive(data)
    manifest = json.loads(source.read("manifest.json"))
    records = json.loads(source.read("records.json"))
    change(records)
    files = {name: source.read(name) for name in source.namelist() if name != "manifest.json"}
    files["records.json"] = json.dumps(records).encode()
    manifest["files"]["records.json"] = hashlib.sha256(files["records.json"]).hexdigest()
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        target.writestr("manifest.json", json.dumps(manifest))
        for name, content in files.items():
            target.writestr(name, content)
    return output.getvalue()


def test_a_file_that_is_no_archive_is_refused(collaboration):
    before = _counts()

    with pytest.raises(DomainError, match="Filen är inte ett arkiv som exporterats från Samverkan"):
        import_archive(data=b"PK\x03\x04 inte alls")

    assert _counts() == before


def test_a_newer_format_is_refused(collaboration):
    data = export_collaboration(collaboration=collaboration)
    source = _archive(data)
    manifest = json.loads(source.read("manifest.json"))
    manifest["format_version"] = 2
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        target.writestr("manifest.json", json.dumps(manifest))
        for name in source.namelist():
            if name != "manifest.json":
                target.writestr(name, source.read(name))
    before = _counts()

    with pytest.raises(DomainError, match=r"Arkivets format \(version 2\) kan inte läsas"):
        import_archive(data=output.getvalue())

    assert _counts() == before


def test_a_changed_file_is_refused_by_its_checksum(collaboration):
    data = export_collaboration(collaboration=collaboration)
    source = _archive(data)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content + b" " if name == "records.json" else content)
    before = _counts()

    with pytest.raises(DomainError, match="records.json stämmer inte med sin kontrollsumma"):
        import_archive(data=output.getvalue())

    assert _counts() == before


def test_contradicting_records_are_refused_and_nothing_is_saved(approved):
    data = _rebuilt(export_collaboration(collaboration=approved), lambda records: records["parties"].pop())
    before = _counts()

    with pytest.raises(DomainError, match="Arkivet kunde inte importeras"):
        import_archive(data=data)

    assert _counts() == before


def test_the_same_people_are_named_in_the_records(approved):
    records = json.loads(_archive(export_collaboration(collaboration=approved)).read("records.json"))

    names = {person["display_name"] for person in records["people"]}
    assert {"Karin Berg", "Jonas Wik"} <= names
    keys = {"id", "first_name", "last_name", "title", "email", "display_name", "deleted_at"}
    assert all(set(person) == keys for person in records["people"])  # nothing about their accounts
