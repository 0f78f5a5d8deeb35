import re
import unicodedata
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration
from documents.sniffing import BY_CONTENT_TYPE


class DocumentKind(models.TextChoices):
    MANDATE = "mandate", _("Mandate decision")
    EVIDENCE = "evidence", _("Evidence for the problem description")


def document_path(instance, filename):
    """Where the file is stored: a random name, never the uploader's (kept in `original_name` only)."""
    return f"documents/{instance.collaboration_id}/{uuid.uuid4().hex}"


_UNSAFE = re.compile(r"[^\w \-\u2013().,]")
DOWNLOAD_NAME_MAX = 100


def safe_file_name(name: str, extension: str) -> str:
    """`name` made harmless for a download header and any file system: no folders, only letters,
    digits, spaces and - – _ ( ) . , at most DOWNLOAD_NAME_MAX characters, ending in `extension`."""
    base = PurePosixPath(name.replace("\\", "/")).name
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE.sub("_", unicodedata.normalize("NFC", stem))
    stem = " ".join(stem.split()).strip("._ ")[: DOWNLOAD_NAME_MAX - len(extension) - 1].strip("._ ")
    return f"{stem or 'dokument'}.{extension}"


class Document(models.Model):
    """A file uploaded to a collaboration: a party's mandate decision, or evidence for the problem
    description (statistics, surveys, notes from residents' dialogues)."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="documents", verbose_name=_("collaboration")
    )
    kind = models.CharField(_("kind of document"), max_length=16, choices=DocumentKind.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type of file"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="document_kind_known"),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
        ]

    def __str__(self):
        return self.original_name

    @property
    def file_type(self):
        return BY_CONTENT_TYPE.get(self.content_type)

    @property
    def download_name(self) -> str:
        file_type = self.file_type
        return safe_file_name(self.original_name, file_type.extension if file_type else "bin")
