"""A BID's own data (issue 14): the association that is the contracting party, its fee model and the
register of member properties, which computes each member's yearly fee and the total.

A fee that cannot be computed (an area, the membership fee or a negotiated amount not recorded) is
`None`: unknown, never 0. The agreement shows it as such and as a gap (agreements/bid.py).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration, Party
from collaborations.validators import validate_org_number
from samverkan.unknowns import PartialDate, UnknownReason, date_precision_field, unknown_reason_field


def format_sek(value) -> str:
    """ "12 500 kr" (öre only when there are any), in the active language; "" for None."""
    if value is None:
        return ""
    places = 0 if value == int(value) else 2
    return _("%(amount)s SEK") % {"amount": number_format(value, decimal_pos=places, force_grouping=True)}


class BidAssociation(models.Model):
    """The property owners' association that runs the BID, and its statutes' basics."""

    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="bid_association",
        verbose_name=_("collaboration"),
    )
    name = models.CharField(_("name of the association"), max_length=200, blank=True)
    org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[validate_org_number]
    )
    org_number_unknown = unknown_reason_field(_("why there is no organisation number"))
    statutes_adopted_on = models.DateField(_("statutes adopted"), null=True, blank=True)
    statutes_adopted_precision = date_precision_field()
    seat = models.CharField(_("seat (säte)"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    annual_meeting = models.TextField(_("annual meeting"), blank=True)
    board = models.TextField(_("board"), blank=True)
    membership_fee_sek = models.PositiveIntegerField(
        _("membership fee (SEK per member and year)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("BID association")
        verbose_name_plural = _("BID associations")
        constraints = [
            models.CheckConstraint(
                condition=Q(org_number="") | Q(org_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="bid_association_org_number_format",
            ),
        ]

    def __str__(self):
        return self.name or str(_("BID association"))

    @property
    def statutes_adopted(self) -> PartialDate | None:
        if self.statutes_adopted_on is None:
            return None
        return PartialDate(self.statutes_adopted_on, self.statutes_adopted_precision)


class FeeKind(models.TextChoices):
    FLAT = "flat", _("Flat fee per member")
    PER_M2_LIVING = "per_m2_living", _("Per m² of living area")
    PER_M2_COMMERCIAL = "per_m2_commercial", _("Per m² of commercial area")
    NEGOTIATED = "negotiated", _("Negotiated per member")


class FeeCategory(models.Model):
    """A category of members and its service fee per year (the amount is SEK, or SEK per m²)."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="bid_fee_categories",
        verbose_name=_("collaboration"),
    )
    name = models.CharField(_("category"), max_length=200)
    kind = models.CharField(_("kind of service fee"), max_length=24, choices=FeeKind.choices)
    amount_sek = models.DecimalField(
        _("service fee (SEK per year, or SEK per m² and year)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("fee category")
        verbose_name_plural = _("fee categories")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "name"], name="bid_fee_category_unique_name"),
            models.CheckConstraint(
                condition=Q(kind=FeeKind.NEGOTIATED, amount_sek__isnull=True)
                | (~Q(kind=FeeKind.NEGOTIATED) & Q(amount_sek__isnull=False, amount_sek__gte=0)),
                name="bid_fee_category_amount_by_kind",
            ),
        ]

    def __str__(self):
        return self.name


class BidMemberQuerySet(models.QuerySet):
    def register(self, collaboration):
        return self.filter(collaboration=collaboration).select_related(
            "category", "owner_party__organisation"
        )


class BidMember(models.Model):
    """A property in the register: its owner, its fee category and areas, and whether it has joined."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="bid_members", verbose_name=_("collaboration")
    )
    property_designation = models.CharField(_("property (fastighetsbeteckning)"), max_length=200)
    owner_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bid_properties",
        verbose_name=_("owner, a party of the collaboration"),
    )
    owner_name = models.CharField(_("owner, another organisation"), max_length=200, blank=True)
    category = models.ForeignKey(
        FeeCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("fee category"),
    )
    living_area_m2 = models.PositiveIntegerField(_("living area (m²)"), null=True, blank=True)
    commercial_area_m2 = models.PositiveIntegerField(_("commercial area (m²)"), null=True, blank=True)
    negotiated_fee_sek = models.PositiveIntegerField(
        _("negotiated service fee (SEK per year)"), null=True, blank=True
    )
    has_joined = models.BooleanField(_("member of the association"), default=True)

    objects = BidMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("property in the register")
        verbose_name_plural = _("properties in the register")
        ordering = ["property_designation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "property_designation"], name="bid_member_unique_property"
            ),
            models.CheckConstraint(
                condition=Q(owner_party__isnull=False) | ~Q(owner_name=""), name="bid_member_has_owner"
            ),
        ]

    def __str__(self):
        return self.property_designation

    @property
    def owner(self) -> str:
        return self.owner_party.organisation.name if self.owner_party_id else self.owner_name

    def service_fee(self) -> Decimal | None:
        """The yearly service fee by the member's category; None when it cannot be computed."""
        category = self.category
        if category is None:
            return None
        if category.kind == FeeKind.NEGOTIATED:
            return None if self.negotiated_fee_sek is None else Decimal(self.negotiated_fee_sek)
        area = {
            FeeKind.PER_M2_LIVING: self.living_area_m2,
            FeeKind.PER_M2_COMMERCIAL: self.commercial_area_m2,
        }.get(category.kind, 1)
        if area is None or category.amount_sek is None:
            return None
        return category.amount_sek * area

    def yearly_fee(self, membership_fee_sek) -> Decimal | None:
        """Membership fee plus service fee; None when either is not known, or it has not joined."""
        service = self.service_fee()
        if not self.has_joined or service is None or membership_fee_sek is None:
            return None
        return Decimal(membership_fee_sek) + service

    def missing_for_fee(self, membership_fee_sek) -> str:
        """Why the yearly fee cannot be computed ("" when it can, or when the owner has not joined)."""
        if not self.has_joined:
            return ""
        category = self.category
        if category is None:
            return str(_("no fee category"))
        if category.kind == FeeKind.NEGOTIATED and self.negotiated_fee_sek is None:
            return str(_("the negotiated fee is not recorded"))
        if category.kind == FeeKind.PER_M2_LIVING and self.living_area_m2 is None:
            return str(_("the living area is not known"))
        if category.kind == FeeKind.PER_M2_COMMERCIAL and self.commercial_area_m2 is None:
            return str(_("the commercial area is not known"))
        if membership_fee_sek is None:
            return str(_("the membership fee is not decided"))
        return ""


@dataclass(frozen=True)
class FeeRow:
    member: BidMember
    fee: Decimal | None  # None: not a member, or unknown (then `missing` says why)
    missing: str


@dataclass(frozen=True)
class FeeRegister:
    association: BidAssociation | None
    categories: list
    rows: list  # [FeeRow]
    total: Decimal  # of the fees that are known
    unknown: int  # members whose fee is not known

    @property
    def members(self) -> int:
        return sum(1 for row in self.rows if row.member.has_joined)


def fee_register(collaboration) -> FeeRegister:
    """The association, the fee categories and every property with its computed yearly fee (3 queries)."""
    return fee_registers([collaboration.pk])[collaboration.pk]


def fee_registers(collaboration_ids) -> dict[int, FeeRegister]:
    """{collaboration id: its FeeRegister} for many collaborations at once, in 3 queries."""
    ids = list(collaboration_ids)
    associations = {a.collaboration_id: a for a in BidAssociation.objects.filter(collaboration_id__in=ids)}
    categories, members = defaultdict(list), defaultdict(list)
    for category in FeeCategory.objects.filter(collaboration_id__in=ids):
        categories[category.collaboration_id].append(category)
    for member in BidMember.objects.filter(collaboration_id__in=ids).select_related(
        "category", "owner_party__organisation"
    ):
        members[member.collaboration_id].append(member)
    registers = {}
    for pk in ids:
        association = associations.get(pk)
        membership_fee = association.membership_fee_sek if association else None
        rows = [
            FeeRow(member, member.yearly_fee(membership_fee), member.missing_for_fee(membership_fee))
            for member in members[pk]
        ]
        registers[pk] = FeeRegister(
            association=association,
            categories=categories[pk],
            rows=rows,
            total=sum((row.fee for row in rows if row.fee is not None), Decimal(0)),
            unknown=sum(1 for row in rows if row.missing),
        )
    return registers


def bid_gaps(register) -> list[str]:
    """What a BID agreement still lacks, in the active language: the agreement shows each as a gap
    (agreements/bid.py) and step 7 is not done while there is one (checklist/facts.py)."""
    association = register.association
    found = []
    if association is None or not association.name.strip():
        found.append(gettext("The name of the association that runs the BID is missing."))
    no_number = bool(association and association.org_number_unknown == UnknownReason.DOES_NOT_EXIST)
    if association is not None and not association.org_number and not no_number:
        found.append(gettext("The association's organisation number is not recorded."))
    basics = ["statutes_adopted_on", "seat", "purpose", "annual_meeting", "board"]
    not_recorded = [
        str(BidAssociation._meta.get_field(name).verbose_name)
        for name in basics
        if association is None or getattr(association, name) in (None, "")
    ]
    if not_recorded:
        found.append(
            gettext("The association's statutes basics are not recorded: %(basics)s.")
            % {"basics": ", ".join(not_recorded)}
        )
    if (association.membership_fee_sek if association else None) is None:
        found.append(gettext("The fee model is missing: the membership fee is not decided."))
    if not register.categories:
        found.append(gettext("The fee model is missing: no service fee category is set."))
    if not register.rows:
        found.append(gettext("The register of properties is empty."))
    for row in register.rows:
        if row.missing:
            found.append(
                gettext("The yearly fee of %(property)s is not known: %(why)s.")
                % {"property": row.member.property_designation, "why": row.missing}
            )
    return found
