"""The moment every asked party agrees with a version: recorded once, told to the lead's staff, and
forgotten again when an answer changes."""

from django.utils import timezone

from collaborations import tasks
from collaborations.confirmations.queries import request_summary
from collaborations.confirmations.subject import subject_of, swedish
from collaborations.models import ConfirmationRequest
from samverkan.events import record_event


def note_agreement(request):
    """Record the moment every asked party agrees (once per version) and tell the lead's staff; forget
    it again when an answer changes or a party is no longer waited for. The log credits no person:
    the service notes the moment, whoever's answer completed it (that answer has its own entry)."""
    summary = request_summary(request)
    if summary.all_agree and request.all_agreed_at is None:
        request.all_agreed_at = timezone.now()
        request.save(update_fields=["all_agreed_at"])
        record_event(
            collaboration=request.collaboration,
            kind=subject_of(request).all_agreed_event,
            actor=None,
            detail=swedish(lambda: subject_of(request).all_agreed_detail(request, summary)),
        )
        tasks.send_all_agreed_mail.enqueue(request.pk)
        subject_of(request).when_all_agree(request)
    elif not summary.all_agree and request.all_agreed_at is not None:
        request.all_agreed_at = None
        request.save(update_fields=["all_agreed_at"])


def recheck_all_agreed(collaboration):
    """After a party stopped being waited for (declined, made an observer): does every party still
    asked now agree with the current versions? Records it and tells the lead, as an answer would."""
    for request in ConfirmationRequest.objects.current().filter(collaboration=collaboration):
        note_agreement(request)
