"""Issue 13, steps 2, 4 and 6 on their pages: a form saves what is known and never demands the rest;
a date is typed as precisely as it is known; a joint decision is recorded once for several parties.
Each step page says what is left ("Kvar: …")."""

import datetime

from django.urls import reverse

from collaborations.models import JointDecision, Mandate, PartyRole, ResidentInvolvement, SubGoal
from samverkan.unknowns import DatePrecision, UnknownReason
from tests.conftest import client_for
from tests.factories import (
    JointDecisionFactory,
    MandateFactory,
    ModelChoiceFactory,
    PartyFactory,
    SubGoalFactory,
)

# --- Residents' involvement (step 2) --------------------------------------------------------------


def test_involvement_saves_without_a_date_or_a_number_of_participants(collaboration, alice_client):
    response = alice_client.post(
        reverse("involvement_list", args=[collaboration.pk]),
        {"method": "dialogue", "held_on": "", "participants": "", "learned": "Mörka gångvägar."},
    )

    assert response.status_code == 302
    entry = ResidentInvolvement.objects.get()
    assert (entry.held_on, entry.participants) == (None, None)
    page = alice_client.get(reverse("involvement_list", args=[collaboration.pk])).text
    assert "datum inte känt" in page
    assert "0 deltagare" not in page and "None" not in page


def test_involvement_known_to_the_month(collaboration, alice_client):
    alice_client.post(
        reverse("involvement_list", args=[collaboration.pk]),
        {"method": "survey", "held_on": "2026-03", "participants": "40", "learned": "Otrygga kvällar."},
    )

    entry = ResidentInvolvement.objects.get()
    assert (entry.held_on, entry.held_on_precision) == (datetime.date(2026, 3, 1), DatePrecision.MONTH)
    assert "mars 2026" in alice_client.get(reverse("involvement_list", args=[collaboration.pk])).text


def test_involvement_edit_shows_the_date_as_precisely_as_it_was_typed(collaboration, alice_client):
    alice_client.post(
        reverse("involvement_list", args=[collaboration.pk]),
        {"method": "survey", "held_on": "2026", "learned": "Otrygga kvällar."},
    )
    entry = ResidentInvolvement.objects.get()

    response = alice_client.get(reverse("involvement_edit", args=[collaboration.pk, entry.pk]))

    assert 'value="2026"' in response.text


def test_involvement_with_a_date_that_is_no_date_is_refused(collaboration, alice_client):
    response = alice_client.post(
        reverse("involvement_list", args=[collaboration.pk]),
        {"method": "survey", "held_on": "2026-13", "learned": "Otrygga kvällar."},
    )

    assert response.status_code == 200
    assert "Ange ett år (2026), en månad (2026-03) eller en dag (2026-03-14)." in response.text
    assert not ResidentInvolvement.objects.exists()


# --- Sub-goals (step 6) ---------------------------------------------------------------------------


def test_sub_goal_saves_with_the_baseline_not_known_and_why(collaboration, alice_client):
    response = alice_client.post(
        reverse("sub_goal_create", args=[collaboration.pk]),
        {
            "indicator": "Antal barn i kvällsaktiviteter",
            "baseline": "",
            "baseline_unknown": UnknownReason.MISSING_FROM_SOURCES,
            "target": "40",
            "target_date": "2028",
        },
    )

    assert response.status_code == 302
    sub_goal = SubGoal.objects.get()
    assert (sub_goal.baseline, sub_goal.baseline_unknown) == ("", UnknownReason.MISSING_FROM_SOURCES)
    assert (sub_goal.target_date, sub_goal.target_date_precision) == (
        datetime.date(2028, 1, 1),
        DatePrecision.YEAR,
    )
    page = alice_client.get(reverse("goal_detail", args=[collaboration.pk])).text
    assert "Saknas i underlaget" in page
    assert "Kvar:" in page and "utgångsvärdet för ”Antal barn i kvällsaktiviteter”" in page


def test_sub_goal_with_a_baseline_drops_the_reason(collaboration, alice_client):
    alice_client.post(
        reverse("sub_goal_create", args=[collaboration.pk]),
        {
            "indicator": "Andel otrygga",
            "baseline": "41 %",
            "baseline_unknown": UnknownReason.MISSING_FROM_SOURCES,
            "target": "",
            "target_date": "",
        },
    )

    sub_goal = SubGoal.objects.get()
    assert (sub_goal.baseline, sub_goal.baseline_unknown, sub_goal.target_date) == ("41 %", "", None)


def test_sub_goal_with_an_unknown_reason_is_refused(collaboration, alice_client):
    response = alice_client.post(
        reverse("sub_goal_create", args=[collaboration.pk]),
        {"indicator": "Andel otrygga", "baseline": "", "baseline_unknown": "made_up", "target": "1"},
    )

    assert response.status_code == 200
    assert not SubGoal.objects.exists()


def test_sub_goal_edit_shows_what_is_stored(collaboration, alice_client):
    sub_goal = SubGoalFactory(
        collaboration=collaboration,
        target_date=datetime.date(2028, 5, 1),
        target_date_precision=DatePrecision.MONTH,
    )

    response = alice_client.get(reverse("sub_goal_edit", args=[collaboration.pk, sub_goal.pk]))

    assert 'value="2028-05"' in response.text


# --- Mandates and joint decisions (step 4) --------------------------------------------------------


def test_mandate_saves_without_a_date(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)

    response = alice_client.post(
        reverse("mandate_edit", args=[collaboration.pk, lead.pk]),
        {"decided_by": "Styrelsen", "decided_on": "", "scope": "Driva samverkan"},
    )

    assert response.status_code == 302
    assert Mandate.objects.get(party=lead).decided_on is None
    page = alice_client.get(reverse("mandate_list", args=[collaboration.pk])).text
    assert "Inte känt ännu" in page
    assert "Kvar:" in page
    assert "datumet för beslutet om mandatet för" in page


def test_mandate_needs_who_decided_or_a_joint_decision(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)

    response = alice_client.post(
        reverse("mandate_edit", args=[collaboration.pk, lead.pk]), {"decided_by": "", "scope": ""}
    )

    assert response.status_code == 200
    assert "Ange vem som beslutade, eller välj ett gemensamt beslut." in response.text
    assert not Mandate.objects.exists()


def test_mandate_refers_to_a_joint_decision(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    decision = JointDecisionFactory(collaboration=collaboration, decided_by="Styrgruppen")

    response = alice_client.post(
        reverse("mandate_edit", args=[collaboration.pk, lead.pk]),
        {"joint_decision": decision.pk, "decided_by": "", "scope": "", "resources": "En halvtidstjänst."},
    )

    assert response.status_code == 302
    mandate = Mandate.objects.get(party=lead)
    assert (mandate.joint_decision, mandate.decision_maker, mandate.resources) == (
        decision,
        "Styrgruppen",
        "En halvtidstjänst.",
    )


def test_mandate_cannot_refer_to_another_collaborations_joint_decision(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    elsewhere = JointDecisionFactory()

    response = alice_client.post(
        reverse("mandate_edit", args=[collaboration.pk, lead.pk]),
        {"joint_decision": elsewhere.pk, "decided_by": "", "scope": ""},
    )

    assert response.status_code == 200  # not among the choices
    assert not Mandate.objects.exists()


def test_joint_decision_is_recorded_once_for_several_parties(collaboration, partner_party, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    MandateFactory(party=lead, resources="Lokaler.")

    response = alice_client.post(
        reverse("mandate_list", args=[collaboration.pk]),
        {
            "decided_by": "Kommunstyrelsen och Åsbyhems styrelse",
            "decided_on": "2026-03",
            "scope": "Medborgarlöfte för Norrbacka.",
            "parties": [lead.pk, partner_party.pk],
        },
    )

    assert response.status_code == 302
    decision = JointDecision.objects.get()
    assert (decision.decided_on, decision.decided_on_precision) == (
        datetime.date(2026, 3, 1),
        DatePrecision.MONTH,
    )
    assert set(Mandate.objects.values_list("party", "joint_decision")) == {
        (lead.pk, decision.pk),
        (partner_party.pk, decision.pk),
    }
    assert Mandate.objects.get(party=lead).resources == "Lokaler."  # kept
    page = alice_client.get(reverse("mandate_list", args=[collaboration.pk])).text
    assert page.count("Medborgarlöfte för Norrbacka.") == 2
    assert "mars 2026" in page


def test_joint_decision_needs_two_parties(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)

    response = alice_client.post(
        reverse("mandate_list", args=[collaboration.pk]),
        {"decided_by": "Styrelsen", "decided_on": "", "scope": "Löfte.", "parties": [lead.pk]},
    )

    assert response.status_code == 200
    assert "Välj minst två parter." in response.text
    assert not JointDecision.objects.exists()


def test_joint_decision_refuses_another_collaborations_party(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    stranger = PartyFactory()

    response = alice_client.post(
        reverse("mandate_list", args=[collaboration.pk]),
        {"decided_by": "Styrelsen", "scope": "Löfte.", "parties": [lead.pk, stranger.pk]},
    )

    assert response.status_code == 200
    assert not JointDecision.objects.exists()


def test_outsider_cannot_record_a_joint_decision(collaboration, charlie):
    lead = collaboration.parties.get(role=PartyRole.LEAD)

    response = client_for(charlie).post(
        reverse("mandate_list", args=[collaboration.pk]),
        {"decided_by": "Styrelsen", "scope": "Löfte.", "parties": [lead.pk]},
    )

    assert response.status_code == 404
    assert not JointDecision.objects.exists()


def test_partner_cannot_record_a_joint_decision(collaboration, partner_party, bob):
    lead = collaboration.parties.get(role=PartyRole.LEAD)

    response = client_for(bob).post(
        reverse("mandate_list", args=[collaboration.pk]),
        {"decided_by": "Styrelsen", "scope": "Löfte.", "parties": [lead.pk, partner_party.pk]},
    )

    assert response.status_code == 403
    assert not JointDecision.objects.exists()


# --- What is left, on the pages of steps 1–7 ------------------------------------------------------


def test_parties_page_says_which_number_is_left(collaboration, alice_client):
    PartyFactory(
        collaboration=collaboration, organisation__name="Norrbacka IF", organisation__org_number=None
    )
    PartyFactory(collaboration=collaboration)

    page = alice_client.get(reverse("party_list", args=[collaboration.pk])).text

    assert "Kvar:" in page
    assert "organisationsnumret för Norrbacka IF (eller att det saknas)" in page


def test_parties_step_is_done_when_an_association_has_no_number(collaboration, alice_client):
    PartyFactory(
        collaboration=collaboration,
        organisation__org_number=None,
        organisation__org_number_unknown=UnknownReason.DOES_NOT_EXIST,
    )
    PartyFactory(collaboration=collaboration)

    page = alice_client.get(reverse("party_list", args=[collaboration.pk])).text

    assert "Kvar:" not in page


def test_model_page_says_which_details_are_left(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="bid", details={"association": "Centrumföreningen"})

    page = alice_client.get(reverse("model_choice", args=[collaboration.pk])).text

    assert "Kvar:" in page
    assert "detaljen ”Avgiftsmodellen”" in page


def test_problem_page_says_what_is_left(collaboration, alice_client):
    page = alice_client.get(reverse("problem_detail", args=[collaboration.pk])).text

    assert "Kvar:" in page and "problembeskrivningen" in page
