"""Who signs for each signing party (step 15): staff of the lead edit it here; the step lists them and
the agreement's signature blocks show them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from checklist import services
from checklist.forms import SignatoryForm
from checklist.models import Signatory
from checklist.steps import step_url
from collaborations.models import Party, PartyRole, PartyState
from collaborations.permissions import get_collaboration_for_user


def signatory_edit(request, pk, party_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(
        Party.objects.select_related("organisation")
        .exclude(role=PartyRole.OBSERVER)
        .exclude(state=PartyState.DECLINED),
        pk=party_pk,
        collaboration=collaboration,
    )
    signatory = Signatory.objects.filter(party=party).first()
    form = SignatoryForm(request.POST or None, instance=signatory or Signatory(party=party))
    back_url = _terms_step_url(collaboration)
    if request.method == "POST" and form.is_valid():
        services.save_signatory(party=party, saved_by=request.user, **form.cleaned_data)
        messages.success(request, _("The signatory is saved."))
        return redirect(back_url)
    return render(
        request,
        "checklist/step_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "title": _("Who signs for %(party)s") % {"party": party.organisation.name},
            "back_url": back_url,
        },
    )


def _terms_step_url(collaboration):
    steps = [s for s in services.checklist_for(collaboration).template.steps.all() if s.key == "terms"]
    return (
        step_url(collaboration, steps[0])
        if steps
        else reverse("collaboration_detail", args=[collaboration.pk])
    )
