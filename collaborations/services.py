"""Operations that span several rows or models. Each runs in one transaction and writes the event log."""

from django.db import transaction
from django.utils.translation import gettext as _

from checklist.models import ChecklistTemplate, CollaborationChecklist
from collaborations.confirmations.consensus import recheck_all_agreed
from collaborations.confirmations.links import end_links_no_longer_meant
from collaborations.models import (
    Collaboration,
    EventKind,
    Goal,
    Mandate,
    Membership,
    MembershipRole,
    Organisation,
    Party,
    PartyRole,
    PartyState,
    ProblemDescription,
    ResidentInvolvement,
    SubGoal,
)
from samverkan.errors import DomainError, refused_if_taken
from samverkan.events import record_event

# --- Organisations and members ------------------------------------------------------------------


def add_member(*, organisation, user, role, added_by) -> Membership:
    already = _("%(user)s is already a member of %(organisation)s.") % {
        "user": user,
        "organisation": organisation,
    }
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise DomainError(already)
    with refused_if_taken(already):
        return Membership.objects.create(organisation=organisation, user=user, role=role)


@transaction.atomic
def remove_member(*, membership, removed_by) -> None:
    others_admins = (
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=MembershipRole.ADMIN)
        .exclude(pk=membership.pk)
    )
    if membership.is_admin and not others_admins.exists():
        raise DomainError(_("The organisation must keep at least one administrator."))
    membership.delete()


# --- Collaborations -----------------------------------------------------------------------------


@transaction.atomic
def create_collaboration(*, title, area_name, municipality, lead_organisation, created_by) -> Collaboration:
    collaboration = Collaboration.objects.create(
        title=title,
        area_name=area_name,
        municipality=municipality,
        lead_organisation=lead_organisation,
        created_by=created_by,
    )
    Party.objects.create(
        collaboration=collaboration,
        organisation=lead_organisation,
        role=PartyRole.LEAD,
        state=PartyState.JOINED,
        contact_name=created_by.name,  # no name yet: the agreement shows a gap, not the address
        contact_email=created_by.email,
    )
    template = ChecklistTemplate.objects.current()
    if template is not None:
        CollaborationChecklist.objects.create(collaboration=collaboration, template=template)
    record_event(collaboration=collaboration, kind=EventKind.CREATED, actor=created_by, detail=title)
    return collaboration


@transaction.atomic
def update_collaboration(*, collaboration, edited_by, title, area_name, municipality) -> Collaboration:
    collaboration.title = title
    collaboration.area_name = area_name
    collaboration.municipality = municipality
    collaboration.save()
    record_event(
        collaboration=collaboration, kind=EventKind.EDITED, actor=edited_by, detail=collaboration.title
    )
    return collaboration


@transaction.atomic
def close_collaboration(*, collaboration, closed_by) -> None:
    if collaboration.is_closed:
        raise DomainError(_("The collaboration is already closed."))
    collaboration.close()
    record_event(collaboration=collaboration, kind=EventKind.CLOSED, actor=closed_by)


def touch(collaboration):
    """Mark the collaboration as changed (Collaboration.touch)."""
    collaboration.touch()


# --- Parties ------------------------------------------------------------------------------------


@transaction.atomic
def add_party(
    *,
    collaboration,
    added_by,
    organisation=None,
    new_organisation=None,
    role=PartyRole.PARTNER,
    state=PartyState.PROPOSED,
    contact_name="",
    contact_email="",
    contact_phone="",
    staff_hours=None,
    money_sek=None,
    premises="",
    other_contribution="",
) -> Party:
    """Add an existing organisation, or create `new_organisation` (name, org_number, kind) and add it."""
    if organisation is None:
        number_taken = _(
            "An organisation with that organisation number already exists. Search for it instead."
        )
        if Organisation.objects.filter(org_number=new_organisation["org_number"]).exists():
            raise DomainError(number_taken)
        with refused_if_taken(number_taken):
            organisation = Organisation.objects.create(**new_organisation)
    already = _("%(organisation)s is already a party to the collaboration.") % {"organisation": organisation}
    if collaboration.parties.filter(organisation=organisation).exists():
        raise DomainError(already)
    with refused_if_taken(already):
        party = Party.objects.create(
            collaboration=collaboration,
            organisation=organisation,
            role=role,
            state=state,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            staff_hours=staff_hours,
            money_sek=money_sek,
            premises=premises,
            other_contribution=other_contribution,
        )
    touch(collaboration)
    record_event(
        collaboration=collaboration, kind=EventKind.PARTY_ADDED, actor=added_by, detail=organisation.name
    )
    return party


@transaction.atomic
def update_party(
    *,
    party,
    edited_by,
    role,
    state,
    contact_name,
    contact_email,
    contact_phone,
    staff_hours,
    money_sek,
    premises,
    other_contribution,
    case_number="",
) -> Party:
    """Change a party. A party that is declined or made an observer, or whose contact address changes,
    loses its open invitation links (to the old address): whoever holds one must not become a member of
    the party's organisation afterwards."""
    # The lock every answer takes first (confirmations.answers): the same order, no deadlock,
    # and the "every party agrees" check below sees answers committed before it.
    Collaboration.objects.lock(party.collaboration_id)
    if party.is_lead and role != PartyRole.LEAD:
        raise DomainError(_("The lead organisation's role cannot be changed."))
    if not party.is_lead and role == PartyRole.LEAD:
        raise DomainError(_("The collaboration already has a lead organisation."))
    party.role = role
    party.state = state
    party.contact_name = contact_name
    party.contact_email = contact_email
    party.contact_phone = contact_phone
    party.staff_hours = staff_hours
    party.money_sek = money_sek
    party.premises = premises
    party.other_contribution = other_contribution
    party.case_number = case_number
    party.save()
    touch(party.collaboration)
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.PARTY_CHANGED,
        actor=edited_by,
        detail=f"{party.organisation.name}: {party.get_state_display()}",
    )
    end_links_no_longer_meant(party, edited_by)
    recheck_all_agreed(party.collaboration)
    return party


@transaction.atomic
def record_case_number(*, party, case_number, recorded_by) -> Party:
    """The party's own case number (diarienummer) for the collaboration, which the agreement shows beside
    it; empty when it has none (yet)."""
    party.case_number = case_number.strip()
    party.save(update_fields=["case_number"])
    touch(party.collaboration)
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.PARTY_CHANGED,
        actor=recorded_by,
        detail=f"{party.organisation.name}: diarienummer {party.case_number or '–'}",
    )
    return party


# --- Residents, problem, goal, mandate, model ---------------------------------------------------


@transaction.atomic
def save_involvement(
    *,
    collaboration,
    saved_by,
    instance=None,
    method,
    held_on,
    participants,
    learned,
    effect_on_problem="",
) -> ResidentInvolvement:
    """Record a new entry, or change `instance`."""
    involvement = instance or ResidentInvolvement(collaboration=collaboration)
    involvement.method = method
    involvement.held_on = held_on
    involvement.participants = participants
    involvement.learned = learned
    involvement.effect_on_problem = effect_on_problem
    involvement.save()
    touch(collaboration)
    record_event(
        collaboration=collaboration,
        kind=EventKind.RESIDENTS_RECORDED,
        actor=saved_by,
        detail=f"{involvement.get_method_display()} {involvement.held_on:%Y-%m-%d}",
    )
    return involvement


@transaction.atomic
def save_problem_description(*, collaboration, author, based_on_version, text, focus_areas, evidence):
    """Save the text: a draft is changed in place; a version already sent gets a successor version.

    `based_on_version` is the version the author was editing (0 when there was none). If someone else
    saved in between, nothing is saved and DomainError says so.
    """
    latest = (
        ProblemDescription.objects.select_for_update()
        .filter(collaboration=collaboration)
        .order_by("-version")
        .first()
    )
    latest_version = latest.version if latest else 0
    changed_meanwhile = _(
        "Someone else changed the problem description while you were writing (it is now version "
        "%(version)s). Nothing was saved. Read the new version and make your changes again."
    )
    if based_on_version != latest_version:
        raise DomainError(changed_meanwhile % {"version": latest_version})
    if latest is not None and not latest.is_sent:
        problem = latest
    else:
        problem = ProblemDescription(collaboration=collaboration, version=latest_version + 1)
    problem.text = text
    problem.focus_areas = list(focus_areas)
    problem.evidence = evidence
    problem.created_by = author
    # The lock above holds no row while there is no version yet: two first saves can both get here.
    with refused_if_taken(changed_meanwhile % {"version": problem.version}):
        problem.save()
    touch(collaboration)
    record_event(
        collaboration=collaboration,
        kind=EventKind.PROBLEM_SAVED,
        actor=author,
        detail=_("version %(version)s") % {"version": problem.version},
    )
    return problem


@transaction.atomic
def save_goal(*, collaboration, saved_by, overall) -> Goal:
    goal, _created = Goal.objects.update_or_create(collaboration=collaboration, defaults={"overall": overall})
    touch(collaboration)
    record_event(collaboration=collaboration, kind=EventKind.GOAL_SAVED, actor=saved_by, detail=overall[:100])
    return goal


@transaction.atomic
def save_sub_goal(
    *, collaboration, saved_by, instance=None, indicator, baseline, target, target_date
) -> SubGoal:
    """Add a sub-goal, or change `instance`."""
    sub_goal = instance or SubGoal(collaboration=collaboration)
    sub_goal.indicator = indicator
    sub_goal.baseline = baseline
    sub_goal.target = target
    sub_goal.target_date = target_date
    sub_goal.save()
    touch(collaboration)
    record_event(
        collaboration=collaboration, kind=EventKind.GOAL_SAVED, actor=saved_by, detail=sub_goal.indicator
    )
    return sub_goal


@transaction.atomic
def delete_sub_goal(*, sub_goal, deleted_by) -> None:
    collaboration = sub_goal.collaboration
    detail = _("sub-goal removed: %(indicator)s") % {"indicator": sub_goal.indicator}
    sub_goal.delete()
    touch(collaboration)
    record_event(collaboration=collaboration, kind=EventKind.GOAL_SAVED, actor=deleted_by, detail=detail)


@transaction.atomic
def save_mandate(*, party, saved_by, decided_by, decided_on, scope, resources="") -> Mandate:
    mandate, _created = Mandate.objects.update_or_create(
        party=party,
        defaults={"decided_by": decided_by, "decided_on": decided_on, "scope": scope, "resources": resources},
    )
    touch(party.collaboration)
    record_event(
        collaboration=party.collaboration,
        kind=EventKind.MANDATE_SAVED,
        actor=saved_by,
        detail=f"{party.organisation.name}: {mandate.decided_by}",
    )
    return mandate
