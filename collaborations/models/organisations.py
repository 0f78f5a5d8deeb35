"""Organisations and their members (staff of an organisation, and its admins)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collaborations.validators import validate_org_number


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    NONPROFIT = "nonprofit", _("Non-profit sector")
    PRIVATE = "private", _("Private sector")


class OrganisationKind(models.TextChoices):
    HOUSING_COMPANY = "housing_company", _("Housing company (municipal)")
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    POLICE = "police", _("Police")
    NONPROFIT = "nonprofit", _("Non-profit association")
    PROPERTY_OWNER = "property_owner", _("Property owner (private)")
    BUSINESS = "business", _("Business")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


# Municipal housing companies are publicly owned and bound by public procurement rules, so they count
# as public; "other" is treated as private until an operator says otherwise.
SECTOR_BY_KIND = {
    OrganisationKind.HOUSING_COMPANY: Sector.PUBLIC,
    OrganisationKind.MUNICIPALITY: Sector.PUBLIC,
    OrganisationKind.REGION: Sector.PUBLIC,
    OrganisationKind.POLICE: Sector.PUBLIC,
    OrganisationKind.SCHOOL: Sector.PUBLIC,
    OrganisationKind.NONPROFIT: Sector.NONPROFIT,
    OrganisationKind.PROPERTY_OWNER: Sector.PRIVATE,
    OrganisationKind.BUSINESS: Sector.PRIVATE,
    OrganisationKind.OTHER: Sector.PRIVATE,
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("Ten digits, NNNNNN-NNNN."),
    )
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
                condition=Q(org_number__regex=r"^[0-9]{6}-[0-9]{4}$"), name="organisation_org_number_format"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def sector(self) -> str:
        return SECTOR_BY_KIND[self.kind]

    def get_sector_display(self) -> str:
        return Sector(self.sector).label


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
