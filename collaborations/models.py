from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.diff import problem_diff
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


class CollaborationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    AGREEMENT_DRAFTED = "agreement_drafted", _("Agreement drafted")
    AGREED = "agreed", _("Agreed")
    CLOSED = "closed", _("Closed")


class PartyRole(models.TextChoices):
    LEAD = "lead", _("Lead organisation")
    PARTNER = "partner", _("Partner")
    OBSERVER = "observer", _("Observer")


class PartyState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVITED = "invited", _("Invited")
    JOINED = "joined", _("Joined")
    DECLINED = "declined", _("Declined")


# A party's staff may read the collaboration once the party has been invited; before that the
# organisation has not been told, and after declining it has left.
READING_PARTY_STATES = [PartyState.INVITED, PartyState.JOINED]


class CollaborationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Collaborations led by one of the user's organisations, or where the user represents an invited or
        joined partner. Membership of a partner's organisation alone shows nothing."""
        if not user.is_authenticated:
            return self.none()
        my_orgs = Membership.objects.filter(user=user).values("organisation_id")
        represented = Representation.objects.active().filter(user=user).values("party__collaboration_id")
        return self.filter(Q(lead_organisation_id__in=my_orgs) | Q(pk__in=represented))

    def lock(self, pk) -> None:
        """Lock collaboration `pk`'s row until the transaction ends (PostgreSQL; SQLite serialises writes
        anyway). Operations that must see what a concurrent one on the same collaboration committed
        take it first, then the rows they change (a recipient, then its party): one order, so they
        queue instead of deadlocking. FOR NO KEY UPDATE, so rows that merely refer to the
        collaboration (an event) can still be added meanwhile."""
        list(self.select_for_update(no_key=True).filter(pk=pk).values_list("pk"))

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(area_name__icontains=text) | Q(municipality__icontains=text)
        )

    def with_party_count(self):
        """Annotate the number of parties besides the lead, as a subquery: no join, no GROUP BY,
        so paginating a long list stays cheap (its COUNT drops the unused annotation)."""
        partners = (
            Party.objects.filter(collaboration=OuterRef("pk"))
            .exclude(role=PartyRole.LEAD)
            .order_by()
            .values("collaboration")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(party_count=Coalesce(Subquery(partners[:1]), 0))


class Collaboration(models.Model):
    title = models.CharField(_("title"), max_length=200)
    area_name = models.CharField(_("residential area"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=100)
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_collaborations",
        verbose_name=_("lead organisation"),
    )
    status = models.CharField(
        _("status"), max_length=32, choices=CollaborationStatus.choices, default=CollaborationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = CollaborationQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration")
        verbose_name_plural = _("collaborations")
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
        Collaboration, on_delete=models.CASCADE, related_name="parties", verbose_name=_("collaboration")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="parties", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices, default=PartyRole.PARTNER)
    state = models.CharField(
        _("status"), max_length=16, choices=PartyState.choices, default=PartyState.PROPOSED
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact person's email"), blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    staff_hours = models.PositiveIntegerField(_("staff time (hours per year)"), null=True, blank=True)
    money_sek = models.PositiveIntegerField(_("money (SEK per year)"), null=True, blank=True)
    premises = models.CharField(_("premises"), max_length=500, blank=True)
    other_contribution = models.TextField(_("other contribution"), blank=True)
    # The party's own registration of the collaboration as an official record (diarienummer): each
    # public body registers the agreement under its own number, which the agreement shows.
    case_number = models.CharField(
        _("case number"),
        max_length=100,
        blank=True,
        help_text=_("The party's own case number (diarienummer) for this collaboration, if it has one."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
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

    @property
    def is_still_asked(self) -> bool:
        """A partner that has not declined: its answers count and its links may be used. A party made an
        observer, or declined, after it was asked is no longer waited for (confirmations.STILL_ASKED is
        the same rule for queries)."""
        return self.role == PartyRole.PARTNER and self.state != PartyState.DECLINED


class InvolvementMethod(models.TextChoices):
    DIALOGUE = "dialogue", _("Dialogue meeting")
    SURVEY = "survey", _("Survey")
    SAFETY_WALK = "safety_walk", _("Safety walk")
    DOOR_KNOCKING = "door_knocking", _("Door-knocking")
    REPRESENTATIVES = "representatives", _("Resident representatives")
    TENANTS_ASSOCIATION = "tenants_association", _("Tenants' association")
    DIGITAL = "digital", _("Digital")


class ResidentInvolvement(models.Model):
    """How residents were involved. Holds no personal data about residents, only what was learned."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="resident_involvements",
        verbose_name=_("collaboration"),
    )
    method = models.CharField(_("method"), max_length=32, choices=InvolvementMethod.choices)
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("number of participants"))
    learned = models.TextField(_("what we learned"))
    effect_on_problem = models.TextField(_("how it changed the problem description"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("residents' involvement")
        verbose_name_plural = _("residents' involvement")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.get_method_display()} {self.held_on}"


class FocusArea(models.TextChoices):
    SAFETY = "safety", _("Safety")
    WELLBEING = "wellbeing", _("Wellbeing")
    CHILDREN_YOUTH = "children_youth", _("Children and youth")
    SCHOOLING = "schooling", _("Schooling")
    WORK = "work", _("Work and self-sufficiency")
    INTEGRATION = "integration", _("Integration")
    PHYSICAL_ENVIRONMENT = "physical_environment", _("Physical environment")


class ProblemDescription(models.Model):
    """One version of a collaboration's problem description. Immutable once sent for confirmation."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="problem_versions",
        verbose_name=_("collaboration"),
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("problem description"))
    focus_areas = models.JSONField(_("focus areas"), default=list, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    sent_at = models.DateTimeField(_("sent for confirmation"), null=True, blank=True)

    class Meta:
        verbose_name = _("problem description")
        verbose_name_plural = _("problem descriptions")
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
            raise ValidationError(_("This version has already been sent."))
        self.sent_at = timezone.now()
        self.save(update_fields=["sent_at", "updated_at"])

    def diff_from(self, older):
        """What changed from `older` to this version, word by word (see collaborations.diff)."""
        return problem_diff(older, self)


class Goal(models.Model):
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="goal", verbose_name=_("collaboration")
    )
    overall = models.TextField(_("overall goal"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.overall[:60]


class SubGoal(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="sub_goals", verbose_name=_("collaboration")
    )
    indicator = models.CharField(_("indicator"), max_length=300)
    baseline = models.CharField(_("baseline"), max_length=100)
    target = models.CharField(_("target"), max_length=100)
    target_date = models.DateField(_("target date"))

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(indicator=""), name="subgoal_indicator_required"),
        ]

    def __str__(self):
        return self.indicator


class Mandate(models.Model):
    """How a party anchored the work in its own organisation (förankring)."""

    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, related_name="mandate", verbose_name=_("party")
    )
    decided_by = models.CharField(_("decided by (body or role)"), max_length=200)
    decided_on = models.DateField(_("date of decision"))
    scope = models.TextField(_("scope of the mandate"))
    resources = models.TextField(_("resources granted"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["party__organisation__name"]

    def __str__(self):
        return f"{self.party.organisation}: {self.decided_by}"


class CollaborationModel(models.TextChoices):
    IOP = "iop", _("IOP – non-profit public partnership (idéburet offentligt partnerskap)")
    EST = "est", _("EST – effective coordination for safety (effektiv samordning för trygghet)")
    BID = "bid", _("BID – business improvement district")
    OTHER = "other", _("Another form")


class ModelChoice(models.Model):
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="model_choice", verbose_name=_("collaboration")
    )
    model = models.CharField(_("form of collaboration"), max_length=16, choices=CollaborationModel.choices)
    rationale = models.TextField(_("rationale"))
    chooser_answers = models.JSONField(_("answers in the model chooser"), default=dict, blank=True)
    details = models.JSONField(_("details of the model"), default=dict, blank=True)
    unmet_needs_acknowledged = models.BooleanField(_("unmet needs acknowledged"), default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("model choice")
        verbose_name_plural = _("model choices")

    def __str__(self):
        return self.get_model_display()


class EventKind(models.TextChoices):
    CREATED = "created", _("Collaboration created")
    EDITED = "edited", _("Details changed")
    CLOSED = "closed", _("Collaboration closed")
    PARTY_ADDED = "party_added", _("Party added")
    PARTY_CHANGED = "party_changed", _("Party changed")
    RESIDENTS_RECORDED = "residents_recorded", _("Residents' involvement recorded")
    PROBLEM_SAVED = "problem_saved", _("Problem description saved")
    GOAL_SAVED = "goal_saved", _("Goal saved")
    MANDATE_SAVED = "mandate_saved", _("Mandate recorded")
    MODEL_CHOSEN = "model_chosen", _("Form of collaboration chosen")
    # The checklist
    STEP_NOT_APPLICABLE = "step_not_applicable", _("Step marked as not applicable")
    STEP_REOPENED = "step_reopened", _("Step reopened")
    CHECKLIST_UPGRADED = "checklist_upgraded", _("Checklist moved to a newer version")
    PLAN_SAVED = "plan_saved", _("Plan saved")
    # Confirmations and approvals
    VERSION_SENT = "version_sent", _("Version sent for confirmation")
    INVITATION_SENT = "invitation_sent", _("Invitation sent")
    INVITATION_OPENED = "invitation_opened", _("Invitation opened")
    INVITATION_ACCEPTED = "invitation_accepted", _("Invitation accepted")
    INVITATION_REVOKED = "invitation_revoked", _("Invitation revoked")
    REMINDER_SENT = "reminder_sent", _("Reminder sent")
    MAIL_FAILED = "mail_failed", _("E-mail could not be sent")
    ANSWER_GIVEN = "answer_given", _("Answer given")
    ALL_AGREED = "all_agreed", _("Every party agrees")
    # The agreement
    PDF_GENERATED = "pdf_generated", _("Agreement draft generated")
    APPROVAL_GIVEN = "approval_given", _("Agreement approved")
    AGREEMENT_SEALED = "agreement_sealed", _("Approved agreement sealed")
    ARCHIVE_IMPORTED = "archive_imported", _("Imported from an archive")
    # Documents (documents/)
    DOCUMENT_ADDED = "document_added", _("Document uploaded")
    DOCUMENT_REMOVED = "document_removed", _("Document deleted")


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The event log is append-only.")

    def delete(self):
        raise TypeError("The event log is append-only.")


class Event(models.Model):
    """One entry in a collaboration's append-only log: what happened, by whom, when."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="events", verbose_name=_("collaboration")
    )
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("event log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.detail}".strip()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The event log is append-only.")
        super().save(*args, **kwargs)


# --- Representation: a person who answers for one party in one collaboration.


class RepresentationQuerySet(models.QuerySet):
    def active(self):
        """Representations that give access: not ended, of a partner that has been invited or has joined.
        A party that becomes an observer or declines takes its representatives' access with it."""
        return self.filter(
            ended_at__isnull=True, party__role=PartyRole.PARTNER, party__state__in=READING_PARTY_STATES
        )


class Representation(models.Model):
    """`user` represents `party` in the party's collaboration: they read that collaboration and answer
    for that party, nothing else. Made by accepting the party's invitation link, never a membership of
    the party's organisation. It ends when the party's contact address changes (`ended_at`), and gives
    no access while the party is not an invited or joined partner."""

    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="representations", verbose_name=_("party")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("address the invitation was sent to"), blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["party", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["party", "user"], name="representation_unique_user_party"),
        ]

    def __str__(self):
        return f"{self.user} – {self.party}"


# --- Confirmations: one exact version sent to the parties, their answers, the e-mails that ask them.


class ConfirmationAnswer(models.TextChoices):
    AGREE = "agree", _("Agrees")
    CHANGES = "changes", _("Wants changes")
    DECLINE = "decline", _("Declines")


class MailLanguage(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ConfirmationRequestQuerySet(models.QuerySet):
    def current(self):
        """Requests not replaced by a request for a newer version of the same subject."""
        return self.filter(superseded_at__isnull=True)

    def for_problem(self):
        return self.filter(problem__isnull=False)

    def for_agreement(self):
        return self.filter(agreement__isnull=False)


class ConfirmationRequest(models.Model):
    """One exact version sent to the parties for their answers.

    The subject is exactly one of: a version of the problem description (to confirm), or a version of
    the agreement draft (to approve, agreements.AgreementVersion). A new version gets a new request
    and the previous one of the same subject is marked superseded, keeping its answers. A problem
    description version is sent once; an agreement version can be sent again after another version
    replaced it (the text was changed and then changed back).
    """

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
        verbose_name=_("collaboration"),
    )
    problem = models.ForeignKey(
        ProblemDescription,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmation_requests",
        verbose_name=_("problem description"),
    )
    agreement = models.ForeignKey(
        "agreements.AgreementVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="confirmation_requests",
        verbose_name=_("agreement version"),
    )
    message = models.TextField(_("message to the parties"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    superseded_at = models.DateTimeField(_("replaced by a newer version"), null=True, blank=True)
    all_agreed_at = models.DateTimeField(_("every party agreed"), null=True, blank=True)

    objects = ConfirmationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for confirmation")
        verbose_name_plural = _("requests for confirmation")
        ordering = ["collaboration", "-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(problem__isnull=False, agreement__isnull=True)
                | Q(problem__isnull=True, agreement__isnull=False),
                name="confirmation_request_has_subject",
            ),
            models.UniqueConstraint(fields=["problem"], name="confirmation_request_one_per_problem_version"),
            models.UniqueConstraint(
                fields=["collaboration"],
                condition=Q(superseded_at__isnull=True, agreement__isnull=False),
                name="confirmation_request_one_current_agreement",
            ),
            models.UniqueConstraint(
                fields=["collaboration"],
                condition=Q(superseded_at__isnull=True, problem__isnull=False),
                name="confirmation_request_one_current_problem",
            ),
        ]

    def __str__(self):
        return f"{self.collaboration} – {self.subject}"

    @property
    def subject(self):
        return self.problem if self.problem_id else self.agreement

    @property
    def is_for_agreement(self) -> bool:
        return self.agreement_id is not None

    @property
    def version(self) -> int:
        return self.subject.version

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class ConfirmationRecipient(models.Model):
    """A party asked to answer one request, and its answer. The answer may change while the request is
    current; every answer is also written to the event log."""

    request = models.ForeignKey(
        ConfirmationRequest, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("request")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="confirmation_recipients", verbose_name=_("party")
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=MailLanguage.choices, default=MailLanguage.SWEDISH
    )
    answer = models.CharField(_("answer"), max_length=16, choices=ConfirmationAnswer.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    automatic_reminders = models.PositiveSmallIntegerField(_("automatic reminders sent"), default=0)

    class Meta:
        verbose_name = _("party asked")
        verbose_name_plural = _("parties asked")
        ordering = ["request", "party__organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "party"], name="confirmation_recipient_unique_party"),
            models.CheckConstraint(
                condition=Q(answer="", answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="confirmation_recipient_answered_at_matches_answer",
            ),
            models.CheckConstraint(
                condition=~Q(answer=ConfirmationAnswer.CHANGES) | ~Q(comment=""),
                name="confirmation_recipient_changes_need_comment",
            ),
        ]

    def __str__(self):
        return f"{self.party.organisation} – {self.request}"

    @property
    def has_answered(self) -> bool:
        return bool(self.answer)

    def answer_label(self) -> str:
        """The answer in words. Agreeing to a version of the agreement reads "approves"."""
        if self.answer == ConfirmationAnswer.AGREE and self.request.is_for_agreement:
            return _("Approves")
        return self.get_answer_display()


class InvitationPurpose(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Reminder")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")
    # The worker stopped while sending (claimed long ago, never recorded): the e-mail may have gone out.
    INTERRUPTED = "interrupted", _("Sending was interrupted")


# The e-mail may have gone out with the link: its token's hash is stored when sending starts, so the
# link works even if the worker died before it could record "sent".
LINK_ISSUED_STATUSES = [MailStatus.SENDING, MailStatus.SENT, MailStatus.INTERRUPTED]


class InvitationState(models.TextChoices):
    """What a link does when it is followed; computed, not stored."""

    NOT_SENT = "not_sent", _("Not sent yet")
    VALID = "valid", _("Valid")
    USED = "used", _("Used")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced by a newer link")


class Invitation(models.Model):
    """A personal link e-mailed to a party's contact, tied to that party and that e-mail address.

    Only the SHA-256 of the token is stored. The token is made when sending starts (the claim, see
    tasks.deliver_invitation) and exists nowhere but in that e-mail; a failed send keeps no token, and
    the retry makes a new one.
    """

    recipient = models.ForeignKey(
        ConfirmationRecipient,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("party asked"),
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, choices=MailLanguage.choices)
    purpose = models.CharField(
        _("purpose"), max_length=16, choices=InvitationPurpose.choices, default=InvitationPurpose.INVITATION
    )
    base_url = models.CharField(_("address of the service"), max_length=200)
    token_hash = models.CharField(_("hash of the token"), max_length=64, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    mail_status = models.CharField(
        _("e-mail"), max_length=16, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    mail_attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    mail_error = models.CharField(_("last error"), max_length=300, blank=True)
    mail_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    replaced_at = models.DateTimeField(_("replaced by a newer link"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True)
                | (Q(revoked_at__isnull=True) & Q(replaced_at__isnull=True)),
                name="invitation_accepted_is_final",
            ),
            models.CheckConstraint(
                condition=~Q(mail_status=MailStatus.SENT)
                | (Q(token_hash__isnull=False) & Q(expires_at__isnull=False) & Q(mail_sent_at__isnull=False)),
                name="invitation_sent_has_token",
            ),
            models.CheckConstraint(
                condition=~Q(mail_status__in=[MailStatus.SENDING, MailStatus.INTERRUPTED])
                | (Q(token_hash__isnull=False) & Q(expires_at__isnull=False) & Q(claimed_at__isnull=False)),
                name="invitation_claimed_has_token",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_purpose_display()})"

    @property
    def is_open(self) -> bool:
        """Not accepted, revoked or replaced: the link works, or will once the e-mail is sent."""
        return self.accepted_at is None and self.revoked_at is None and self.replaced_at is None

    def state(self, now=None) -> str:
        if self.accepted_at is not None:
            return InvitationState.USED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.replaced_at is not None:
            return InvitationState.REPLACED
        if self.mail_status not in LINK_ISSUED_STATUSES:
            return InvitationState.NOT_SENT
        if self.expires_at <= (now or timezone.now()):
            return InvitationState.EXPIRED
        return InvitationState.VALID

    def get_state_display(self) -> str:
        return InvitationState(self.state()).label


# The event kinds shown with the confirmation matrix.
CONFIRMATION_EVENT_KINDS = [
    EventKind.VERSION_SENT,
    EventKind.INVITATION_SENT,
    EventKind.INVITATION_OPENED,
    EventKind.INVITATION_ACCEPTED,
    EventKind.INVITATION_REVOKED,
    EventKind.REMINDER_SENT,
    EventKind.MAIL_FAILED,
    EventKind.ANSWER_GIVEN,
    EventKind.ALL_AGREED,
]
