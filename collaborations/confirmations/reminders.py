"""Reminders, by hand and automatic, and e-mails that failed sent again (`manage.py send_reminders`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations import tasks
from collaborations.confirmations.asked import skip_reason
from collaborations.confirmations.queries import current_recipient
from collaborations.confirmations.sending import issue_link
from collaborations.models import (
    ACTIVE_PARTY_STATES,
    ConfirmationRecipient,
    Invitation,
    InvitationPurpose,
    MailStatus,
    PartyRole,
)
from samverkan.errors import DomainError


@transaction.atomic
def remind(*, party, subject, reminded_by, base_url) -> Invitation:
    """E-mail a reminder with a new link to a party that has not answered the current version of
    `subject` (the problem description, or the agreement sent for approval)."""
    if party.collaboration.is_closed:
        raise DomainError(_("The collaboration is closed."))
    recipient = current_recipient(party, subject=subject)
    if recipient is None:
        raise DomainError(subject.not_asked_text(party))
    if recipient.has_answered:
        raise DomainError(
            _("%(organisation)s has already answered.") % {"organisation": party.organisation.name}
        )
    reason = skip_reason(party)
    if reason:
        raise DomainError(reason)
    purpose = _reminder_purpose(recipient)
    recipient.last_reminded_at = timezone.now()
    recipient.save(update_fields=["last_reminded_at"])
    return issue_link(recipient, purpose=purpose, created_by=reminded_by, base_url=base_url)


def _reminder_purpose(recipient) -> str:
    """A reminder; but a party asked before it had a contact address has had no e-mail yet, and gets
    the invitation."""
    return InvitationPurpose.REMINDER if recipient.invitations.exists() else InvitationPurpose.INVITATION


def send_automatic_reminders(*, now=None) -> int:
    """Remind every party that has not answered the current version and was last e-mailed about it
    (sent, resent or reminded, by hand or automatically) at least CONFIRMATION_REMINDER_DAYS ago; at
    most CONFIRMATION_MAX_AUTOMATIC_REMINDERS times per version, never once it has answered or
    declined. Returns the number of reminders."""
    now = now or timezone.now()
    due = now - timedelta(days=settings.CONFIRMATION_REMINDER_DAYS)
    recent_mail = Invitation.objects.filter(recipient_id=OuterRef("pk"), created_at__gt=due)
    candidates = (
        ConfirmationRecipient.objects.filter(
            request__superseded_at__isnull=True,
            request__collaboration__closed_at__isnull=True,
            request__sent_at__lte=due,
            answer="",
            party__role=PartyRole.PARTNER,
            party__state__in=ACTIVE_PARTY_STATES,
            automatic_reminders__lt=settings.CONFIRMATION_MAX_AUTOMATIC_REMINDERS,
        )
        .exclude(party__contact_email="")
        .exclude(Exists(recent_mail))
        .values_list("pk", flat=True)
    )
    sent = 0
    for recipient_id in list(candidates):
        with transaction.atomic():
            recipient = (
                ConfirmationRecipient.objects.select_for_update(of=("self",))
                .select_related("party__organisation", "request")
                .get(pk=recipient_id)
            )
            # Checked again under the lock: someone may have answered or reminded meanwhile.
            if recipient.has_answered or recipient.invitations.filter(created_at__gt=due).exists():
                continue
            base_url = tasks.last_base_url(recipient.request.collaboration_id, party_id=recipient.party_id)
            if not (settings.SITE_URL or base_url):
                continue  # no address to put in the link; staff send it by hand
            purpose = _reminder_purpose(recipient)
            recipient.last_reminded_at = now
            recipient.automatic_reminders += 1
            recipient.save(update_fields=["last_reminded_at", "automatic_reminders"])
            issue_link(recipient, purpose=purpose, created_by=None, base_url=base_url, now=now)
            sent += 1
    return sent


def retry_failed_mail(*, now=None) -> int:
    """Send again every invitation whose e-mail failed and whose next attempt is due, and those whose
    sending was interrupted (tasks.retake_interrupted_mail)."""
    now = now or timezone.now()
    due = (
        Invitation.objects.open()
        .filter(mail_status=MailStatus.FAILED, next_attempt_at__lte=now)
        .values_list("pk", flat=True)
    )
    count = 0
    for invitation_id in list(due):
        tasks.send_invitation_mail.enqueue(invitation_id)
        count += 1
    return count + tasks.retake_interrupted_mail(now=now)
