"""The agreement as plain data: what it says, and each missing piece as a gap linked to its step."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.drafting import build_agreement
from checklist.models import CommunicationPlan
from checklist.rules import checklist_status
from collaborations.models import PartyState
from tests.agreements.arrange import complete
from tests.factories import (
    BudgetLineFactory,
    ModelChoiceFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    ResidentInvolvementFactory,
    StepNotApplicableFactory,
)


def agreement_of(collaboration):
    return build_agreement(collaboration, checklist=checklist_status(collaboration))


def gaps(agreement, section):
    return [g for g in agreement.gaps if g.section == section]


def test_empty_collaboration_has_a_gap_in_every_section_with_its_step(collaboration):
    agreement = agreement_of(collaboration)

    sections = {gap.section for gap in agreement.gaps}
    assert sections >= {
        "parties", "background", "goals", "model", "commitments", "organisation", "activities",
        "residents", "communication", "personal_data", "finances", "terms",
    }  # fmt: skip
    assert not agreement.is_final


def test_gap_links_to_the_step_that_fills_it(collaboration):
    gap = gaps(agreement_of(collaboration), "terms")[0]

    assert (gap.step.number, gap.step.title) == (15, "Avtalstid, omprövning, utträde och tvister")
    assert gap.step.url == reverse("step_detail", args=[collaboration.pk, 15])


def test_steps_one_to_seven_link_to_their_own_pages(collaboration):
    agreement = agreement_of(collaboration)

    assert gaps(agreement, "goals")[0].step.url == reverse("goal_detail", args=[collaboration.pk])
    assert gaps(agreement, "model")[0].step.url == reverse("model_choice", args=[collaboration.pk])


def test_missing_model_details_link_to_the_details_form(collaboration):
    ModelChoiceFactory(collaboration=collaboration, model="bid")

    model_gaps = gaps(agreement_of(collaboration), "model")

    assert (
        len([g for g in model_gaps if g.step.url == reverse("model_details", args=[collaboration.pk])]) == 5
    )


def test_gaps_are_written_in_swedish_whatever_the_language(collaboration, settings):
    settings.LANGUAGE_CODE = "en"

    assert "Kommunikationsplanen saknas." in [g.what for g in agreement_of(collaboration).gaps]


def test_complete_collaboration_is_a_final_draft(collaboration, alice):
    complete(collaboration, alice)

    agreement = agreement_of(collaboration)

    assert agreement.gaps == []
    assert [s.key for s in agreement.open_steps] == []
    assert agreement.is_final


def test_parties_are_the_lead_first_then_partners_with_their_numbers(collaboration, alice):
    partners = complete(collaboration, alice)

    agreement = agreement_of(collaboration)

    assert [p.name for p in agreement.parties] == [
        collaboration.lead_organisation.name,
        *sorted(p.organisation.name for p in partners),
    ]
    numbers = {p.name: p.org_number for p in agreement.parties}
    assert numbers["Åsby kommun"] == partners[0].organisation.org_number


def test_declined_party_is_left_out_and_observer_does_not_sign(collaboration, alice):
    complete(collaboration, alice)
    PartyFactory(collaboration=collaboration, organisation__name="Nej Tack AB", state=PartyState.DECLINED)
    PartyFactory(collaboration=collaboration, organisation__name="Skolan", role="observer")

    agreement = agreement_of(collaboration)

    assert "Nej Tack AB" not in [p.name for p in agreement.parties + agreement.observers]
    assert [o.name for o in agreement.observers] == ["Skolan"]
    assert agreement.is_final


def test_party_that_has_not_joined_is_a_gap(collaboration, alice):
    complete(collaboration, alice)
    PartyFactory(
        collaboration=collaboration, organisation__name="Lindgården", state=PartyState.INVITED, staff_hours=5
    )

    whats = [g.what for g in gaps(agreement_of(collaboration), "parties")]

    assert "Lindgården har inte anslutit sig till samverkan ännu (inbjuden)." in whats


def test_contribution_gaps_belong_to_their_party(collaboration, alice):
    complete(collaboration, alice)
    newcomer = PartyFactory(collaboration=collaboration, organisation__name="Ny förening")

    agreement = agreement_of(collaboration)

    assert set(agreement.commitment_gaps) == {newcomer.organisation.org_number}
    assert len(agreement.commitment_gaps[newcomer.organisation.org_number]) == 2


def test_step_not_applicable_replaces_the_gap_with_the_reason(collaboration):
    StepNotApplicableFactory(collaboration=collaboration, step_key="budget", reason="Inga pengar flyttas.")

    agreement = agreement_of(collaboration)

    assert gaps(agreement, "finances") == []
    assert agreement.not_applicable["finances"].reason == "Inga pengar flyttas."


def test_problem_not_sent_is_shown_as_a_draft_with_a_gap(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration, text="Mörka gångvägar.")

    agreement = agreement_of(collaboration)

    assert agreement.problem.text == "Mörka gångvägar."
    assert agreement.problem_is_draft
    assert [g.step.key for g in gaps(agreement, "background")] == ["shared_problem"]


def test_background_says_who_confirmed_which_version(collaboration, alice):
    complete(collaboration, alice)

    agreement = agreement_of(collaboration)

    assert agreement.all_agree
    assert {(c.party, c.version, c.answer) for c in agreement.confirmations} == {
        ("Åsby kommun", 1, "Instämmer"),
        ("Norrbacka IF", 1, "Instämmer"),
    }
    assert all(c.answered_at and c.answered_by for c in agreement.confirmations)


def test_newer_unsent_version_is_a_gap_but_the_confirmed_one_is_shown(collaboration, alice):
    complete(collaboration, alice)
    ProblemDescriptionFactory(collaboration=collaboration, version=2, text="Ett nytt utkast.")

    agreement = agreement_of(collaboration)

    assert agreement.problem.version == 1
    assert [g.step.key for g in gaps(agreement, "background")] == ["shared_problem"]


def test_chosen_model_brings_its_clauses_and_details(collaboration, alice):
    complete(collaboration, alice, model="iop")

    model = agreement_of(collaboration).model

    assert model.key == "iop"
    assert "idéburet offentligt partnerskap" in model.intro
    assert ("Partnerskapets verksamhet", "Läxhjälp tre kvällar i veckan.") in [
        (c.label, c.text) for c in model.clauses
    ]
    assert [entry.topic for entry in model.legal] == ["Offentlig upphandling (LOU)", "Statsstöd"]


def test_budget_is_summed_per_party_and_in_total(collaboration, alice):
    complete(collaboration, alice)
    lead = collaboration.parties.get(role="lead")
    BudgetLineFactory(collaboration=collaboration, party=lead, year=2028, amount_sek=30000)

    agreement = agreement_of(collaboration)

    assert agreement.budget_total == "150\xa0000 kr"
    assert agreement.budget_by_party == [(lead.organisation.name, "150\xa0000 kr")]


def test_appendix_logs_confirmations_but_not_other_events(collaboration, alice):
    complete(collaboration, alice)

    log = agreement_of(collaboration).log

    assert [entry.event for entry in log] == [
        "Version skickad för bekräftelse",
        "Svar lämnat",
        "Svar lämnat",
        "Alla parter instämmer",
    ]


def _grow(collaboration, n):
    for i in range(n):
        party = PartyFactory(collaboration=collaboration, staff_hours=1)
        BudgetLineFactory(collaboration=collaboration, party=party, amount_sek=i)
        ResidentInvolvementFactory(collaboration=collaboration)
    CommunicationPlan.objects.get_or_create(
        collaboration=collaboration, defaults={"residents": "R", "public": "P"}
    )


@pytest.mark.parametrize("model", ["iop", "est", "bid", "other"])
def test_a_fixed_number_of_queries_whatever_the_data(collaboration, alice, model):
    complete(collaboration, alice, model=model)
    checklist = checklist_status(collaboration)
    _grow(collaboration, 2)
    with CaptureQueriesContext(connection) as small:
        build_agreement(collaboration, checklist=checklist)
    _grow(collaboration, 28)
    with CaptureQueriesContext(connection) as large:
        build_agreement(collaboration, checklist=checklist)

    assert len(small) == len(large)


def test_the_model_check_is_printed_with_each_need_met_or_not(collaboration, alice, alice_client):
    complete(collaboration, alice, model="est")
    checks = {c.label: c for c in agreement_of(collaboration).model.checks}
    assert checks["Kommunen är med"].met and checks["Kommunen är med"].detail == "Åsby kommun"
    assert not checks["Polisen är med"].met
    html = alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()
    assert "Vad formen kräver, prövat mot parterna" in html
    assert "Polisen är med: <strong>inte uppfyllt</strong>." in html


def test_an_observer_does_not_meet_the_model_check(collaboration, alice):
    complete(collaboration, alice, model="est")
    PartyFactory(
        collaboration=collaboration,
        organisation__name="Polisen",
        organisation__kind="police",
        role="observer",
    )
    checks = {c.label: c for c in agreement_of(collaboration).model.checks}
    assert not checks["Polisen är med"].met
