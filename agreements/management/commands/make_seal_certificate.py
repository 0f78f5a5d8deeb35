"""Make the development certificate that seals approved agreements (`make run` calls this)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements.sealing import make_development_certificate


class Command(BaseCommand):
    help = (
        "Write a self-signed key and certificate for sealing approved agreements to "
        "AGREEMENT_SEAL_KEY_FILE and AGREEMENT_SEAL_CERT_FILE (in development: var/seal/), unless they "
        "exist. For development only: in production the operator configures a real certificate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also run when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "A self-signed certificate is for development; it refuses to run with DEBUG off."
            )
        key_file, cert_file = settings.AGREEMENT_SEAL_KEY_FILE, settings.AGREEMENT_SEAL_CERT_FILE
        if not key_file or not cert_file:
            raise CommandError("Set AGREEMENT_SEAL_KEY_FILE and AGREEMENT_SEAL_CERT_FILE.")
        key_path, cert_path = Path(key_file), Path(cert_file)
        if key_path.exists() or cert_path.exists():
            self.stdout.write(f"The seal's certificate exists: {cert_path}")
            return
        make_development_certificate(
            key_file=key_path, cert_file=cert_path, common_name="Samverkan utvecklingssigill"
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote a development certificate to {cert_path}"))
