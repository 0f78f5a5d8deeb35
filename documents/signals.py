"""A document's file goes when its row goes, however the row is deleted: by staff on the page, in the
admin, or with its collaboration (a cascade). The file is removed once the deletion is committed, so a
deletion that is rolled back keeps it."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from documents.models import Document


@receiver(post_delete, sender=Document, dispatch_uid="documents.remove_file")
def remove_file(sender, instance, **kwargs):
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
