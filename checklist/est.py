"""EST's reporting and rhythm (checklist/est_models.py): reading and saving them.

Each save runs in one transaction and writes the collaboration's event log, like the other steps'
services (checklist/services.py).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from checklist.est_models import EstArrangement, EstReporter
from checklist.services import delete_row
from collaborations.models import EventKind
from collaborations.services import touch
from samverkan.events import record_event


def _saved(collaboration, actor, what):
    touch(collaboration)
    record_event(collaboration=collaboration, kind=EventKind.PLAN_SAVED, actor=actor, detail=str(what)[:300])


def arrangement_of(collaboration) -> EstArrangement | None:
    return (
        EstArrangement.objects.filter(collaboration=collaboration)
        .select_related("weekly_lead_party__organisation")
        .first()
    )


def reporters_of(collaboration):
    return EstReporter.objects.filter(collaboration=collaboration).select_related("party__organisation")


@transaction.atomic
def save_arrangement(
    *,
    collaboration,
    saved_by,
    police_area="",
    police_area_unknown="",
    likely_causes="",
    weekly_day="",
    weekly_time=None,
    weekly_form="",
    weekly_lead_party=None,
    weekly_lead_person="",
    weekly_unknown="",
    analysis_cadence="",
    analysis_by="",
    yearly_follow_up="",
    documentation="",
    has_citizen_promise=None,
    citizen_promise_url="",
) -> EstArrangement:
    """Store what is known of the EST rhythm; a fact left out is stored as not known."""
    arrangement, _created = EstArrangement.objects.update_or_create(
        collaboration=collaboration,
        defaults={
            "police_area": police_area,
            # A reason why a fact is missing is kept only while the fact is missing.
            "police_area_unknown": "" if police_area else police_area_unknown,
            "likely_causes": likely_causes,
            "weekly_day": weekly_day,
            "weekly_time": weekly_time,
            "weekly_form": weekly_form,
            "weekly_lead_party": weekly_lead_party,
            "weekly_lead_person": weekly_lead_person,
            "weekly_unknown": "" if weekly_day else weekly_unknown,
            "analysis_cadence": analysis_cadence,
            "analysis_by": analysis_by,
            "yearly_follow_up": yearly_follow_up,
            "documentation": documentation,
            "has_citizen_promise": True if citizen_promise_url else has_citizen_promise,
            "citizen_promise_url": citizen_promise_url,
        },
    )
    _saved(collaboration, saved_by, _("The EST rhythm"))
    return arrangement


@transaction.atomic
def save_reporter(
    *, collaboration, saved_by, instance=None, party, person="", channel="", categories=(), other_category=""
) -> EstReporter:
    """Add a reporter to the situation picture of `collaboration`, or change `instance`."""
    reporter = instance or EstReporter()
    reporter.collaboration = collaboration
    reporter.party = party
    reporter.person = person
    reporter.channel = channel
    reporter.categories = list(categories)
    reporter.other_category = other_category
    reporter.save()
    _saved(
        collaboration,
        saved_by,
        _("Reporter to the situation picture: %(party)s") % {"party": party.organisation.name},
    )
    return reporter


def remove_reporter(*, reporter, removed_by) -> None:
    delete_row(instance=reporter, deleted_by=removed_by)
