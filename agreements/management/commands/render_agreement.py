"""Write a collaboration's agreement draft as a PDF, for operators and benchmarks."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements import services
from checklist.rules import checklist_status
from collaborations.models import Collaboration


class Command(BaseCommand):
    help = (
        "Write the agreement draft of a collaboration to a PDF file: the stored PDF while its content is "
        "unchanged, else a newly rendered one (a new version when the text changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("collaboration", type=int, help="The collaboration's id.")
        parser.add_argument("file", type=Path, help="Where to write the PDF.")

    def handle(self, *args, collaboration, file, **options):
        found = Collaboration.objects.select_related("lead_organisation").filter(pk=collaboration).first()
        if found is None:
            raise CommandError(f"No collaboration with id {collaboration}.")
        document = services.agreement_pdf(
            collaboration=found, checklist=checklist_status(found), requested_by=None
        )
        try:
            file.write_bytes(document.pdf)
        except OSError as error:
            raise CommandError(f"Could not write {file}: {error}") from error
        version = document.version
        how = "rendered" if document.rendered else "stored, unchanged"
        self.stdout.write(
            f"{file}: version {version.number} ({version.short_hash}), {version.page_count} pages, "
            f"{len(document.pdf)} bytes, {how}" + ("" if version.is_final else ", preview with gaps")
        )
