"""Issue 18: once every party has approved a version, its PDF is sealed (PAdES, pyHanko) with the evidence
of the approvals embedded; anyone can check it, and any change to the file breaks the seal."""

import io
import json

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import sealing
from agreements.models import SealedAgreement
from collaborations.models import Event, EventKind
from tests.agreements.arrange import approve_all, complete, pdf_text, send
from tests.agreements.seal_fixtures import seal_certificate  # noqa: F401 - a fixture
from tests.conftest import client_for


@pytest.fixture
def approved(collaboration, alice, seal_certificate):  # noqa: F811 - the fixture
    complete(collaboration, alice)
    request = send(collaboration, alice)
    approve_all(request)
    return request


def _check(pdf, certificate):
    return sealing.verify_sealed_pdf(pdf, trusted_certificates=[sealing.load_certificate(certificate)])


def test_the_approved_version_is_sealed_and_the_seal_holds(approved, seal_certificate):  # noqa: F811
    sealed = SealedAgreement.objects.get()

    result = _check(bytes(sealed.pdf), seal_certificate)

    assert sealed.version == approved.agreement
    assert result.ok, result.summary
    assert "Testsigill" in sealed.certificate_subject
    assert Event.objects.filter(kind=EventKind.AGREEMENT_SEALED).count() == 1


def test_a_copy_with_one_byte_changed_fails(seal_certificate, approved):  # noqa: F811
    sealed = SealedAgreement.objects.select_related("version").get()
    pdf = bytearray(sealed.pdf)
    original_end = len(sealed.version.pdf)
    # A byte of the agreement's own text (the first part of the file, which the signature covers).
    pdf[original_end // 2] ^= 0x01

    result = _check(bytes(pdf), seal_certificate)

    assert not result.ok
    assert not result.intact


def test_a_file_signed_with_another_certificate_is_not_trusted(approved, tmp_path):
    other_key, other_cert = tmp_path / "other" / "key.pem", tmp_path / "other" / "cert.pem"
    sealing.make_development_certificate(key_file=other_key, cert_file=other_cert, common_name="Någon annan")

    result = _check(bytes(SealedAgreement.objects.get().pdf), other_cert)

    assert result.intact and not result.trusted and not result.ok


def test_the_evidence_says_who_approved_which_hash_when_and_through_which_invitation(approved):
    reader = pypdf.PdfReader(io.BytesIO(bytes(SealedAgreement.objects.get().pdf)))
    evidence = json.loads(reader.attachments[sealing.EVIDENCE_FILE_NAME][0])

    assert evidence["agreement"]["content_hash"] == approved.agreement.content_hash
    assert evidence["agreement"]["version"] == 1
    parties = {a["party"]: a for a in evidence["approvals"]}
    assert set(parties) == {"Åsby kommun", "Norrbacka IF"}
    karin = parties["Åsby kommun"]
    assert karin["approved"] and karin["answered_at"] and karin["answered_by"]["name"] == "Karin Berg"
    assert karin["invitations"][0]["email"]  # the link the party was sent about this version
    assert evidence["every_party_approved_at"]


def test_the_sealed_pdf_lists_the_approvals_in_its_appendix(approved):
    text = pdf_text(bytes(SealedAgreement.objects.get().pdf))

    assert "Avtalet godkänt" in text


def test_without_a_certificate_nothing_is_sealed_and_approving_still_works(collaboration, alice):
    complete(collaboration, alice)
    request = send(collaboration, alice)

    approve_all(request)

    request.refresh_from_db()
    assert request.all_agreed_at is not None
    assert not SealedAgreement.objects.exists()


def test_seal_agreements_seals_what_was_approved_before_the_certificate(
    collaboration, alice, tmp_path, settings
):
    complete(collaboration, alice)
    approve_all(send(collaboration, alice))
    key_file, cert_file = tmp_path / "k.pem", tmp_path / "c.pem"
    settings.AGREEMENT_SEAL_KEY_FILE, settings.AGREEMENT_SEAL_CERT_FILE = str(key_file), str(cert_file)
    call_command("make_seal_certificate", force=True, stdout=io.StringIO())

    call_command("seal_agreements", stdout=io.StringIO())

    assert SealedAgreement.objects.count() == 1
    # Run again: nothing more to seal.
    call_command("seal_agreements", stdout=io.StringIO())
    assert SealedAgreement.objects.count() == 1


def test_verify_agreement_command(approved, seal_certificate, tmp_path):  # noqa: F811
    good = tmp_path / "avtal.pdf"
    good.write_bytes(bytes(SealedAgreement.objects.get().pdf))
    out = io.StringIO()

    call_command("verify_agreement", str(good), trust=seal_certificate, stdout=out)

    assert "The seal holds." in out.getvalue() and "Åsby kommun" in out.getvalue()
    bad = tmp_path / "andrad.pdf"
    content = bytearray(good.read_bytes())
    content[1000] ^= 0x01
    bad.write_bytes(bytes(content))
    with pytest.raises(CommandError):
        call_command("verify_agreement", str(bad), trust=seal_certificate, stdout=io.StringIO())


# --- The download ------------------------------------------------------------------------------


def test_every_party_downloads_the_sealed_pdf(approved, alice, bob):
    url = reverse("agreement_sealed_download", args=[approved.collaboration_id, 1])

    response = client_for(alice).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="Samverkansavtal-Norrbacka-v1-forseglat.pdf"'
    )
    assert response.content == bytes(SealedAgreement.objects.get().pdf)


def test_a_version_without_a_seal_is_404(collaboration, alice_client):
    response = alice_client.get(reverse("agreement_sealed_download", args=[collaboration.pk, 1]))

    assert response.status_code == 404


def test_outsider_gets_404_for_the_sealed_pdf(approved, charlie):
    url = reverse("agreement_sealed_download", args=[approved.collaboration_id, 1])

    assert client_for(charlie).get(url).status_code == 404


def test_the_agreement_page_offers_the_sealed_pdf_and_says_how_to_check_it(approved, alice):
    response = client_for(alice).get(reverse("agreement_preview", args=[approved.collaboration_id]))

    page = response.content.decode()
    assert reverse("agreement_sealed_download", args=[approved.collaboration_id, 1]) in page
    assert "Så kontrollerar du förseglingen" in page


def test_the_sealed_download_takes_the_same_queries_with_more_seals(approved, alice):
    approved.refresh_from_db()
    client = client_for(alice)
    url = reverse("agreement_sealed_download", args=[approved.collaboration_id, 1])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    SealedAgreement.objects.create(
        version=approved.agreement,
        request=approved,
        all_agreed_at=approved.all_agreed_at.replace(year=2030),
        pdf=b"%PDF",
        certificate_subject="x",
        certificate_sha256="0" * 64,
    )
    with CaptureQueriesContext(connection) as more:
        client.get(url)

    assert len(few) == len(more)
