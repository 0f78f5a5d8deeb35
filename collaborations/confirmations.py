"""Send one exact version to the parties, collect their answers, remind, and tell when all agree.

The mechanism is built around `ConfirmationRequest` (one version sent), `ConfirmationRecipient`
(one party asked, and its answer) and `Invitation` (one e-mailed link). The problem description is its
first subject; the agreement draft (issue 5) reuses it all (invitations, reminders, answers, the
moment every party agrees) by giving the request another subject.

Who is asked: every party with the role "partner" (not the lead, not observers) whose state is
proposed, invited or joined and that has a contact e-mail address. Sending makes a proposed party
invited. Accepting an invitation makes the party joined; answering "agrees" or "wants changes" does
too, and "declines" makes it declined. A declined party is not asked about later versions.

Every operation here runs in one transaction and writes the event log; e-mails go through
`collaborations.tasks`.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collaborations import tasks
from collaborations.models import (
    Collaboration,
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    EventKind,
    Invitation,
    InvitationPurpose,
    InvitationState,
    MailLanguage,
    MailStatus,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    Representation,
)
from collaborations.services import DomainError, end_links_no_longer_meant, record_event, touch

ASKED_PARTY_STATES = [PartyState.PROPOSED, PartyState.INVITED, PartyState.JOINED]


class InvitationUnusable(DomainError):
    """The link cannot be used; `state` says why (an InvitationState value)."""

    def __init__(self, state):
        self.state = state
        super().__init__(InvitationState(state).label)


class WrongUser(DomainError):
    """The signed-in user's e-mail address is not the one the invitation was sent to."""


def _swedish(text_function):
    """Event details are written in the service's default language, whoever triggered them."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_function()


# --- Who is asked -------------------------------------------------------------------------------


def skip_reason(party) -> str:
    """Why `party` gets no invitation, or "" when it does."""
    if party.role == PartyRole.LEAD:
        return _("Your own organisation is not asked.")
    if party.role != PartyRole.PARTNER:
        return _("Observers are not asked to confirm.")
    if party.state not in ASKED_PARTY_STATES:
        return _("The party has declined to take part.")
    if not party.contact_email:
        return _("The party has no contact e-mail address.")
    return ""


def split_parties(collaboration):
    """(parties that will be asked, [(party, reason) for those that will not]), the lead left out."""
    asked, skipped = [], []
    parties = collaboration.parties.select_related("organisation").exclude(role=PartyRole.LEAD)
    for party in parties.order_by("organisation__name"):
        reason = skip_reason(party)
        if reason:
            skipped.append((party, reason))
        else:
            asked.append(party)
    return asked, skipped


def last_languages(collaboration) -> dict[int, str]:
    """The e-mail language last chosen for each party, to offer it again."""
    rows = (
        ConfirmationRecipient.objects.filter(request__collaboration=collaboration)
        .order_by("request__sent_at", "pk")
        .values_list("party_id", "language")
    )
    return dict(rows)


def current_problem_request(collaboration):
    return (
        ConfirmationRequest.objects.for_problem()
        .current()
        .filter(collaboration=collaboration)
        .select_related("problem", "sent_by")
        .first()
    )


def current_recipient(party):
    """The party's row in the current request about the problem description, or None."""
    return (
        ConfirmationRecipient.objects.filter(
            party=party, request__superseded_at__isnull=True, request__problem__isnull=False
        )
        .select_related("request__problem__created_by", "request__sent_by", "answered_by")
        .first()
    )


def last_answer_before(recipient):
    """The party's latest answer to an earlier version of the same subject, or None."""
    subject = "agreement" if recipient.request.is_for_agreement else "problem"
    earlier = (
        ConfirmationRecipient.objects.filter(
            party_id=recipient.party_id,
            request__sent_at__lt=recipient.request.sent_at,
            **{f"request__{subject}__isnull": False},
        )
        .exclude(answer="")
        .select_related(f"request__{subject}")
        .order_by("-request__sent_at")
    )
    if subject == "agreement":
        earlier = earlier.defer("request__agreement__pdf")
    return earlier.first()


# --- Sending, reminding, revoking ---------------------------------------------------------------


def _issue(recipient, *, purpose, created_by, base_url, now=None) -> Invitation:
    """A new link for the party's contact. Older open links of the party about the same subject (the
    problem description, or the agreement) stop working: only the newest e-mail's link is valid, so a
    changed contact address does not leave a working link behind. A link about the other subject is
    left alone: the party may be asked about both at once."""
    party = recipient.party
    now = now or timezone.now()
    Invitation.objects.filter(
        recipient__party=party,
        recipient__request__agreement__isnull=not recipient.request.is_for_agreement,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        replaced_at__isnull=True,
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
def send_for_confirmation(*, problem, sent_by, base_url, languages=None, message="") -> ConfirmationRequest:
    """Freeze `problem` (if it is still a draft) and ask every party that can be asked to answer it.

    `problem` must be the latest version and not sent for confirmation before. `languages` maps party
    ids to the language of their e-mail (default: the one chosen last time, else Swedish).
    """
    collaboration = problem.collaboration
    if collaboration.is_closed:
        raise DomainError(_("The collaboration is closed."))
    latest = (
        ProblemDescription.objects.select_for_update()
        .filter(collaboration=collaboration)
        .order_by("-version")
        .first()
    )
    if latest.pk != problem.pk:
        raise DomainError(
            _(
                "The problem description has changed since you opened this page (it is now version "
                "%(version)s). Nothing was sent. Read the new version and send it."
            )
            % {"version": latest.version}
        )
    if ConfirmationRequest.objects.filter(problem=problem).exists():
        raise DomainError(
            _("Version %(version)s has already been sent. Edit the text to make a new version.")
            % {"version": problem.version}
        )
    parties, _skipped = split_parties(collaboration)
    if not parties:
        raise DomainError(
            _(
                "No party can be asked yet. Add the contact person's e-mail address to the parties "
                "that should confirm the description."
            )
        )
    if not problem.is_sent:
        problem.refresh_from_db()
        problem.publish()
    now = timezone.now()
    ConfirmationRequest.objects.for_problem().current().filter(collaboration=collaboration).update(
        superseded_at=now
    )
    request = ConfirmationRequest.objects.create(
        collaboration=collaboration, problem=problem, message=message, sent_by=sent_by, sent_at=now
    )
    record_event(
        collaboration=collaboration,
        kind=EventKind.VERSION_SENT,
        actor=sent_by,
        detail=_swedish(
            lambda: (
                _("problem description version %(version)s to %(parties)s")
                % {"version": problem.version, "parties": ", ".join(p.organisation.name for p in parties)}
            )
        ),
    )
    chosen = {**last_languages(collaboration), **(languages or {})}
    for party in parties:
        if party.state == PartyState.PROPOSED:
            party.state = PartyState.INVITED
            party.save(update_fields=["state"])
        recipient = ConfirmationRecipient.objects.create(
            request=request, party=party, language=chosen.get(party.pk, MailLanguage.SWEDISH)
        )
        _issue(recipient, purpose=InvitationPurpose.INVITATION, created_by=sent_by, base_url=base_url)
    touch(collaboration)
    return request


def _party_in_current_request(party, *, for_agreement):
    if for_agreement:
        recipient = current_approval_recipient(party)
        question = _("%(organisation)s has not been asked to approve the latest version of the agreement.")
    else:
        recipient = current_recipient(party)
        question = _("%(organisation)s has not been asked to confirm the latest version.")
    if recipient is None:
        raise DomainError(question % {"organisation": party.organisation.name})
    return recipient


@transaction.atomic
def remind(*, party, reminded_by, base_url, for_agreement=False) -> Invitation:
    """E-mail a reminder with a new link to a party that has not answered the current version of the
    problem description, or (`for_agreement`) of the agreement sent for approval."""
    if party.collaboration.is_closed:
        raise DomainError(_("The collaboration is closed."))
    recipient = _party_in_current_request(party, for_agreement=for_agreement)
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
    return _issue(recipient, purpose=purpose, created_by=reminded_by, base_url=base_url)


def _reminder_purpose(recipient) -> str:
    """A reminder; but a party asked before it had a contact address has had no e-mail yet, and gets
    the invitation."""
    return InvitationPurpose.REMINDER if recipient.invitations.exists() else InvitationPurpose.INVITATION


@transaction.atomic
def resend_invitation(*, party, sent_by, base_url) -> Invitation:
    """A new invitation link for the current version, to the party's contact address as it is now.

    Also asks a party that was added (or given an e-mail address) after the version was sent.
    """
    request = current_problem_request(party.collaboration)
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
    return _issue(recipient, purpose=InvitationPurpose.INVITATION, created_by=sent_by, base_url=base_url)


@transaction.atomic
def revoke_invitations(*, party, revoked_by) -> int:
    """Make the party's open links stop working. Its answers and its members are kept."""
    open_links = Invitation.objects.select_for_update().filter(
        recipient__party=party, accepted_at__isnull=True, revoked_at__isnull=True, replaced_at__isnull=True
    )
    emails = sorted({invitation.email for invitation in open_links})
    if not emails:
        raise DomainError(
            _("%(organisation)s has no link that can be revoked.") % {"organisation": party.organisation.name}
        )
    count = open_links.update(revoked_at=timezone.now(), revoked_by=revoked_by)
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.INVITATION_REVOKED,
        actor=revoked_by,
        detail=f"{party.organisation.name} ({', '.join(emails)})",
    )
    return count


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
            party__state__in=ASKED_PARTY_STATES,
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
            _issue(
                recipient,
                purpose=purpose,
                created_by=None,
                base_url=base_url,
                now=now,
            )
            sent += 1
    return sent


def retry_failed_mail(*, now=None) -> int:
    """Send again every invitation whose e-mail failed and whose next attempt is due, and those whose
    sending was interrupted (tasks.retake_interrupted_mail)."""
    now = now or timezone.now()
    due = Invitation.objects.filter(
        mail_status=MailStatus.FAILED,
        next_attempt_at__lte=now,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        replaced_at__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for invitation_id in list(due):
        tasks.send_invitation_mail.enqueue(invitation_id)
        count += 1
    return count + tasks.retake_interrupted_mail(now=now)


# --- Following the link -------------------------------------------------------------------------


def _invitations():
    return Invitation.objects.select_related(
        "accepted_by",
        "created_by",
        "recipient__party__organisation",
        "recipient__request__collaboration__lead_organisation",
        "recipient__request__sent_by",
        "recipient__request__problem",
        "recipient__request__agreement",
    )


def find_invitation(token: str):
    """The invitation whose token is `token`, or None (tampered, or never issued)."""
    if not token or len(token) > 100:
        return None
    return _invitations().filter(token_hash=tasks.hash_token(token)).first()


def get_invitation(pk):
    """The invitation `pk` (which a session holds once its link was followed), or None."""
    if not isinstance(pk, int):
        return None
    return _invitations().filter(pk=pk).first()


def usable_state(invitation) -> str:
    """The link's state (an InvitationState value), where a link of a party that has since declined or
    stopped being a partner counts as revoked: nobody should join its organisation through it."""
    state = invitation.state()
    if state == InvitationState.VALID and not invitation.recipient.party.is_still_asked:
        return InvitationState.REVOKED
    return state


def user_has_email(user, email: str) -> bool:
    """Whether `email` is a verified address of `user`. An address added but not verified proves
    nothing, and may be verified on another account."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def user_has_unverified_email(user, email: str) -> bool:
    """Whether `email` is on `user`'s account but not verified (the landing page explains why that is
    not enough)."""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=False).exists()


def mark_opened(*, invitation, user=None) -> None:
    """Record that the link was followed, the first time it is."""
    if invitation.opened_at is not None or usable_state(invitation) != InvitationState.VALID:
        return
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )
        if updated:
            record_event(
                collaboration=invitation.recipient.request.collaboration,
                kind=EventKind.INVITATION_OPENED,
                actor=user if user is not None and user.is_authenticated else None,
                detail=f"{invitation.recipient.party.organisation.name} ({invitation.email})",
            )


@transaction.atomic
def accept_invitation(*, invitation, user) -> Party:
    """Make `user` the representative of the invited party in its collaboration; the link is then used
    up. Representation is not membership: the user gets no access to the party's organisation, nor to
    any other collaboration. Only a verified address of the user counts (signing up through the link
    verifies the new account's address). A proposed or invited party becomes joined.
    """
    # The party is locked before its link, in the order the party page's changes take them.
    party = (
        Party.objects.select_for_update(of=("self",))
        .select_related("organisation", "collaboration")
        .get(pk=invitation.recipient.party_id)
    )
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("recipient__request")
        .get(pk=invitation.pk)
    )
    invitation.recipient.party = party
    state = usable_state(invitation)
    if state != InvitationState.VALID:
        raise InvitationUnusable(state)
    if not user_has_email(user, invitation.email):
        raise WrongUser(
            _("You are logged in as %(user)s, but the invitation was sent to %(email)s.")
            % {"user": user.email, "email": invitation.email}
        )
    now = timezone.now()
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    Representation.objects.update_or_create(
        party=party,
        user=user,
        defaults={"email": invitation.email.lower(), "ended_at": None},
        create_defaults={"email": invitation.email.lower(), "created_at": now},
    )
    if party.state in (PartyState.PROPOSED, PartyState.INVITED):
        party.state = PartyState.JOINED
        party.save(update_fields=["state"])
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.INVITATION_ACCEPTED,
        actor=user,
        detail=f"{party.organisation.name} ({invitation.email})",
    )
    return party


# --- Answering ----------------------------------------------------------------------------------


def _lock_for_answer(recipient) -> ConfirmationRecipient:
    """`recipient` read again with its party, locked in the one order every answer and approval takes:
    the collaboration, then the recipient, then the party. Answers in the same collaboration queue on
    the first lock, so the "every party agrees" check sees each answer committed before its own."""
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
def submit_answer(*, recipient, answered_by, seen_version, answer, comment="") -> ConfirmationRecipient:
    """Record the party's answer to the current version. `seen_version` is the version the person
    read; if a newer one was sent meanwhile nothing is saved and DomainError says so."""
    recipient = _lock_for_answer(recipient)
    request = recipient.request
    party = recipient.party
    if request.collaboration.is_closed:
        raise DomainError(_("The collaboration is closed and answers can no longer be changed."))
    if not request.is_current or request.version != seen_version:
        raise DomainError(
            _(
                "A newer version of the problem description was sent while you were reading. Nothing was "
                "saved. Read the new version and answer it."
            )
        )
    # A party made an observer is no longer asked (Party.is_still_asked); one that declined may still
    # change its mind about the current version.
    if party.role != PartyRole.PARTNER:
        raise DomainError(
            _("%(organisation)s is no longer asked to confirm the problem description. Nothing was saved.")
            % {"organisation": party.organisation.name}
        )
    comment = comment.strip()
    if answer == ConfirmationAnswer.CHANGES and not comment:
        raise DomainError(_("Write what you want changed."))
    recipient.answer = answer
    recipient.comment = comment
    recipient.answered_by = answered_by
    recipient.answered_at = timezone.now()
    recipient.save(update_fields=["answer", "comment", "answered_by", "answered_at"])

    new_state = PartyState.DECLINED if answer == ConfirmationAnswer.DECLINE else PartyState.JOINED
    if party.state != new_state:
        party.state = new_state
        party.save(update_fields=["state"])
    if new_state == PartyState.DECLINED:
        end_links_no_longer_meant(party, answered_by)
    record_event(
        collaboration=request.collaboration,
        kind=EventKind.ANSWER_GIVEN,
        actor=answered_by,
        detail=_swedish(
            lambda: (
                _("%(organisation)s: %(answer)s (version %(version)s)")
                % {
                    "organisation": recipient.party.organisation.name,
                    "answer": ConfirmationAnswer(answer).label,
                    "version": request.version,
                }
            )
        ),
    )
    _note_agreement(request, actor=answered_by)
    touch(request.collaboration)
    return recipient


def _all_agreed_text(request, summary) -> str:
    if request.is_for_agreement:
        text = _("agreement draft version %(version)s approved by %(agreed)s of %(asked)s parties")
    else:
        text = _("problem description version %(version)s, %(agreed)s of %(asked)s parties")
    return text % {"version": request.version, "agreed": summary.agreed, "asked": summary.asked}


def _note_agreement(request, *, actor):
    """Record the moment every asked party agrees (once per version) and tell the lead's staff; forget
    it again when an answer changes or a party is no longer waited for."""
    summary = request_summary(request)
    if summary.all_agree and request.all_agreed_at is None:
        request.all_agreed_at = timezone.now()
        request.save(update_fields=["all_agreed_at"])
        record_event(
            collaboration=request.collaboration,
            kind=EventKind.ALL_AGREED,
            actor=actor,
            detail=_swedish(lambda: _all_agreed_text(request, summary)),
        )
        tasks.send_all_agreed_mail.enqueue(request.pk)
        if request.is_for_agreement:
            # agreements builds on this module, so its task is looked up here, when it is needed.
            from agreements.tasks import seal_approved_agreement

            seal_approved_agreement.enqueue(request.pk)
    elif not summary.all_agree and request.all_agreed_at is not None:
        request.all_agreed_at = None
        request.save(update_fields=["all_agreed_at"])


# --- What the lead needs to know ----------------------------------------------------------------


@dataclass(frozen=True)
class AgreementSummary:
    """How the parties answered the latest problem description version.

    `asked` counts the parties asked that have not declined; `all_agree` is true when at least one was
    asked, every one of them agrees, and no newer draft has been written since the version was sent.
    """

    version: int | None
    agreed: int
    asked: int
    unanswered: int
    newer_draft: bool

    @property
    def all_agree(self) -> bool:
        return self.asked > 0 and self.agreed == self.asked and not self.newer_draft

    def __iter__(self):
        # Unpacks as the triple (agreed, asked, all_agree).
        return iter((self.agreed, self.asked, self.all_agree))


_COUNTS = {
    "asked": Count("pk"),
    "agreed": Count("pk", filter=Q(answer=ConfirmationAnswer.AGREE)),
    "unanswered": Count("pk", filter=Q(answer="")),
}


# The parties whose answers count, as a query: Party.is_still_asked.
STILL_ASKED = Q(party__role=PartyRole.PARTNER) & ~Q(party__state=PartyState.DECLINED)


def _counts(recipients):
    return recipients.filter(STILL_ASKED).aggregate(**_COUNTS)


def request_summary(request) -> AgreementSummary:
    counts = _counts(request.recipients.all())
    return AgreementSummary(version=request.version, newer_draft=False, **counts)


def problem_agreement_summary(collaboration) -> AgreementSummary:
    """Step 5 of the checklist is done when `.all_agree`. Three queries."""
    return problem_agreement_summaries([collaboration.pk])[collaboration.pk]


def problem_agreement_summaries(collaboration_ids) -> dict[int, AgreementSummary]:
    """{collaboration id: its AgreementSummary} for many collaborations at once, in three queries."""
    ids = list(collaboration_ids)
    sent_versions = dict(
        ConfirmationRequest.objects.for_problem()
        .current()
        .filter(collaboration_id__in=ids)
        .values_list("collaboration_id", "problem__version")
    )
    latest_versions = dict(
        ProblemDescription.objects.filter(collaboration_id__in=ids)
        .order_by()
        .values("collaboration_id")
        .annotate(latest=Max("version"))
        .values_list("collaboration_id", "latest")
    )
    counts = {
        row["request__collaboration_id"]: row
        for row in ConfirmationRecipient.objects.filter(
            request__collaboration_id__in=ids,
            request__superseded_at__isnull=True,
            request__problem__isnull=False,
        )
        .filter(STILL_ASKED)
        .order_by()
        .values("request__collaboration_id")
        .annotate(**_COUNTS)
    }
    summaries = {}
    for pk in ids:
        version = sent_versions.get(pk)
        row = counts.get(pk, {})
        summaries[pk] = AgreementSummary(
            version=version,
            agreed=row.get("agreed", 0),
            asked=row.get("asked", 0),
            unanswered=row.get("unanswered", 0),
            newer_draft=version is not None and latest_versions.get(pk, 0) > version,
        )
    return summaries


@dataclass(frozen=True)
class Pending:
    """What waits for the user's answer, as {collaboration id: party id}: `answers` to the current
    problem description ("Din bekräftelse behövs", reverse("confirmation_answer", args=[c, p])) and
    `approvals` of the agreement version sent ("Ert godkännande av avtalet behövs",
    reverse("agreement_approve", args=[c, p]))."""

    answers: dict
    approvals: dict


def pending_for(user) -> Pending:
    """Where a party the user represents has not answered yet. One query."""
    pending = Pending(answers={}, approvals={})
    if not user.is_authenticated:
        return pending
    rows = (
        ConfirmationRecipient.objects.filter(
            request__superseded_at__isnull=True,
            request__collaboration__closed_at__isnull=True,
            answer="",
            party__role=PartyRole.PARTNER,
            party__representations__user=user,
            party__representations__ended_at__isnull=True,
        )
        .filter(
            Q(request__problem__isnull=False, party__state__in=[PartyState.INVITED, PartyState.JOINED])
            | Q(request__agreement__isnull=False, party__state=PartyState.JOINED)
        )
        .values_list("request__collaboration_id", "party_id", "request__agreement_id")
    )
    for collaboration_id, party_id, agreement_id in rows:
        (pending.approvals if agreement_id else pending.answers)[collaboration_id] = party_id
    return pending


@dataclass(frozen=True)
class Unanswered:
    problem: int  # parties that have not answered the current problem description version
    agreement: int  # parties that have not answered the agreement version sent for approval


def unanswered_counts(collaboration_ids) -> dict[int, Unanswered]:
    """{collaboration id: who has not answered yet} ("2 parter har inte svarat", "1 part har inte svarat
    om avtalet"), for the given collaborations. One query; collaborations with none are left out."""
    rows = (
        ConfirmationRecipient.objects.filter(
            request__collaboration_id__in=list(collaboration_ids),
            request__superseded_at__isnull=True,
            answer="",
        )
        .filter(STILL_ASKED)
        .order_by()
        .values("request__collaboration_id")
        .annotate(
            problem=Count("pk", filter=Q(request__problem__isnull=False)),
            agreement=Count("pk", filter=Q(request__agreement__isnull=False)),
        )
    )
    return {
        row["request__collaboration_id"]: Unanswered(problem=row["problem"], agreement=row["agreement"])
        for row in rows
    }


# --- The confirmation matrix --------------------------------------------------------------------


@dataclass
class MatrixRow:
    party: Party
    recipient: ConfirmationRecipient | None
    latest_invitation: Invitation | None
    opened: bool
    reason: str  # why the party is not asked, or ""

    @property
    def can_remind(self) -> bool:
        return self.recipient is not None and not self.recipient.has_answered and not self.reason

    @property
    def can_resend(self) -> bool:
        return not self.reason

    @property
    def can_revoke(self) -> bool:
        return self.latest_invitation is not None and self.latest_invitation.is_open


def matrix_rows(collaboration, request) -> list[MatrixRow]:
    """Every party but the lead, with its answer to `request` and its latest link. Three queries."""
    parties = list(
        collaboration.parties.select_related("organisation")
        .exclude(role=PartyRole.LEAD)
        .order_by("organisation__name")
    )
    recipients = {}
    if request is not None:
        invitations = Invitation.objects.order_by("-created_at", "-pk")
        recipients = {
            r.party_id: r
            for r in request.recipients.select_related("answered_by").prefetch_related(
                Prefetch("invitations", queryset=invitations)
            )
        }
    rows = []
    for party in parties:
        recipient = recipients.get(party.pk)
        invitations = list(recipient.invitations.all()) if recipient else []
        rows.append(
            MatrixRow(
                party=party,
                recipient=recipient,
                latest_invitation=invitations[0] if invitations else None,
                opened=any(i.opened_at for i in invitations),
                reason=skip_reason(party),
            )
        )
    return rows


def answers_by_party(collaboration) -> dict[int, ConfirmationRecipient]:
    """{party id: its row in the current problem request}, for the party list. One query."""
    return {
        r.party_id: r
        for r in ConfirmationRecipient.objects.filter(
            request__collaboration=collaboration,
            request__superseded_at__isnull=True,
            request__problem__isnull=False,
        ).select_related("request__problem")
    }


@dataclass(frozen=True)
class ProblemPageStatus:
    """What the problem page shows about confirmations, for the user looking at it."""

    request: ConfirmationRequest | None
    summary: AgreementSummary | None
    can_send: bool  # the latest version has not been asked about yet
    answer_party: Party | None  # the party the user answers for, if asked


def problem_page_status(collaboration, latest, user) -> ProblemPageStatus:
    request = current_problem_request(collaboration)
    summary = request_summary(request) if request else None
    answer_party = None
    if request is not None and not collaboration.can_edit:
        recipient = (
            request.recipients.filter(
                party__representations__user=user, party__representations__ended_at__isnull=True
            )
            .exclude(party__state=PartyState.DECLINED)
            .select_related("party")
            .first()
        )
        answer_party = recipient.party if recipient else None
    can_send = latest is not None and (request is None or request.problem_id != latest.pk)
    return ProblemPageStatus(request=request, summary=summary, can_send=can_send, answer_party=answer_party)


# --- Approval of the agreement draft (agreements/, issue 5) -------------------------------------
#
# The same request, answers, e-mailed links and reminders as for the problem description, with an
# AgreementVersion as subject: staff ask every joined partner to approve one exact version; each
# answers "approves" or "wants changes". A partner with a contact address gets an e-mail whose link
# leads to the approval page; every partner can also answer there directly.

APPROVAL_ANSWERS = [ConfirmationAnswer.AGREE, ConfirmationAnswer.CHANGES]


def current_agreement_request(collaboration):
    return (
        ConfirmationRequest.objects.for_agreement()
        .current()
        .filter(collaboration=collaboration)
        .select_related("agreement", "sent_by")
        .defer("agreement__pdf")
        .first()
    )


def approving_parties(collaboration):
    """The parties asked to approve the agreement: every joined partner (not the lead, not observers)."""
    return list(
        collaboration.parties.select_related("organisation")
        .filter(role=PartyRole.PARTNER, state=PartyState.JOINED)
        .order_by("organisation__name")
    )


def check_agreement_can_be_sent(collaboration, *, version, is_final):
    """The joined partners who would be asked to approve `version` (an AgreementVersion, or None when
    the text has no version yet); DomainError says why it cannot be sent."""
    if collaboration.is_closed:
        raise DomainError(_("The collaboration is closed."))
    if not is_final:
        raise DomainError(_("Only the final draft can be sent for approval. Fill in what is missing first."))
    if version is not None:
        current = (
            ConfirmationRequest.objects.for_agreement()
            .current()
            .filter(collaboration=collaboration)
            .values_list("agreement_id", flat=True)
            .first()
        )
        if current == version.pk:
            raise DomainError(
                _("Version %(version)s of the agreement has already been sent for approval.")
                % {"version": version.number}
            )
    parties = approving_parties(collaboration)
    if not parties:
        raise DomainError(
            _("No party has joined the collaboration yet, so nobody can approve the agreement.")
        )
    return parties


@transaction.atomic
def send_agreement_for_approval(*, version, sent_by, base_url, message="") -> ConfirmationRequest:
    """Ask every joined partner to approve `version`, which must be the final draft of the agreement's
    current text (the caller checks that it is current: that takes rendering the agreement). Partners
    with a contact address are e-mailed a link. A version that an earlier request replaced (the text
    was changed and changed back) can be sent again."""
    collaboration = version.collaboration
    # One sender at a time: the request replaced and the new one must be the same for both.
    Collaboration.objects.lock(collaboration.pk)
    parties = check_agreement_can_be_sent(collaboration, version=version, is_final=version.is_final)
    now = timezone.now()
    ConfirmationRequest.objects.for_agreement().current().filter(collaboration=collaboration).update(
        superseded_at=now
    )
    request = ConfirmationRequest.objects.create(
        collaboration=collaboration, agreement=version, message=message, sent_by=sent_by, sent_at=now
    )
    record_event(
        collaboration=collaboration,
        kind=EventKind.VERSION_SENT,
        actor=sent_by,
        detail=_swedish(
            lambda: (
                _("agreement draft version %(version)s for approval to %(parties)s")
                % {"version": version.number, "parties": ", ".join(p.organisation.name for p in parties)}
            )
        ),
    )
    languages = last_languages(collaboration)
    for party in parties:
        recipient = ConfirmationRecipient.objects.create(
            request=request, party=party, language=languages.get(party.pk, MailLanguage.SWEDISH)
        )
        if not skip_reason(party):
            _issue(recipient, purpose=InvitationPurpose.INVITATION, created_by=sent_by, base_url=base_url)
    touch(collaboration)
    return request


def current_approval_recipient(party):
    """The party's row in the current request to approve the agreement, or None."""
    return (
        ConfirmationRecipient.objects.filter(
            party=party, request__superseded_at__isnull=True, request__agreement__isnull=False
        )
        .select_related("request__agreement", "request__collaboration", "answered_by")
        .defer("request__agreement__pdf")
        .first()
    )


@transaction.atomic
def submit_approval(*, recipient, answered_by, seen_version, answer, comment="") -> ConfirmationRecipient:
    """Record a party's answer to the agreement version it read: approves, or wants changes (with a
    comment). If a newer version was sent meanwhile, nothing is saved and DomainError says so."""
    recipient = _lock_for_answer(recipient)
    request = recipient.request
    if not request.is_for_agreement:
        raise DomainError(_("This is not a request to approve the agreement."))
    if request.collaboration.is_closed:
        raise DomainError(_("The collaboration is closed and answers can no longer be changed."))
    if not request.is_current or request.version != seen_version:
        raise DomainError(
            _(
                "A newer version of the agreement was sent while you were reading. Nothing was saved. "
                "Read the new version and answer it."
            )
        )
    party = recipient.party
    if not party.is_still_asked:
        raise DomainError(
            _("%(organisation)s is no longer asked to approve the agreement. Nothing was saved.")
            % {"organisation": party.organisation.name}
        )
    if answer not in APPROVAL_ANSWERS:
        raise DomainError(_("Choose whether you approve the agreement or want changes."))
    comment = comment.strip()
    if answer == ConfirmationAnswer.CHANGES and not comment:
        raise DomainError(_("Write what you want changed."))
    recipient.answer = answer
    recipient.comment = comment
    recipient.answered_by = answered_by
    recipient.answered_at = timezone.now()
    recipient.save(update_fields=["answer", "comment", "answered_by", "answered_at"])
    name = recipient.party.organisation.name
    if answer == ConfirmationAnswer.AGREE:
        kind = EventKind.APPROVAL_GIVEN
        detail = _swedish(
            lambda: (
                _("%(organisation)s approves version %(version)s")
                % {"organisation": name, "version": request.version}
            )
        )
    else:
        kind = EventKind.ANSWER_GIVEN
        detail = _swedish(
            lambda: (
                _("%(organisation)s wants changes to the agreement draft version %(version)s")
                % {"organisation": name, "version": request.version}
            )
        )
    record_event(collaboration=request.collaboration, kind=kind, actor=answered_by, detail=detail)
    _note_agreement(request, actor=answered_by)
    touch(request.collaboration)
    return recipient


def recheck_all_agreed(collaboration, *, actor):
    """After a party stopped being waited for (declined, made an observer): does every party still
    asked now agree with the current versions? Records it and tells the lead, as an answer would."""
    for request in ConfirmationRequest.objects.current().filter(collaboration=collaboration):
        _note_agreement(request, actor=actor)


@dataclass(frozen=True)
class ApprovalStatus:
    """Where the approval of a collaboration's agreement stands, for checklist step 16."""

    version: int | None  # the version sent for approval (the current request), or None
    is_latest: bool  # no newer version of the agreement has been made since
    approved_party_ids: frozenset


def agreement_approval_summaries(collaboration_ids) -> dict[int, ApprovalStatus]:
    """{collaboration id: its ApprovalStatus} for many collaborations at once, in three queries."""
    from agreements.models import AgreementVersion

    ids = list(collaboration_ids)
    sent = {
        collaboration_id: (request_id, number)
        for collaboration_id, request_id, number in ConfirmationRequest.objects.for_agreement()
        .current()
        .filter(collaboration_id__in=ids)
        .values_list("collaboration_id", "pk", "agreement__number")
    }
    # The latest version is the one the agreement's text was most recently (a change can be undone).
    latest = {}
    for collaboration_id, number in (
        AgreementVersion.objects.filter(collaboration_id__in=ids)
        .order_by("collaboration_id", "-last_produced_at", "-number")
        .values_list("collaboration_id", "number")
    ):
        latest.setdefault(collaboration_id, number)
    approved = defaultdict(set)
    for collaboration_id, party_id in ConfirmationRecipient.objects.filter(
        request_id__in=[request_id for request_id, _number in sent.values()], answer=ConfirmationAnswer.AGREE
    ).values_list("request__collaboration_id", "party_id"):
        approved[collaboration_id].add(party_id)
    result = {}
    for pk in ids:
        _request_id, number = sent.get(pk, (None, None))
        result[pk] = ApprovalStatus(
            version=number,
            is_latest=number is not None and latest.get(pk) == number,
            approved_party_ids=frozenset(approved[pk]),
        )
    return result
