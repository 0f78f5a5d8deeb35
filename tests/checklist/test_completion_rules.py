"""Each completion rule and prerequisite of the default checklist, one behaviour per test."""

import pytest
from django.utils import timezone

from checklist.models import (
    GroupKind,
    LegalReview,
    LegalTopic,
    ReviewStatus,
)
from checklist.rules import StepState, checklist_status, checklist_statuses
from collaborations.models import ModelChoice, PartyRole, PartyState
from tests.factories import (
    ActivityFactory,
    AgreementTermsFactory,
    BudgetLineFactory,
    CollaborationFactory,
    CommunicationPlanFactory,
    FollowUpFactory,
    GoalFactory,
    GroupMemberFactory,
    MandateFactory,
    ModelChoiceFactory,
    PartyCommitmentFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
    SignatoryFactory,
    StepNotApplicableFactory,
    SubGoalFactory,
    WorkOrganisationFactory,
)


def state(collaboration, key):
    return next(s for s in checklist_status(collaboration).steps if s.step.key == key)


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


def test_default_checklist_has_sixteen_steps(collaboration):
    status = checklist_status(collaboration)
    assert [s.step.number for s in status.steps] == list(range(1, 17))
    assert status.done_count == 0


def test_problem_needs_text_and_focus_areas(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration, focus_areas=[])
    assert state(collaboration, "problem").state == StepState.IN_PROGRESS
    collaboration.problem_versions.update(focus_areas=["safety"])
    assert state(collaboration, "problem").state == StepState.DONE


def test_residents_done_with_one_involvement(collaboration):
    assert state(collaboration, "residents").state == StepState.NOT_STARTED
    ResidentInvolvementFactory(collaboration=collaboration)
    assert state(collaboration, "residents").state == StepState.DONE


def test_parties_needs_two_besides_the_lead(collaboration):
    PartyFactory(collaboration=collaboration)
    assert state(collaboration, "parties").state == StepState.IN_PROGRESS
    PartyFactory(collaboration=collaboration)
    assert state(collaboration, "parties").state == StepState.DONE


def test_declined_parties_do_not_count(collaboration):
    PartyFactory(collaboration=collaboration)
    PartyFactory(collaboration=collaboration, state=PartyState.DECLINED)
    assert state(collaboration, "parties").state == StepState.IN_PROGRESS


def test_mandate_needs_the_leads_decision(collaboration, lead):
    partner = PartyFactory(collaboration=collaboration)
    MandateFactory(party=partner)
    assert state(collaboration, "mandate").state == StepState.IN_PROGRESS
    MandateFactory(party=lead)
    assert state(collaboration, "mandate").state == StepState.DONE


def test_shared_problem_is_in_progress_once_sent(collaboration):
    assert state(collaboration, "shared_problem").state == StepState.NOT_STARTED
    ProblemDescriptionFactory(collaboration=collaboration, sent_at=timezone.now())
    assert state(collaboration, "shared_problem").state == StepState.IN_PROGRESS


def test_goal_needs_overall_goal_and_a_sub_goal(collaboration):
    GoalFactory(collaboration=collaboration)
    assert state(collaboration, "goal").state == StepState.IN_PROGRESS
    SubGoalFactory(collaboration=collaboration)
    assert state(collaboration, "goal").state == StepState.DONE


IOP_DETAILS = {
    "activity": "Läxhjälp.",
    "values": "Jämlikhet.",
    "own_initiative": "Föreningens eget initiativ.",
    "procurement_assessment": "Ingen upphandling.",
    "independence": "Föreningen bestämmer själv.",
    "public_contribution": "Lokaler.",
    "nonprofit_contribution": "Ledare.",
}


def test_model_needs_a_choice_with_rationale(collaboration):
    ModelChoiceFactory(
        collaboration=collaboration,
        model="iop",
        details=IOP_DETAILS,
        rationale="Föreningen driver verksamheten.",
    )
    assert state(collaboration, "model").state == StepState.DONE


def test_an_est_model_is_not_done_while_its_page_lacks_what_the_agreement_needs(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="est", rationale="Polis och kommun finns med.")
    status = state(collaboration, "model")
    assert status.state == StepState.IN_PROGRESS
    assert [str(item) for item in status.missing] == [
        "EST-sidan: vem som rapporterar, veckorytmen och hur arbetet dokumenteras"
    ]


def test_model_is_not_done_while_a_detail_the_agreement_needs_is_missing(collaboration):
    """Issue 13: step 7 showed "Klar" while the agreement had gaps pointing back to it."""
    ModelChoiceFactory(collaboration=collaboration, model="iop", details={**IOP_DETAILS, "independence": ""})
    status = state(collaboration, "model")
    assert status.state == StepState.IN_PROGRESS
    assert [str(item) for item in status.missing] == [
        "detaljen ”Den idéburna organisationens självständighet”"
    ]


def test_model_without_a_rationale_says_so(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="iop", details=IOP_DETAILS, rationale="")
    status = state(collaboration, "model")
    assert status.state == StepState.IN_PROGRESS
    assert [str(item) for item in status.missing] == ["motiveringen till valet"]


def test_agreement_has_no_gap_pointing_to_a_done_step(collaboration):
    """Whatever step 7 holds, a gap that points to it means the step is not done."""
    from agreements.drafting import build_agreement

    choice = ModelChoiceFactory(collaboration=collaboration)
    for details in [choice.details, {}, {"reporters": "Polisen"}]:
        choice.details = details
        choice.save()
        collaboration.touch()
        status = checklist_status(collaboration)
        gaps = [g for g in build_agreement(collaboration, checklist=status).gaps if g.step.key == "model"]
        assert bool(gaps) == (status.for_number(7).state != StepState.DONE)


def test_roles_need_contribution_and_responsibilities_for_every_party(collaboration, lead):
    partner = PartyFactory(collaboration=collaboration, staff_hours=100)
    PartyCommitmentFactory(party=partner)
    assert state(collaboration, "roles").state == StepState.IN_PROGRESS
    lead.money_sek = 1000
    lead.save()
    PartyCommitmentFactory(party=lead)
    assert state(collaboration, "roles").state == StepState.DONE


def test_observers_need_no_contribution(collaboration, lead):
    PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)
    lead.staff_hours = 10
    lead.save()
    PartyCommitmentFactory(party=lead)
    assert state(collaboration, "roles").state == StepState.DONE


def test_organisation_needs_steering_group_from_two_parties(collaboration, lead):
    partner = PartyFactory(collaboration=collaboration)
    WorkOrganisationFactory(collaboration=collaboration)
    GroupMemberFactory(collaboration=collaboration, group=GroupKind.STEERING, party=lead)
    assert state(collaboration, "organisation").state == StepState.IN_PROGRESS
    GroupMemberFactory(collaboration=collaboration, group=GroupKind.STEERING, party=partner)
    assert state(collaboration, "organisation").state == StepState.DONE


def _assess(collaboration, topic):
    LegalReview.objects.update_or_create(
        collaboration=collaboration,
        topic=topic,
        defaults={"status": ReviewStatus.ASSESSED, "assessment": "Bedömt", "assessed_by": "Jurist"},
    )


def test_legal_review_for_est_needs_personal_data(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="est")
    assert state(collaboration, "legal").state == StepState.NOT_STARTED
    _assess(collaboration, LegalTopic.PERSONAL_DATA)
    assert state(collaboration, "legal").state == StepState.DONE


def test_legal_review_for_iop_needs_procurement_and_state_aid_too(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="iop")
    _assess(collaboration, LegalTopic.PERSONAL_DATA)
    assert state(collaboration, "legal").state == StepState.IN_PROGRESS
    _assess(collaboration, LegalTopic.PROCUREMENT)
    _assess(collaboration, LegalTopic.STATE_AID)
    assert state(collaboration, "legal").state == StepState.DONE


def test_legal_review_is_not_done_before_a_model_is_chosen(collaboration):
    _assess(collaboration, LegalTopic.PERSONAL_DATA)
    assert state(collaboration, "legal").state == StepState.IN_PROGRESS


def test_activities_done_with_one_activity(collaboration, lead):
    ActivityFactory(collaboration=collaboration, responsible_party=lead)
    assert state(collaboration, "activities").state == StepState.DONE


def test_budget_done_with_one_line(collaboration, lead):
    BudgetLineFactory(collaboration=collaboration, party=lead)
    assert state(collaboration, "budget").state == StepState.DONE


def test_follow_up_needs_every_sub_goal(collaboration):
    first, second = SubGoalFactory.create_batch(2, collaboration=collaboration)
    FollowUpFactory(sub_goal=first)
    assert state(collaboration, "follow_up").state == StepState.IN_PROGRESS
    FollowUpFactory(sub_goal=second)
    assert state(collaboration, "follow_up").state == StepState.DONE


def test_communication_done_with_a_plan(collaboration):
    CommunicationPlanFactory(collaboration=collaboration)
    assert state(collaboration, "communication").state == StepState.DONE


def test_terms_done_with_duration_and_clauses(collaboration):
    AgreementTermsFactory(collaboration=collaboration)
    SignatoryFactory(party=collaboration.parties.get(role=PartyRole.LEAD))
    assert state(collaboration, "terms").state == StepState.DONE


def test_agreement_is_not_done_until_approved(collaboration):
    assert state(collaboration, "agreement").state == StepState.NOT_STARTED


def test_not_applicable_counts_as_complete_and_shows_reason(collaboration):
    StepNotApplicableFactory(collaboration=collaboration, step_key="budget", reason="Inga pengar flyttas")
    budget = state(collaboration, "budget")
    assert budget.state == StepState.NOT_APPLICABLE
    assert budget.not_applicable_reason == "Inga pengar flyttas"
    assert checklist_status(collaboration).done_count == 1


# --- Prerequisites ------------------------------------------------------------------------------


def test_shared_problem_waits_for_problem_and_parties(collaboration):
    waiting = state(collaboration, "shared_problem")
    assert [s.key for s in waiting.waiting_for] == ["problem", "parties"]
    assert str(waiting.label) == "Väntar på steg 1 och 3"


def test_waiting_ends_when_prerequisite_is_done(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration)
    PartyFactory.create_batch(2, collaboration=collaboration)
    assert state(collaboration, "shared_problem").waiting_for == []


def test_legal_waits_for_model(collaboration):
    assert [s.key for s in state(collaboration, "legal").waiting_for] == ["model"]


def test_budget_waits_for_roles(collaboration):
    assert [s.key for s in state(collaboration, "budget").waiting_for] == ["roles"]


def test_agreement_waits_for_every_other_step(collaboration):
    assert len(state(collaboration, "agreement").waiting_for) == 15


def test_suggested_next_step_is_first_open_step_without_missing_prerequisites(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration)
    status = checklist_status(collaboration)
    assert status.next_step.step.key == "residents"


def test_statuses_of_many_collaborations_match_one_by_one(collaboration):
    other = CollaborationFactory()
    ResidentInvolvementFactory(collaboration=other)
    both = checklist_statuses([collaboration, other])
    assert both[collaboration.pk].done_count == 0
    assert both[other.pk].done_count == 1


def test_a_bid_model_is_not_done_while_its_page_lacks_what_the_agreement_needs(collaboration):
    ModelChoiceFactory(
        collaboration=collaboration, model="bid", details={}, rationale="Fastighetsägarna vill."
    )
    status = state(collaboration, "model")
    assert status.state == StepState.IN_PROGRESS
    assert "BID-sidan: föreningen, dess avgifter och fastighetsregistret" in [str(i) for i in status.missing]


def test_no_gap_points_to_step_7_when_it_is_done_whatever_the_form(collaboration):
    """The EST and BID pages' gaps point to step 7 too: the step is done only without them."""
    from agreements.drafting import build_agreement

    for model in ["est", "bid"]:
        ModelChoice.objects.update_or_create(
            collaboration=collaboration, defaults={"model": model, "rationale": "Skäl.", "details": {}}
        )
        collaboration.touch()
        status = checklist_status(collaboration)
        gaps = [g for g in build_agreement(collaboration, checklist=status).gaps if g.step.key == "model"]
        assert gaps and status.for_number(7).state != StepState.DONE
