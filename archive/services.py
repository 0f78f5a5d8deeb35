"""Importing an archive uploaded in the admin, and how an import is described to the operator."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import version_code
from archive.importing import ImportResult, import_archive
from archive.models import ArchiveImport
from samverkan.errors import DomainError


def describe(result: ImportResult) -> str:
    """What the import did, in the service's language: for the admin and the command's output."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Imported as collaboration %(id)s, “%(title)s”.")
            % {"id": result.collaboration.pk, "title": result.collaboration.title},
            _(
                "People: %(matched)s with an account here, %(created)s added as records without access. "
                "Organisations: %(org_matched)s found here, %(org_created)s added."
            )
            % {
                "matched": result.people_matched,
                "created": result.people_created,
                "org_matched": result.organisations_matched,
                "org_created": result.organisations_created,
            },
        ]
        if result.same_agreement:
            lines.append(
                _("The agreement rendered here has the same version code as in the archive: %(code)s.")
                % {"code": version_code(result.content_hash)}
            )
        else:
            lines.append(
                _(
                    "The agreement rendered here differs from the archive's: version code %(here)s, the "
                    "archive says %(archive)s. An organisation or person found here may have another name "
                    "than in the archive."
                )
                % {"here": version_code(result.content_hash), "archive": version_code(result.expected_hash)}
            )
        return "\n".join(lines)


def import_uploaded(*, archive_import: ArchiveImport, imported_by) -> ImportResult:
    """Import an uploaded archive once; its outcome is kept on it and the archive itself is dropped."""
    if archive_import.imported_at is not None or archive_import.archive is None:
        raise DomainError(_("This archive has already been imported."))
    result = import_archive(data=bytes(archive_import.archive), imported_by=imported_by)
    with transaction.atomic():
        ArchiveImport.objects.filter(pk=archive_import.pk).update(
            imported_at=timezone.now(),
            collaboration=result.collaboration,
            outcome=describe(result),
            archive=None,
        )
    return result
