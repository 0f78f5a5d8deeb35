import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        # WeasyPrint announces every step of its work at INFO ("Step 2 - Fetching and parsing CSS"),
        # already when it is imported: noise in the server's log. Its warnings and errors still show.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        # The agreement version is a subject of the confirmation flow: it registers itself, so that the
        # flow (e-mails, reminders, "every party agrees") knows it in every process, the task worker too.
        from agreements import approval, tasks

        # Once every party approves a version, it is sealed in the background (agreements/sealing.py).
        approval.AGREEMENT.on_all_agreed = tasks.seal_approved_agreement.enqueue
        # The version sent for approval gets its PDF at once, from the worker.
        approval.AGREEMENT.on_sent = tasks.render_sent_version
