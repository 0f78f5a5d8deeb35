"""Write a collaboration's archive to a file (the operator's export)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.export import export_collaboration
from collaborations.models import Collaboration


class Command(BaseCommand):
    help = "Write the archive of a collaboration (ZIP, docs/EXPORT_FORMAT.md) to a file."

    def add_arguments(self, parser):
        parser.add_argument("collaboration", type=int, help="The collaboration's id.")
        parser.add_argument("file", type=Path, help="Where to write the archive.")

    def handle(self, *args, collaboration, file, **options):
        found = Collaboration.objects.select_related("lead_organisation").filter(pk=collaboration).first()
        if found is None:
            raise CommandError(f"No collaboration with id {collaboration}.")
        try:
            file.write_bytes(export_collaboration(collaboration=found))
        except OSError as error:
            raise CommandError(f"Could not write {file}: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Wrote the archive of “{found.title}” to {file}"))
