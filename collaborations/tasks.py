"""E-mails about confirmations of the problem description and approvals of the agreement, sent by the
task worker (`manage.py db_worker`).

A failing mail server loses nothing. The invitation stays pending with its state (attempts, last error,
next attempt) visible to staff in the confirmation matrix; the send is retried later, by a deferred
task where the backend supports it and in any case by `manage.py send_reminders`, which picks up
every failed send whose next attempt is due. Sending is idempotent: an invitation already sent (or being
sent), or no longer open, is left alone, so a retry that arrives twice sends once. The tasks hold no
transaction open while they talk to the mail server (see deliver_invitation).
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collaborations.confirmations.links import hash_token
from collaborations.confirmations.queries import last_answer_before
from collaborations.confirmations.subject import subject_of
from collaborations.models import (
    ConfirmationRecipient,
    ConfirmationRequest,
    EventKind,
    Invitation,
    InvitationPurpose,
    MailStatus,
    Membership,
)
from samverkan.events import record_event

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = timedelta(days=14)


def retry_delays() -> list[timedelta]:
    """The waits between failed attempts; after the last one staff must resend by hand."""
    return [timedelta(minutes=minutes) for minutes in settings.CONFIRMATION_MAIL_RETRY_MINUTES]


def _defer(task_function, *args, run_after):
    """Enqueue a retry to run later when the backend can wait; otherwise `send_reminders` retries."""
    if task_function.get_backend().supports_defer:
        task_function.using(run_after=run_after).enqueue(*args)


# --- Invitations and reminders ------------------------------------------------------------------


@task
def send_invitation_mail(invitation_id: int) -> str:
    """Send one invitation or reminder e-mail; returns the invitation's mail status."""
    return deliver_invitation(invitation_id=invitation_id)


def deliver_invitation(*, invitation_id: int) -> str:
    """Make the token, send the e-mail and record the outcome. Safe to call more than once.

    Claim, commit, then send: a short transaction claims the invitation (token hash, expiry, claim
    time) and commits; the e-mail is sent with no transaction or row lock open (an SMTP timeout holds
    nothing up); a second short transaction records the outcome. A worker killed between the two
    leaves a claim that `retake_interrupted_mail` takes up, and a link that works if the e-mail went
    out."""
    invitation, token = _claim(invitation_id)
    if token is None:
        return invitation.mail_status if invitation else ""
    try:
        invitation_message(invitation, token).send()
    except Exception as error:
        logger.warning("Invitation %s to %s could not be sent: %s", invitation.pk, invitation.email, error)
        return _record_outcome(invitation, error=error)
    return _record_outcome(invitation, error=None)


@transaction.atomic
def _claim(invitation_id):
    """(invitation, token) once the invitation is claimed for sending; (invitation or None, None) when
    there is nothing to send: gone, no longer open, sent or being sent, or a failed one not yet due."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related(
            "created_by",
            "recipient__party__organisation",
            "recipient__request__collaboration__lead_organisation",
            "recipient__request__sent_by",
            "recipient__request__problem",
            "recipient__request__agreement",
        )
        .filter(pk=invitation_id)
        .first()
    )
    now = timezone.now()
    if invitation is None or not invitation.is_open:
        return invitation, None
    if invitation.mail_status not in (MailStatus.PENDING, MailStatus.FAILED):
        return invitation, None
    if invitation.mail_status == MailStatus.FAILED and (
        invitation.next_attempt_at is None or invitation.next_attempt_at > now
    ):
        return invitation, None
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.expires_at = now + INVITATION_VALIDITY
    invitation.claimed_at = now
    invitation.mail_status = MailStatus.SENDING
    invitation.mail_attempts += 1
    invitation.save(update_fields=["token_hash", "expires_at", "claimed_at", "mail_status", "mail_attempts"])
    return invitation, token


@transaction.atomic
def _record_outcome(invitation, *, error) -> str:
    """Record that the claimed e-mail was sent, or failed with `error`. Only the mail fields are
    written: staff may have revoked or replaced the link while it was being sent."""
    status = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(pk=invitation.pk)
        .values_list("mail_status", flat=True)
        .first()
    )
    if status is None:
        return ""  # deleted with its collaboration meanwhile
    if error is not None:
        # Taken up again meanwhile (the send outlasted the claim): that new e-mail is the retry.
        _record_failure(invitation, error, timezone.now(), retry=status == MailStatus.SENDING)
        return invitation.mail_status
    invitation.mail_status = MailStatus.SENT
    invitation.mail_sent_at = invitation.claimed_at  # as before: the link is valid 14 days from then
    invitation.mail_error = ""
    invitation.next_attempt_at = None
    invitation.save(update_fields=["mail_status", "mail_sent_at", "mail_error", "next_attempt_at"])
    kind = (
        EventKind.REMINDER_SENT
        if invitation.purpose == InvitationPurpose.REMINDER
        else EventKind.INVITATION_SENT
    )
    record_event(
        collaboration=invitation.recipient.request.collaboration,
        kind=kind,
        actor=invitation.created_by,
        detail=_invitation_detail(invitation),
    )
    return invitation.mail_status


def _record_failure(invitation, error, now, *, retry=True):
    delays = retry_delays()
    attempt = invitation.mail_attempts
    invitation.mail_status = MailStatus.FAILED
    invitation.mail_error = f"{type(error).__name__}: {error}"[:300]
    invitation.token_hash = None
    invitation.expires_at = None
    invitation.next_attempt_at = now + delays[attempt - 1] if retry and attempt <= len(delays) else None
    invitation.save(
        update_fields=["mail_status", "mail_error", "token_hash", "expires_at", "next_attempt_at"]
    )
    with translation.override(settings.LANGUAGE_CODE):
        if invitation.next_attempt_at:
            outcome = _("attempt %(attempt)s, tries again %(time)s") % {
                "attempt": attempt,
                "time": timezone.localtime(invitation.next_attempt_at).strftime("%Y-%m-%d %H:%M"),
            }
        else:
            outcome = _("attempt %(attempt)s, no more attempts: send it again by hand") % {"attempt": attempt}
        detail = f"{_invitation_detail(invitation, with_purpose=True)}; {outcome}"
    record_event(
        collaboration=invitation.recipient.request.collaboration,
        kind=EventKind.MAIL_FAILED,
        actor=invitation.created_by,
        detail=detail,
    )
    if invitation.next_attempt_at:
        _defer(send_invitation_mail, invitation.pk, run_after=invitation.next_attempt_at)


def retake_interrupted_mail(*, now=None) -> int:
    """Send again the invitations whose sending started CONFIRMATION_MAIL_CLAIM_MINUTES ago or more and
    was never recorded: the worker died (or hung) while sending. Returns how many were sent again.

    That e-mail may have gone out, so its link is left working: the invitation is marked interrupted
    (its token stays) and the retake is a new invitation with a new link, which replaces no other. A
    retake counts as an attempt: after as many as a failing mail server gets, staff send it by hand."""
    now = now or timezone.now()
    stale = Invitation.objects.open().filter(
        mail_status=MailStatus.SENDING,
        claimed_at__lte=now - timedelta(minutes=settings.CONFIRMATION_MAIL_CLAIM_MINUTES),
    )
    count = 0
    for invitation_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the lock: the worker may have recorded it meanwhile.
            invitation = (
                stale.select_for_update(of=("self",))
                .select_related("created_by", "recipient__party__organisation", "recipient__request")
                .filter(pk=invitation_id)
                .first()
            )
            if invitation is None:
                continue
            invitation.mail_status = MailStatus.INTERRUPTED
            invitation.save(update_fields=["mail_status"])
            attempt = invitation.mail_attempts
            again = attempt <= len(retry_delays())
            with translation.override(settings.LANGUAGE_CODE):
                if again:
                    outcome = _(
                        "sending was interrupted at attempt %(attempt)s; sent again with a new link, and "
                        "the first link still works"
                    )
                else:
                    outcome = _(
                        "sending was interrupted at attempt %(attempt)s; no more attempts: send it again "
                        "by hand"
                    )
                detail = (
                    f"{_invitation_detail(invitation, with_purpose=True)}; {outcome % {'attempt': attempt}}"
                )
            record_event(
                collaboration=invitation.recipient.request.collaboration,
                kind=EventKind.MAIL_FAILED,
                actor=invitation.created_by,
                detail=detail,
            )
            if not again:
                continue
            retake = Invitation.objects.create(
                recipient=invitation.recipient,
                email=invitation.email,
                language=invitation.language,
                purpose=invitation.purpose,
                base_url=invitation.base_url,
                created_by=invitation.created_by,
                created_at=now,
                mail_attempts=attempt,
            )
            send_invitation_mail.enqueue(retake.pk)
            count += 1
    return count


def _invitation_detail(invitation, *, with_purpose=False) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        detail = subject_of(invitation.recipient.request).mail_detail(invitation)
        if with_purpose:
            detail = f"{invitation.get_purpose_display()}: {detail}"
        return detail


def invitation_link(invitation, token: str) -> str:
    base = (settings.SITE_URL or invitation.base_url).rstrip("/")
    return base + reverse("invitation_landing", kwargs={"token": token})


def invitation_message(invitation, token: str) -> EmailMessage:
    """The e-mail, in the language chosen for the party, with the personal link: to confirm the problem
    description, or to approve the agreement."""
    request = invitation.recipient.request
    collaboration = request.collaboration
    sender = invitation.created_by or request.sent_by
    subject = subject_of(request)
    # A new version asked again names the one the party answered and what has changed since.
    earlier = last_answer_before(invitation.recipient)
    if earlier is not None and subject.of(earlier.request).pk == subject.of(request).pk:
        earlier = None  # the same version sent again (an agreement changed and changed back)
    context = {
        **subject.mail_context(invitation.recipient),
        "earlier": earlier,
        "has_account": get_user_model().objects.filter(email__iexact=invitation.email).exists(),
        "invitation": invitation,
        "is_reminder": invitation.purpose == InvitationPurpose.REMINDER,
        "party": invitation.recipient.party,
        "collaboration": collaboration,
        "request": request,
        "version": request.version,
        "sender": sender,
        "link": invitation_link(invitation, token),
        "valid_until": timezone.localtime(invitation.expires_at).date(),
        "validity_days": INVITATION_VALIDITY.days,
    }
    with translation.override(invitation.language):
        if earlier is not None:
            context["changes"] = subject.changes_in_words(subject.of(earlier.request), subject.of(request))
        subject_line = render_to_string("collaborations/email/invitation_subject.txt", context)
        body = render_to_string("collaborations/email/invitation_message.txt", context)
    return EmailMessage(
        subject=" ".join(subject_line.split()),
        body=body,
        to=[invitation.email],
        reply_to=[sender.email] if sender else [],
    )


# --- Every party agrees -------------------------------------------------------------------------


@task
def send_all_agreed_mail(request_id: int, attempt: int = 1) -> bool:
    """Tell the lead organisation's staff that every party agrees on the version."""
    request = (
        ConfirmationRequest.objects.select_related("collaboration__lead_organisation", "problem", "agreement")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.all_agreed_at is None:
        return False
    staff = _lead_staff_addresses(request.collaboration)
    if not staff:
        return False
    subject = subject_of(request)
    context = {
        **subject.mail_context(),
        "collaboration": request.collaboration,
        "request": request,
        "version": request.version,
        "answers": list(
            request.recipients.select_related("party__organisation", "answered_by").order_by(
                "party__organisation__name"
            )
        ),
        "matrix_link": (settings.SITE_URL or last_base_url(request.collaboration_id)).rstrip("/")
        + reverse(subject.staff_page, kwargs={"pk": request.collaboration_id}),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("collaborations/email/all_agreed_subject.txt", context)
        body = render_to_string("collaborations/email/all_agreed_message.txt", context)
    try:
        EmailMessage(subject=" ".join(subject.split()), body=body, to=staff).send()
    except Exception as error:
        logger.warning("The all-agreed e-mail for request %s could not be sent: %s", request.pk, error)
        delays = retry_delays()
        with translation.override(settings.LANGUAGE_CODE):
            detail = _("to the lead organisation's staff that every party agrees: %(error)s") % {
                "error": f"{type(error).__name__}: {error}"
            }
        record_event(
            collaboration=request.collaboration, kind=EventKind.MAIL_FAILED, actor=None, detail=detail
        )
        if attempt <= len(delays):
            _defer(
                send_all_agreed_mail, request.pk, attempt + 1, run_after=timezone.now() + delays[attempt - 1]
            )
        return False
    return True


# --- A party wants changes or declines --------------------------------------------------------


@task
def send_answer_mail(recipient_id: int) -> bool:
    """Tell the lead organisation's staff that a party wants changes or declines, with its comment and
    a link to the page where they follow the answers and act on them."""
    recipient = (
        ConfirmationRecipient.objects.select_related(
            "party__organisation",
            "answered_by",
            "request__collaboration",
            "request__problem",
            "request__agreement",
        )
        .defer("request__agreement__pdf")
        .filter(pk=recipient_id)
        .first()
    )
    if recipient is None or not recipient.has_answered:
        return False
    request = recipient.request
    staff = _lead_staff_addresses(request.collaboration)
    if not staff:
        return False
    subject = subject_of(request)
    context = {
        **subject.mail_context(),
        "collaboration": request.collaboration,
        "recipient": recipient,
        "party": recipient.party,
        "version": request.version,
        "is_decline": recipient.answer == "decline",
        "link": (settings.SITE_URL or last_base_url(request.collaboration_id)).rstrip("/")
        + reverse(subject.staff_page, kwargs={"pk": request.collaboration_id}),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject_line = render_to_string("collaborations/email/answer_subject.txt", context)
        body = render_to_string("collaborations/email/answer_message.txt", context)
    try:
        EmailMessage(subject=" ".join(subject_line.split()), body=body, to=staff).send()
    except Exception as error:
        logger.warning("The answer e-mail for recipient %s could not be sent: %s", recipient.pk, error)
        with translation.override(settings.LANGUAGE_CODE):
            detail = _("to the lead organisation's staff about the answer of %(organisation)s: %(error)s") % {
                "organisation": recipient.party.organisation.name,
                "error": f"{type(error).__name__}: {error}",
            }
        record_event(
            collaboration=request.collaboration, kind=EventKind.MAIL_FAILED, actor=None, detail=detail
        )
        return False
    return True


def _lead_staff_addresses(collaboration) -> list[str]:
    return list(
        Membership.objects.filter(organisation_id=collaboration.lead_organisation_id)
        .values_list("user__email", flat=True)
        .order_by("user__email")
    )


def last_base_url(collaboration_id, *, party_id=None) -> str:
    """The service's address as staff last used it (for links in mail sent without a request, while
    SITE_URL is unset): in a link to the party, else in any link of the collaboration; "" if none."""
    links = Invitation.objects.order_by("-created_at").values_list("base_url", flat=True)
    if party_id is not None:
        url = links.filter(recipient__party_id=party_id).first()
        if url:
            return url
    return links.filter(recipient__request__collaboration_id=collaboration_id).first() or ""
