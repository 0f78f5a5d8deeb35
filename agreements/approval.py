"""The parties' approval of the agreement draft: the agreement version as a subject of the shared
confirmation flow (collaborations/confirmations/), and what the agreement page and step 16 read.

Staff ask every joined partner to approve one exact version; each answers "approves" or "wants
changes". A partner with a contact address gets an e-mail whose link leads to the approval page;
every partner can also answer there directly. Sending, links, reminders, answers and "every party
agrees" are the shared flow's; this module says what differs for the agreement.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.comparison import HEADING_MARK, agreement_diff
from agreements.models import AgreementVersion
from collaborations.confirmations.asked import skip_reason
from collaborations.confirmations.queries import current_request
from collaborations.confirmations.subject import Subject, swedish
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    EventKind,
    Invitation,
    MailStatus,
    PartyRole,
    PartyState,
    Representation,
)
from samverkan.errors import DomainError


def approving_parties(collaboration):
    """The parties asked to approve the agreement: every joined partner (not the lead, not observers)."""
    return list(
        collaboration.parties.select_related("organisation")
        .filter(role=PartyRole.PARTNER, state=PartyState.JOINED)
        .order_by("organisation__name")
    )


def check_can_be_sent(collaboration, *, version, is_final):
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


class AgreementSubject(Subject):
    """A version of the agreement draft, to approve: approves, or wants changes. It must be the final
    draft; a version that an earlier request replaced (the text was changed and changed back) can be
    sent again."""

    key = "agreement"
    answers = (ConfirmationAnswer.AGREE, ConfirmationAnswer.CHANGES)
    answering_states = (PartyState.JOINED,)
    answer_page = "agreement_approve"
    answered_page = "agreement_approve"
    staff_page = "agreement_preview"
    deferred_fields = ("pdf",)
    sent_event = EventKind.AGREEMENT_SENT
    all_agreed_event = EventKind.ALL_APPROVED

    def parties_to_ask(self, version):
        return check_can_be_sent(version.collaboration, version=version, is_final=version.is_final)

    def sent_detail(self, version, parties):
        return swedish(
            lambda: (
                _("agreement draft version %(version)s for approval to %(parties)s")
                % {"version": version.number, "parties": ", ".join(p.organisation.name for p in parties)}
            )
        )

    def answer_event(self, recipient):
        values = {"organisation": recipient.party.organisation.name, "version": recipient.request.version}
        if recipient.answer == ConfirmationAnswer.AGREE:
            return EventKind.APPROVAL_GIVEN, swedish(
                lambda: _("%(organisation)s approves version %(version)s") % values
            )
        return EventKind.CHANGES_WANTED, swedish(
            lambda: _("%(organisation)s wants changes to the agreement draft version %(version)s") % values
        )

    def not_asked_text(self, party):
        return _("%(organisation)s has not been asked to approve the latest version of the agreement.") % {
            "organisation": party.organisation.name
        }

    def wrong_request_text(self):
        return _("This is not a request to approve the agreement.")

    def newer_version_text(self):
        return _(
            "A newer version of the agreement was sent while you were reading. Nothing was saved. "
            "Read the new version and answer it."
        )

    def no_longer_asked_text(self, party):
        return _("%(organisation)s is no longer asked to approve the agreement. Nothing was saved.") % {
            "organisation": party.organisation.name
        }

    def choose_answer_text(self):
        return _("Choose whether you approve the agreement or want changes.")

    def all_agreed_detail(self, request, summary):
        return ngettext(
            "agreement draft version %(version)s approved by %(agreed)s of %(asked)s party",
            "agreement draft version %(version)s approved by %(agreed)s of %(asked)s parties",
            summary.asked,
        ) % {
            "version": request.version,
            "agreed": summary.agreed,
            "asked": summary.asked,
        }

    def mail_detail(self, invitation):
        return _("%(organisation)s (%(email)s), agreement draft version %(version)s") % {
            "organisation": invitation.recipient.party.organisation.name,
            "email": invitation.email,
            "version": invitation.recipient.request.version,
        }

    text_template = "agreements/_agreement_to_answer.html"

    def mail_context(self, recipient=None):
        return {"is_agreement": True}

    def changes_in_words(self, old, new):
        diff = agreement_diff(old, new)
        if not diff.available:
            return [_("the two versions cannot be compared here: read both PDFs")]
        headings = list(
            dict.fromkeys(change.heading or _("Beginning of the agreement") for change in diff.changes)
        )
        return [_("changed: %(section)s") % {"section": heading} for heading in headings]

    def reading(self, recipient, earlier):
        version = recipient.request.agreement
        if earlier is not None and earlier.request.agreement_id == version.pk:
            earlier = None  # the same version asked again: nothing to compare
        return {
            "version": version,
            "lines": readable_lines(version.text),
            "earlier": earlier,
            "changes": agreement_diff(earlier.request.agreement, version) if earlier else None,
        }


AGREEMENT = AgreementSubject()


def readable_lines(text: str) -> list[tuple[bool, str]]:
    """The version's stored text (agreements/comparison.py) as (is a heading, line), to read on a page."""
    return [
        (line.startswith(HEADING_MARK), line.removeprefix(HEADING_MARK)) for line in text.splitlines() if line
    ]


# --- What the agreement page shows --------------------------------------------------------------


@dataclass(frozen=True)
class Approval:
    """What the agreement page shows about approval (at most four queries)."""

    request: object  # the current ConfirmationRequest for the agreement, or None
    rows: list  # its ConfirmationRecipients, with party, answer, `latest_invitation` and `can_remind`
    my_party: object  # the party the user answers for, if it is asked

    @property
    def approved(self) -> int:
        return sum(1 for row in self.rows if row.answer == "agree")


def approval_for(collaboration, user, *, ever_sent=True) -> Approval:
    """The approval of `collaboration`'s agreement as `user` sees it on the agreement page. Without
    `ever_sent` (no version of the agreement was ever sent for approval) there is nothing to read."""
    request = current_request(collaboration, subject=AGREEMENT) if ever_sent else None
    rows = []
    if request is not None:
        rows = list(
            request.recipients.select_related("party__organisation", "answered_by")
            .prefetch_related(
                Prefetch("invitations", queryset=Invitation.objects.order_by("-created_at", "-pk"))
            )
            .order_by("party__organisation__name")
        )
        for row in rows:
            invitations = list(row.invitations.all())
            row.latest_invitation = invitations[0] if invitations else None
            row.opened = row.has_answered or any(invitation.opened_at for invitation in invitations)
            # Not while the e-mail before it still waits to go out.
            waiting = row.latest_invitation is not None and row.latest_invitation.mail_status in (
                MailStatus.PENDING,
                MailStatus.SENDING,
            )
            row.can_remind = not row.has_answered and not skip_reason(row.party) and not waiting
    mine = set()
    if rows:  # nobody answers for a party before a version is sent
        mine = set(Representation.objects.active().filter(user=user).values_list("party_id", flat=True))
    my_party = next((row.party for row in rows if row.party_id in mine), None)
    return Approval(request=request, rows=rows, my_party=my_party)


# --- Checklist step 16 --------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalStatus:
    """Where the approval of a collaboration's agreement stands, for checklist step 16."""

    version: int | None  # the version sent for approval (the current request), or None
    is_latest: bool  # no newer version of the agreement has been made since
    approved_party_ids: frozenset


def agreement_approval_summaries(collaboration_ids) -> dict[int, ApprovalStatus]:
    """{collaboration id: its ApprovalStatus} for many collaborations at once, in three queries."""
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
