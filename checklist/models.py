from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from checklist.est_models import EstArrangement, EstReporter  # noqa: F401 - models of this app
from collaborations.models import Collaboration, Party, SubGoal

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
    coordinator_name = models.CharField(_("coordinator"), max_length=200)
    steering_rhythm = models.CharField(
        _("steering group meets"), max_length=16, choices=MeetingRhythm.choices
    )
    working_rhythm = models.CharField(_("working group meets"), max_length=16, choices=MeetingRhythm.choices)
    notes = models.TextField(_("other arrangements"), blank=True)

    class Meta:
        verbose_name = _("organisation of the work")
        verbose_name_plural = _("organisation of the work")

    def __str__(self):
        return self.coordinator_name


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
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="activity_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


# --- Step 12: budget ----------------------------------------------------------------------------


class BudgetLine(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("collaboration")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("party")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount_sek = models.PositiveIntegerField(_("amount (SEK)"))
    purpose = models.CharField(_("for what"), max_length=300)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "party__organisation__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="budget_line_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.party.organisation.name}, {self.amount_sek} kr – {self.purpose}"


# --- Step 13: follow-up -------------------------------------------------------------------------


class FollowUp(models.Model):
    sub_goal = models.OneToOneField(
        SubGoal, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("sub-goal")
    )
    method = models.TextField(_("how it is measured"))
    rhythm = models.CharField(_("reported"), max_length=16, choices=MeetingRhythm.choices)
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


# --- Step 14: communication ---------------------------------------------------------------------


class CommunicationPlan(models.Model):
    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="communication_plan",
        verbose_name=_("collaboration"),
    )
    residents = models.TextField(_("how residents are informed and involved"))
    public = models.TextField(_("how the public and media are informed"))
    spokesperson = models.CharField(_("who speaks for the collaboration"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")

    def __str__(self):
        return str(self.collaboration)


# --- Step 15: duration, review, exit and disputes -----------------------------------------------


class AgreementTerms(models.Model):
    collaboration = models.OneToOneField(
        Collaboration, on_delete=models.CASCADE, related_name="terms", verbose_name=_("collaboration")
    )
    starts_on = models.DateField(_("the collaboration starts"))
    ends_on = models.DateField(_("the collaboration ends"))
    review = models.TextField(_("how and when the agreement is reviewed"))
    termination = models.TextField(_("how a party leaves, and the notice"))
    changes = models.TextField(_("how the agreement is changed"))
    disputes = models.TextField(_("how disputes are resolved"))

    class Meta:
        verbose_name = _("duration and terms")
        verbose_name_plural = _("duration and terms")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="terms_end_after_start"),
        ]

    def __str__(self):
        return f"{self.starts_on} – {self.ends_on}"


# --- Step 7, a BID: the association, its fee model and the member register (checklist/bid_models.py)

from checklist.bid_models import BidAssociation, BidMember, FeeCategory, FeeKind  # noqa: E402, F401
