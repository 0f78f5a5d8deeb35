"""Send the automatic reminders and retry failed invitation e-mails, and delete ended invitations after
INVITATION_RETENTION_DAYS (accounts.services.purge_ended_invitations). Run it periodically: `make run`
and docker-compose run it with --every; a cron job running it once every few minutes does the same."""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from accounts.services import purge_ended_invitations
from collaborations.confirmations import reminders


class Command(BaseCommand):
    help = (
        "Remind parties that have not answered the latest version (CONFIRMATION_REMINDER_DAYS) and send "
        "again invitations whose e-mail failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS seconds, instead of once.",
        )

    def handle(self, *args, every=None, **options):
        while True:
            retried = reminders.retry_failed_mail()
            reminded = reminders.send_automatic_reminders()
            purged = purge_ended_invitations()
            self.stdout.write(
                f"send_reminders: {reminded} reminder(s) queued, {retried} failed e-mail(s) retried, "
                f"{purged} ended invitation(s) deleted."
            )
            if not every:
                return
            close_old_connections()
            time.sleep(every)
