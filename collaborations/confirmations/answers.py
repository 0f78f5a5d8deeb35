"""A party's answer to the version it read: by its representative, or with the e-mailed link alone."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations import tasks
from collaborations.confirmations import links
from collaborations.confirmations.consensus import note_agreement
from collaborations.confirmations.subject import subject_of, swedish
from collaborations.models import (
    Collaboration,
    ConfirmationAnswer,
    ConfirmationRecipient,
    Invitation,
    InvitationState,
    Party,
)
from collaborations.services import touch
from samverkan.errors import DomainError
from samverkan.events import record_event

# Answers the lead's staff are told about at once, with the comment.
ANSWERS_THE_LEAD_IS_TOLD = (ConfirmationAnswer.CHANGES, ConfirmationAnswer.DECLINE)


@dataclass(frozen=True)
class LinkAnswerer:
    """Who answers with the e-mailed link alone: the address it was sent to, and the name and title the
    person gives (not verified: see README, "Answering through the link")."""

    email: str
    name: str
    title: str = ""


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
    *, subject, recipient, answered_by, seen_version, answer, comment="", through_link=None
) -> ConfirmationRecipient:
    """Record the party's answer to the current version of `subject`, one of the answers the subject
    allows; wanting changes needs a comment. `seen_version` is the version the person read: if a
    newer one was sent meanwhile, nothing is saved and DomainError says so. An answer given with the
    link alone has no `answered_by` but `through_link` (a LinkAnswerer). The lead's staff are e-mailed
    when a party wants changes or declines."""
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
    if through_link is not None and not through_link.name.strip():
        raise DomainError(_("Write your name."))
    recipient.answer = answer
    recipient.comment = comment
    recipient.answered_by = answered_by
    recipient.answered_at = timezone.now()
    recipient.link_email = through_link.email if through_link else ""
    recipient.link_name = through_link.name.strip() if through_link else ""
    recipient.link_title = through_link.title.strip() if through_link else ""
    recipient.save(
        update_fields=[
            "answer",
            "comment",
            "answered_by",
            "answered_at",
            "link_email",
            "link_name",
            "link_title",
        ]
    )
    subject.after_answer(recipient, answered_by=answered_by)
    kind, detail = subject.answer_event(recipient)
    if through_link is not None:
        detail = f"{detail}; {swedish(recipient.respondent)}"
    record_event(collaboration=request.collaboration, kind=kind, actor=answered_by, detail=detail)
    note_agreement(request)
    if answer in ANSWERS_THE_LEAD_IS_TOLD:
        tasks.send_answer_mail.enqueue(recipient.pk)
    touch(request.collaboration)
    return recipient


@transaction.atomic
def answer_through_link(
    *, invitation, user, seen_version, answer, comment="", name="", title=""
) -> ConfirmationRecipient:
    """Answer what `invitation` asks with its link, whoever follows it: the link is personal to the
    party's contact, expiring and revocable, and it is the proof. Someone logged in with the verified
    address the link was sent to answers as themselves and becomes the party's representative (the
    link is then used up); anyone else answers with the name and title they give, recorded with the
    address, and the link keeps working until it expires, so that the answer can be changed or an
    account made. DomainError says why nothing was saved."""
    Collaboration.objects.lock(invitation.recipient.request.collaboration_id)
    # The party before its link, the order accept_invitation takes them in.
    party = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation", "collaboration")
        .get(pk=invitation.recipient.party_id)
    )
    locked = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    locked.recipient = invitation.recipient
    locked.recipient.party = party
    state = links.usable_state(locked)
    if state != InvitationState.VALID:
        raise links.InvitationUnusable(state)
    signed_in = links.user_has_email(user, invitation.email)
    if signed_in:
        links.accept_invitation(invitation=locked, user=user)
    return submit_answer(
        subject=subject_of(invitation.recipient.request),
        recipient=invitation.recipient,
        answered_by=user if signed_in else None,
        seen_version=seen_version,
        answer=answer,
        comment=comment,
        through_link=None if signed_in else LinkAnswerer(email=invitation.email, name=name, title=title),
    )
