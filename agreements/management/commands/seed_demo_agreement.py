"""Complete the demo collaboration's checklist so that its agreement is a final draft (agreements/demo.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.demo import complete_demo_agreement
from collaborations.management.commands.seed_demo import ORGANISATIONS, TITLE
from collaborations.models import Collaboration


class Command(BaseCommand):
    help = "Fill in steps 5-15 of the demo collaboration (run seed_demo first). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also run when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo_agreement creates demo users; it refuses to run with DEBUG off.")
        lead_number = ORGANISATIONS["asbyhem"][1]
        collaboration = Collaboration.objects.filter(
            title=TITLE, lead_organisation__org_number=lead_number
        ).first()
        if collaboration is None:
            raise CommandError("The demo collaboration does not exist: run `manage.py seed_demo` first.")
        if complete_demo_agreement(collaboration):
            self.stdout.write(self.style.SUCCESS(f"The agreement of “{TITLE}” is complete."))
        else:
            self.stdout.write(f"The agreement of “{TITLE}” was already filled in.")
