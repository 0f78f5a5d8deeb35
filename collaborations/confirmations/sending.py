"""Sending a version to the parties, and a party its link again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaborations import tasks
from collaborations.confirmations.asked import last_languages, skip_reason
from collaborations.confirmations.queries import current_request
from collaborations.confirmations.subject import PROBLEM, subject_of
from collaborations.models import (
    Collaboration,
    ConfirmationRecipient,
    ConfirmationRequest,
    Invitation,
    InvitationPurpose,
    MailLanguage,
    PartyState,
)
from collaborations.services import touch
from samverkan.errors import DomainError
from samverkan.events import record_event


def issue_link(recipient, *, purpose, created_by, base_url, now=None) -> Invitation:
    """A new link for the party's contact, e-mailed by the task worker. Older open links of the party
    about the same subject (the problem description, or the agreement) stop working: only the newest
    e-mail's link is valid, so a changed contact address does not leave a working link behind. A link
    about the other subject is left alone: the party may be asked about both at once."""
    party = recipient.party
    now = now or timezone.now()
    key = subject_of(recipient.request).key
    Invitation.objects.open().filter(
        recipient__party=party, **{f"recipient__request__{key}__isnull": False}
    ).update(replaced_at=now)
    invitation = Invitation.objects.create(
        recipient=recipient,
        email=party.contact_email,
        language=recipient.language,
        purpose=purpose,
        base_url=base_url,
        created_by=created_by,
        created_at=now,
    )
    tasks.send_invitation_mail.enqueue(invitation.pk)
    return invitation


@transaction.atomic
def send(*, subject, version, sent_by, base_url, languages=None, message="") -> ConfirmationRequest:
    """Ask the parties `subject` asks (subject.parties_to_ask) to answer `version`, one exact version of
    it; the request about an earlier version is replaced, its answers kept. Parties with a contact
    address are e-mailed a link. `languages` maps party ids to the language of their e-mail (default:
    the one chosen last time, else Swedish). DomainError says why nothing was sent."""
    collaboration = version.collaboration
    # One sender at a time: the request replaced and the new one must be the same for both.
    Collaboration.objects.lock(collaboration.pk)
    parties = subject.parties_to_ask(version)
    now = timezone.now()
    subject.requests().current().filter(collaboration=collaboration).update(superseded_at=now)
    request = ConfirmationRequest.objects.create(
        collaboration=collaboration, message=message, sent_by=sent_by, sent_at=now, **{subject.key: version}
    )
    record_event(
        collaboration=collaboration,
        kind=subject.sent_event,
        actor=sent_by,
        detail=subject.sent_detail(version, parties),
    )
    chosen = {**last_languages(collaboration), **(languages or {})}
    for party in parties:
        if party.state == PartyState.PROPOSED:
            party.state = PartyState.INVITED
            party.save(update_fields=["state"])
        recipient = ConfirmationRecipient.objects.create(
            request=request, party=party, language=chosen.get(party.pk, MailLanguage.SWEDISH)
        )
        if not skip_reason(party):
            issue_link(recipient, purpose=InvitationPurpose.INVITATION, created_by=sent_by, base_url=base_url)
    touch(collaboration)
    subject.when_sent(request)
    return request


@transaction.atomic
def resend_invitation(*, party, sent_by, base_url) -> Invitation:
    """A new invitation link for the current version of the problem description, to the party's
    contact address as it is now.

    Also asks a party that was added (or given an e-mail address) after the version was sent.
    """
    request = current_request(party.collaboration, subject=PROBLEM)
    if request is None:
        raise DomainError(_("The problem description has not been sent for confirmation yet."))
    if party.collaboration.is_closed:
        raise DomainError(_("The collaboration is closed."))
    reason = skip_reason(party)
    if reason:
        raise DomainError(reason)
    language = last_languages(party.collaboration).get(party.pk, MailLanguage.SWEDISH)
    recipient, _created = ConfirmationRecipient.objects.get_or_create(
        request=request, party=party, defaults={"language": language}
    )
    if party.state == PartyState.PROPOSED:
        party.state = PartyState.INVITED
        party.save(update_fields=["state"])
    touch(party.collaboration)  # one more party asked: the checklist's step 5 counts it
    return issue_link(recipient, purpose=InvitationPurpose.INVITATION, created_by=sent_by, base_url=base_url)
