"""A BID's part of the agreement: the association as the contracting party, its fee model and the
member register with each member's yearly fee and the total, which Ekonomi shows as the fee-financed
budget. What is missing is a gap linked to the BID page under the model step.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.content import BidCategoryEntry, BidMemberEntry, BidSection
from checklist.bid_models import FeeKind, bid_gaps, fee_register, format_sek
from collaborations.models import CollaborationModel
from samverkan.unknowns import UnknownReason, format_partial_date


def _area(value) -> str:
    return "" if value is None else _("%(area)s m²") % {"area": value}


def _category_amount(category) -> str:
    if category.kind == FeeKind.NEGOTIATED:
        return ""
    amount = format_sek(category.amount_sek)
    if category.kind in (FeeKind.PER_M2_LIVING, FeeKind.PER_M2_COMMERCIAL):
        return _("%(amount)s per m² and year") % {"amount": amount}
    return _("%(amount)s per year") % {"amount": amount}


def build_bid(collaboration, *, model, gap) -> BidSection | None:
    """The BID section when the chosen form (`model`, the agreement's ModelEntry) is BID, else None.
    `gap(section, step_key, what, url=...)` records what is missing."""
    if model is None or model.key != CollaborationModel.BID:
        return None
    register = fee_register(collaboration)
    association = register.association
    url = reverse("bid_detail", args=[collaboration.pk])

    for what in bid_gaps(register):
        gap("model", "model", what, url=url)
    no_number = bool(association and association.org_number_unknown == UnknownReason.DOES_NOT_EXIST)
    membership_fee = association.membership_fee_sek if association else None
    statutes = association.statutes_adopted if association else None
    return BidSection(
        name=association.name if association else "",
        org_number=association.org_number if association else "",
        has_no_org_number=no_number,
        statutes_adopted=format_partial_date(statutes.value, statutes.precision) if statutes else "",
        seat=association.seat if association else "",
        purpose=association.purpose if association else "",
        annual_meeting=association.annual_meeting if association else "",
        board=association.board if association else "",
        membership_fee=format_sek(membership_fee),
        categories=[
            BidCategoryEntry(name=c.name, kind=c.get_kind_display(), amount=_category_amount(c))
            for c in register.categories
        ],
        members=[
            BidMemberEntry(
                property=row.member.property_designation,
                owner=row.member.owner,
                category=row.member.category.name if row.member.category else "",
                living_area=_area(row.member.living_area_m2),
                commercial_area=_area(row.member.commercial_area_m2),
                has_joined=row.member.has_joined,
                fee=format_sek(row.fee),
                missing=row.missing,
            )
            for row in register.rows
        ],
        member_count=register.members,
        total=format_sek(register.total),
        unknown_fees=register.unknown,
    )
