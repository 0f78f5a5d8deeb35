"""What the first seven steps record: residents' involvement, the problem description, the goal,
each party's mandate and the choice of model."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaborations.diff import problem_diff
from collaborations.models.collaboration import Collaboration, Party
from samverkan.unknowns import PartialDate, date_precision_field, format_partial_date, unknown_reason_field


def _partial(value, precision) -> PartialDate | None:
    return PartialDate(value, precision) if value is not None else None


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
    # As precisely as it is known (a month, a year), or not known; the number of participants too: the
    # agreement can do without it and leaves it out when unknown.
    held_on = models.DateField(_("date"), null=True, blank=True)
    held_on_precision = date_precision_field()
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    learned = models.TextField(_("what we learned"))
    effect_on_problem = models.TextField(_("how it changed the problem description"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("residents' involvement")
        verbose_name_plural = _("residents' involvement")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return (
            f"{self.get_method_display()} {format_partial_date(self.held_on, self.held_on_precision)}".strip()
        )

    @property
    def held(self) -> PartialDate | None:
        return _partial(self.held_on, self.held_on_precision)


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
    # The baseline and the target may not be known yet (blank, with the reason); the agreement then shows
    # a gap. The target date is as precise as it is known, or not known.
    baseline = models.CharField(_("baseline"), max_length=100, blank=True)
    baseline_unknown = unknown_reason_field(_("why the baseline is not recorded"))
    target = models.CharField(_("target"), max_length=100, blank=True)
    target_unknown = unknown_reason_field(_("why the target is not recorded"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_date_precision = date_precision_field()

    class Meta:
        verbose_name = _("sub-goal")
        verbose_name_plural = _("sub-goals")
        ordering = ["target_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(indicator=""), name="subgoal_indicator_required"),
            models.CheckConstraint(
                condition=Q(baseline="") | Q(baseline_unknown=""), name="subgoal_baseline_or_why_not"
            ),
            models.CheckConstraint(
                condition=Q(target="") | Q(target_unknown=""), name="subgoal_target_or_why_not"
            ),
        ]

    def __str__(self):
        return self.indicator

    @property
    def target_when(self) -> PartialDate | None:
        return _partial(self.target_date, self.target_date_precision)

    @property
    def unknown_baseline_text(self) -> str:
        """What a page shows for a baseline not recorded: why, or that it is not known yet."""
        return str(self.get_baseline_unknown_display() or _("Not known yet"))

    @property
    def unknown_target_text(self) -> str:
        return str(self.get_target_unknown_display() or _("Not known yet"))

    @property
    def target_when_text(self) -> str:
        """The target date as precisely as it is known, or that it is not known yet (for pages)."""
        return str(self.target_when or _("Not known yet"))


class JointDecision(models.Model):
    """One decision taken for several parties at once (a jointly signed citizen promise, say),
    recorded once; each of those parties' mandates refers to it."""

    collaboration = models.ForeignKey(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="joint_decisions",
        verbose_name=_("collaboration"),
    )
    decided_by = models.CharField(_("decided by (body or role)"), max_length=200)
    decided_on = models.DateField(_("date of decision"), null=True, blank=True)
    decided_on_precision = date_precision_field()
    scope = models.TextField(_("what was decided"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("joint decision")
        verbose_name_plural = _("joint decisions")
        ordering = ["collaboration", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(decided_by=""), name="jointdecision_decided_by_required"),
        ]

    def __str__(self):
        return self.decided_by

    @property
    def decided(self) -> PartialDate | None:
        return _partial(self.decided_on, self.decided_on_precision)


class Mandate(models.Model):
    """How a party anchored the work in its own organisation (förankring)."""

    party = models.OneToOneField(
        Party, on_delete=models.CASCADE, related_name="mandate", verbose_name=_("party")
    )
    # A party's own decision (who decided, when, what), or a joint decision taken for several parties
    # (then its own fields are empty and the joint decision's are read). The date may be known only to
    # the month or the year, or not yet.
    joint_decision = models.ForeignKey(
        JointDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("joint decision"),
    )
    decided_by = models.CharField(_("decided by (body or role)"), max_length=200, blank=True)
    decided_on = models.DateField(_("date of decision"), null=True, blank=True)
    decided_on_precision = date_precision_field()
    scope = models.TextField(_("scope of the mandate"), blank=True)
    resources = models.TextField(_("resources granted"), blank=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["party__organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(joint_decision__isnull=False) | ~Q(decided_by=""),
                name="mandate_own_or_joint_decision",
            ),
        ]

    def __str__(self):
        return f"{self.party.organisation}: {self.decision_maker}"

    @property
    def decision_maker(self) -> str:
        return self.joint_decision.decided_by if self.joint_decision_id else self.decided_by

    @property
    def decided(self) -> PartialDate | None:
        if self.joint_decision_id:
            return self.joint_decision.decided
        return _partial(self.decided_on, self.decided_on_precision)

    @property
    def decision_scope(self) -> str:
        return self.joint_decision.scope if self.joint_decision_id else self.scope


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
