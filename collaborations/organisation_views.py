from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaborations import services
from collaborations.context_processors import SESSION_KEY
from collaborations.forms import AddMemberForm
from collaborations.models import Membership
from collaborations.permissions import get_organisation_for_member
from samverkan.errors import DomainError
from samverkan.forms import parse_pk


def organisation_list(request):
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__name")
    return render(request, "collaborations/organisation_list.html", {"memberships": memberships})


def organisation_detail(request, pk):
    organisation, membership = get_organisation_for_member(request, pk)
    form = AddMemberForm()
    if request.method == "POST":
        organisation, membership = get_organisation_for_member(request, pk, admin=True)
        form = AddMemberForm(request.POST)
        if form.is_valid():
            try:
                services.add_member(
                    organisation=organisation,
                    user=form.user,
                    role=form.cleaned_data["role"],
                    added_by=request.user,
                )
            except DomainError as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, _("%(user)s has been added.") % {"user": form.user})
                return redirect("organisation_detail", pk=organisation.pk)
    members = organisation.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "collaborations/organisation_detail.html",
        {"organisation": organisation, "membership": membership, "members": members, "form": form},
    )


@require_POST
def member_remove(request, pk, membership_pk):
    organisation, _membership = get_organisation_for_member(request, pk, admin=True)
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organisation=organisation
    )
    try:
        services.remove_member(membership=target, removed_by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(user)s has been removed from the organisation.") % {"user": target.user}
        )
    return redirect("organisation_detail", pk=organisation.pk)


@require_POST
def organisation_switch(request):
    chosen = parse_pk(request.POST.get("organisation"))
    if chosen is None:
        raise Http404
    organisation, _membership = get_organisation_for_member(request, chosen)
    request.session[SESSION_KEY] = organisation.pk
    messages.success(request, _("You are now working as %(organisation)s.") % {"organisation": organisation})
    # `next` is a URL from the request, never a view name: redirect() would try to reverse() it.
    next_url = request.POST.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("dashboard")
    return HttpResponseRedirect(next_url)
