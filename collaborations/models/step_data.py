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
