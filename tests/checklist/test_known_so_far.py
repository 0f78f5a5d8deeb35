"""Steps 7–15 save what is known and never require inventing the rest (issue "nothing invented")."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from checklist import services
from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    WorkOrganisation,
)
from collaborations.models import ModelChoice, PartyRole
from samverkan.errors import DomainError
from samverkan.unknowns import DatePrecision, PartialDate, UnknownReason
from tests.conftest import client_for
from tests.factories import ActivityFactory, AgreementTermsFactory, ModelChoiceFactory, SubGoalFactory


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


def url(name, collaboration, *args):
    return reverse(name, args=[collaboration.pk, *args])


# --- Step 7: the BID's details ------------------------------------------------------------------


def test_bid_details_save_the_association_and_boundary_without_a_fee_model(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="bid")
    data = {"association": "Norrbacka BID", "boundary": "Kring torget"}
    assert alice_client.post(url("model_details", collaboration), data).status_code == 302
    details = ModelChoice.objects.get().details
    assert details["association"] == "Norrbacka BID"
    assert details["fee_model"] == ""


def test_outsider_cannot_save_bid_details(collaboration, charlie):
    before = ModelChoiceFactory(collaboration=collaboration, model="bid", details={}).details
    data = {"association": "Norrbacka BID"}
    assert client_for(charlie).post(url("model_details", collaboration), data).status_code == 404
    assert ModelChoice.objects.get().details == before == {}


# --- Step 9: the organisation of the work -------------------------------------------------------


def test_work_organisation_saves_without_coordinator_and_rhythms(collaboration, alice_client):
    data = {"steering_rhythm": "quarterly", "coordinator_unknown": "decided_later", "working_rhythm": ""}
    response = alice_client.post(url("work_organisation_edit", collaboration), data)
    assert response.status_code == 302
    work = WorkOrganisation.objects.get(collaboration=collaboration)
    assert (work.coordinator_name, work.coordinator_unknown) == ("", UnknownReason.DECIDED_LATER)
    assert work.working_rhythm == ""
    page = alice_client.get(url("step_detail", collaboration, 9))
    assert "Beslutas senare" in page.text


def test_a_recorded_coordinator_forgets_the_reason_it_was_missing(collaboration, alice_client):
    data = {"coordinator_name": "Anna Lind", "coordinator_unknown": "not_known_yet"}
    alice_client.post(url("work_organisation_edit", collaboration), data)
    assert WorkOrganisation.objects.get().coordinator_unknown == ""


def test_work_organisation_with_an_unknown_reason_that_does_not_exist_is_refused(collaboration, alice_client):
    data = {"coordinator_unknown": "because"}
    assert alice_client.post(url("work_organisation_edit", collaboration), data).status_code == 200
    assert not WorkOrganisation.objects.exists()


# --- Step 11: activities ------------------------------------------------------------------------


def test_ongoing_activity_has_a_month_as_start_and_no_end(collaboration, lead, alice_client):
    data = {"title": "Områdesvärdar", "responsible_party": lead.pk, "starts_on": "2026-03", "ongoing": "on"}
    assert alice_client.post(url("activity_create", collaboration), data).status_code == 302
    activity = Activity.objects.get()
    assert (activity.starts_on, activity.starts_on_precision) == (
        datetime.date(2026, 3, 1),
        DatePrecision.MONTH,
    )
    assert activity.ends_on is None and activity.ongoing
    page = alice_client.get(url("step_detail", collaboration, 11))
    assert "mars 2026" in page.text
    assert "Pågående" in page.text


def test_activity_with_a_year_as_start_and_no_end_yet(collaboration, lead, alice_client):
    data = {"title": "Fritidsgård", "responsible_party": lead.pk, "starts_on": "2027"}
    assert alice_client.post(url("activity_create", collaboration), data).status_code == 302
    activity = Activity.objects.get()
    assert activity.start.precision == DatePrecision.YEAR
    assert activity.end is None and not activity.ongoing


def test_an_end_within_the_starting_month_is_accepted(collaboration, lead, alice_client):
    data = {
        "title": "Vandring",
        "responsible_party": lead.pk,
        "starts_on": "2027-03-14",
        "ends_on": "2027-03",
    }
    assert alice_client.post(url("activity_create", collaboration), data).status_code == 302


def test_ongoing_activity_with_an_end_is_refused(collaboration, lead, alice_client):
    data = {
        "title": "Områdesvärdar",
        "responsible_party": lead.pk,
        "starts_on": "2026",
        "ends_on": "2027",
        "ongoing": "on",
    }
    response = alice_client.post(url("activity_create", collaboration), data)
    assert response.status_code == 200
    assert "Pågående arbete har inget slut" in response.text
    assert not Activity.objects.exists()


def test_activity_with_a_date_that_is_no_date_is_refused(collaboration, lead, alice_client):
    data = {"title": "Vandring", "responsible_party": lead.pk, "starts_on": "2027-13"}
    assert alice_client.post(url("activity_create", collaboration), data).status_code == 200
    assert not Activity.objects.exists()


def test_editing_an_activity_shows_its_dates_as_precise_as_stored(collaboration, alice_client):
    activity = ActivityFactory(
        collaboration=collaboration,
        starts_on=datetime.date(2026, 3, 1),
        starts_on_precision=DatePrecision.MONTH,
        ends_on=None,
        ongoing=True,
    )
    page = alice_client.get(url("activity_edit", collaboration, activity.pk))
    assert 'value="2026-03"' in page.text


# --- Step 12: budget ----------------------------------------------------------------------------


def test_programme_total_without_party_or_year(collaboration, alice_client):
    data = {"purpose": "Hela programmet", "amount_sek": "6000000"}
    assert alice_client.post(url("budget_line_create", collaboration), data).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.party, line.year, line.per_year) == (None, None, False)
    page = alice_client.get(url("step_detail", collaboration, 12))
    assert "Inte fördelat per part" in page.text


def test_yearly_recurring_amount(collaboration, lead, alice_client):
    data = {
        "purpose": "Områdesvärd",
        "amount_sek": "400000",
        "per_year": "on",
        "year": "2027",
        "party": lead.pk,
    }
    assert alice_client.post(url("budget_line_create", collaboration), data).status_code == 302
    assert BudgetLine.objects.get().per_year
    page = alice_client.get(url("step_detail", collaboration, 12))
    assert "varje år från 2027" in page.text
    assert "Summa per år" in page.text


def test_a_line_with_both_a_party_and_a_funder_is_refused(collaboration, lead, alice_client):
    data = {"purpose": "X", "amount_sek": "5", "party": lead.pk, "funder": "Arvsfonden"}
    assert alice_client.post(url("budget_line_create", collaboration), data).status_code == 200
    assert not BudgetLine.objects.exists()


# --- Steps 13–15 ----------------------------------------------------------------------------------


def test_follow_up_with_a_method_and_no_rhythm_yet(collaboration, alice_client):
    sub_goal = SubGoalFactory(collaboration=collaboration)
    data = {"method": "Trygghetsmätning", "rhythm": "", "responsible_party": ""}
    assert alice_client.post(url("follow_up_edit", collaboration, sub_goal.pk), data).status_code == 302
    assert FollowUp.objects.get().rhythm == ""


def test_communication_plan_for_residents_only(collaboration, alice_client):
    data = {"residents": "Lappar i trapphus", "public": "", "spokesperson": ""}
    assert alice_client.post(url("communication_edit", collaboration), data).status_code == 302
    assert CommunicationPlan.objects.get().public == ""


def test_terms_with_a_period_in_words_instead_of_dates(collaboration, alice_client):
    data = {"period": "Två år, med möjlighet till förlängning", "termination": "Sex månader"}
    assert alice_client.post(url("terms_edit", collaboration), data).status_code == 302
    terms = AgreementTerms.objects.get()
    assert (terms.starts_on, terms.ends_on, terms.review) == (None, None, "")
    assert (
        "Två år, med möjlighet till förlängning"
        in alice_client.get(url("step_detail", collaboration, 15)).text
    )


def test_terms_with_a_year_as_start(collaboration, alice_client):
    data = {"starts_on": "2027", "ends_on": "2029-06"}
    assert alice_client.post(url("terms_edit", collaboration), data).status_code == 302
    terms = AgreementTerms.objects.get()
    assert (terms.start.precision, terms.end.precision) == (DatePrecision.YEAR, DatePrecision.MONTH)


def test_empty_terms_are_refused(collaboration, alice_client):
    response = alice_client.post(url("terms_edit", collaboration), {"period": ""})
    assert response.status_code == 200
    assert not AgreementTerms.objects.exists()


# --- What the database and the services refuse -----------------------------------------------------


def test_the_database_refuses_an_ongoing_activity_with_an_end(collaboration):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(collaboration=collaboration, ongoing=True)


def test_the_database_refuses_terms_ending_in_a_year_before_they_start(collaboration):
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementTermsFactory(
            collaboration=collaboration,
            starts_on=datetime.date(2027, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
        )


def test_the_service_refuses_ongoing_work_with_an_end(collaboration, lead, alice):
    with pytest.raises(DomainError):
        services.save_activity(
            collaboration=collaboration,
            saved_by=alice,
            title="Områdesvärdar",
            responsible_party=lead,
            ends_on=PartialDate(datetime.date(2027, 1, 1), DatePrecision.YEAR),
            ongoing=True,
        )
    assert not Activity.objects.exists()


def test_the_service_refuses_a_budget_line_with_a_party_and_a_funder(collaboration, lead, alice):
    with pytest.raises(DomainError):
        services.save_budget_line(
            collaboration=collaboration,
            saved_by=alice,
            party=lead,
            funder="Arvsfonden",
            amount_sek=5,
            purpose="X",
        )
    assert not BudgetLine.objects.exists()
