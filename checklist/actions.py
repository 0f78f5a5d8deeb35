"""What waits for the lead's staff now, each with its one action: the action list of the dashboard and
the collaboration's overview ("Hyresgästföreningen vill ha ändringar → Läs och ändra", "Norrbacka IF
har inte svarat på sex dagar → Påminn", "5. Mandat är inte klart → Fyll i").

`waiting_in(collaborations, next_steps)` reads what it needs for many collaborations in one query,
whatever their number: their actions, and how many parties have not answered (the dashboard's
"2 parter har inte svarat"); `kept_actions_for` is one collaboration's actions (the overview's).
`next_steps` is {collaboration id: the next checklist step to do, or None}, which the pages have
already (checklist.rules: a ChecklistStatus's or a Progress's). Reads only.

The order is the order of what to do: answers that ask for changes first (a partner waits for the
lead), then versions written but not sent, then parties to remind, then the next step of the checklist.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checklist.rules import CACHE_SECONDS
from checklist.steps import step_url
from collaborations.confirmations.queries import STILL_ASKED, Unanswered
from collaborations.models import ConfirmationAnswer, ConfirmationRecipient, ProblemDescription
from samverkan.compiled import compiled_values

# The overview's rows are kept under the collaboration's change stamp, and under this code's (a shared
# cache kept over a release is not read as the old rows).
_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]

# A party asked less than a day ago is not late yet: there is nothing to do but wait.
REMIND_AFTER_DAYS = 1


@dataclass(frozen=True)
class Action:
    text: str  # what waits, in words
    label: str  # the action's link text
    url: str
    kind: str  # "changes", "send", "remind" or "step"


@dataclass(frozen=True)
class Waiting:
    actions: dict  # {collaboration id: its actions, in the order to do them}
    unanswered: dict  # {collaboration id: Unanswered}, those with none left out


@dataclass(frozen=True)
class _Asked:
    """One party asked and not yet agreeing: a row of the one query, read as plain values."""

    answer: str
    party: str  # the organisation's name
    organisation_id: int
    collaboration_id: int
    sent_at: object
    is_agreement: bool
    problem_version: int | None  # the version asked about, for the problem description
    latest_problem_version: int | None  # the collaboration's latest version


def _asked(ids):
    """The parties asked in the current requests of collaborations `ids` that have not answered or want
    changes, by organisation name; with the collaboration's latest problem version beside each (a
    subquery, instead of a query of its own). Compiled once per process (samverkan/compiled.py): the
    ORM took longer to build it than the database to run it."""
    rows = compiled_values(_asked_rows, ids=list(ids))
    return [
        _Asked(answer, party, organisation_id, pk, sent_at, agreement_id is not None, problem_version, latest)
        for answer, party, organisation_id, pk, sent_at, agreement_id, problem_version, latest in rows
    ]


def _asked_rows(*, ids):
    latest = (
        ProblemDescription.objects.filter(collaboration_id=OuterRef("request__collaboration_id"))
        .order_by("-version")
        .values("version")[:1]
    )
    return (
        ConfirmationRecipient.objects.filter(
            request__collaboration_id__in=ids,
            request__superseded_at__isnull=True,
            answer__in=["", ConfirmationAnswer.CHANGES],
        )
        .filter(STILL_ASKED)
        .annotate(latest_problem_version=Subquery(latest))
        .order_by("party__organisation__name", "pk")
        .values_list(
            "answer",
            "party__organisation__name",
            "party__organisation_id",
            "request__collaboration_id",
            "request__sent_at",
            "request__agreement_id",
            "request__problem__version",
            "latest_problem_version",
        )
    )


def kept_actions_for(collaboration, next_step, *, organisation_names) -> list[Action]:
    """The actions of one collaboration the user leads (its overview), with the rows they are made of
    kept in the cache under the collaboration's change stamp, which every answer, request, version and
    party change bumps. A renamed organisation does not bump it: kept rows are used only while the
    names they show are those in `organisation_names` ({organisation id: name}, the page's parties).
    The days since a request are counted on every call."""
    key = f"actions:{_CODE}:{collaboration.pk}:{collaboration.updated_at.isoformat()}"
    rows = cache.get(key)
    if rows is None or any(organisation_names.get(row.organisation_id) != row.party for row in rows):
        rows = _asked([collaboration.pk])
        cache.set(key, rows, CACHE_SECONDS)
    return _waiting([collaboration], {collaboration.pk: next_step}, rows).actions[collaboration.pk]


def waiting_in(collaborations, next_steps) -> Waiting:
    """The actions and the unanswered counts of collaborations the user leads, in one query."""
    collaborations = list(collaborations)
    ids = [c.pk for c in collaborations]
    if not ids:
        return Waiting(actions={}, unanswered={})
    return _waiting(collaborations, next_steps, _asked(ids))


def _waiting(collaborations, next_steps, rows) -> Waiting:
    actions = {c.pk: [] for c in collaborations}
    now = timezone.now()
    # {(collaboration id, subject, kind): [Action]}, subject "problem" or "agreement"
    found, sent_problem, latest_problem, silent = {}, {}, {}, {}
    for asked in rows:
        pk = asked.collaboration_id
        if asked.problem_version is not None:
            sent_problem[pk] = asked.problem_version
            latest_problem[pk] = asked.latest_problem_version
        subject = "agreement" if asked.is_agreement else "problem"
        if asked.answer == ConfirmationAnswer.CHANGES:
            found.setdefault((pk, subject, "changes"), []).append(_changes_action(pk, asked))
        else:
            silent.setdefault(pk, {"problem": 0, "agreement": 0})[subject] += 1
            days = (now - asked.sent_at).days
            if days >= REMIND_AFTER_DAYS:
                found.setdefault((pk, subject, "remind"), []).append(_remind_action(pk, asked, days))
    for collaboration in collaborations:
        pk = collaboration.pk
        latest = latest_problem.get(pk)
        unsent = latest is not None and sent_problem.get(pk) is not None and latest > sent_problem[pk]
        if unsent:
            # The changes asked for are written into a new version: sending it is what is left to do.
            actions[pk].append(
                Action(
                    text=_("Version %(version)s of the problem description has not been sent to the parties.")
                    % {"version": latest},
                    label=_("Send"),
                    url=reverse("problem_send", args=[pk]),
                    kind="send",
                )
            )
        else:
            # Answers to the version sent still count only while no newer version is written.
            actions[pk].extend(found.get((pk, "problem", "changes"), []))
        actions[pk].extend(found.get((pk, "agreement", "changes"), []))
        if not unsent:
            actions[pk].extend(found.get((pk, "problem", "remind"), []))
        actions[pk].extend(found.get((pk, "agreement", "remind"), []))
        next_step = next_steps.get(pk)
        if next_step is not None:
            actions[pk].append(
                Action(
                    text=_("%(number)s. %(title)s is not done.")
                    % {"number": next_step.number, "title": next_step.title},
                    label=_("Fill in"),
                    url=step_url(collaboration, next_step),
                    kind="step",
                )
            )
    unanswered = {pk: Unanswered(**counts) for pk, counts in silent.items()}
    return Waiting(actions=actions, unanswered=unanswered)


def _changes_action(pk, asked) -> Action:
    name = asked.party
    if asked.is_agreement:
        return Action(
            text=_("%(party)s wants changes in the agreement.") % {"party": name},
            label=_("Read and change"),
            url=reverse("agreement_preview", args=[pk]),
            kind="changes",
        )
    return Action(
        text=_("%(party)s wants changes in the problem description.") % {"party": name},
        label=_("Read and change"),
        url=reverse("problem_detail", args=[pk]),
        kind="changes",
    )


def _remind_action(pk, asked, days) -> Action:
    name = asked.party
    if asked.is_agreement:
        text = ngettext(
            "%(party)s has not answered about the agreement for %(days)s day.",
            "%(party)s has not answered about the agreement for %(days)s days.",
            days,
        )
        url = reverse("agreement_preview", args=[pk])
    else:
        text = ngettext(
            "%(party)s has not answered about the problem description for %(days)s day.",
            "%(party)s has not answered about the problem description for %(days)s days.",
            days,
        )
        url = reverse("confirmation_matrix", args=[pk])
    return Action(text=text % {"party": name, "days": days}, label=_("Remind"), url=url, kind="remind")
