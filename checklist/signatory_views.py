"""Who signs for each signing party (step 15): staff of the lead edit it here, one party at a time or
all on one page; the step lists them and the agreement's signature blocks show them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from checklist import services
from checklist.facts import signing_parties
from checklist.forms import SignatoryForm
from checklist.models import Signatory
from checklist.rows_page import back_after_saving, rows_page
from collaborations.permissions import get_collaboration_for_user
from samverkan.forms import forms_per_row


def signatory_edit(request, pk, party_pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    party = get_object_or_404(signing_parties(collaboration), pk=party_pk)
    signatory = Signatory.objects.filter(party=party).first()
    form = SignatoryForm(request.POST or None, instance=signatory or Signatory(party=party))
    back_url = services.step_url_for_key(collaboration, "terms")
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


def signatories_edit(request, pk):
    """Every signing party's signatory in one form. A party left as it was is not saved; a party filled
    in wrongly keeps every party from being saved."""
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    parties = list(signing_parties(collaboration).select_related("signatory"))
    forms = forms_per_row(parties, _signatory_form, request.POST if request.method == "POST" else None)
    changed = [(party, form) for party, form in zip(parties, forms, strict=True) if form.is_bound]
    back_url = services.step_url_for_key(collaboration, "terms")
    if request.method == "POST" and all(form.is_valid() for _party, form in changed):
        signatories = [(party, form.cleaned_data) for party, form in changed]
        services.save_signatories(saved_by=request.user, signatories=signatories)
        return back_after_saving(
            request, back_url, saved_message=_("The signatories are saved.") if changed else ""
        )
    return rows_page(
        request,
        collaboration,
        forms=forms,
        title=_("Who signs for each party"),
        intro=_(
            "Fill in the parties you know who signs for. A party you leave empty is not saved and "
            "stays not recorded."
        ),
        back_url=back_url,
    )


def _signatory_form(party, data):
    signatory = getattr(party, "signatory", None) or Signatory(party=party)
    form = SignatoryForm(data, instance=signatory, prefix=f"party-{party.pk}")
    form.legend = party.organisation.name
    return form
