from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.validators import validate_org_number


class Sector(models.TextChoices):
    PUBLIC = "public", _("Offentlig sektor")
    NONPROFIT = "nonprofit", _("Idéburen sektor")
    PRIVATE = "private", _("Privat sektor")


class OrganisationKind(models.TextChoices):
    HOUSING_COMPANY = "housing_company", _("Bostadsbolag (allmännyttigt)")
    MUNICIPALITY = "municipality", _("Kommun")
    REGION = "region", _("Region")
    POLICE = "police", _("Polisen")
    NONPROFIT = "nonprofit", _("Ideell förening")
    PROPERTY_OWNER = "property_owner", _("Fastighetsägare (privat)")
    BUSINESS = "business", _("Företag")
    SCHOOL = "school", _("Skola")
    OTHER = "other", _("Annan")


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
    name = models.CharField(_("namn"), max_length=200)
    org_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        unique=True,
        validators=[validate_org_number],
        help_text=_("Tio siffror, NNNNNN-NNNN."),
    )
    kind = models.CharField(_("typ av organisation"), max_length=32, choices=OrganisationKind.choices)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations", blank=True
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
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
    ADMIN = "admin", _("Administratör")
    MEMBER = "member", _("Medlem")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(
        _("roll"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
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


class CollaborationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    IN_PROGRESS = "in_progress", _("Pågår")
    AGREEMENT_DRAFTED = "agreement_drafted", _("Avtalsutkast klart")
    AGREED = "agreed", _("Avtal klart")
    CLOSED = "closed", _("Avslutad")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Huvudman")
    PARTNER = "partner", _("Part")
    OBSERVER = "observer", _("Observatör")


class PartyState(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    INVITED = "invited", _("Inbjuden")
    JOINED = "joined", _("Ansluten")
    DECLINED = "declined", _("Avböjd")


# A party's staff may read the collaboration once the party has been invited; before that the
# organisation has not been told, and after declining it has left.
READING_PARTY_STATES = [PartyState.INVITED, PartyState.JOINED]


class CollaborationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Collaborations led by one of the user's organisations or where one of them is an active party."""
        if not user.is_authenticated:
            return self.none()
        my_orgs = Membership.objects.filter(user=user).values("organisation_id")
        active_party = Party.objects.filter(
            collaboration=OuterRef("pk"), organisation_id__in=my_orgs, state__in=READING_PARTY_STATES
        )
        return self.filter(Q(lead_organisation_id__in=my_orgs) | Exists(active_party))

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(area_name__icontains=text) | Q(municipality__icontains=text)
        )

    def with_party_count(self):
        return self.annotate(party_count=Count("parties", filter=~Q(parties__role=PartyRole.LEAD)))


class Collaboration(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    area_name = models.CharField(_("bostadsområde"), max_length=200)
    municipality = models.CharField(_("kommun"), max_length=100)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="led_collaborations", verbose_name=_("huvudman")
    )
    status = models.CharField(
        _("status"), max_length=32, choices=CollaborationStatus.choices, default=CollaborationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkansprojekt")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CollaborationStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=CollaborationStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="collaboration_closed_at_matches_status",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == CollaborationStatus.CLOSED

    def is_led_by_member(self, user) -> bool:
        return Membership.objects.filter(user=user, organisation_id=self.lead_organisation_id).exists()

    def close(self) -> None:
        self.status = CollaborationStatus.CLOSED
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at", "updated_at"])

    def latest_problem(self):
        return self.problem_versions.order_by("-version").first()


class Party(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="parties", verbose_name=_("samverkan")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="parties", verbose_name=_("organisation")
    )
    role = models.CharField(_("roll"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTNER)
    state = models.CharField(
        _("status"), max_length=16, choices=PartyState.choices, default=PartyState.PROPOSED
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post till kontaktperson"), blank=True)
    contact_phone = models.CharField(_("telefon till kontaktperson"), max_length=40, blank=True)
    staff_hours = models.PositiveIntegerField(_("personaltid (timmar per år)"), null=True, blank=True)
    money_sek = models.PositiveIntegerField(_("pengar (kronor per år)"), null=True, blank=True)
    premises = models.CharField(_("lokaler"), max_length=500, blank=True)
    other_contribution = models.TextField(_("annat bidrag"), blank=True)
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["collaboration", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "organisation"], name="party_unique_organisation"
            ),
            models.UniqueConstraint(
                fields=["collaboration"],
                condition=Q(role=PartyRole.LEAD),
                name="party_one_lead_per_collaboration",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"

    @property
    def is_lead(self) -> bool:
        return self.role == PartyRole.LEAD


class InvolvementMethod(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogmöte")
    SURVEY = "survey", _("Enkät")
    SAFETY_WALK = "safety_walk", _("Trygghetsvandring")
    DOOR_KNOCKING = "door_knocking", _("Dörrknackning")
    REPRESENTATIVES = "representatives", _("Boenderepresentanter")
    TENANTS_ASSOCIATION = "tenants_association", _("Hyresgästförening")
    DIGITAL = "digital", _("Digitalt")


class ResidentInvolvement(models.Model):
    """How residents were involved. Holds no personal data about residents, only what was learned."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="resident_involvements",
        verbose_name=_("samverkan"),
    )
    method = models.CharField(_("metod"), max_length=32, choices=InvolvementMethod.choices)
    held_on = models.DateField(_("datum"))
    participants = models.PositiveIntegerField(_("antal deltagare"))
    learned = models.TextField(_("vad vi lärde oss"))
    effect_on_problem = models.TextField(_("hur det ändrade problembeskrivningen"), blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("boendes delaktighet")
        verbose_name_plural = _("boendes delaktighet")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_method_display()} {self.held_on}"


class FocusArea(models.TextChoices):
    SAFETY = "safety", _("Trygghet")
    WELLBEING = "wellbeing", _("Trivsel")
    CHILDREN_YOUTH = "children_youth", _("Barn och unga")
    SCHOOLING = "schooling", _("Skolgång")
    WORK = "work", _("Arbete och egen försörjning")
    INTEGRATION = "integration", _("Integration")
    PHYSICAL_ENVIRONMENT = "physical_environment", _("Fysisk miljö")


class ProblemDescription(models.Model):
    """One version of a collaboration's problem description. Immutable once sent for confirmation."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="problem_versions", verbose_name=_("samverkan")
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("problembeskrivning"))
    focus_areas = models.JSONField(_("fokusområden"), default=list, blank=True)
    evidence = models.TextField(_("underlag"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skriven av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    sent_at = models.DateTimeField(_("skickad för bekräftelse"), null=True, blank=True)

    class Meta:
        verbose_name = _("problembeskrivning")
        verbose_name_plural = _("problembeskrivningar")
        ordering = ["collaboration", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "version"], name="problem_unique_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="problem_version_positive"),
        ]

    def __str__(self):
        return f"{self.collaboration} v{self.version}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    def get_focus_area_labels(self) -> list[str]:
        labels = dict(FocusArea.choices)
        return [labels[key] for key in self.focus_areas if key in labels]

    def publish(self) -> None:
        """Freeze this version: from now on, editing the description makes a new version."""
        if self.is_sent:
            raise ValidationError(_("Versionen är redan skickad."))
        self.sent_at = timezone.now()
        self.save(update_fields=["sent_at", "updated_at"])


class Goal(models.Model):
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="goal", verbose_name=_("samverkan")
    )
    overall = models.TextField(_("övergripande mål"))
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self):
        return self.overall[:60]


class SubGoal(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="sub_goals", verbose_name=_("samverkan")
    )
    indicator = models.CharField(_("indikator"), max_length=300)
    baseline = models.CharField(_("utgångsvärde"), max_length=100)
    target = models.CharField(_("målvärde"), max_length=100)
    target_date = models.DateField(_("måldatum"))

    class Meta:
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(indicator=""), name="subgoal_indicator_required"),
        ]

    def __str__(self):
        return self.indicator


class Mandate(models.Model):
    """How a party anchored the work in its own organisation (förankring)."""

    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, related_name="mandate", verbose_name=_("part")
    )
    decided_by = models.CharField(_("beslutat av (organ eller roll)"), max_length=200)
    decided_on = models.DateField(_("beslutsdatum"))
    scope = models.TextField(_("mandatets omfattning"))
    resources = models.TextField(_("beviljade resurser"), blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandat")
        ordering = ["party__organisation__name"]

    def __str__(self):
        return f"{self.party.organisation}: {self.decided_by}"


class CollaborationModel(models.TextChoices):
    IOP = "iop", _("IOP – idéburet offentligt partnerskap")
    EST = "est", _("EST – effektiv samordning för trygghet")
    BID = "bid", _("BID – business improvement district")
    OTHER = "other", _("Annan form")


class ModelChoice(models.Model):
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="model_choice", verbose_name=_("samverkan")
    )
    model = models.CharField(_("samverkansform"), max_length=16, choices=CollaborationModel.choices)
    rationale = models.TextField(_("motivering"))
    chooser_answers = models.JSONField(_("svar i modellväljaren"), default=dict, blank=True)
    details = models.JSONField(_("modellens detaljer"), default=dict, blank=True)
    unmet_needs_acknowledged = models.BooleanField(_("ouppfyllda krav godtagna"), default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("vald av"),
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("val av samverkansform")
        verbose_name_plural = _("val av samverkansform")

    def __str__(self):
        return self.get_model_display()


class EventKind(models.TextChoices):
    CREATED = "created", _("Samverkan skapad")
    EDITED = "edited", _("Uppgifter ändrade")
    CLOSED = "closed", _("Samverkan avslutad")
    PARTY_ADDED = "party_added", _("Part tillagd")
    PARTY_CHANGED = "party_changed", _("Part ändrad")
    RESIDENTS_RECORDED = "residents_recorded", _("Boendes delaktighet registrerad")
    PROBLEM_SAVED = "problem_saved", _("Problembeskrivning sparad")
    GOAL_SAVED = "goal_saved", _("Mål sparat")
    MANDATE_SAVED = "mandate_saved", _("Mandat registrerat")
    MODEL_CHOSEN = "model_chosen", _("Samverkansform vald")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only.")

    def delete(self):
        raise TypeError("The event log is append-only.")


class Event(models.Model):
    """One entry in a collaboration's append-only log: what happened, by whom, when."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="events", verbose_name=_("samverkan")
    )
    kind = models.CharField(_("händelse"), max_length=32, choices=EventKind.choices)
    detail = models.CharField(_("detalj"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )
    created_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("händelse")
        verbose_name_plural = _("händelselogg")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.detail}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The event log is append-only.")
        super().save(*args, **kwargs)
