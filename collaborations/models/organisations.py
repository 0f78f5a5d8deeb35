"""Organisations and their members (staff of an organisation, and its admins)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collaborations.validators import validate_org_number
from samverkan.unknowns import UnknownReason, unknown_reason_field


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    NONPROFIT = "nonprofit", _("Non-profit sector")
    PRIVATE = "private", _("Private sector")


class OrganisationKind(models.TextChoices):
    HOUSING_COMPANY = "housing_company", _("Municipal housing company (allmännyttan)")
    MUNICIPALITY = "municipality", _("Municipality")
    MUNICIPAL_COMPANY = "municipal_company", _("Municipal company (not housing)")
    REGION = "region", _("Region")
    STATE_AGENCY = "state_agency", _("State agency")
    POLICE = "police", _("Police")
    SCHOOL = "school", _("School")
    NONPROFIT = "nonprofit", _("Non-profit association")
    FOUNDATION = "foundation", _("Foundation")
    HOUSING_COOPERATIVE = "housing_cooperative", _("Housing cooperative association (bostadsrättsförening)")
    COOPERATIVE = "cooperative", _("Economic association or cooperative (e.g. HSB)")
    PROPERTY_OWNER = "property_owner", _("Property owner (private)")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


# Municipal housing companies and other municipal companies are publicly owned and bound by public
# procurement rules, so they count as public, as do state agencies. Economic associations — housing
# cooperatives and cooperatives such as HSB — are owned by their members, not by the public: private.
# A foundation is idea-driven (idéburen) as a rule. "Other" is private until an operator says otherwise.
SECTOR_BY_KIND = {
    OrganisationKind.HOUSING_COMPANY: Sector.PUBLIC,
    OrganisationKind.MUNICIPALITY: Sector.PUBLIC,
    OrganisationKind.MUNICIPAL_COMPANY: Sector.PUBLIC,
    OrganisationKind.REGION: Sector.PUBLIC,
    OrganisationKind.STATE_AGENCY: Sector.PUBLIC,
    OrganisationKind.POLICE: Sector.PUBLIC,
    OrganisationKind.SCHOOL: Sector.PUBLIC,
    OrganisationKind.NONPROFIT: Sector.NONPROFIT,
    OrganisationKind.FOUNDATION: Sector.NONPROFIT,
    OrganisationKind.HOUSING_COOPERATIVE: Sector.PRIVATE,
    OrganisationKind.COOPERATIVE: Sector.PRIVATE,
    OrganisationKind.PROPERTY_OWNER: Sector.PRIVATE,
    OrganisationKind.BUSINESS: Sector.PRIVATE,
    OrganisationKind.OTHER: Sector.PRIVATE,
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Not every organisation has a number (many associations have none), and one may not be known yet:
    # then it is NULL, with the reason in `org_number_unknown`, never a placeholder number.
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_org_number],
        help_text=_(
            "Ten digits, NNNNNN-NNNN. Leave it empty if the organisation has none or it is not known."
        ),
    )
    org_number_unknown = unknown_reason_field(_("why there is no organisation number"))
    kind = models.CharField(_("kind of organisation"), max_length=32, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations", blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_number__isnull=True) | Q(org_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="organisation_org_number_format",
            ),
            models.CheckConstraint(
                condition=Q(org_number__isnull=True) | Q(org_number_unknown=""),
                name="organisation_org_number_or_why_not",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR_BY_KIND[self.kind]

    def get_sector_display(self) -> str:
        return Sector(self.sector).label

    @property
    def has_no_org_number(self) -> bool:
        """It has none at all (an association without one), as opposed to one not known yet."""
        return self.org_number is None and self.org_number_unknown == UnknownReason.DOES_NOT_EXIST

    @property
    def org_number_display(self) -> str:
        """For pages: the number, "saknar organisationsnummer" when it has none, or that it is not known
        yet (the agreement shows the latter as a gap instead)."""
        if self.org_number:
            return self.org_number
        if self.has_no_org_number:
            return str(_("no organisation number"))
        return str(_("organisation number not known yet"))


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN
