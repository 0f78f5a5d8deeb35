"""Views of the checklist's steps 8–15, the step pages and the model chooser."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import (
    Activity,
    AgreementTerms,
    BudgetLine,
    CommunicationPlan,
    FollowUp,
    GroupMember,
    LegalReview,
    PartyCommitment,
    StepNotApplicable,
    WorkOrganisation,
)
from collaborations.models import EventKind, ModelChoice, OrganisationKind, PartyRole
from tests.conftest import client_for
from tests.factories import (
    ModelChoiceFactory,
    PartyFactory,
    SubGoalFactory,
)


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


def url(name, collaboration, *args):
    return reverse(name, args=[collaboration.pk, *args])


# --- Step pages ---------------------------------------------------------------------------------


def test_step_page_shows_guidance_and_state(collaboration, alice_client):
    response = alice_client.get(url("step_detail", collaboration, 11))
    assert response.status_code == 200
    assert "Aktiviteter och tidsplan" in response.text
    assert "Varför detta steg?" in response.text
    assert "Ej påbörjad" in response.text


def test_step_page_of_a_step_with_its_own_page_redirects_there(collaboration, alice_client):
    response = alice_client.get(url("step_detail", collaboration, 1))
    assert response.status_code == 302
    assert response.url == reverse("problem_detail", args=[collaboration.pk])


def test_unknown_step_is_404(collaboration, alice_client):
    assert alice_client.get(url("step_detail", collaboration, 99)).status_code == 404


def test_partner_reads_step_page(collaboration, bob):
    response = client_for(bob).get(url("step_detail", collaboration, 11))
    assert response.status_code == 200
    assert "Lägg till aktivitet" not in response.text


def test_mark_step_not_applicable_with_reason(collaboration, alice_client):
    response = alice_client.post(
        url("step_not_applicable", collaboration, 12), {"reason": "Inga pengar flyttas"}
    )
    assert response.status_code == 302
    assert (
        StepNotApplicable.objects.get(collaboration=collaboration, step_key="budget").reason
        == "Inga pengar flyttas"
    )
    assert collaboration.events.filter(kind=EventKind.STEP_NOT_APPLICABLE).exists()
    page = alice_client.get(url("step_detail", collaboration, 12))
    assert "Inga pengar flyttas" in page.text


def test_not_applicable_without_reason_is_refused(collaboration, alice_client):
    response = alice_client.post(url("step_not_applicable", collaboration, 12), {"reason": "  "}, follow=True)
    assert "Skriv varför steget inte gäller er." in response.text
    assert not StepNotApplicable.objects.exists()


def test_partner_cannot_mark_not_applicable(collaboration, bob):
    response = client_for(bob).post(url("step_not_applicable", collaboration, 12), {"reason": "X"})
    assert response.status_code == 403
    assert not StepNotApplicable.objects.exists()


def test_reopen_step(collaboration, alice_client):
    alice_client.post(url("step_not_applicable", collaboration, 12), {"reason": "Inga pengar"})
    response = alice_client.post(url("step_reopen", collaboration, 12))
    assert response.status_code == 302
    assert not StepNotApplicable.objects.exists()


def test_reopen_unmarked_step_says_so(collaboration, alice_client):
    response = alice_client.post(url("step_reopen", collaboration, 12), follow=True)
    assert "det finns inget att öppna igen" in response.text


def test_data_driven_step_cannot_be_marked_done(collaboration, alice_client):
    response = alice_client.post(url("step_mark_done", collaboration, 11), follow=True)
    assert "blir klart när uppgifterna är kompletta" in response.text


# --- Step 8: roles and contributions ------------------------------------------------------------


def test_save_role_and_contribution(collaboration, lead, alice_client):
    response = alice_client.post(
        url("contribution_edit", collaboration, lead.pk),
        {
            "responsibilities": "Samordnar",
            "staff_hours": "800",
            "money_sek": "",
            "premises": "",
            "other_contribution": "",
        },
    )
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.staff_hours == 800
    assert PartyCommitment.objects.get(party=lead).responsibilities == "Samordnar"


@pytest.mark.parametrize("field", ["staff_hours", "money_sek"])
def test_a_number_too_large_to_store_is_refused_in_swedish_and_nothing_saved(
    collaboration, lead, alice_client, field
):
    # Found by the deep fuzz run: 2**63 reached the database and gave a 500.
    data = {"responsibilities": "Samordnar", "staff_hours": "", "money_sek": "", "premises": ""}
    response = alice_client.post(
        url("contribution_edit", collaboration, lead.pk),
        {**data, "other_contribution": "", field: str(2**63)},
    )
    assert response.status_code == 200
    assert "Kontrollera att detta värde är mindre än eller lika med 2147483647" in response.text
    lead.refresh_from_db()
    assert (lead.staff_hours, lead.money_sek) == (None, None)
    assert not PartyCommitment.objects.filter(party=lead).exists()


def test_role_without_any_contribution_is_saved_and_the_contribution_is_left(
    collaboration, lead, alice_client
):
    response = alice_client.post(
        url("contribution_edit", collaboration, lead.pk),
        {
            "responsibilities": "Samordnar",
            "staff_hours": "",
            "money_sek": "",
            "premises": "",
            "other_contribution": "",
        },
    )
    assert response.status_code == 302
    assert PartyCommitment.objects.get(party=lead).responsibilities == "Samordnar"
    step = alice_client.get(url("step_detail", collaboration, 8)).text
    assert "Kvar:" in step


def test_negative_staff_hours_are_refused(collaboration, lead, alice_client):
    response = alice_client.post(
        url("contribution_edit", collaboration, lead.pk),
        {
            "responsibilities": "X",
            "staff_hours": "-5",
            "money_sek": "",
            "premises": "",
            "other_contribution": "",
        },
    )
    assert response.status_code == 200
    lead.refresh_from_db()
    assert lead.staff_hours is None


# --- Step 9: organisation -----------------------------------------------------------------------

ORGANISATION = {"coordinator_name": "Anna Lind", "steering_rhythm": "quarterly", "working_rhythm": "monthly"}


def test_save_work_organisation(collaboration, lead, alice_client):
    response = alice_client.post(
        url("work_organisation_edit", collaboration),
        {**ORGANISATION, "coordinator_party": lead.pk, "notes": ""},
    )
    assert response.status_code == 302
    assert WorkOrganisation.objects.get(collaboration=collaboration).coordinator_party == lead


def test_work_organisation_with_unknown_rhythm_is_refused(collaboration, alice_client):
    data = {**ORGANISATION, "steering_rhythm": "hourly", "coordinator_party": "", "notes": ""}
    response = alice_client.post(url("work_organisation_edit", collaboration), data)
    assert response.status_code == 200
    assert not WorkOrganisation.objects.exists()


def test_coordinator_from_another_collaboration_is_refused(collaboration, alice_client):
    foreign = PartyFactory()
    data = {**ORGANISATION, "coordinator_party": foreign.pk, "notes": ""}
    response = alice_client.post(url("work_organisation_edit", collaboration), data)
    assert response.status_code == 200
    assert not WorkOrganisation.objects.exists()


def test_add_and_remove_group_member(collaboration, lead, alice_client):
    response = alice_client.post(
        url("group_member_add", collaboration),
        {"group": "steering", "party": lead.pk, "person": "VD", "task": ""},
    )
    assert response.status_code == 302
    member = GroupMember.objects.get()
    response = alice_client.post(url("group_member_remove", collaboration, member.pk))
    assert response.status_code == 302
    assert not GroupMember.objects.exists()


def test_group_member_without_person_is_refused(collaboration, lead, alice_client):
    response = alice_client.post(
        url("group_member_add", collaboration),
        {"group": "steering", "party": lead.pk, "person": "", "task": ""},
    )
    assert response.status_code == 200
    assert not GroupMember.objects.exists()


def test_outsider_cannot_add_group_member(collaboration, lead, charlie):
    data = {"group": "steering", "party": lead.pk, "person": "X", "task": ""}
    assert client_for(charlie).post(url("group_member_add", collaboration), data).status_code == 404
    assert not GroupMember.objects.exists()


# --- Step 10: legal review ----------------------------------------------------------------------


def test_save_legal_assessment(collaboration, alice_client):
    data = {
        "status": "assessed",
        "assessment": "Ingen upphandling",
        "assessed_by": "Jurist",
        "assessed_on": "2026-11-01",
    }
    response = alice_client.post(url("legal_review_edit", collaboration, "procurement"), data)
    assert response.status_code == 302
    assert LegalReview.objects.get(topic="procurement").assessment == "Ingen upphandling"


def test_assessed_without_text_is_refused(collaboration, alice_client):
    data = {"status": "assessed", "assessment": "", "assessed_by": "", "assessed_on": ""}
    response = alice_client.post(url("legal_review_edit", collaboration, "procurement"), data)
    assert response.status_code == 200
    assert "Skriv bedömningen innan du markerar frågan som bedömd." in response.text
    assert not LegalReview.objects.exists()


def test_unknown_legal_topic_is_404(collaboration, alice_client):
    assert alice_client.get(url("legal_review_edit", collaboration, "tax")).status_code == 404


# --- Step 11: activities ------------------------------------------------------------------------


def _activity(lead, **overrides):
    return {
        "title": "Läxhjälp",
        "description": "",
        "responsible_party": lead.pk,
        "starts_on": "2027-01-10",
        "ends_on": "2027-06-10",
        **overrides,
    }


def test_add_edit_and_remove_activity(collaboration, lead, alice_client):
    assert alice_client.post(url("activity_create", collaboration), _activity(lead)).status_code == 302
    activity = Activity.objects.get()
    alice_client.post(
        url("activity_edit", collaboration, activity.pk), _activity(lead, title="Läxhjälp och fika")
    )
    activity.refresh_from_db()
    assert activity.title == "Läxhjälp och fika"
    assert alice_client.post(url("activity_delete", collaboration, activity.pk)).status_code == 302
    assert not Activity.objects.exists()


def test_activity_ending_before_it_starts_is_refused(collaboration, lead, alice_client):
    response = alice_client.post(url("activity_create", collaboration), _activity(lead, ends_on="2026-12-01"))
    assert response.status_code == 200
    assert "Slutet kan inte ligga före starten." in response.text
    assert not Activity.objects.exists()


def test_outsider_gets_404_on_activity(collaboration, lead, charlie):
    assert client_for(charlie).post(url("activity_create", collaboration), _activity(lead)).status_code == 404
    assert not Activity.objects.exists()


# --- Step 12: budget ----------------------------------------------------------------------------


def test_add_budget_line(collaboration, lead, alice_client):
    data = {"party": lead.pk, "year": "2027", "amount_sek": "300000", "purpose": "Områdesutvecklare"}
    assert alice_client.post(url("budget_line_create", collaboration), data).status_code == 302
    assert BudgetLine.objects.get().amount_sek == 300000
    page = alice_client.get(url("step_detail", collaboration, 12))
    assert "300000" in page.text


def test_negative_amount_is_refused(collaboration, lead, alice_client):
    data = {"party": lead.pk, "year": "2027", "amount_sek": "-1", "purpose": "X"}
    response = alice_client.post(url("budget_line_create", collaboration), data)
    assert response.status_code == 200
    assert not BudgetLine.objects.exists()


def test_year_out_of_range_is_refused(collaboration, lead, alice_client):
    data = {"party": lead.pk, "year": "1850", "amount_sek": "5", "purpose": "X"}
    response = alice_client.post(url("budget_line_create", collaboration), data)
    assert response.status_code == 200
    assert "Ange ett år mellan 2000 och 2100." in response.text
    assert not BudgetLine.objects.exists()


# --- Step 13: follow-up -------------------------------------------------------------------------


def test_plan_follow_up_of_sub_goal(collaboration, alice_client):
    sub_goal = SubGoalFactory(collaboration=collaboration)
    data = {"method": "Trygghetsmätning", "rhythm": "yearly", "responsible_party": ""}
    assert alice_client.post(url("follow_up_edit", collaboration, sub_goal.pk), data).status_code == 302
    assert FollowUp.objects.get(sub_goal=sub_goal).method == "Trygghetsmätning"


def test_empty_follow_up_is_refused(collaboration, alice_client):
    sub_goal = SubGoalFactory(collaboration=collaboration)
    data = {"method": "", "rhythm": "", "responsible_party": ""}
    response = alice_client.post(url("follow_up_edit", collaboration, sub_goal.pk), data)
    assert response.status_code == 200
    assert "Fyll i det som är känt." in response.text
    assert not FollowUp.objects.exists()


def test_follow_up_of_another_collaborations_sub_goal_is_404(collaboration, alice_client):
    foreign = SubGoalFactory()
    assert alice_client.get(url("follow_up_edit", collaboration, foreign.pk)).status_code == 404


# --- Steps 14 and 15 ----------------------------------------------------------------------------


def test_save_communication_plan(collaboration, alice_client):
    data = {"residents": "Lappar i trapphus", "public": "Webb", "spokesperson": ""}
    assert alice_client.post(url("communication_edit", collaboration), data).status_code == 302
    assert CommunicationPlan.objects.get().public == "Webb"


def test_empty_communication_plan_is_refused(collaboration, alice_client):
    data = {"residents": "", "public": "", "spokesperson": ""}
    assert alice_client.post(url("communication_edit", collaboration), data).status_code == 200
    assert not CommunicationPlan.objects.exists()


TERMS = {
    "starts_on": "2027-01-01",
    "ends_on": "2029-12-31",
    "review": "Årligen",
    "termination": "Sex månader",
    "changes": "Skriftligt",
    "disputes": "Dialog i styrgruppen",
}


def test_save_terms(collaboration, alice_client):
    assert alice_client.post(url("terms_edit", collaboration), TERMS).status_code == 302
    assert AgreementTerms.objects.get().disputes == "Dialog i styrgruppen"


def test_terms_ending_before_start_are_refused(collaboration, alice_client):
    response = alice_client.post(url("terms_edit", collaboration), {**TERMS, "ends_on": "2026-01-01"})
    assert response.status_code == 200
    assert "Slutet måste ligga efter starten." in response.text
    assert not AgreementTerms.objects.exists()


def test_partner_cannot_save_terms(collaboration, bob):
    assert client_for(bob).post(url("terms_edit", collaboration), TERMS).status_code == 403
    assert not AgreementTerms.objects.exists()


# --- Step 7: the model chooser ------------------------------------------------------------------

ANSWERS = {
    "aims": ["safety_public_places"],
    "money_flow": "own_resources",
    "situation_picture": "yes",
    "boundary": "no",
}


def test_chooser_shows_three_models_with_needs(collaboration, alice_client):
    response = alice_client.get(url("model_choice", collaboration))
    assert response.status_code == 200
    for label in ["IOP – idéburet offentligt partnerskap", "EST – effektiv samordning för trygghet", "BID"]:
        assert label in response.text
    assert "Kommunen är med" in response.text


def test_save_answers(collaboration, alice_client):
    assert alice_client.post(url("model_choice", collaboration), ANSWERS).status_code == 302
    assert collaboration.chooser_answers.answers["situation_picture"] == "yes"


def test_answers_missing_are_refused(collaboration, alice_client):
    response = alice_client.post(url("model_choice", collaboration), {"aims": []})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text


def test_recommendation_changes_when_a_party_is_added(collaboration, alice_client):
    alice_client.post(url("model_choice", collaboration), ANSWERS)
    PartyFactory(collaboration=collaboration, organisation__kind=OrganisationKind.MUNICIPALITY)
    before = alice_client.get(url("model_choice", collaboration)).context["evaluations"]
    assert not any(e.recommended for e in before)
    PartyFactory(collaboration=collaboration, organisation__kind=OrganisationKind.POLICE)
    after = alice_client.get(url("model_choice", collaboration)).context["evaluations"]
    assert [e.model for e in after if e.recommended] == ["est"]


def test_choosing_a_model_with_unmet_needs_requires_acknowledgement(collaboration, alice_client):
    response = alice_client.post(url("model_choose", collaboration), {"model": "est", "rationale": "Vi vill"})
    assert response.status_code == 200
    assert "Kryssa i bekräftelsen" in response.text
    assert not ModelChoice.objects.exists()


def test_refused_choice_reads_the_answers_and_the_choice_once(collaboration, alice_client):
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.post(url("model_choose", collaboration), {"model": "est", "rationale": "Vi"})
    assert "Kryssa i bekräftelsen" in response.text
    for table in ["checklist_chooseranswers", "collaborations_modelchoice"]:
        assert sum(f'FROM "{table}"' in q["sql"] for q in queries) == 1, table


def test_acknowledged_unmet_choice_is_recorded(collaboration, alice_client):
    data = {"model": "est", "rationale": "Polisen kommer med", "acknowledge_unmet": "on"}
    response = alice_client.post(url("model_choose", collaboration), data)
    assert response.status_code == 302
    choice = ModelChoice.objects.get()
    assert choice.unmet_needs_acknowledged
    event = collaboration.events.get(kind=EventKind.MODEL_CHOSEN)
    assert "ouppfyllda krav godtagna" in event.detail


def test_choice_with_needs_met_needs_no_acknowledgement(collaboration, alice_client):
    PartyFactory(collaboration=collaboration, organisation__kind=OrganisationKind.NONPROFIT)
    response = alice_client.post(
        url("model_choose", collaboration), {"model": "iop", "rationale": "Läxhjälp"}
    )
    assert response.status_code == 302
    assert not ModelChoice.objects.get().unmet_needs_acknowledged


def test_choice_without_rationale_is_refused(collaboration, alice_client):
    response = alice_client.post(url("model_choose", collaboration), {"model": "other", "rationale": " "})
    assert response.status_code == 200
    assert "Skriv varför ni väljer den här formen." in response.text
    assert not ModelChoice.objects.exists()


def test_partner_cannot_choose(collaboration, bob):
    data = {"model": "other", "rationale": "X"}
    assert client_for(bob).post(url("model_choose", collaboration), data).status_code == 403
    assert not ModelChoice.objects.exists()


def test_model_details_for_bid(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="bid")
    data = {
        "association": "Norrbacka BID",
        "boundary": "Norrbackavägen – Lärkstigen",
        "fee_model": "Per kvm",
        "decision_rules": "Årsmöte",
        "non_members": "Bjuds in varje år",
    }
    assert alice_client.post(url("model_details", collaboration), data).status_code == 302
    assert ModelChoice.objects.get().details["association"] == "Norrbacka BID"


def test_model_details_save_what_is_decided(collaboration, alice_client):
    """Issue 13: a BID whose association and boundary are known but not its fee model can be saved."""
    ModelChoiceFactory(collaboration=collaboration, model="bid", details={})
    response = alice_client.post(
        url("model_details", collaboration), {"association": "Centrumföreningen", "boundary": "Kring torget."}
    )
    assert response.status_code == 302
    details = ModelChoice.objects.get().details
    assert (details["association"], details["fee_model"]) == ("Centrumföreningen", "")
    page = alice_client.get(url("model_choice", collaboration)).text
    assert "Kvar:" in page and "detaljen ”Avgiftsmodellen”" in page


def test_model_details_with_nothing_written_are_refused(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="iop", details={})
    response = alice_client.post(url("model_details", collaboration), {"activity": "  "})
    assert response.status_code == 200
    assert "Skriv minst en av detaljerna" in response.text
    assert ModelChoice.objects.get().details == {}


def test_model_details_without_choice_is_404(collaboration, alice_client):
    assert alice_client.get(url("model_details", collaboration)).status_code == 404
