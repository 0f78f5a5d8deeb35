"""The EST part of the agreement: how the collaboration works, in the structure municipalities and the
police use for a samverkansöverenskommelse (Brå): the problems in focus, their likely causes, delimited
and measurable goals, how the work is documented, how it is followed up and the period, with a citizen
promise (medborgarlöfte) when there is one.

Most of that structure is already in other sections (the problem description, the goals, the follow-up,
the terms): the partial (_est.html) points to them. What only EST has — the weekly situation picture and
its reporters, the analysis, the yearly follow-up, the local police area, the likely causes, the
documentation — is read here in two queries and becomes `EstContent`; each missing fact is a gap in
the form-of-collaboration section, linked to the EST page.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from agreements.content import EstContent, EstReporterEntry
from checklist.est import arrangement_of, reporters_of
from checklist.est_models import EstArrangement, est_gaps
from collaborations.models import CollaborationModel, PartyState

SECTION = "model"
STEP = "model"


def add_est(builder) -> None:
    """Give `builder.agreement` its EST content and gaps when the chosen form is EST (drafting.py)."""
    agreement = builder.agreement
    if agreement.model is None or agreement.model.key != CollaborationModel.EST:
        return
    collaboration = builder.collaboration
    arrangement = arrangement_of(collaboration) or EstArrangement(collaboration=collaboration)
    reporters = [r for r in reporters_of(collaboration) if r.party.state != PartyState.DECLINED]
    agreement.est = EstContent(
        police_area=arrangement.police_area,
        likely_causes=arrangement.likely_causes,
        weekly=_weekly(arrangement),
        weekly_form=arrangement.weekly_form,
        weekly_lead=_lead(arrangement),
        analysis=arrangement.get_analysis_cadence_display() if arrangement.analysis_cadence else "",
        analysis_by=arrangement.analysis_by,
        yearly_follow_up=arrangement.yearly_follow_up,
        documentation=arrangement.documentation,
        reporters=[
            EstReporterEntry(
                party=r.party.organisation.name,
                person=r.person,
                channel=r.get_channel_display() if r.channel else "",
                categories=r.category_labels,
            )
            for r in reporters
        ],
        has_citizen_promise=arrangement.has_citizen_promise,
        citizen_promise_url=arrangement.citizen_promise_url,
    )
    _gaps(builder, arrangement, reporters)


def _weekly(arrangement) -> str:
    if not arrangement.weekly_day:
        return ""
    day = arrangement.get_weekly_day_display().lower()
    if arrangement.weekly_time is None:
        return _("Every %(day)s") % {"day": day}
    return _("Every %(day)s at %(time)s") % {"day": day, "time": arrangement.weekly_time.strftime("%H.%M")}


def _lead(arrangement) -> str:
    party = arrangement.weekly_lead_party
    person = arrangement.weekly_lead_person
    if party and person:
        return f"{person} ({party.organisation.name})"
    return person or (party.organisation.name if party else "")


def _gaps(builder, arrangement, reporters) -> None:
    url = reverse("est_edit", args=[builder.collaboration.pk])
    for what, reason in est_gaps(arrangement, reporters):
        if reason:
            what = _("%(what)s (%(reason)s).") % {"what": what.rstrip("."), "reason": str(reason).lower()}
        builder.gap(SECTION, STEP, what, url=url)
