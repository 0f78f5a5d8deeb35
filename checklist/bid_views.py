"""A BID's page under the model step: the association, the fee categories and the member register.

Staff of the lead only (a representative reads it through the agreement); only when BID is chosen.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checklist import bid_services
from checklist.bid_forms import BidAssociationForm, BidMemberForm, FeeCategoryForm
from checklist.bid_models import BidMember, FeeCategory, fee_register, format_sek
from checklist.facts import active_parties
from collaborations.models import CollaborationModel, ModelChoice
from collaborations.permissions import get_collaboration_for_user
from samverkan.errors import DomainError


def _bid_collaboration(request, pk):
    collaboration = get_collaboration_for_user(request, pk, edit=True)
    if not ModelChoice.objects.filter(collaboration=collaboration, model=CollaborationModel.BID).exists():
        raise Http404
    return collaboration


def bid_detail(request, pk):
    collaboration = _bid_collaboration(request, pk)
    register = fee_register(collaboration)
    rows = [
        {"member": row.member, "fee": format_sek(row.fee), "missing": row.missing} for row in register.rows
    ]
    membership_fee = register.association.membership_fee_sek if register.association else None
    categories = [{"category": c, "amount": format_sek(c.amount_sek)} for c in register.categories]
    form = BidAssociationForm(request.POST or None, instance=register.association)
    if request.method == "POST" and form.is_valid():
        bid_services.save_bid_association(
            collaboration=collaboration, saved_by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The association is saved."))
        return redirect("bid_detail", pk=collaboration.pk)
    return render(
        request,
        "checklist/bid.html",
        {
            "collaboration": collaboration,
            "form": form,
            "categories": categories,
            "rows": rows,
            "membership_fee": format_sek(membership_fee),
            "total": format_sek(register.total),
            "unknown": register.unknown,
            "members": register.members,
        },
    )


def _row_page(request, collaboration, form, *, title):
    return render(
        request,
        "checklist/step_form.html",
        {
            "collaboration": collaboration,
            "form": form,
            "title": title,
            "instance_label": "",
            "back_url": reverse("bid_detail", args=[collaboration.pk]),
        },
    )


def bid_category_edit(request, pk, category_pk=None):
    collaboration = _bid_collaboration(request, pk)
    instance = (
        get_object_or_404(FeeCategory, pk=category_pk, collaboration=collaboration) if category_pk else None
    )
    form = FeeCategoryForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            bid_services.save_fee_category(
                collaboration=collaboration, saved_by=request.user, instance=instance, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The fee category is saved."))
            return redirect("bid_detail", pk=collaboration.pk)
    return _row_page(request, collaboration, form, title=_("Fee category"))


@require_POST
def bid_category_delete(request, pk, category_pk):
    collaboration = _bid_collaboration(request, pk)
    category = get_object_or_404(FeeCategory, pk=category_pk, collaboration=collaboration)
    try:
        bid_services.delete_fee_category(category=category, deleted_by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Removed."))
    return redirect("bid_detail", pk=collaboration.pk)


def bid_member_edit(request, pk, member_pk=None):
    collaboration = _bid_collaboration(request, pk)
    instance = get_object_or_404(BidMember, pk=member_pk, collaboration=collaboration) if member_pk else None
    form = BidMemberForm(
        request.POST or None,
        instance=instance,
        parties=active_parties(collaboration),
        categories=FeeCategory.objects.filter(collaboration=collaboration),
    )
    if request.method == "POST" and form.is_valid():
        try:
            bid_services.save_bid_member(
                collaboration=collaboration, saved_by=request.user, instance=instance, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The property is saved in the register."))
            return redirect("bid_detail", pk=collaboration.pk)
    return _row_page(request, collaboration, form, title=_("Property in the register"))


@require_POST
def bid_member_delete(request, pk, member_pk):
    collaboration = _bid_collaboration(request, pk)
    member = get_object_or_404(BidMember, pk=member_pk, collaboration=collaboration)
    bid_services.delete_bid_member(member=member, deleted_by=request.user)
    messages.success(request, _("Removed."))
    return redirect("bid_detail", pk=collaboration.pk)
