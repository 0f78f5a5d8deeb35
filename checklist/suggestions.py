"""Drafting that starts from the model: once a form of collaboration is chosen, the later steps' forms
open with that form's usual content as a suggestion, which staff read, change and save — or replace.

A suggestion is only ever a form's starting value: nothing here is stored until staff save the form,
so nothing suggested stands in the agreement as decided unless someone decided it. What is derived from
the collaboration's own data (a sub-goal's indicator, baseline and target; the lead's contact person)
is taken from it as it is, leaving out what is not known; the rest is the model's usual arrangement
(its meeting rhythm, the common terms of an agreement). Pure functions: the views pass what they read.
"""

from django.utils.translation import gettext as _

from checklist.est_models import AnalysisCadence
from checklist.models import MeetingRhythm
from collaborations.models import CollaborationModel, OrganisationKind, PartyRole
from samverkan.unknowns import format_partial_date

# (working group, steering group, follow-up) by form of collaboration: EST meets weekly for its
# situation picture and analyses it every quarter; an IOP's partners plan monthly and follow up twice a
# year; a BID's working group meets monthly, its board every quarter, and reports yearly to its members.
RHYTHMS = {
    CollaborationModel.EST: (MeetingRhythm.WEEKLY, MeetingRhythm.QUARTERLY, MeetingRhythm.QUARTERLY),
    CollaborationModel.IOP: (MeetingRhythm.MONTHLY, MeetingRhythm.TWICE_A_YEAR, MeetingRhythm.TWICE_A_YEAR),
    CollaborationModel.BID: (MeetingRhythm.MONTHLY, MeetingRhythm.QUARTERLY, MeetingRhythm.YEARLY),
    CollaborationModel.OTHER: (MeetingRhythm.MONTHLY, MeetingRhythm.QUARTERLY, MeetingRhythm.TWICE_A_YEAR),
}


def organisation(*, model, lead_party) -> dict:
    """Step 9: the lead coordinates, the groups meet at the model's usual rhythm."""
    working, steering, _follow_up = RHYTHMS[model]
    return {
        "coordinator_party": lead_party,
        "coordinator_name": lead_party.contact_name if lead_party else "",
        "steering_rhythm": steering,
        "working_rhythm": working,
    }


def follow_up(*, model, sub_goal, lead_party) -> dict:
    """Step 13: a sub-goal is followed up by its own indicator, against what is known of it."""
    parts = [_("Followed up with the indicator: %(indicator)s.") % {"indicator": sub_goal.indicator}]
    baseline = getattr(sub_goal, "baseline", "") or ""
    if baseline:
        parts.append(_("Baseline: %(baseline)s.") % {"baseline": baseline})
    target = getattr(sub_goal, "target", "") or ""
    when = _target_date(sub_goal)
    if target and when:
        parts.append(_("Target: %(target)s by %(date)s.") % {"target": target, "date": when})
    elif target:
        parts.append(_("Target: %(target)s.") % {"target": target})
    return {"method": " ".join(parts), "rhythm": RHYTHMS[model][2], "responsible_party": lead_party}


def _target_date(sub_goal) -> str:
    value = getattr(sub_goal, "target_date", None)
    if value is None:
        return ""
    return format_partial_date(value, getattr(sub_goal, "target_date_precision", "day"))


def communication(*, model, lead_party) -> dict:
    """Step 14: how residents and the public hear of the work, in the model's usual way."""
    residents = {
        CollaborationModel.EST: _(
            "The residents are told what the collaboration does and what the situation picture shows about "
            "places and events, at residents' meetings, on notices in the stairwells and on the parties' "
            "websites."
        ),
        CollaborationModel.IOP: _(
            "The residents are told about the activity and invited to take part, through the non-profit "
            "party's own channels and the parties' websites."
        ),
        CollaborationModel.BID: _(
            "The property owners tell their tenants and the residents about the measures in the area, on "
            "notices, in newsletters and on the association's website."
        ),
    }.get(
        model,
        _(
            "The residents are told what the collaboration does at residents' meetings and on the "
            "parties' websites."
        ),
    )
    return {
        "residents": residents,
        "public": _(
            "Contacts with the media are agreed in the steering group; each party speaks for itself and "
            "the coordinator speaks for the collaboration."
        ),
        "spokesperson": lead_party.contact_name if lead_party else "",
    }


def terms() -> dict:
    """Step 15: the terms most agreements of this kind have. The dates are the parties' own to set."""
    return {
        "review": _(
            "The steering group follows up the agreement every year and reviews it no later than three "
            "months before it ends."
        ),
        "termination": _("A party may leave the collaboration by notice in writing, three months ahead."),
        "changes": _("Changes and additions to the agreement are made in writing and signed by every party."),
        "disputes": _(
            "Disputes about the agreement are settled first by negotiation between the parties, and "
            "otherwise by a general court in Sweden."
        ),
        "assignment": _(
            "A party may not assign its rights and duties under the agreement without the written consent "
            "of the other parties."
        ),
    }


def est_arrangement() -> dict:
    """EST's page: the usual arrangement of an EST — the situation picture analysed every quarter, a
    yearly follow-up by the steering group, a log of places and events (never persons). Who reports,
    who leads the weekly meeting, its day and the police area are the parties' own to fill in."""
    return {
        "analysis_cadence": AnalysisCadence.QUARTERLY,
        "yearly_follow_up": _(
            "Once a year the steering group follows up the situation pictures, the analyses and the "
            "sub-goals, and decides the direction of the coming year."
        ),
        "documentation": _(
            "The weekly situation picture is kept in a shared log of places, times and kinds of events, "
            "never persons. The analyses and the yearly follow-up are written reports to the steering group."
        ),
    }


# The kinds of organisation whose usual role is alike (step 8); a kind not here gets no suggestion.
ROLE_GROUPS = {
    OrganisationKind.HOUSING_COMPANY: "property",
    OrganisationKind.HOUSING_COOPERATIVE: "property",
    OrganisationKind.COOPERATIVE: "property",
    OrganisationKind.PROPERTY_OWNER: "property",
    OrganisationKind.MUNICIPALITY: "public",
    OrganisationKind.MUNICIPAL_COMPANY: "public",
    OrganisationKind.REGION: "public",
    OrganisationKind.STATE_AGENCY: "public",
    OrganisationKind.SCHOOL: "public",
    OrganisationKind.POLICE: "police",
    OrganisationKind.NONPROFIT: "nonprofit",
    OrganisationKind.FOUNDATION: "nonprofit",
}


def _role_texts(model) -> dict:
    if model == CollaborationModel.EST:
        return {
            "property": _(
                "Reports damage, graffiti, littering, broken lighting and other events in its properties to "
                "the weekly situation picture, and deals with them in its properties."
            ),
            "public": _(
                "Takes part in the weekly situation picture, analyses it together with the police and "
                "answers for its own measures in public places."
            ),
            "police": _(
                "Contributes the police's situation picture every week, takes part in the analysis and "
                "adapts the police's presence to it."
            ),
            "nonprofit": _(
                "Shares what it sees in the area with the situation picture and carries out the activities "
                "agreed in the collaboration."
            ),
        }
    return {
        "property": _(
            "Answers for the measures in its properties and outdoor areas that the parties agree on."
        ),
        "public": _("Answers for its own part of the measures the parties agree on, within its own remit."),
        "police": _(
            "Contributes the police's knowledge of the area and takes part in the measures agreed, within "
            "the police's own remit."
        ),
        "nonprofit": _(
            "Carries out its own activity, which the partnership supports, and reports on it to the other "
            "parties."
        )
        if model == CollaborationModel.IOP
        else _("Carries out the activities the parties agree on and passes on what the residents say."),
    }


def role(*, model, party) -> str:
    """Step 8: a party's usual role in the chosen form, by its kind of organisation; the lead also
    coordinates. "" when nothing usual can be said (a business, "other")."""
    text = _role_texts(model).get(ROLE_GROUPS.get(party.organisation.kind), "")
    if party.role == PartyRole.LEAD:
        lead = _("Lead party and coordinator: calls the steering group and the working group.")
        return f"{lead} {text}".strip()
    return text
