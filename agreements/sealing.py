"""The sealed final agreement: once every party asked has approved a version, the service signs that
version's stored PDF (a PAdES signature, pyHanko) and embeds the evidence of the approvals as a JSON
attachment. Anyone can check the seal in a PDF reader or with pyHanko (`manage.py verify_agreement`);
any change to the file breaks it.

The key and certificate are PEM files named by AGREEMENT_SEAL_KEY_FILE and AGREEMENT_SEAL_CERT_FILE
(`make_development_certificate` makes a self-signed pair for development). Without them nothing is
sealed: the agreement page says so, and `manage.py seal_agreements` seals what is waiting once the
operator has configured them.
"""

import datetime
import hashlib
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from agreements import services
from agreements.models import AgreementVersion, SealedAgreement
from checklist.rules import checklist_status
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRequest,
    EventKind,
    Invitation,
    Representation,
)
from samverkan.events import record_event

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Samverkan"
EVIDENCE_FILE_NAME = "godkannanden.json"
EVIDENCE_FORMAT = "samverkan-approval-evidence"
EVIDENCE_FORMAT_VERSION = 1


class SealingUnavailable(Exception):
    """No usable key and certificate are configured."""


# --- The key ------------------------------------------------------------------------------------


def make_development_certificate(*, key_file: Path, cert_file: Path, common_name: str) -> None:
    """A new self-signed RSA key and certificate (ten years) in PEM, for development and tests. The
    key file is readable by its owner only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Samverkan (utveckling)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    key_file.parent.mkdir(parents=True, exist_ok=True)
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


@dataclass(frozen=True)
class Seal:
    signer: signers.SimpleSigner
    subject: str
    sha256: str


def configured_seal() -> Seal:
    """The signer from the configured key and certificate; SealingUnavailable if there is none."""
    key_file, cert_file = settings.AGREEMENT_SEAL_KEY_FILE, settings.AGREEMENT_SEAL_CERT_FILE
    if not key_file or not cert_file or not Path(key_file).is_file() or not Path(cert_file).is_file():
        raise SealingUnavailable("AGREEMENT_SEAL_KEY_FILE and AGREEMENT_SEAL_CERT_FILE name no files.")
    passphrase = settings.AGREEMENT_SEAL_KEY_PASSPHRASE
    signer = signers.SimpleSigner.load(
        key_file, cert_file, key_passphrase=passphrase.encode() if passphrase else None
    )
    if signer is None:  # pyHanko logs why
        raise SealingUnavailable("The seal's key or certificate could not be read.")
    certificate = signer.signing_cert
    return Seal(
        signer=signer,
        subject=certificate.subject.human_friendly[:300],
        sha256=hashlib.sha256(certificate.dump()).hexdigest(),
    )


# --- Sealing ------------------------------------------------------------------------------------


def approval_evidence(request) -> dict:
    """Which party approved which version (by its content hash), when, by whom, and through which
    invitation: every answer of `request`, with the links sent about it and the representation
    through which the person answered for the party."""
    version = request.agreement
    recipients = list(
        request.recipients.select_related("party__organisation", "answered_by").order_by(
            "party__organisation__name", "pk"
        )
    )
    invitations = {}
    for invitation in Invitation.objects.filter(recipient__request=request).order_by("created_at", "pk"):
        invitations.setdefault(invitation.recipient_id, []).append(invitation)
    representations = {
        (r.party_id, r.user_id): r
        for r in Representation.objects.filter(party__in=[row.party_id for row in recipients])
    }

    def moment(value):
        return value.isoformat() if value else None

    approvals = []
    for row in recipients:
        person = row.answered_by
        representation = representations.get((row.party_id, row.answered_by_id))
        approvals.append(
            {
                "party": row.party.organisation.name,
                "organisation_number": row.party.organisation.org_number,
                "case_number": row.party.case_number,
                "answer": row.answer,
                "approved": row.answer == ConfirmationAnswer.AGREE,
                "answered_at": moment(row.answered_at),
                "answered_by": {"name": person.display_name, "email": person.email} if person else None,
                "representative_since": moment(representation.created_at) if representation else None,
                "representative_invited_at_address": representation.email if representation else None,
                "invitations": [
                    {
                        "purpose": invitation.purpose,
                        "email": invitation.email,
                        "sent_at": moment(invitation.mail_sent_at),
                        "opened_at": moment(invitation.opened_at),
                        "accepted_at": moment(invitation.accepted_at),
                        "state": invitation.state(),
                    }
                    for invitation in invitations.get(row.pk, [])
                ],
            }
        )
    collaboration = request.collaboration
    return {
        "format": EVIDENCE_FORMAT,
        "format_version": EVIDENCE_FORMAT_VERSION,
        "collaboration": {
            "title": collaboration.title,
            "area": collaboration.area_name,
            "municipality": collaboration.municipality,
        },
        "agreement": {
            "version": version.number,
            "content_hash": version.content_hash,
            "content_hash_algorithm": "sha256",
        },
        "sent_for_approval_at": moment(request.sent_at),
        "every_party_approved_at": moment(request.all_agreed_at),
        "approvals": approvals,
    }


def seal_pdf(pdf: bytes, *, evidence: dict, seal: Seal, when=None) -> bytes:
    """`pdf` with `evidence` embedded as EVIDENCE_FILE_NAME and signed (PAdES B-B) as an incremental
    update: the original bytes stay the first part of the file."""
    when = when or timezone.now()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    data = json.dumps(evidence, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    with translation.override(settings.LANGUAGE_CODE):
        description = _("Evidence of the approvals: which party approved which version, when and by whom")
        reason = _("Every party has approved this version of the agreement")
    embed.embed_file(
        writer,
        embed.FileSpec(
            file_spec_string=EVIDENCE_FILE_NAME,
            file_name=EVIDENCE_FILE_NAME,
            embedded_data=embed.EmbeddedFileObject.from_file_data(
                writer,
                data=data,
                mime_type="application/json",
                params=embed.EmbeddedFileParams(creation_date=when, modification_date=when),
            ),
            description=description,
            af_relationship=generic.pdf_name("/Data"),
        ),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location="Samverkan",
    )
    return signers.sign_pdf(writer, metadata, signer=seal.signer).getvalue()


def seal_request(*, request_id: int) -> SealedAgreement | None:
    """Seal the version of agreement request `request_id` if every party asked has approved it and it
    is not sealed for this moment of agreement yet. None when there is nothing to seal, or no key."""
    request = (
        ConfirmationRequest.objects.for_agreement()
        .select_related("collaboration", "agreement")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.all_agreed_at is None:
        return None
    existing = SealedAgreement.objects.filter(request=request, all_agreed_at=request.all_agreed_at).first()
    if existing is not None:
        return existing
    try:
        seal = configured_seal()
    except SealingUnavailable as error:
        logger.warning("Agreement request %s is not sealed: %s", request.pk, error)
        return None
    version = request.agreement
    _render_with_approvals(version)
    pdf = AgreementVersion.objects.filter(pk=version.pk).values_list("pdf", flat=True).first()
    if not pdf:
        logger.warning("Agreement version %s has no stored PDF to seal.", version.pk)
        return None
    evidence = approval_evidence(request)
    sealed_pdf = seal_pdf(bytes(pdf), evidence=evidence, seal=seal)
    try:
        with transaction.atomic():
            sealed = SealedAgreement.objects.create(
                version=version,
                request=request,
                all_agreed_at=request.all_agreed_at,
                pdf=sealed_pdf,
                evidence=evidence,
                certificate_subject=seal.subject,
                certificate_sha256=seal.sha256,
            )
            with translation.override(settings.LANGUAGE_CODE):
                detail = _("version %(number)s, version code %(code)s") % {
                    "number": version.number,
                    "code": version.version_code,
                }
            record_event(
                collaboration=request.collaboration,
                kind=EventKind.AGREEMENT_SEALED,
                actor=None,
                detail=detail,
            )
    except IntegrityError:  # sealed meanwhile by another worker
        return SealedAgreement.objects.filter(request=request, all_agreed_at=request.all_agreed_at).first()
    return sealed


def _render_with_approvals(version):
    """Render the version's PDF again if its text is still the agreement's text: the stored file was
    made before the approvals, and the sealed one should list them in its appendix. A version whose
    text has since changed keeps the file it has."""
    collaboration = version.collaboration
    checklist = checklist_status(collaboration)
    if services.current_draft(collaboration, checklist=checklist).content_hash == version.content_hash:
        services.agreement_pdf(collaboration=collaboration, checklist=checklist, requested_by=None)


def seal_waiting() -> int:
    """Seal every current agreement request whose parties have all approved and that has no seal for
    that moment yet (after the operator configured the key, or a worker failed). Returns how many."""
    sealed = 0
    waiting = ConfirmationRequest.objects.for_agreement().current().filter(all_agreed_at__isnull=False)
    for request_id, agreed_at in waiting.values_list("pk", "all_agreed_at"):
        if SealedAgreement.objects.filter(request_id=request_id, all_agreed_at=agreed_at).exists():
            continue
        if seal_request(request_id=request_id) is not None:
            sealed += 1
    return sealed


# --- Checking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the signature is cryptographically sound
    trusted: bool  # the certificate is one of the trusted ones given
    covers_whole_file: bool  # nothing was appended after the signature
    summary: str
    evidence: dict | None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.covers_whole_file


def verify_sealed_pdf(pdf: bytes, *, trusted_certificates) -> Verification:
    """Check the seal of `pdf` against `trusted_certificates` (asn1crypto certificates; e.g. the
    service's certificate). Never raises for a damaged file: it is reported as not intact."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
        if not signatures:
            return Verification(False, False, False, False, "no signature", None)
        signature = signatures[-1]
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=list(trusted_certificates)))
    except Exception as error:  # a damaged file breaks parsing in many ways; all mean "not intact"
        return Verification(False, False, False, False, f"{type(error).__name__}: {error}", None)
    return Verification(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        summary=status.summary(),
        evidence=_embedded_evidence(reader),
    )


def load_certificate(path) -> object:
    return load_cert_from_pemder(str(path))


def _embedded_evidence(reader) -> dict | None:
    """The evidence attached to the file, or None when it has none (or none that can be read)."""
    try:
        pairs = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(pairs) - 1, 2):
            if str(pairs[index]) == EVIDENCE_FILE_NAME:
                return json.loads(pairs[index + 1].get_object()["/EF"]["/F"].data)
    except (KeyError, TypeError, ValueError):
        return None
    return None
