"""What waits for the lead's staff now, each with its one action: the action list of the dashboard and
the collaboration's overview ("Hyresgästföreningen vill ha ändringar → Läs och ändra", "Norrbacka IF
har inte svarat på sex dagar → Påminn", "5. Mandat är inte klart → Fyll i").

`actions_for(collaborations, statuses)` reads what it needs for many collaborations in two queries,
whatever their number; `statuses` are their ChecklistStatus (checklist.rules), which the pages have
already. Reads only.

The order is the order of what to do: answers that ask for changes first (a partner waits for the
lead), then versions written but not sent, then parties to remind, then the next step of the checklist.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from checklist.steps import step_url
from collaborations.confirmations.queries import STILL_ASKED, latest_problem_versions
from collaborations.models import ConfirmationAnswer, ConfirmationRecipient

# A party asked less than a day ago is not late yet: there is nothing to do but wait.
REMIND_AFTER_DAYS = 1


@dataclass(frozen=True)
class Action:
    text: str  # what waits, in words
    label: str  # the action's link text
    url: str
    kind: str  # "changes", "send", "remind" or "step"


def actions_for(collaborations, statuses) -> dict[int, list[Action]]:
    """{collaboration id: its actions, in the order to do them} for collaborations the user leads."""
    collaborations = list(collaborations)
    ids = [c.pk for c in collaborations]
    actions = {pk: [] for pk in ids}
    if not ids:
        return actions
    recipients = (
        ConfirmationRecipient.objects.filter(
            request__collaboration_id__in=ids,
            request__superseded_at__isnull=True,
            answer__in=["", ConfirmationAnswer.CHANGES],
        )
        .filter(STILL_ASKED)
        .select_related("party__organisation", "request__problem")
        .only(
            "answer",
            "party__organisation__name",
            "request__collaboration_id",
            "request__sent_at",
            "request__agreement_id",
            "request__problem__version",
        )
        .order_by("party__organisation__name", "pk")
    )
    latest_problem = latest_problem_versions(ids)
    now = timezone.now()
    # {(collaboration id, subject, kind): [Action]}, subject "problem" or "agreement"
    found, sent_problem = {}, {}
    for recipient in recipients:
        request = recipient.request
        pk = request.collaboration_id
        if request.problem_id:
            sent_problem[pk] = request.problem.version
        subject = "agreement" if request.agreement_id else "problem"
        if recipient.answer == ConfirmationAnswer.CHANGES:
            found.setdefault((pk, subject, "changes"), []).append(_changes_action(pk, recipient))
        else:
            days = (now - request.sent_at).days
            if days >= REMIND_AFTER_DAYS:
                found.setdefault((pk, subject, "remind"), []).append(_remind_action(pk, recipient, days))
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
        next_step = statuses[pk].next_step if pk in statuses else None
        if next_step is not None:
            actions[pk].append(
                Action(
                    text=_("%(number)s. %(title)s is not done.")
                    % {"number": next_step.step.number, "title": next_step.step.title},
                    label=_("Fill in"),
                    url=step_url(collaboration, next_step.step),
                    kind="step",
                )
            )
    return actions


def _changes_action(pk, recipient) -> Action:
    name = recipient.party.organisation.name
    if recipient.request.agreement_id:
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


def _remind_action(pk, recipient, days) -> Action:
    name = recipient.party.organisation.name
    if recipient.request.agreement_id:
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
