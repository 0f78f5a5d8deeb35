from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration


class ArchiveImport(models.Model):
    """An archive the operator uploaded in the admin to import (archive/importing.py), and how it
    went. The archive is kept until it has been imported."""

    file_name = models.CharField(_("file name"), max_length=255)
    archive = models.BinaryField(_("archive"), null=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported as"),
    )
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.file_name
