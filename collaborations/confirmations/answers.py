"""A party's answer to the version it read."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations.confirmations.consensus import note_agreement
from collaborations.confirmations.subject import subject_of
from collaborations.models import Collaboration, ConfirmationAnswer, ConfirmationRecipient, Party
from collaborations.services import touch
from samverkan.errors import DomainError
from samverkan.events import record_event


def _lock_for_answer(recipient) -> ConfirmationRecipient:
    """`recipient` read again with its party, locked in the one order every answer takes: the
    collaboration, then the recipient, then the party. Answers in the same collaboration queue on the
    first lock, so the "every party agrees" check sees each answer committed before its own."""
    Collaboration.objects.lock(recipient.request.collaboration_id)
    recipient = (
        ConfirmationRecipient.objects.select_for_update(of=("self",))
        .select_related("request__problem", "request__agreement", "request__collaboration")
        .defer("request__agreement__pdf")
        .get(pk=recipient.pk)
    )
    recipient.party = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation", "collaboration")
        .get(pk=recipient.party_id)
    )
    return recipient


@transaction.atomic
def submit_answer(
    *, subject, recipient, answered_by, seen_version, answer, comment=""
) -> ConfirmationRecipient:
    """Record the party's answer to the current version of `subject`, one of the answers the subject
    allows; wanting changes needs a comment. `seen_version` is the version the person read: if a
    newer one was sent meanwhile, nothing is saved and DomainError says so."""
    recipient = _lock_for_answer(recipient)
    request = recipient.request
    party = recipient.party
    if subject_of(request) is not subject:
        raise DomainError(subject.wrong_request_text())
    if request.collaboration.is_closed:
        raise DomainError(_("The collaboration is closed and answers can no longer be changed."))
    if not request.is_current or request.version != seen_version:
        raise DomainError(subject.newer_version_text())
    if not subject.may_answer(party):
        raise DomainError(subject.no_longer_asked_text(party))
    if answer not in subject.answers:
        raise DomainError(subject.choose_answer_text())
    comment = comment.strip()
    if answer == ConfirmationAnswer.CHANGES and not comment:
        raise DomainError(_("Write what you want changed."))
    recipient.answer = answer
    recipient.comment = comment
    recipient.answered_by = answered_by
    recipient.answered_at = timezone.now()
    recipient.save(update_fields=["answer", "comment", "answered_by", "answered_at"])
    subject.after_answer(recipient, answered_by=answered_by)
    kind, detail = subject.answer_event(recipient)
    record_event(collaboration=request.collaboration, kind=kind, actor=answered_by, detail=detail)
    note_agreement(request, actor=answered_by)
    touch(request.collaboration)
    return recipient
