from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from checklist.est_models import EstArrangement, EstReporter  # noqa: F401 - models of this app
from checklist.iop_models import PaidService  # noqa: F401 - models of this app
from collaborations.models import Collaboration, Party, SubGoal
from samverkan.unknowns import PartialDate, date_precision_field, unknown_reason_field

# A template step's completion rule (`Step.rule`) is the key of the registered step whose rule computes
# it (checklist/steps.py: the registry lives above the models, so it gives the admin its choices), or:
MANUAL_RULE = "manual"  # done when staff mark it as done


class ChecklistTemplateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def current(self):
        """The newest published version: new collaborations start with it."""
        return self.published().order_by("-version").first()


class ChecklistTemplate(models.Model):
    """A versioned checklist. Published versions are never changed: an operator makes a new version."""

    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), unique=True)
    notes = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = ChecklistTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["-version"]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def publish(self) -> None:
        self.published_at = timezone.now()
        self.save(update_fields=["published_at"])


class Step(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="steps", verbose_name=_("template")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    key = models.SlugField(
        _("key"), max_length=40, help_text=_("Stable name; a collaboration's markings follow it.")
    )
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    guidance_sv = models.TextField(_("guidance (Swedish)"))
    guidance_en = models.TextField(_("guidance (English)"))
    rule = models.CharField(_("completion rule"), max_length=32)
    prerequisites = models.JSONField(
        _("prerequisites"),
        default=list,
        blank=True,
        help_text=_("Keys of the steps that must be done first."),
    )
    is_continuation = models.BooleanField(
        _("our own continuation"),
        default=False,
        help_text=_("Steps written for this tool beyond the guide's public points."),
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["template", "number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="step_unique_number"),
            models.UniqueConstraint(fields=["template", "key"], name="step_unique_key"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "sv").startswith("en") else self.title_sv

    @property
    def guidance(self) -> str:
        return self.guidance_en if (get_language() or "sv").startswith("en") else self.guidance_sv


class CollaborationChecklist(models.Model):
    """Which template version a collaboration follows; it keeps it until staff move it to a newer one."""

    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="checklist", verbose_name=_("collaboration")
    )
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.PROTECT, verbose_name=_("template"))

    class Meta:
        verbose_name = _("collaboration's checklist")
        verbose_name_plural = _("collaborations' checklists")

    def __str__(self):
        return f"{self.collaboration} – {self.template}"


class StepNotApplicable(models.Model):
    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="steps_not_applicable",
        verbose_name=_("collaboration"),
    )
    step_key = models.SlugField(_("step"), max_length=40)
    reason = models.TextField(_("reason"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("step not applicable")
        verbose_name_plural = _("steps not applicable")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "step_key"], name="step_not_applicable_unique"),
            models.CheckConstraint(condition=~Q(reason=""), name="step_not_applicable_reason_required"),
        ]

    def __str__(self):
        return f"{self.collaboration}: {self.step_key}"


class StepMarkedDone(models.Model):
    """For steps whose rule is "manual" (an operator's own steps): staff mark them as done."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="steps_marked_done",
        verbose_name=_("collaboration"),
    )
    step_key = models.SlugField(_("step"), max_length=40)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), auto_now_add=True)

    class Meta:
        verbose_name = _("step marked as done")
        verbose_name_plural = _("steps marked as done")
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "step_key"], name="step_marked_done_unique"),
        ]

    def __str__(self):
        return f"{self.collaboration}: {self.step_key}"


# --- Step 7: the model chooser's answers ---------------------------------------------------------


class ChooserAnswers(models.Model):
    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="chooser_answers",
        verbose_name=_("collaboration"),
    )
    answers = models.JSONField(_("answers"), default=dict)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("answers in the model chooser")
        verbose_name_plural = _("answers in the model chooser")

    def __str__(self):
        return str(self.collaboration)


# --- Step 8: roles ------------------------------------------------------------------------------


class PartyCommitment(models.Model):
    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, related_name="commitment", verbose_name=_("party")
    )
    responsibilities = models.TextField(_("role and responsibilities"))

    class Meta:
        verbose_name = _("party's commitment")
        verbose_name_plural = _("parties' commitments")

    def __str__(self):
        return str(self.party)


# --- Step 9: organisation -----------------------------------------------------------------------


class MeetingRhythm(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every other week")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    TWICE_A_YEAR = "twice_a_year", _("Twice a year")
    YEARLY = "yearly", _("Every year")


class WorkOrganisation(models.Model):
    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="work_organisation",
        verbose_name=_("collaboration"),
    )
    coordinator_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinating party"),
    )
    coordinator_name = models.CharField(_("coordinator"), max_length=200, blank=True)
    coordinator_unknown = unknown_reason_field(_("why the coordinator is not recorded"))
    steering_rhythm = models.CharField(
        _("steering group meets"), max_length=16, choices=MeetingRhythm.choices, blank=True
    )
    steering_rhythm_unknown = unknown_reason_field(_("why the steering group's rhythm is not recorded"))
    working_rhythm = models.CharField(
        _("working group meets"), max_length=16, choices=MeetingRhythm.choices, blank=True
    )
    working_rhythm_unknown = unknown_reason_field(_("why the working group's rhythm is not recorded"))
    notes = models.TextField(_("other arrangements"), blank=True)

    class Meta:
        verbose_name = _("organisation of the work")
        verbose_name_plural = _("organisation of the work")

    def __str__(self):
        return self.coordinator_name or str(self._meta.verbose_name)

    def missing(self) -> list:
        """What the agreement needs and is not recorded: [(a lazy phrase, the reason it is missing)]. How
        often the working group meets is left to the working group: the agreement can do without it."""
        return [
            (what, reason)
            for value, what, reason in [
                (self.coordinator_name, _("the coordinator"), self.coordinator_unknown),
                (self.steering_rhythm, _("how often the steering group meets"), self.steering_rhythm_unknown),
            ]
            if not value
        ]


class GroupKind(models.TextChoices):
    STEERING = "steering", _("Steering group")
    WORKING = "working", _("Working group")


class GroupMember(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="group_members", verbose_name=_("collaboration")
    )
    group = models.CharField(_("group"), max_length=16, choices=GroupKind.choices)
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="group_members", verbose_name=_("party")
    )
    person = models.CharField(_("representative"), max_length=200)
    task = models.CharField(_("task in the group"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "party__organisation__name", "person"]

    def __str__(self):
        return f"{self.get_group_display()}: {self.person}"


# --- Step 10: legal review ----------------------------------------------------------------------


class LegalTopic(models.TextChoices):
    PROCUREMENT = "procurement", _("Public procurement (LOU)")
    STATE_AID = "state_aid", _("State aid")
    PERSONAL_DATA = "personal_data", _("Personal data (GDPR) and secrecy (OSL)")
    COMPETITION = "competition", _("Competition law")


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ASSESSED = "assessed", _("Assessed")


class LegalReview(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="legal_reviews", verbose_name=_("collaboration")
    )
    topic = models.CharField(_("topic"), max_length=32, choices=LegalTopic.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.NOT_STARTED
    )
    assessment = models.TextField(_("assessment"), blank=True)
    assessed_by = models.CharField(_("assessed by"), max_length=200, blank=True)
    assessed_on = models.DateField(_("date of assessment"), null=True, blank=True)

    class Meta:
        verbose_name = _("legal review")
        verbose_name_plural = _("legal reviews")
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "topic"], name="legal_review_unique_topic"),
            models.CheckConstraint(
                condition=~Q(status=ReviewStatus.ASSESSED) | ~Q(assessment=""),
                name="legal_review_assessed_needs_text",
            ),
        ]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.get_status_display()}"


# --- Step 11: activities ------------------------------------------------------------------------


class Activity(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="activities", verbose_name=_("collaboration")
    )
    title = models.CharField(_("activity"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="activities", verbose_name=_("responsible party")
    )
    # As precise as known: the first day of the day, month or year, and which of them it is.
    starts_on = models.DateField(_("start"), null=True, blank=True)
    starts_on_precision = date_precision_field(_("precision of the start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    ends_on_precision = date_precision_field(_("precision of the end"))
    ongoing = models.BooleanField(_("ongoing"), default=False, help_text=_("Ongoing work that has no end."))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = [F("starts_on").asc(nulls_last=True), "pk"]
        constraints = [
            # The form compares an end with the start to the precision of both; the database holds
            # what is true at any precision: the end's year is not before the start's.
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__year__gte=F("starts_on__year")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ongoing=False) | Q(ends_on__isnull=True), name="activity_ongoing_has_no_end"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def lacks_dates(self) -> bool:
        """No start, or no end without being ongoing (as counted in Facts.activities_without_dates)."""
        return self.starts_on is None or (self.ends_on is None and not self.ongoing)

    @property
    def start(self) -> PartialDate | None:
        return PartialDate(self.starts_on, self.starts_on_precision) if self.starts_on else None

    @property
    def end(self) -> PartialDate | None:
        return PartialDate(self.ends_on, self.ends_on_precision) if self.ends_on else None


# --- Step 12: budget ----------------------------------------------------------------------------


class BudgetLine(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("collaboration")
    )
    # No party: an amount for the whole collaboration that is not split per party (a programme's
    # total), or one that someone who is not a party finances (`funder`).
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("party"),
    )
    funder = models.CharField(
        _("financed by (not a party)"),
        max_length=200,
        blank=True,
        help_text=_("For example a fund or a foundation that co-finances the work without being a party."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    per_year = models.BooleanField(_("every year"), default=False)
    amount_sek = models.PositiveIntegerField(_("amount (SEK)"))
    purpose = models.CharField(_("for what"), max_length=300)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = [F("year").asc(nulls_first=True), "party__organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=2000, year__lte=2100),
                name="budget_line_year_range",
            ),
            models.CheckConstraint(
                condition=Q(party__isnull=True) | Q(funder=""), name="budget_line_party_or_funder"
            ),
        ]

    def __str__(self):
        who = self.party.organisation.name if self.party else self.funder
        parts = [str(self.year or ""), who, f"{self.amount_sek} kr – {self.purpose}"]
        return " ".join(part for part in parts if part)


# --- Step 13: follow-up -------------------------------------------------------------------------


class FollowUp(models.Model):
    sub_goal = models.OneToOneField(
        SubGoal, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("sub-goal")
    )
    method = models.TextField(_("how it is measured"), blank=True)
    rhythm = models.CharField(_("reported"), max_length=16, choices=MeetingRhythm.choices, blank=True)
    responsible_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible party"),
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return str(self.sub_goal)

    def missing(self) -> list:
        """What the agreement needs and is not recorded, as lazy phrases. The responsible party may stay
        open: the steering group follows up."""
        return [
            what
            for value, what in [
                (self.method, _("how it is measured")),
                (self.rhythm, _("how often it is reported")),
            ]
            if not value
        ]


# --- Step 14: communication ---------------------------------------------------------------------


class CommunicationPlan(models.Model):
    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="communication_plan",
        verbose_name=_("collaboration"),
    )
    residents = models.TextField(_("how residents are informed and involved"), blank=True)
    public = models.TextField(_("how the public and media are informed"), blank=True)
    spokesperson = models.CharField(_("who speaks for the collaboration"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")

    def __str__(self):
        return str(self.collaboration)

    def missing(self) -> list:
        """What the agreement needs and is not recorded, as lazy phrases. How the public is informed may
        stay open: the agreement says that each party speaks for itself."""
        return [] if self.residents else [_("how residents are informed and involved")]


# --- Step 15: duration, review, exit and disputes -----------------------------------------------


class PersonalDataProcessing(models.TextChoices):
    """What personal data the collaboration processes, which decides the agreement's clause."""

    NONE = "none", _("No personal data")
    OWN = "own", _("Each party processes its own")
    PROCESSOR = "processor", _("One party processes personal data for another")


class AgreementTerms(models.Model):
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="terms", verbose_name=_("collaboration")
    )
    starts_on = models.DateField(_("the collaboration starts"), null=True, blank=True)
    starts_on_precision = date_precision_field(_("precision of the start"))
    ends_on = models.DateField(_("the collaboration ends"), null=True, blank=True)
    ends_on_precision = date_precision_field(_("precision of the end"))
    period = models.CharField(
        _("the period in words"),
        max_length=300,
        blank=True,
        help_text=_("For example: two years, with an option to extend by one year at a time."),
    )
    review = models.TextField(_("how and when the agreement is reviewed"), blank=True)
    termination = models.TextField(_("how a party leaves, and the notice"), blank=True)
    changes = models.TextField(_("how the agreement is changed"), blank=True)
    disputes = models.TextField(_("how disputes are resolved"), blank=True)
    assignment = models.TextField(_("whether a party may assign its rights and duties"), blank=True)
    personal_data = models.CharField(
        _("personal data processed in the collaboration"),
        max_length=20,
        choices=PersonalDataProcessing.choices,
        blank=True,
        help_text=_("Leave empty while it is not decided: the agreement then has the general clause."),
    )
    processor_agreement = models.BooleanField(
        _("a personal data processor agreement has been made"),
        default=False,
        help_text=_("Needed when one party processes personal data on behalf of another."),
    )

    class Meta:
        verbose_name = _("duration and terms")
        verbose_name_plural = _("duration and terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__year__gte=F("starts_on__year")),
                name="terms_end_after_start",
            ),
        ]

    def __str__(self):
        return " – ".join(str(d) for d in [self.start, self.end] if d) or self.period

    @property
    def start(self) -> PartialDate | None:
        return PartialDate(self.starts_on, self.starts_on_precision) if self.starts_on else None

    @property
    def end(self) -> PartialDate | None:
        return PartialDate(self.ends_on, self.ends_on_precision) if self.ends_on else None

    @property
    def has_duration(self) -> bool:
        """The period is known: a start and an end, or the period in words."""
        return bool(self.period.strip() or (self.starts_on and self.ends_on))

    def missing(self) -> list:
        """What the agreement needs and is not recorded, as lazy phrases."""
        return [
            what
            for known, what in [
                (self.has_duration, _("how long the agreement applies")),
                (self.review, _("how and when the agreement is reviewed")),
                (self.termination, _("how a party leaves, and the notice")),
                (self.changes, _("how the agreement is changed")),
                (self.disputes, _("how disputes are resolved")),
                (self.assignment, _("whether a party may assign its rights and duties")),
            ]
            if not known
        ]


# --- Step 7, a BID: the association, its fee model and the member register (checklist/bid_models.py)

from checklist.bid_models import BidAssociation, BidMember, FeeCategory, FeeKind  # noqa: E402, F401

# --- Step 15: who signs for each party (checklist/signatory_models.py) ---------------------------
from checklist.signatory_models import Signatory, SignatoryAuthority  # noqa: E402, F401
