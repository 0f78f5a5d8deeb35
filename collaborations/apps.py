from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CollaborationsConfig(AppConfig):
    name = "collaborations"
    verbose_name = _("Collaborations")

    def ready(self):
        from samverkan.sqlite import register_functions

        connection_created.connect(register_functions, dispatch_uid="samverkan_sqlite_functions")
