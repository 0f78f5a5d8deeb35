"""Seal every agreement whose parties have all approved it and that has no seal yet."""

from django.core.management.base import BaseCommand, CommandError

from agreements import sealing


class Command(BaseCommand):
    help = (
        "Seal the approved agreements that are waiting (approved while no certificate was configured, "
        "or when the worker failed)."
    )

    def handle(self, *args, **options):
        try:
            sealing.configured_seal()
        except sealing.SealingUnavailable as error:
            raise CommandError(str(error)) from error
        count = sealing.seal_waiting()
        self.stdout.write(f"Sealed {count} agreement(s).")
