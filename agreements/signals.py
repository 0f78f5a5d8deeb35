"""Render the agreement ahead whenever its collaboration changes (agreements/tasks.py)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from agreements.tasks import render_ahead
from collaborations.models import Collaboration


@receiver(post_save, sender=Collaboration, dispatch_uid="agreements.render_ahead")
def collaboration_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        render_ahead(instance.pk)
