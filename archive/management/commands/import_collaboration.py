"""Import a collaboration's archive into this instance (the operator's import)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.importing import import_archive
from archive.services import describe
from samverkan.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import an archive exported from Samverkan (docs/EXPORT_FORMAT.md) as a new collaboration. People "
        "without an account here become records without access; nobody is given access and no e-mail is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The archive (ZIP).")

    def handle(self, *args, file, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        try:
            result = import_archive(data=data)
        except DomainError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(describe(result))
        if not result.same_agreement:
            self.stderr.write(self.style.WARNING("The agreement's checksum differs from the archive's."))
