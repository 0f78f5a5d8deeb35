"""Steps 8–15 are done only when the facts the agreement needs from them are there, and each step page
says what is left ("Kvar: …") — issue "nothing invented"."""

import datetime

import pytest
from django.urls import reverse

from checklist.models import GroupKind, MeetingRhythm
from checklist.rules import StepState, checklist_status
from collaborations.models import PartyRole
from samverkan.unknowns import DatePrecision
from tests.factories import (
    ActivityFactory,
    AgreementTermsFactory,
    CommunicationPlanFactory,
    FollowUpFactory,
    GroupMemberFactory,
    PartyFactory,
    SignatoryFactory,
    StepNotApplicableFactory,
    SubGoalFactory,
    WorkOrganisationFactory,
)


def state(collaboration, key):
    return next(s for s in checklist_status(collaboration).steps if s.step.key == key)


def left(collaboration, key):
    return [str(item) for item in state(collaboration, key).missing]


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


@pytest.fixture
def steering_group(collaboration, lead):
    GroupMemberFactory(collaboration=collaboration, party=lead, group=GroupKind.STEERING)
    GroupMemberFactory(collaboration=collaboration, group=GroupKind.STEERING)


def test_organisation_without_coordinator_is_not_done(collaboration, steering_group):
    WorkOrganisationFactory(collaboration=collaboration, coordinator_name="")
    assert state(collaboration, "organisation").state == StepState.IN_PROGRESS
    assert left(collaboration, "organisation") == ["samordnaren"]


def test_organisation_without_the_working_groups_rhythm_is_done(collaboration, steering_group):
    WorkOrganisationFactory(collaboration=collaboration, working_rhythm="")
    assert state(collaboration, "organisation").state == StepState.DONE


def test_organisation_without_steering_rhythm_is_not_done(collaboration, steering_group):
    WorkOrganisationFactory(collaboration=collaboration, steering_rhythm="")
    assert left(collaboration, "organisation") == ["hur ofta styrgruppen träffas"]


def test_activity_without_an_end_is_not_done_unless_ongoing(collaboration, lead):
    activity = ActivityFactory(collaboration=collaboration, responsible_party=lead, ends_on=None)
    assert state(collaboration, "activities").state == StepState.IN_PROGRESS
    assert "för 1 aktivitet" in left(collaboration, "activities")[0]
    activity.ongoing = True
    activity.save()
    collaboration.touch()
    assert state(collaboration, "activities").state == StepState.DONE


def test_activity_known_to_the_month_is_done(collaboration, lead):
    ActivityFactory(
        collaboration=collaboration,
        responsible_party=lead,
        starts_on=datetime.date(2027, 3, 1),
        starts_on_precision=DatePrecision.MONTH,
        ends_on=datetime.date(2028, 1, 1),
        ends_on_precision=DatePrecision.YEAR,
    )
    assert state(collaboration, "activities").state == StepState.DONE


def test_follow_up_without_rhythm_is_not_done(collaboration):
    FollowUpFactory(sub_goal=SubGoalFactory(collaboration=collaboration), rhythm="")
    assert state(collaboration, "follow_up").state == StepState.IN_PROGRESS
    assert left(collaboration, "follow_up") == ["hur 1 delmål mäts och rapporteras"]


def test_communication_without_residents_is_not_done(collaboration):
    CommunicationPlanFactory(collaboration=collaboration, residents="")
    assert state(collaboration, "communication").state == StepState.IN_PROGRESS


def test_communication_without_the_public_is_done(collaboration):
    CommunicationPlanFactory(collaboration=collaboration, public="")
    assert state(collaboration, "communication").state == StepState.DONE


def test_terms_with_a_period_in_words_and_every_clause_are_done(collaboration, lead):
    AgreementTermsFactory(collaboration=collaboration, starts_on=None, ends_on=None, period="Två år")
    SignatoryFactory(party=lead)
    assert state(collaboration, "terms").state == StepState.DONE


def test_terms_without_duration_and_disputes_are_not_done(collaboration, lead):
    AgreementTermsFactory(collaboration=collaboration, ends_on=None, disputes="")
    SignatoryFactory(party=lead)
    assert state(collaboration, "terms").state == StepState.IN_PROGRESS
    assert left(collaboration, "terms") == ["hur länge avtalet gäller", "hur tvister löses"]


def test_roles_name_the_party_without_a_contribution(collaboration, lead):
    partner = PartyFactory(collaboration=collaboration)
    assert f"rollen och insatsen för {partner.organisation.name}" in left(collaboration, "roles")


def test_a_step_marked_not_applicable_lists_nothing_left(collaboration, alice_client):
    StepNotApplicableFactory(collaboration=collaboration, step_key="communication", reason="Ingen behövs.")
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 14]))
    assert "Kvar:" not in response.text


def test_step_page_says_what_is_left_in_swedish(collaboration, steering_group, alice_client):
    WorkOrganisationFactory(
        collaboration=collaboration, coordinator_name="", steering_rhythm=MeetingRhythm.YEARLY
    )
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 9]))
    assert "Kvar:" in response.text
    assert "samordnaren" in response.text
