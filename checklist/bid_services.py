"""A BID's association, fee categories and member register: each write in one transaction, logged."""

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from checklist.bid_models import BidAssociation, BidMember, FeeCategory
from checklist.services import delete_row
from collaborations.models import EventKind
from collaborations.services import touch
from samverkan.errors import DomainError, refused_if_taken
from samverkan.events import record_event
from samverkan.unknowns import DatePrecision


def _saved(collaboration, actor, what):
    touch(collaboration)
    record_event(collaboration=collaboration, kind=EventKind.PLAN_SAVED, actor=actor, detail=str(what)[:300])


@transaction.atomic
def save_bid_association(
    *,
    collaboration,
    saved_by,
    name="",
    org_number="",
    org_number_unknown="",
    statutes_adopted=None,
    seat="",
    purpose="",
    annual_meeting="",
    board="",
    membership_fee_sek=None,
) -> BidAssociation:
    """Store what is known of the association; `statutes_adopted` is a PartialDate or None."""
    association, _created = BidAssociation.objects.update_or_create(
        collaboration=collaboration,
        defaults={
            "name": name,
            "org_number": org_number,
            "org_number_unknown": "" if org_number else org_number_unknown,
            "statutes_adopted_on": statutes_adopted.value if statutes_adopted else None,
            "statutes_adopted_precision": statutes_adopted.precision
            if statutes_adopted
            else DatePrecision.DAY,
            "seat": seat,
            "purpose": purpose,
            "annual_meeting": annual_meeting,
            "board": board,
            "membership_fee_sek": membership_fee_sek,
        },
    )
    _saved(collaboration, saved_by, BidAssociation._meta.verbose_name)
    return association


@transaction.atomic
def save_fee_category(*, collaboration, saved_by, instance=None, name, kind, amount_sek=None) -> FeeCategory:
    """Add a fee category to `collaboration`, or change `instance`. Names are unique per collaboration."""
    taken = _("There is already a fee category with that name.")
    others = FeeCategory.objects.filter(collaboration=collaboration, name=name)
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise DomainError(taken)
    category = instance or FeeCategory()
    category.collaboration = collaboration
    category.name = name
    category.kind = kind
    category.amount_sek = amount_sek
    with refused_if_taken(taken):
        category.save()
    _saved(collaboration, saved_by, _("Fee category: %(name)s") % {"name": name})
    return category


@transaction.atomic
def delete_fee_category(*, category, deleted_by) -> None:
    """Remove a category that no property in the register uses."""
    in_use = _("Properties in the register have this category. Give them another one first.")
    if BidMember.objects.filter(category=category).exists():
        raise DomainError(in_use)
    try:
        with transaction.atomic():
            delete_row(instance=category, deleted_by=deleted_by)
    except ProtectedError:  # a property was given the category meanwhile
        raise DomainError(in_use) from None


@transaction.atomic
def save_bid_member(
    *,
    collaboration,
    saved_by,
    instance=None,
    property_designation,
    owner_party=None,
    owner_name="",
    category=None,
    living_area_m2=None,
    commercial_area_m2=None,
    negotiated_fee_sek=None,
    has_joined=True,
) -> BidMember:
    """Add a property to the register of `collaboration`, or change `instance`."""
    taken = _("The property is already in the register.")
    others = BidMember.objects.filter(collaboration=collaboration, property_designation=property_designation)
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    if others.exists():
        raise DomainError(taken)
    member = instance or BidMember()
    member.collaboration = collaboration
    member.property_designation = property_designation
    member.owner_party = owner_party
    member.owner_name = "" if owner_party else owner_name
    member.category = category
    member.living_area_m2 = living_area_m2
    member.commercial_area_m2 = commercial_area_m2
    member.negotiated_fee_sek = negotiated_fee_sek
    member.has_joined = has_joined
    with refused_if_taken(taken):
        member.save()
    _saved(collaboration, saved_by, _("Property in the register: %(property)s") % {"property": member})
    return member


def delete_bid_member(*, member, deleted_by) -> None:
    delete_row(instance=member, deleted_by=deleted_by)
