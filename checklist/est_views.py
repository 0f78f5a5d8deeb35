"""EST's reporting and rhythm: staff of the lead edit them here; representatives read them in the
agreement. The model step links here when EST is the chosen form; what is recorded stays when the form
changes, and the agreement carries it only while the form is EST."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklist import est, suggestions
from checklist.est_forms import NEVER_PERSONS, EstArrangementForm, EstReporterForm
from checklist.est_models import EstArrangement, EstReporter
from checklist.facts import active_parties
from collaborations.models import CollaborationModel, ModelChoice
from collaborations.permissions import get_collaboration_for_user


def est_edit(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    arrangement = est.arrangement_of(collaboration) or EstArrangement(collaboration=collaboration)
    # Nothing recorded yet: the form opens with EST's usual arrangement, stored only when saved.
    suggested = arrangement.pk is None
    form = EstArrangementForm(
        request.POST or None,
        instance=arrangement,
        initial=suggestions.est_arrangement() if suggested else None,
        parties=active_parties(collaboration),
    )
    if request.method == "POST" and form.is_valid():
        est.save_arrangement(collaboration=collaboration, saved_by=request.user, **form.cleaned_data)
        messages.success(request, _("The EST rhythm is saved."))
        return redirect("est_edit", pk=collaboration.pk)
    return render(
        request,
        "checklist/est.html",
        {
            "collaboration": collaboration,
            "form": form,
            "reporters": est.reporters_of(collaboration),
            "never_persons": NEVER_PERSONS,
            "suggested": suggested,
            "is_est": ModelChoice.objects.filter(
                collaboration=collaboration, model=CollaborationModel.EST
            ).exists(),
        },
    )


def reporter_edit(request, pk, reporter_pk=None):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    reporter = (
        get_object_or_404(EstReporter, pk=reporter_pk, collaboration=collaboration) if reporter_pk else None
    )
    form = EstReporterForm(
        request.POST or None, instance=reporter or EstReporter(), parties=active_parties(collaboration)
    )
    if request.method == "POST" and form.is_valid():
        est.save_reporter(
            collaboration=collaboration, saved_by=request.user, instance=reporter, **form.cleaned_data
        )
        messages.success(request, _("The reporter is saved."))
        return redirect("est_edit", pk=collaboration.pk)
    return render(
        request,
        "checklist/step_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "title": _("Reporter to the situation picture"),
            "back_url": reverse("est_edit", args=[collaboration.pk]),
        },
    )


@require_POST
def reporter_delete(request, pk, reporter_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    reporter = get_object_or_404(EstReporter, pk=reporter_pk, collaboration=collaboration)
    est.remove_reporter(reporter=reporter, removed_by=request.user)
    messages.success(request, _("Removed."))
    return redirect("est_edit", pk=collaboration.pk)
