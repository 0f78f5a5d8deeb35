"""Confirmation of the problem description: staff send a version and follow the answers; a party's
representatives read it and answer."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from collaborations.confirmation_forms import AnswerForm, CompareVersionsForm, SendForConfirmationForm
from collaborations.confirmation_helpers import answer_from_form, base_url, staff_party_action
from collaborations.confirmations import asked, links, queries, reminders, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import CONFIRMATION_EVENT_KINDS, ConfirmationAnswer
from collaborations.permissions import (
    get_collaboration_for_lead_staff,
    get_collaboration_for_user,
    get_party_for_representative,
)
from samverkan.errors import DomainError

MATRIX_EVENTS = 30

# --- Staff: send, compare, follow ---------------------------------------------------------------


def problem_send(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    problem = collaboration.latest_problem()
    parties, skipped = asked.split_parties(collaboration)
    already_sent = problem is not None and problem.confirmation_requests.exists()
    form = SendForConfirmationForm(
        request.POST or None,
        parties=parties,
        languages=asked.last_languages(collaboration),
        initial={"version": problem.version if problem else None},
    )
    if request.method == "POST" and form.is_valid():
        chosen = collaboration.problem_versions.filter(version=form.cleaned_data["version"]).first()
        try:
            if chosen is None:
                raise DomainError(_("That version does not exist."))
            confirmation_request = sending.send(
                subject=PROBLEM,
                version=chosen,
                sent_by=request.user,
                base_url=base_url(request),
                languages=form.languages(),
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Version %(version)s has been sent for confirmation to %(count)s party.",
                    "Version %(version)s has been sent for confirmation to %(count)s parties.",
                    len(parties),
                )
                % {"version": confirmation_request.version, "count": len(parties)},
            )
            return redirect("confirmation_matrix", pk=collaboration.pk)
    return render(
        request,
        "collaborations/problem_send.html",
        {
            "collaboration": collaboration,
            "problem": problem,
            "already_sent": already_sent,
            "form": form,
            "skipped": skipped,
        },
    )


def problem_compare(request, pk):
    collaboration = get_collaboration_for_user(request, pk)
    versions = list(collaboration.problem_versions.order_by("version").values_list("version", flat=True))
    data = request.GET if "old" in request.GET or "new" in request.GET else None
    initial = {"old": versions[-2], "new": versions[-1]} if len(versions) > 1 else {}
    form = CompareVersionsForm(data or initial, versions=versions)
    diff = None
    if len(versions) > 1 and form.is_valid():
        chosen = {
            p.version: p
            for p in collaboration.problem_versions.filter(
                version__in=[form.cleaned_data["old"], form.cleaned_data["new"]]
            )
        }
        diff = chosen[form.cleaned_data["new"]].diff_from(chosen[form.cleaned_data["old"]])
    return render(
        request,
        "collaborations/problem_compare.html",
        {"collaboration": collaboration, "form": form, "diff": diff, "version_count": len(versions)},
    )


def confirmation_matrix(request, pk):
    collaboration = get_collaboration_for_lead_staff(request, pk)
    confirmation_request = queries.current_request(collaboration, subject=PROBLEM)
    latest = collaboration.latest_problem()
    events = collaboration.events.filter(kind__in=CONFIRMATION_EVENT_KINDS).select_related("actor")
    return render(
        request,
        "collaborations/confirmation_matrix.html",
        {
            "collaboration": collaboration,
            "confirmation_request": confirmation_request,
            "summary": queries.request_summary(confirmation_request) if confirmation_request else None,
            "latest": latest,
            "unsent_version": latest
            if latest and (confirmation_request is None or confirmation_request.problem_id != latest.pk)
            else None,
            "rows": queries.matrix_rows(collaboration, confirmation_request),
            "events": list(events[:MATRIX_EVENTS]),
            "reminder_days": settings.CONFIRMATION_REMINDER_DAYS,
        },
    )


@require_POST
def confirmation_remind(request, pk, party_pk):
    return staff_party_action(
        request,
        pk,
        party_pk,
        lambda party: reminders.remind(
            party=party, subject=PROBLEM, reminded_by=request.user, base_url=base_url(request)
        ),
        _("A reminder is on its way to %(organisation)s."),
        back="confirmation_matrix",
    )


@require_POST
def confirmation_resend(request, pk, party_pk):
    return staff_party_action(
        request,
        pk,
        party_pk,
        lambda party: sending.resend_invitation(
            party=party, sent_by=request.user, base_url=base_url(request)
        ),
        _("A new invitation is on its way to %(organisation)s. Earlier links no longer work."),
        back="confirmation_matrix",
    )


@require_POST
def confirmation_revoke(request, pk, party_pk):
    return staff_party_action(
        request,
        pk,
        party_pk,
        lambda party: links.revoke_invitations(party=party, revoked_by=request.user),
        _("The invitation to %(organisation)s has been revoked: its link no longer works."),
        back="confirmation_matrix",
    )


# --- A party's representative: read and answer --------------------------------------------------


def confirmation_answer(request, pk, party_pk):
    party = get_party_for_representative(request, pk, party_pk)
    collaboration = party.collaboration
    recipient = queries.current_recipient(party, subject=PROBLEM)
    if recipient is None:
        return render(
            request,
            "collaborations/confirmation_nothing.html",
            {"collaboration": collaboration, "party": party},
        )
    problem = recipient.request.problem
    earlier = queries.last_answer_before(recipient)
    initial = {"version": problem.version, "answer": recipient.answer, "comment": recipient.comment}
    form = AnswerForm(request.POST or None, initial=initial)
    if answer_from_form(request, form, subject=PROBLEM, recipient=recipient):
        messages.success(request, _("Thank you. Your answer has been saved."))
        return redirect("confirmation_thanks", pk=collaboration.pk, party_pk=party.pk)
    return render(
        request,
        "collaborations/confirmation_answer.html",
        {
            "collaboration": collaboration,
            "party": party,
            "recipient": recipient,
            "confirmation_request": recipient.request,
            "problem": problem,
            "earlier": earlier,
            "changes": problem.diff_from(earlier.request.problem) if earlier else None,
            "form": form,
        },
    )


def confirmation_thanks(request, pk, party_pk):
    party = get_party_for_representative(request, pk, party_pk)
    recipient = queries.current_recipient(party, subject=PROBLEM)
    if recipient is None or not recipient.has_answered:
        return redirect("confirmation_answer", pk=pk, party_pk=party.pk)
    return render(
        request,
        "collaborations/confirmation_thanks.html",
        {
            "collaboration": party.collaboration,
            "party": party,
            "recipient": recipient,
            "declined": recipient.answer == ConfirmationAnswer.DECLINE,
            "agreed": recipient.answer == ConfirmationAnswer.AGREE,
        },
    )
