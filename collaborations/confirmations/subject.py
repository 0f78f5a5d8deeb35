"""What the parties are asked to answer: one exact version of a subject.

A subject is a problem description version (here) or an agreement version (agreements/approval.py).
It supplies what differs between them: the request's field that holds the version, its number, who is
asked and how sending is checked, the answers it allows and what an answer does, and the words of the
event log, the refusals and the e-mails. The flow itself (sending, links, reminders, answers, "every
party agrees") is written once and takes the subject as a parameter.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collaborations.confirmations.asked import split_parties
from collaborations.confirmations.links import end_links_no_longer_meant
from collaborations.diff import changes_in_words, word_changes
from collaborations.models import (
    READING_PARTY_STATES,
    ConfirmationAnswer,
    ConfirmationRequest,
    EventKind,
    PartyRole,
    PartyState,
    ProblemDescription,
)
from samverkan.errors import DomainError

# Every subject, by the ConfirmationRequest field that holds its version ("problem", "agreement").
_SUBJECTS = {}


def swedish(text_function):
    """Event details are written in the service's default language, whoever triggered them."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_function()


class Subject:
    """One kind of version the parties answer. A subclass is made once and registers itself."""

    key = ""  # the ConfirmationRequest field that holds the version
    answers = ()  # the answers a party may give (ConfirmationAnswer values)
    answering_states = ()  # the states of a party whose representatives are waited for
    answer_page = ""  # URL name (pk, party_pk) where a party's representative answers
    answered_page = ""  # URL name (pk, party_pk) a representative is shown after answering
    staff_page = ""  # URL name (pk) where the lead's staff follow the answers
    related_fields = ()  # rows of the version that pages show with it (select_related)
    deferred_fields = ()  # large fields of the version that pages do not read
    on_all_agreed = None  # a callable taking the request's pk (see when_all_agree)
    on_sent = None  # a callable taking the request (see when_sent)
    sent_event = EventKind.VERSION_SENT  # the event log's kind for sending a version
    all_agreed_event = EventKind.ALL_AGREED  # ... for the moment every asked party agrees

    def __init__(self):
        _SUBJECTS[self.key] = self

    def __repr__(self):
        return f"<Subject {self.key}>"

    def requests(self):
        """The requests about this subject."""
        return ConfirmationRequest.objects.filter(**{f"{self.key}__isnull": False})

    def of(self, request):
        """The version `request` asks about."""
        return getattr(request, self.key)

    # --- Sending -------------------------------------------------------------------------------

    def parties_to_ask(self, version) -> list:
        """Check that `version` can be sent now and lock what must not change meanwhile; the parties to
        ask. DomainError says why it cannot be sent. Called inside the sending transaction."""
        raise NotImplementedError

    def sent_detail(self, version, parties) -> str:
        """The event log's words for the sending."""
        raise NotImplementedError

    # --- Answering -----------------------------------------------------------------------------

    def may_answer(self, party) -> bool:
        """Whether `party` may still answer (it was asked, and has not stopped being waited for)."""
        return party.is_still_asked

    def answer_event(self, recipient) -> tuple[str, str]:
        """(event kind, detail) for the answer `recipient` holds."""
        raise NotImplementedError

    def after_answer(self, recipient, *, answered_by) -> None:
        """What the answer changes besides itself (under the answer's locks)."""

    # --- Wording -------------------------------------------------------------------------------

    def not_asked_text(self, party) -> str:
        raise NotImplementedError

    def wrong_request_text(self) -> str:
        raise NotImplementedError

    def newer_version_text(self) -> str:
        raise NotImplementedError

    def no_longer_asked_text(self, party) -> str:
        raise NotImplementedError

    def choose_answer_text(self) -> str:
        raise NotImplementedError

    def all_agreed_detail(self, request, summary) -> str:
        raise NotImplementedError

    def mail_detail(self, invitation) -> str:
        """The event log's words for an e-mailed link (organisation, address, version)."""
        raise NotImplementedError

    def when_sent(self, request) -> None:
        """What follows once `request` is sent; `on_sent` is set by the subject's app when it is ready,
        e.g. to render the exact document the parties are asked about."""
        if self.on_sent is not None:
            self.on_sent(request)

    def when_all_agree(self, request) -> None:
        """What follows once every asked party agrees to `request` (besides the event and the lead's
        e-mail); `on_all_agreed` is set by the subject's app when it is ready, e.g. to seal."""
        if self.on_all_agreed is not None:
            self.on_all_agreed(request.pk)

    def mail_context(self, recipient=None) -> dict:
        """What the e-mail templates need besides the common context (they choose their words by
        `is_agreement`); with `recipient`, for an invitation to it."""
        return {"is_agreement": False}

    def changes_in_words(self, old, new) -> list[str]:
        """What changed from version `old` to version `new`, as plain lines for an e-mail."""
        raise NotImplementedError

    # --- The page the link opens ---------------------------------------------------------------

    text_template = ""  # the partial that shows the version and what changed (context of `reading`)

    def reading(self, recipient, earlier) -> dict:
        """What the page that asks for an answer shows: the version, and what changed since `earlier`
        (the party's answer to an earlier version, or None)."""
        raise NotImplementedError


def subject_of(request) -> Subject:
    """The subject `request` asks about."""
    for key, subject in _SUBJECTS.items():
        if getattr(request, f"{key}_id") is not None:
            return subject
    raise LookupError(f"{request!r} has no subject that is known")


def subjects() -> list[Subject]:
    return list(_SUBJECTS.values())


class ProblemSubject(Subject):
    """A version of the problem description, to confirm: agrees, wants changes, or declines."""

    key = "problem"
    answers = (ConfirmationAnswer.AGREE, ConfirmationAnswer.CHANGES, ConfirmationAnswer.DECLINE)
    answering_states = tuple(READING_PARTY_STATES)
    answer_page = "confirmation_answer"
    answered_page = "confirmation_thanks"
    staff_page = "confirmation_matrix"
    related_fields = ("created_by",)

    def parties_to_ask(self, version):
        problem = version
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
        return parties

    def sent_detail(self, version, parties):
        return swedish(
            lambda: (
                _("problem description version %(version)s to %(parties)s")
                % {"version": version.version, "parties": ", ".join(p.organisation.name for p in parties)}
            )
        )

    def may_answer(self, party):
        # A party made an observer is no longer asked; one that declined may still change its mind
        # about the current version.
        return party.role == PartyRole.PARTNER

    def answer_event(self, recipient):
        request = recipient.request
        return EventKind.ANSWER_GIVEN, swedish(
            lambda: (
                _("%(organisation)s: %(answer)s (version %(version)s)")
                % {
                    "organisation": recipient.party.organisation.name,
                    "answer": ConfirmationAnswer(recipient.answer).label,
                    "version": request.version,
                }
            )
        )

    def after_answer(self, recipient, *, answered_by):
        """Answering makes the party joined, or declined (and then its open links stop working)."""
        party = recipient.party
        declined = recipient.answer == ConfirmationAnswer.DECLINE
        new_state = PartyState.DECLINED if declined else PartyState.JOINED
        if party.state != new_state:
            party.state = new_state
            party.save(update_fields=["state"])
        if declined:
            end_links_no_longer_meant(party, answered_by)

    def not_asked_text(self, party):
        return _("%(organisation)s has not been asked to confirm the latest version.") % {
            "organisation": party.organisation.name
        }

    def wrong_request_text(self):
        return _("This is not a request to confirm the problem description.")

    def newer_version_text(self):
        return _(
            "A newer version of the problem description was sent while you were reading. Nothing was "
            "saved. Read the new version and answer it."
        )

    def no_longer_asked_text(self, party):
        return _(
            "%(organisation)s is no longer asked to confirm the problem description. Nothing was saved."
        ) % {"organisation": party.organisation.name}

    def choose_answer_text(self):
        return _("Choose one of the three answers.")

    def all_agreed_detail(self, request, summary):
        return ngettext(
            "problem description version %(version)s, %(agreed)s of %(asked)s party",
            "problem description version %(version)s, %(agreed)s of %(asked)s parties",
            summary.asked,
        ) % {
            "version": request.version,
            "agreed": summary.agreed,
            "asked": summary.asked,
        }

    text_template = "collaborations/_problem_to_answer.html"

    def changes_in_words(self, old, new):
        lines = changes_in_words(word_changes(old.text, new.text))
        old_labels, new_labels = old.get_focus_area_labels(), new.get_focus_area_labels()
        lines += [_("focus area added: %(label)s") % {"label": x} for x in new_labels if x not in old_labels]
        lines += [
            _("focus area removed: %(label)s") % {"label": x} for x in old_labels if x not in new_labels
        ]
        if old.evidence != new.evidence:
            lines.append(_("the evidence has changed"))
        return lines

    def reading(self, recipient, earlier):
        problem = recipient.request.problem
        return {
            "problem": problem,
            "earlier": earlier,
            "changes": problem.diff_from(earlier.request.problem) if earlier else None,
        }

    def mail_detail(self, invitation):
        return _("%(organisation)s (%(email)s), version %(version)s") % {
            "organisation": invitation.recipient.party.organisation.name,
            "email": invitation.email,
            "version": invitation.recipient.request.version,
        }


PROBLEM = ProblemSubject()
