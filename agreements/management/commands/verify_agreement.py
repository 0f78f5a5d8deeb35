"""Check the seal of an agreement PDF and show the evidence embedded in it."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agreements import sealing


class Command(BaseCommand):
    help = (
        "Check that a sealed agreement PDF is unchanged and signed with a trusted certificate (the "
        "configured one unless --trust names another), and print the approvals embedded in it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The sealed PDF.")
        parser.add_argument("--trust", type=Path, help="The certificate (PEM) to trust.")

    def handle(self, *args, file, trust=None, **options):
        trust = trust or (
            Path(settings.AGREEMENT_SEAL_CERT_FILE) if settings.AGREEMENT_SEAL_CERT_FILE else None
        )
        if trust is None or not trust.is_file():
            raise CommandError("Name the certificate to trust with --trust.")
        try:
            pdf = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Could not read {file}: {error}") from error
        result = sealing.verify_sealed_pdf(pdf, trusted_certificates=[sealing.load_certificate(trust)])
        self.stdout.write(
            f"intact: {result.intact}, valid: {result.valid}, trusted: {result.trusted}, "
            f"covers the whole file: {result.covers_whole_file} ({result.summary})"
        )
        if result.evidence is not None:
            self.stdout.write(json.dumps(result.evidence, ensure_ascii=False, indent=2))
        if not result.ok:
            raise CommandError(
                "The seal does not hold: the file was changed, or is not sealed by this certificate."
            )
        self.stdout.write(self.style.SUCCESS("The seal holds."))
