from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration


def version_code(content_hash: str) -> str:
    """What people see of a version's SHA-256: its first 8 hex digits, grouped ("3F2A-91C0"). The full
    hash is printed only in the PDF's evidence appendix."""
    return f"{content_hash[:4]}-{content_hash[4:8]}".upper()


class AgreementVersionQuerySet(models.QuerySet):
    def without_pdf(self):
        """Everything but the stored file, which is only read when it is served."""
        return self.defer("pdf")


class AgreementVersion(models.Model):
    """One distinct content of a collaboration's agreement draft, and the PDF rendered from it.

    The version is the SHA-256 of the agreement's text (agreements/drafting.py), so unchanged data is
    the same version; `number` counts the distinct contents of one collaboration (v1, v2, ...). The PDF
    is kept in the database: it is the exact document the parties are asked to approve, it must not
    be lost when a container is replaced, and it is small (tens to hundreds of kilobytes).
    `text` is the same text as plain lines (agreements/comparison.py), to show what changed between
    two versions; versions made before it was kept have it filled in when their text is produced again.
    `last_produced_at` says which version the agreement's text was most recently: after a change is
    undone, an older version is the current one again (checklist step 16 asks about that one).
    `pdf_source_hash` says which rendering the stored file came from: the log in the appendix can
    grow (a new approval) while the agreement's text, and so its version, stays the same.
    """

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="agreement_versions",
        verbose_name=_("collaboration"),
    )
    number = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(_("checksum of the content"), max_length=64)
    is_final = models.BooleanField(
        _("final draft"), default=False, help_text=_("Nothing missing and every required step done.")
    )
    gap_count = models.PositiveIntegerField(_("missing pieces"), default=0)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_("The agreement's text as plain lines, kept to show what changed between versions."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_produced_at = models.DateTimeField(
        _("last produced"),
        default=timezone.now,
        help_text=_("When the agreement's text was last this version; the latest is the current one."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    pdf = models.BinaryField(_("PDF"), null=True, blank=True, editable=False)
    pdf_source_hash = models.CharField(_("checksum of the rendered document"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    # One render per content: the rendering (its source hash) that a worker has claimed, and when. Another
    # worker asked for the same rendering meanwhile leaves it alone; a claim older than
    # RENDER_CLAIM_MINUTES (the worker died) may be taken over.
    render_claim = models.CharField(_("rendering in progress"), max_length=64, blank=True, editable=False)
    render_claimed_at = models.DateTimeField(_("rendering started"), null=True, blank=True, editable=False)

    objects = AgreementVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["collaboration", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "number"], name="agreement_version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["collaboration", "content_hash"], name="agreement_version_unique_content"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agreement_version_number_positive"),
        ]

    def __str__(self):
        return f"{self.collaboration} v{self.number}"

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]

    @property
    def version_code(self) -> str:
        return version_code(self.content_hash)

    @property
    def version(self) -> int:
        """The number, under the name a confirmation request's subject has (ConfirmationRequest.version)."""
        return self.number


class SealedAgreement(models.Model):
    """A version's stored PDF, signed by the service (PAdES) once every party asked had approved it,
    with the evidence of the approvals embedded as a JSON attachment (agreements/sealing.py).

    One per moment of agreement: if an answer changes and every party approves again, the request's
    `all_agreed_at` is new and so is the seal. The file is kept as signed; it is never rendered again.
    """

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="seals", verbose_name=_("agreement version")
    )
    request = models.ForeignKey(
        "collaborations.ConfirmationRequest",
        on_delete=models.CASCADE,
        related_name="seals",
        verbose_name=_("request for approval"),
    )
    all_agreed_at = models.DateTimeField(_("every party approved"))
    sealed_at = models.DateTimeField(_("sealed"), default=timezone.now)
    pdf = models.BinaryField(_("sealed PDF"), editable=False)
    evidence = models.JSONField(_("evidence of the approvals"), default=dict)
    certificate_subject = models.CharField(_("sealed with the certificate of"), max_length=300)
    certificate_sha256 = models.CharField(_("checksum of the certificate"), max_length=64)

    class Meta:
        verbose_name = _("sealed agreement")
        verbose_name_plural = _("sealed agreements")
        ordering = ["-sealed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "all_agreed_at"], name="sealed_agreement_once_per_agreement"
            ),
        ]

    def __str__(self):
        return f"{self.version} ({self.sealed_at:%Y-%m-%d})"
