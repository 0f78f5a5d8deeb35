"""Fetch-and-authorise helpers: one per resource.

Another organisation's object is a 404, so its existence does not leak. A user who may read but not
write gets a 403 when they try to write.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from collaborations.models import Collaboration, Membership, MembershipRole, Organisation


def get_collaboration_for_user(request, pk, *, edit=False) -> Collaboration:
    """The collaboration `pk` if the user may see it; with `edit`, only for staff of the lead.

    Sets `collaboration.can_edit` for templates. A closed collaboration cannot be edited.
    """
    collaboration = get_object_or_404(
        Collaboration.objects.visible_to(request.user).select_related("lead_organisation"), pk=pk
    )
    collaboration.can_edit = not collaboration.is_closed and collaboration.is_led_by_member(request.user)
    if edit and not collaboration.can_edit:
        raise PermissionDenied
    return collaboration


def get_organisation_for_member(request, pk, *, admin=False) -> tuple[Organisation, Membership]:
    """The organisation `pk` and the user's membership in it; with `admin`, only for its admins."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), organisation_id=pk, user=request.user
    )
    if admin and membership.role != MembershipRole.ADMIN:
        raise PermissionDenied
    return membership.organisation, membership


def staff_organisations(user):
    """Organisations the user belongs to; any of them can lead a new collaboration."""
    return Organisation.objects.filter(memberships__user=user).order_by("name")
