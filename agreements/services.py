"""The agreement's versions and their PDFs.

A version is the SHA-256 of the agreement's text (`rendering.content_hash`): while nothing the
agreement says changes, it is the same version and the same stored PDF is served without rendering.
A change to the text makes a new version with the next number. The stored PDF is rendered again,
under the same version, only when something around the text changes: the appendix (a new approval).

Building the agreement is the expensive part (about twenty queries and two long templates), and its
result stays the same while nothing it reads changes: what the page shows of it, and which stored
PDF is the current one, are kept in the cache under the agreement's stamp (agreements/stamp.py),
which says in one query whether anything it reads has changed. Each process keeps its own (or a
shared cache, CACHE_URL); a stamp it has not seen is built once.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements import approval
from agreements.comparison import content_text
from agreements.drafting import Agreement, build_agreement
from agreements.models import AgreementVersion, SealedAgreement, version_code
from agreements.rendering import (
    content_hash,
    html_to_pdf,
    render_content,
    render_document,
    render_preview,
    source_hash,
)
from agreements.stamp import agreement_stamp
from checklist.rules import checklist_status
from collaborations.confirmations import sending
from collaborations.models import Collaboration, ConfirmationRequest, EventKind
from samverkan.compiled import compiled_values
from samverkan.errors import DomainError
from samverkan.events import record_event

FILENAME_PREFIX = "Samverkansavtal"
# A render takes seconds; a claim this old belongs to a worker that died, and may be taken over.
RENDER_CLAIM_MINUTES = 10


@dataclass(frozen=True)
class Draft:
    """The agreement as it stands now, and the version it is if that text was produced before."""

    agreement: Agreement
    content_html: str
    content_hash: str
    version: AgreementVersion | None
    next_number: int

    @property
    def number(self) -> int:
        return self.version.number if self.version else self.next_number

    @property
    def version_code(self) -> str:
        return version_code(self.content_hash)


@dataclass(frozen=True)
class AgreementDocument:
    version: AgreementVersion
    pdf: bytes | None  # None while another worker renders this very document
    filename: str
    rendered: bool  # False when the stored PDF was served


def current_draft(collaboration, *, checklist) -> Draft:
    """The agreement of `collaboration` now. A fixed number of queries."""
    agreement = build_agreement(collaboration, checklist=checklist)
    html = render_content(agreement, web=False)
    digest = content_hash(html)
    existing = (
        AgreementVersion.objects.without_pdf()
        .filter(collaboration=collaboration, content_hash=digest)
        .first()
    )
    latest = AgreementVersion.objects.filter(collaboration=collaboration).aggregate(number=Max("number"))
    return Draft(
        agreement=agreement,
        content_html=html,
        content_hash=digest,
        version=existing,
        next_number=(latest["number"] or 0) + 1,
    )


# --- Kept under the agreement's stamp ---------------------------------------------------------------

KEEP_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class BuiltAgreement:
    """What the agreement page shows of the agreement as it stands, kept under its stamp."""

    content_hash: str
    preview_html: str
    is_final: bool
    missing_count: int

    @property
    def version_code(self) -> str:
        return version_code(self.content_hash)


@dataclass(frozen=True)
class AgreementReading:
    """The agreement page's agreement: the text as built, the version it is if it was produced
    before, the next number otherwise, the earlier versions with a stored PDF, and whether any
    version is sealed."""

    built: BuiltAgreement
    version: AgreementVersion | None
    next_number: int
    earlier: list
    sealed: bool  # some version has been sealed
    pdf_current: bool = False  # `version`'s stored PDF is the current rendering (a download found it)
    ever_sent: bool = True  # some version has been sent for approval (else there is no request to read)

    @property
    def content_hash(self) -> str:
        return self.built.content_hash

    @property
    def number(self) -> int:
        return self.version.number if self.version else self.next_number

    @property
    def version_code(self) -> str:
        return self.built.version_code


def still_current(collaboration, stamp) -> bool:
    """True if `stamp`, read before something was built, is still the agreement's stamp: nothing was
    changed while it was built, so it may be kept under that stamp. (A value changed and changed back
    while it was built would pass unseen: a stamp is made of values, agreements/stamp.py.)"""
    return agreement_stamp(collaboration.pk) == stamp


def _fresh(collaboration):
    """The collaboration read again, after its stamp: whatever is kept under a stamp is built from
    data read after it (agreements/stamp.py), never from a row read earlier in the request."""
    return Collaboration.objects.select_related("lead_organisation").get(pk=collaboration.pk)


def built_agreement(collaboration, *, stamp=None) -> BuiltAgreement:
    """The agreement of `collaboration` as it stands: kept under its stamp (one query, unless the
    caller read it just before), else built and kept if the stamp is still the same afterwards."""
    stamp = stamp or agreement_stamp(collaboration.pk)
    key = f"agreement-built:{collaboration.pk}:{stamp}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    fresh = _fresh(collaboration)
    agreement = build_agreement(fresh, checklist=checklist_status(fresh))
    built = BuiltAgreement(
        content_hash=content_hash(render_content(agreement, web=False)),
        preview_html=render_preview(agreement),
        is_final=agreement.is_final,
        missing_count=agreement.missing_count,
    )
    if still_current(collaboration, stamp):
        cache.set(key, built, KEEP_SECONDS)
    return built


# What the agreement page reads of each version: all but its text and its file.
_VERSION_FIELDS = tuple(
    field.attname for field in AgreementVersion._meta.concrete_fields if field.name not in ("pdf", "text")
)
_VERSION_FLAGS = ("has_pdf", "has_seal", "was_sent")


def _versions_rows(*, collaboration_id):
    """A collaboration's versions without their texts and files, with whether each has a stored PDF,
    was sealed or was sent for approval."""
    return (
        AgreementVersion.objects.filter(collaboration_id=collaboration_id)
        .annotate(
            has_pdf=Q(pdf__isnull=False),
            has_seal=Exists(SealedAgreement.objects.filter(version=OuterRef("pk"))),
            was_sent=Exists(ConfirmationRequest.objects.filter(agreement=OuterRef("pk"))),
        )
        .values_list(*_VERSION_FIELDS, *_VERSION_FLAGS)
    )


def _versions(collaboration_id) -> list[AgreementVersion]:
    # As the stamp's query: built once per process (the ORM takes longer to build it than the database
    # to run it) and prepared once per connection.
    versions = []
    for row in compiled_values(_versions_rows, collaboration_id=collaboration_id):
        version = AgreementVersion.from_db("default", _VERSION_FIELDS, row[: len(_VERSION_FIELDS)])
        for name, value in zip(_VERSION_FLAGS, row[len(_VERSION_FIELDS) :], strict=True):
            setattr(version, name, value)
        versions.append(version)
    return versions


def reading(collaboration) -> AgreementReading:
    """The agreement page's agreement (`AgreementReading`): the kept build, and one query for the
    versions (without their texts and files), with whether each was sealed or sent for approval. Its
    version's stored PDF is current when a download found it so under the same stamp
    (`keep_current_pdf`): then that file is the download."""
    stamp = agreement_stamp(collaboration.pk)
    built = built_agreement(collaboration, stamp=stamp)
    versions = sorted(_versions(collaboration.pk), key=lambda version: -version.number)
    version = next((v for v in versions if v.content_hash == built.content_hash), None)
    return AgreementReading(
        built=built,
        version=version,
        next_number=(versions[0].number if versions else 0) + 1,
        earlier=[v for v in versions if v.has_pdf and v.content_hash != built.content_hash],
        sealed=any(v.has_seal for v in versions),
        pdf_current=version is not None
        and version.has_pdf
        and cache.get(_pdf_key(collaboration.pk, stamp)) == (version.pk, version.pdf_source_hash),
        ever_sent=any(v.was_sent for v in versions),
    )


def _pdf_key(collaboration_id, stamp) -> str:
    return f"agreement-pdf:{collaboration_id}:{stamp}"


def current_pdf_version(collaboration, *, stamp) -> AgreementVersion | None:
    """The version whose stored PDF is the current rendering of the agreement, when that was found
    under `stamp` (`keep_current_pdf`): one query, nothing built. None otherwise."""
    kept = cache.get(_pdf_key(collaboration.pk, stamp))
    if kept is None:
        return None
    version_id, rendering = kept
    return (
        AgreementVersion.objects.filter(pk=version_id, collaboration=collaboration, pdf_source_hash=rendering)
        .only("number", "collaboration_id", "pdf_source_hash")
        .first()
    )


def keep_current_pdf(collaboration, *, stamp, version, rendering) -> None:
    """Note that under `stamp` (read before the agreement was built) the agreement is `version` and
    its PDF is the rendering `rendering`, if the stamp is still current."""
    if still_current(collaboration, stamp):
        cache.set(_pdf_key(collaboration.pk, stamp), (version.pk, rendering), KEEP_SECONDS)


def fresh_draft(collaboration) -> Draft:
    """`current_draft`, built from the collaboration and its checklist read again (after a stamp)."""
    fresh = _fresh(collaboration)
    return current_draft(fresh, checklist=checklist_status(fresh))


def _note_produced_again(version, content_html):
    """The agreement's text is `version` again. If a change was undone, the older version becomes the
    current one; a version made before texts were kept gets its text. At most one update."""
    latest_produced = AgreementVersion.objects.filter(collaboration_id=version.collaboration_id).aggregate(
        produced=Max("last_produced_at")
    )["produced"]
    changes = {}
    if version.last_produced_at < latest_produced:
        changes["last_produced_at"] = timezone.now()
    if not version.text:
        changes["text"] = content_text(content_html)
    if changes:
        AgreementVersion.objects.filter(pk=version.pk).update(**changes)
        for name, value in changes.items():
            setattr(version, name, value)
    return "last_produced_at" in changes


def agreement_filename(collaboration, version) -> str:
    """Samverkansavtal-Norrbacka-v3.pdf: the area's name and the version's number."""
    area = re.sub(r"[^\w]+", "-", collaboration.area_name).strip("-_") or "samverkan"
    return f"{FILENAME_PREFIX}-{area}-v{version.number}.pdf"


@transaction.atomic
def register_version(*, collaboration, draft, created_by) -> AgreementVersion:
    """The version of `draft`'s text, made with the next number if the text is new, else noted as the
    current one again. Only for a request that produces the agreement (a download, a send): reading it
    (`current_draft`) writes nothing."""
    # Lock the collaboration so that two first downloads of new texts cannot take the same number.
    Collaboration.objects.lock(collaboration.pk)
    existing = (
        AgreementVersion.objects.without_pdf()
        .filter(collaboration=collaboration, content_hash=draft.content_hash)
        .first()
    )
    if existing is not None:
        if _note_produced_again(existing, draft.content_html):
            collaboration.touch()  # step 16 reads which version is the latest
        return existing
    latest = AgreementVersion.objects.filter(collaboration=collaboration).aggregate(n=Max("number"))["n"]
    collaboration.touch()  # step 16 reads which version is the latest
    return AgreementVersion.objects.create(
        collaboration=collaboration,
        number=(latest or 0) + 1,
        content_hash=draft.content_hash,
        is_final=draft.agreement.is_final,
        gap_count=draft.agreement.missing_count,
        text=content_text(draft.content_html),
        created_by=created_by,
    )


def agreement_pdf(*, collaboration, checklist, requested_by, claimed: str = "") -> AgreementDocument:
    """The PDF of the agreement as it stands: the stored one while nothing has changed, else rendered
    (and stored, and written to the event log). Works with gaps too: the PDF is then marked as a preview
    and names what is missing. It writes (the version, the file, the log) and may take seconds: the task
    worker calls it (agreements/tasks.py), a request asks for it with `tasks.request_pdf`.
    One render per content: while another caller renders this very document, it returns at once with
    no PDF. `claimed` is the rendering the caller has claimed already (`claim_render`, by the request
    that asked for this task): that one is rendered without claiming it again."""
    draft = current_draft(collaboration, checklist=checklist)
    version = register_version(collaboration=collaboration, draft=draft, created_by=requested_by)
    html = render_document(draft.agreement, content_html=draft.content_html, version=version)
    rendering = source_hash(html)
    filename = agreement_filename(collaboration, version)
    stored = stored_pdf(version, rendering)
    if stored is not None:
        return AgreementDocument(version=version, pdf=stored, filename=filename, rendered=False)
    if rendering != claimed and not claim_render(version, rendering):
        return AgreementDocument(version=version, pdf=None, filename=filename, rendered=False)

    pdf, pages = html_to_pdf(html)
    with transaction.atomic():
        updated = (
            AgreementVersion.objects.filter(pk=version.pk)
            .exclude(pdf_source_hash=rendering)
            .update(
                pdf=pdf,
                pdf_source_hash=rendering,
                page_count=pages,
                rendered_at=timezone.now(),
                render_claim="",
                render_claimed_at=None,
            )
        )
        if updated:
            record_event(
                collaboration=collaboration,
                kind=EventKind.PDF_GENERATED,
                actor=requested_by,
                detail=_event_detail(version, draft.agreement),
            )
    version.pdf_source_hash, version.page_count = rendering, pages
    return AgreementDocument(version=version, pdf=pdf, filename=filename, rendered=True)


def stored_pdf(version, rendering) -> bytes | None:
    """The stored PDF of `version` if it is the rendering `rendering` (a source hash), else None."""
    if version.pdf_source_hash != rendering:
        return None
    stored = AgreementVersion.objects.filter(pk=version.pk).values_list("pdf", flat=True).first()
    return bytes(stored) if stored else None


def rendering_of(*, collaboration, checklist) -> tuple[AgreementVersion | None, str]:
    """(the version the agreement's text is, if produced before; the source hash its PDF must have).
    Writes nothing."""
    draft = current_draft(collaboration, checklist=checklist)
    if draft.version is None:
        return None, ""
    return draft.version, rendering_for(draft, draft.version)


def rendering_for(draft, version) -> str:
    """The source hash the PDF of `draft`, as `version`, must have (the text and its appendix)."""
    return source_hash(render_document(draft.agreement, content_html=draft.content_html, version=version))


def render_claimed(version, rendering="") -> bool:
    """True while a worker holds a fresh claim to render `version` (as `rendering`, if given)."""
    stale = timezone.now() - timedelta(minutes=RENDER_CLAIM_MINUTES)
    fresh = version.render_claim != "" and version.render_claimed_at is not None
    return (
        fresh
        and version.render_claimed_at > stale
        and version.render_claim == (rendering or version.render_claim)
    )


def claim_render(version, rendering) -> bool:
    """True for exactly one caller asking to render `rendering` of `version`, while the stored PDF is
    another rendering: one conditional UPDATE, so two workers (or requests) at the same moment cannot
    both win. The claim is committed before the render starts, so no lock is held for its seconds."""
    stale = timezone.now() - timedelta(minutes=RENDER_CLAIM_MINUTES)
    with transaction.atomic():
        return bool(
            AgreementVersion.objects.filter(pk=version.pk)
            .exclude(pdf_source_hash=rendering)
            .exclude(Q(render_claim=rendering) & Q(render_claimed_at__gt=stale))
            .update(render_claim=rendering, render_claimed_at=timezone.now())
        )


def _event_detail(version, agreement) -> str:
    # The event log is written in the service's language, whoever asked.
    with translation.override(settings.LANGUAGE_CODE):
        if agreement.is_final:
            text = _("version %(number)s, final draft, version code %(code)s")
        else:
            text = _("version %(number)s, preview with gaps, version code %(code)s")
        return text % {"number": version.number, "code": version.version_code}


# --- Approval ------------------------------------------------------------------------------------


def send_for_approval(*, collaboration, checklist, seen_checksum, sent_by, base_url, message=""):
    """Ask the parties to approve the agreement as it stands, which must be the text whose checksum is
    `seen_checksum` (the one the staff member read). Every refusal comes before anything is written;
    then the version is stored and the parties are asked; the task worker renders its PDF."""
    draft = current_draft(collaboration, checklist=checklist)
    if draft.content_hash != seen_checksum:
        raise DomainError(
            _(
                "The agreement has changed since you opened the page: it is now version %(number)s. "
                "Nothing was sent. Read it and send it again."
            )
            % {"number": draft.number}
        )
    approval.check_can_be_sent(collaboration, version=draft.version, is_final=draft.agreement.is_final)
    # The version is stored now; its PDF is rendered by the task worker (the view asks for it).
    version = register_version(collaboration=collaboration, draft=draft, created_by=sent_by)
    return sending.send(
        subject=approval.AGREEMENT,
        version=version,
        sent_by=sent_by,
        base_url=base_url,
        message=message,
    )
