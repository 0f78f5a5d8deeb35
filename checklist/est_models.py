"""How an EST collaboration works (step 7, the chosen form's details): who reports to the weekly joint
situation picture (lägesbild) and how, and the rhythm around it.

Nothing here is required: each fact may still be unknown, and the agreement shows what it needs as a
gap (agreements/est.py). Reports describe places and events, never persons: the categories below are
the only things a reporter is asked to report on, and none of them names or describes a person.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from collaborations.models import Collaboration, Party
from samverkan.unknowns import unknown_reason_field


class EstCategory(models.TextChoices):
    """What a report to the situation picture is about: a kind of place or event, never a person."""

    VANDALISM = "vandalism", _("Vandalism")
    GRAFFITI = "graffiti", _("Graffiti")
    LITTERING = "littering", _("Littering")
    FIRES = "fires", _("Fires (in rubbish rooms, containers, vehicles)")
    BREAK_INS = "break_ins", _("Break-ins (storage rooms, cellars, garages)")
    LIGHTING = "lighting", _("Broken or missing lighting")
    UNSAFE_PLACES = "unsafe_places", _("Places that feel unsafe (overgrown, dark, hidden)")
    DRUG_TRACES = "drug_traces", _("Traces of drug use at a place (syringes, packaging)")
    DISTURBANCES = "disturbances", _("Disturbances in public places")
    VEHICLES = "vehicles", _("Abandoned or damaged vehicles")
    TRAFFIC = "traffic", _("Dangerous traffic situations")


class ReportChannel(models.TextChoices):
    FORM = "form", _("A digital form or app")
    EMAIL = "email", _("E-mail to the coordinator")
    PHONE = "phone", _("Phone")
    MEETING = "meeting", _("In the weekly meeting")


class AnalysisCadence(models.TextChoices):
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    THREE_TIMES = "three_times", _("Three times a year")
    TWICE = "twice", _("Twice a year")


class Weekday(models.TextChoices):
    MONDAY = "monday", _("Monday")
    TUESDAY = "tuesday", _("Tuesday")
    WEDNESDAY = "wednesday", _("Wednesday")
    THURSDAY = "thursday", _("Thursday")
    FRIDAY = "friday", _("Friday")


class EstArrangement(models.Model):
    """The rhythm of EST and what surrounds it, one per collaboration. Every field may be unknown."""

    collaboration = models.OneToOneField(
        Collaboration,
        on_delete=models.CASCADE,
        related_name="est_arrangement",
        verbose_name=_("collaboration"),
    )
    police_area = models.CharField(_("local police area"), max_length=200, blank=True)
    police_area_unknown = unknown_reason_field(_("why the local police area is not given"))
    likely_causes = models.TextField(_("likely causes of the problems"), blank=True)
    weekly_day = models.CharField(
        _("day of the weekly meeting"), max_length=12, choices=Weekday.choices, blank=True
    )
    weekly_time = models.TimeField(_("time of the weekly meeting"), null=True, blank=True)
    weekly_form = models.CharField(_("where or how the meeting is held"), max_length=200, blank=True)
    weekly_lead_party = models.ForeignKey(
        Party,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("party that leads the weekly meeting"),
    )
    weekly_lead_person = models.CharField(_("who leads the weekly meeting"), max_length=200, blank=True)
    weekly_unknown = unknown_reason_field(_("why the weekly meeting is not set"))
    analysis_cadence = models.CharField(
        _("the situation picture is analysed"), max_length=12, choices=AnalysisCadence.choices, blank=True
    )
    analysis_by = models.CharField(_("who makes the analysis"), max_length=300, blank=True)
    yearly_follow_up = models.TextField(_("the yearly follow-up: when, and who does it"), blank=True)
    documentation = models.TextField(_("how the work is documented"), blank=True)
    has_citizen_promise = models.BooleanField(_("there is a citizen promise"), null=True, blank=True)
    citizen_promise_url = models.URLField(_("link to the citizen promise"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("EST arrangement")
        verbose_name_plural = _("EST arrangements")

    def __str__(self):
        return str(self.collaboration)


class EstReporter(models.Model):
    """Who reports to the weekly situation picture for one party, how, and about what."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="est_reporters", verbose_name=_("collaboration")
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="est_reporters", verbose_name=_("party")
    )
    person = models.CharField(_("who reports (role or name)"), max_length=200, blank=True)
    channel = models.CharField(_("how they report"), max_length=12, choices=ReportChannel.choices, blank=True)
    categories = models.JSONField(_("what they report on"), default=list, blank=True)
    other_category = models.CharField(_("other places or events"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reporter to the situation picture")
        verbose_name_plural = _("reporters to the situation picture")
        ordering = ["party__organisation__name", "pk"]

    def __str__(self):
        return f"{self.party.organisation.name}: {self.person or '–'}"

    @property
    def category_labels(self) -> list[str]:
        labels = dict(EstCategory.choices)
        named = [str(labels[key]) for key in self.categories if key in labels]
        return [*named, self.other_category] if self.other_category else named


def est_gaps(arrangement, reporters) -> list[tuple[str, str]]:
    """What an EST agreement still lacks, as (what, why it is missing or ""), in the active language:
    the agreement shows each as a gap (agreements/est.py) and step 7 is not done while there is one
    (checklist/facts.py). `reporters`: the reporters of the parties that have not declined."""
    found = []
    if not reporters:
        found.append((gettext("EST: no one reports to the weekly situation picture yet."), ""))
    for r in reporters:
        name = {"party": r.party.organisation.name}
        if not r.person.strip():
            found.append(
                (gettext("EST: who reports to the situation picture for %(party)s is not named.") % name, "")
            )
        if not r.channel:
            found.append(
                (gettext("EST: how %(party)s reports to the situation picture is not decided.") % name, "")
            )
        if not r.category_labels:
            found.append((gettext("EST: what %(party)s reports on is not chosen.") % name, ""))
    if not arrangement.weekly_day:
        reason = arrangement.get_weekly_unknown_display() if arrangement.weekly_unknown else ""
        found.append((gettext("EST: the day of the weekly situation picture is not set."), reason))
    if not (arrangement.weekly_lead_person.strip() or arrangement.weekly_lead_party_id):
        found.append((gettext("EST: who leads the weekly meeting is not decided."), ""))
    if not arrangement.analysis_cadence:
        found.append((gettext("EST: how often the situation picture is analysed is not decided."), ""))
    if not arrangement.yearly_follow_up.strip():
        found.append((gettext("EST: the yearly follow-up is not planned."), ""))
    if not arrangement.police_area.strip():
        reason = arrangement.get_police_area_unknown_display() if arrangement.police_area_unknown else ""
        found.append((gettext("EST: the local police area is not given."), reason))
    if not arrangement.likely_causes.strip():
        found.append((gettext("EST: the likely causes of the problems are not described."), ""))
    if not arrangement.documentation.strip():
        found.append((gettext("EST: how the work is documented is not decided."), ""))
    return found
