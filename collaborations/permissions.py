"""Fetch-and-authorise helpers: one per resource.

Another organisation's object is a 404, so its existence does not leak. A user who may read but not
write gets a 403 when they try to write.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from collaborations.models import (
    Collaboration,
    ConfirmationAnswer,
    ConfirmationRecipient,
    Membership,
    MembershipRole,
    Organisation,
    Party,
    PartyRole,
    PartyState,
    Representation,
)
from samverkan.compiled import compiled_values


def get_collaboration_for_user(request, pk, *, edit=False) -> Collaboration:
    """The collaboration `pk` if the user may see it; with `edit`, only for staff of the lead.

    Sets `collaboration.can_edit` and `collaboration.is_lead_staff` for templates. A closed
    collaboration cannot be edited.
    """
    # Staff of the lead see the checklist; everyone else who may see it is a party's representative.
    # The user's memberships, with their organisations, are read once per request (the top bar shows
    # them too), so the collaboration is fetched by its primary key alone: no `visible_to` union to
    # build and plan on every page, and for staff of its lead no join (their membership has the lead
    # organisation). Whether the user represents one of its parties is asked only of everyone else.
    if not request.user.is_authenticated:
        raise Http404
    organisations = {m.organisation_id: m.organisation for m in memberships_for_request(request)}
    collaboration = _collaboration(pk)
    if collaboration is None:
        raise Http404
    collaboration.is_lead_staff = collaboration.lead_organisation_id in organisations
    if collaboration.is_lead_staff:
        collaboration.lead_organisation = organisations[collaboration.lead_organisation_id]
    elif not Representation.objects.active().filter(user=request.user, party__collaboration_id=pk).exists():
        raise Http404
    collaboration.can_edit = not collaboration.is_closed and collaboration.is_lead_staff
    if edit and not collaboration.can_edit:
        raise PermissionDenied
    return collaboration


_COLLABORATION_FIELDS = tuple(field.attname for field in Collaboration._meta.concrete_fields)
_LARGEST_KEY = 2**63 - 1  # BigAutoField


def _collaboration_row(*, pk):
    return Collaboration.objects.filter(pk=pk).order_by().values_list(*_COLLABORATION_FIELDS)


def _collaboration(pk) -> Collaboration | None:
    """Collaboration `pk`, or None: its query built once per process and prepared once per connection
    (samverkan/compiled.py), as every collaboration page reads it first. A key beyond the column's
    range is no collaboration, without asking the database."""
    if not 0 < int(pk) <= _LARGEST_KEY:
        return None
    rows = compiled_values(_collaboration_row, pk=int(pk))
    return Collaboration.from_db("default", _COLLABORATION_FIELDS, rows[0]) if rows else None


def get_organisation_for_member(request, pk, *, admin=False) -> tuple[Organisation, Membership]:
    """The organisation `pk` and the user's membership in it; with `admin`, only for its admins."""
    membership = get_object_or_404(
        Membership.objects.select_related("organisation"), organisation_id=pk, user=request.user
    )
    if admin and membership.role != MembershipRole.ADMIN:
        raise PermissionDenied
    return membership.organisation, membership


def memberships_for_request(request) -> list[Membership]:
    """The user's memberships with their organisations, read once per request: the top bar's switcher
    (context_processors.py) and the lists of the user's collaborations share them."""
    if "_memberships" not in request.__dict__:
        request._memberships = list(
            Membership.objects.filter(user=request.user).select_related("organisation")
        )
    return request._memberships


def staff_organisations(user):
    """Organisations the user belongs to; any of them can lead a new collaboration."""
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def get_collaboration_for_lead_staff(request, pk) -> Collaboration:
    """The collaboration `pk` for staff of its lead organisation, also once closed (to read).

    Others who may see the collaboration get a 403; everyone else a 404.
    """
    collaboration = get_collaboration_for_user(request, pk)
    if not collaboration.is_lead_staff:
        raise PermissionDenied
    return collaboration


def get_party_for_representative(request, pk, party_pk):
    """The partner party `party_pk` of collaboration `pk`, for its representative (someone who accepted
    the party's invitation link). Membership of the party's organisation is not enough.

    The party must be invited or joined, or have declined in answer to the current version (so that it
    may still change its mind). The lead's own party, an observer, and anyone else get a 404.
    """
    party = get_object_or_404(
        Party.objects.select_related("organisation", "collaboration__lead_organisation").filter(
            role=PartyRole.PARTNER,
            representations__user=request.user,
            representations__ended_at__isnull=True,
        ),
        pk=party_pk,
        collaboration_id=pk,
    )
    if party.state in (PartyState.INVITED, PartyState.JOINED):
        return party
    declined_now = ConfirmationRecipient.objects.filter(
        party=party,
        request__superseded_at__isnull=True,
        request__problem__isnull=False,
        answer=ConfirmationAnswer.DECLINE,
    ).exists()
    if party.state == PartyState.DECLINED and declined_now:
        return party
    raise Http404
