"""What the pages read about confirmations: the current request and a party's row in it, how the
parties answered, what waits for a user, the confirmation matrix. Reads only."""

import operator
from dataclasses import dataclass, replace
from functools import reduce

from django.db.models import Count, Exists, Max, Prefetch, Q

from collaborations.confirmations.asked import skip_reason
from collaborations.confirmations.subject import PROBLEM, subject_of, subjects
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    Invitation,
    MailStatus,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    Representation,
)
from samverkan.compiled import compiled_values


def _related(subject, path) -> list[str]:
    """The subject's version at `path` and the rows pages show with it, for select_related."""
    return [path, *(f"{path}__{name}" for name in subject.related_fields)]


def _deferred(subject, path) -> list[str]:
    """The subject's large fields at `path` (the agreement's PDF), which pages do not read."""
    return [f"{path}__{name}" for name in subject.deferred_fields]


def current_request(collaboration, *, subject):
    """The request about `subject` that is current in `collaboration`, or None."""
    return (
        subject.requests()
        .current()
        .filter(collaboration=collaboration)
        .select_related(*_related(subject, subject.key), "sent_by")
        .defer(*_deferred(subject, subject.key))
        .first()
    )


def current_recipient(party, *, subject):
    """The party's row in the current request about `subject`, or None."""
    return (
        ConfirmationRecipient.objects.filter(party=party, request__superseded_at__isnull=True)
        .filter(**{f"request__{subject.key}__isnull": False})
        .select_related(
            *_related(subject, f"request__{subject.key}"),
            "request__sent_by",
            "request__collaboration",
            "answered_by",
        )
        .defer(*_deferred(subject, f"request__{subject.key}"))
        .first()
    )


def last_answer_before(recipient):
    """The party's latest answer to an earlier version of the same subject, or None."""
    subject = subject_of(recipient.request)
    return (
        ConfirmationRecipient.objects.filter(
            party_id=recipient.party_id,
            request__sent_at__lt=recipient.request.sent_at,
            **{f"request__{subject.key}__isnull": False},
        )
        .exclude(answer="")
        .select_related(f"request__{subject.key}")
        .defer(*_deferred(subject, f"request__{subject.key}"))
        .order_by("-request__sent_at")
        .first()
    )


def last_link_answerer(party, *, email):
    """The party's latest answer given with a link sent to `email` (its name and title), or None."""
    return (
        ConfirmationRecipient.objects.filter(party=party, link_email__iexact=email)
        .order_by("-answered_at")
        .only("link_name", "link_title")
        .first()
    )


@dataclass(frozen=True)
class PartyAsked:
    """Where a party stands on one subject, for its representative's overview."""

    subject: object
    recipient: ConfirmationRecipient | None  # its row in the current request, or None if not asked
    earlier: ConfirmationRecipient | None  # its answer to an earlier version, or None

    @property
    def waits_for_answer(self) -> bool:
        return self.recipient is not None and not self.recipient.has_answered


def party_status(party) -> list[PartyAsked]:
    """What `party` has answered about each subject, on which version, and what waits for it."""
    rows = []
    for subject in subjects():
        recipient = current_recipient(party, subject=subject)
        earlier = last_answer_before(recipient) if recipient is not None else None
        rows.append(PartyAsked(subject=subject, recipient=recipient, earlier=earlier))
    return rows


# --- How the parties answered -------------------------------------------------------------------


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


def latest_problem_versions(collaboration_ids) -> dict[int, int]:
    """{collaboration id: the number of its latest problem description version}. One query."""
    return dict(
        ProblemDescription.objects.filter(collaboration_id__in=list(collaboration_ids))
        .order_by()
        .values("collaboration_id")
        .annotate(latest=Max("version"))
        .values_list("collaboration_id", "latest")
    )


def problem_agreement_summaries(collaboration_ids) -> dict[int, AgreementSummary]:
    """{collaboration id: its AgreementSummary} for many collaborations at once, in three queries."""
    ids = list(collaboration_ids)
    sent_versions = dict(
        ConfirmationRequest.objects.for_problem()
        .current()
        .filter(collaboration_id__in=ids)
        .values_list("collaboration_id", "problem__version")
    )
    latest_versions = latest_problem_versions(ids)
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
    """Where a party the user represents has not answered yet. One query, compiled once per process
    (samverkan/compiled.py)."""
    pending = Pending(answers={}, approvals={})
    if not user.is_authenticated:
        return pending
    for collaboration_id, party_id, agreement_id in compiled_values(_pending_rows, user_id=user.pk):
        (pending.approvals if agreement_id else pending.answers)[collaboration_id] = party_id
    return pending


def may_have_pending(user_id) -> Exists:
    """Whether the user represents a partner at all (a representation not ended): when not,
    `pending_for` finds nothing, and a page that reads this in a query of its own can skip it."""
    return Exists(
        Representation.objects.filter(user=user_id, ended_at__isnull=True, party__role=PartyRole.PARTNER)
    )


def _pending_rows(*, user_id):
    return (
        ConfirmationRecipient.objects.filter(
            request__superseded_at__isnull=True,
            request__collaboration__closed_at__isnull=True,
            answer="",
            party__role=PartyRole.PARTNER,
            party__representations__user=user_id,
            party__representations__ended_at__isnull=True,
        )
        .filter(_waited_for())
        # The model's default ordering joins the organisations for nothing the dashboard shows.
        .order_by("request_id", "party_id")
        .values_list("request__collaboration_id", "party_id", "request__agreement_id")
    )


def _waited_for() -> Q:
    """A recipient whose party's representatives are waited for, by the subject asked about."""
    return reduce(
        operator.or_,
        (
            Q(**{f"request__{subject.key}__isnull": False, "party__state__in": subject.answering_states})
            for subject in subjects()
        ),
    )


@dataclass(frozen=True)
class Unanswered:
    problem: int  # parties that have not answered the current problem description version
    agreement: int  # parties that have not answered the agreement version sent for approval


# --- The confirmation matrix --------------------------------------------------------------------


@dataclass
class MatrixRow:
    party: Party
    recipient: ConfirmationRecipient | None
    latest_invitation: Invitation | None
    opened: bool
    reason: str  # why the party is not asked, or ""

    @property
    def has_answered(self) -> bool:
        return self.recipient is not None and self.recipient.has_answered

    @property
    def mail_waiting(self) -> bool:
        """The latest e-mail has not gone out yet (waiting, being sent, or to be tried again)."""
        invitation = self.latest_invitation
        return invitation is not None and (
            invitation.mail_status in (MailStatus.PENDING, MailStatus.SENDING)
            or (invitation.mail_status == MailStatus.FAILED and invitation.next_attempt_at is not None)
        )

    @property
    def can_remind(self) -> bool:
        return (
            self.recipient is not None and not self.has_answered and not self.reason and not self.mail_waiting
        )

    @property
    def can_resend(self) -> bool:
        """Asking a party that has not been asked, or sending a new link to one that has not answered."""
        return not self.reason and not self.has_answered and not self.mail_waiting

    @property
    def can_revoke(self) -> bool:
        """A link that still works: one not used yet, also after an answer given with it (which it
        could change)."""
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
                # Answering shows it was read, also when the answer came another way than this link.
                opened=any(i.opened_at for i in invitations) or bool(recipient and recipient.has_answered),
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

    sent_version: int | None  # the version of the current request, if one was sent
    summary: AgreementSummary | None
    can_send: bool  # the latest version has not been asked about yet
    answer_party: Party | None  # the party the user answers for, if asked


def problem_page_status(collaboration, latest, user, *, kept_summary=None) -> ProblemPageStatus:
    """`kept_summary`, for staff who may edit (they answer for no party): the AgreementSummary of the
    checklist's facts, kept under the collaboration's change stamp, which their page has already. It
    names the current request's version and counts its answers: no query here."""
    if kept_summary is not None and collaboration.can_edit:
        sent = kept_summary.version
        return ProblemPageStatus(
            sent_version=sent,
            # As request_summary: the answers to the version sent, whatever was written since.
            summary=replace(kept_summary, newer_draft=False) if sent is not None else None,
            can_send=latest is not None and sent != latest.version,
            answer_party=None,
        )
    request = current_request(collaboration, subject=PROBLEM)
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
    return ProblemPageStatus(
        sent_version=request.version if request else None,
        summary=summary,
        can_send=can_send,
        answer_party=answer_party,
    )
