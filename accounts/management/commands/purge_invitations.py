"""Delete ended invitation links (used, expired, revoked or replaced) after INVITATION_RETENTION_DAYS.
`send_reminders` runs it on every round; run it from cron where `send_reminders` does not run."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import purge_ended_invitations


class Command(BaseCommand):
    help = (
        "Delete invitations that were used, expired, revoked or replaced more than "
        "INVITATION_RETENTION_DAYS days ago. The parties' answers are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            metavar="DAYS",
            help=f"Keep ended invitations this many days (default: {settings.INVITATION_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            self.stderr.write("--days must be 0 or more.")
            raise SystemExit(2)
        deleted = purge_ended_invitations(days=days)
        self.stdout.write(f"purge_invitations: {deleted} ended invitation(s) deleted.")
