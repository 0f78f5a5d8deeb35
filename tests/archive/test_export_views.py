"""The lead's staff download the archive (a GET that writes nothing); the operator exports and imports in
the admin and with management commands."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.export import export_collaboration
from archive.models import ArchiveImport
from collaborations.models import Collaboration, Mandate
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory, UserFactory


def _export(client, collaboration):
    return client.get(reverse("collaboration_export", args=[collaboration.pk]))


def test_lead_staff_download_the_archive(collaboration, alice_client):
    response = _export(alice_client, collaboration)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="Samverkan-Norrbacka-')
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("manifest.json"))
    assert manifest["collaboration"]["title"] == collaboration.title


def test_a_representative_may_not_export(collaboration, bob):
    assert _export(client_for(bob), collaboration).status_code == 403


def test_outsider_gets_404(collaboration, charlie):
    assert _export(client_for(charlie), collaboration).status_code == 404


def test_a_post_is_refused(collaboration, alice_client):
    response = alice_client.post(reverse("collaboration_export", args=[collaboration.pk]))

    assert response.status_code == 405


def test_the_export_takes_the_same_queries_with_more_data(collaboration, alice, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)

    def grow(n):
        for _ in range(n):
            party = PartyFactory(collaboration=collaboration)
            Mandate.objects.create(party=party, decided_by="Styrelsen", decided_on="2026-01-01", scope="Allt")

    grow(2)
    with CaptureQueriesContext(connection) as few:
        _export(alice_client, collaboration)
    grow(20)
    with CaptureQueriesContext(connection) as more:
        _export(alice_client, collaboration)

    assert len(few) == len(more)


def test_the_agreement_page_links_to_the_export_for_staff_only(collaboration, alice_client, bob):
    url = reverse("collaboration_export", args=[collaboration.pk])

    assert url in alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).text
    assert url not in client_for(bob).get(reverse("agreement_preview", args=[collaboration.pk])).text


# --- The operator ------------------------------------------------------------------------------


@pytest.fixture
def operator(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_operator_exports_in_the_admin(collaboration, operator):
    response = client_for(operator).post(
        reverse("admin:collaborations_collaboration_changelist"),
        {"action": "export_archive", "_selected_action": [collaboration.pk]},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"


def test_operator_exports_one_collaboration_at_a_time(collaboration, operator):
    other = PartyFactory().collaboration
    response = client_for(operator).post(
        reverse("admin:collaborations_collaboration_changelist"),
        {"action": "export_archive", "_selected_action": [collaboration.pk, other.pk]},
        follow=True,
    )

    assert "Välj en samverkan att exportera." in response.text


def test_operator_uploads_and_imports_an_archive_in_the_admin(collaboration, operator):
    client = client_for(operator)
    upload = io.BytesIO(export_collaboration(collaboration=collaboration))
    upload.name = "arkiv.zip"
    response = client.post(reverse("admin:archive_archiveimport_add"), {"upload": upload})
    assert response.status_code == 302
    uploaded = ArchiveImport.objects.get()

    response = client.post(
        reverse("admin:archive_archiveimport_changelist"),
        {"action": "import_selected", "_selected_action": [uploaded.pk]},
        follow=True,
    )

    uploaded.refresh_from_db()
    assert uploaded.collaboration is not None and uploaded.collaboration.pk != collaboration.pk
    assert uploaded.archive is None and uploaded.imported_at is not None
    assert "samma versionskod som i arkivet" in uploaded.outcome
    assert "Importerad som samverkan" in response.text


def test_an_archive_is_imported_once(collaboration, operator):
    client = client_for(operator)
    uploaded = ArchiveImport.objects.create(
        file_name="a.zip", archive=export_collaboration(collaboration=collaboration)
    )
    action = {"action": "import_selected", "_selected_action": [uploaded.pk]}
    client.post(reverse("admin:archive_archiveimport_changelist"), action)
    count = Collaboration.objects.count()

    response = client.post(reverse("admin:archive_archiveimport_changelist"), action, follow=True)

    assert "Det här arkivet har redan importerats." in response.text
    assert Collaboration.objects.count() == count


def test_a_bad_upload_is_a_swedish_message_and_saves_nothing(collaboration, operator):
    uploaded = ArchiveImport.objects.create(file_name="fel.zip", archive=b"inte ett arkiv")
    count = Collaboration.objects.count()

    response = client_for(operator).post(
        reverse("admin:archive_archiveimport_changelist"),
        {"action": "import_selected", "_selected_action": [uploaded.pk]},
        follow=True,
    )

    assert "Filen är inte ett arkiv som exporterats från Samverkan." in response.text
    assert Collaboration.objects.count() == count
    uploaded.refresh_from_db()
    assert uploaded.imported_at is None


@pytest.mark.parametrize("persona", ["alice", "charlie"])
def test_the_import_is_for_the_operator_only(request, persona, collaboration):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(reverse("admin:archive_archiveimport_add"))

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_commands_export_and_import(collaboration, tmp_path):
    target = tmp_path / "arkiv.zip"
    call_command("export_collaboration", collaboration.pk, str(target), stdout=io.StringIO())
    out = io.StringIO()

    call_command("import_collaboration", str(target), stdout=out)

    assert "Importerad som samverkan" in out.getvalue()
    assert Collaboration.objects.filter(title=collaboration.title).count() == 2


def test_the_import_command_refuses_a_bad_file(db, tmp_path):
    bad = tmp_path / "fel.zip"
    bad.write_bytes(b"nej")

    with pytest.raises(CommandError, match="Filen är inte ett arkiv"):
        call_command("import_collaboration", str(bad), stdout=io.StringIO())

    assert not Collaboration.objects.exists()
