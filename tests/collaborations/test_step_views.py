"""Views for the data of checklist steps: residents, problem description, goal, mandate, model."""

import datetime

from django.urls import reverse
from django.utils import timezone

from collaborations.models import (
    Goal,
    Mandate,
    PartyRole,
    ProblemDescription,
    ResidentInvolvement,
    SubGoal,
)
from tests.conftest import client_for
from tests.factories import ProblemDescriptionFactory, ResidentInvolvementFactory, SubGoalFactory

INVOLVEMENT = {
    "method": "safety_walk",
    "held_on": "2026-09-15",
    "participants": "18",
    "learned": "Trasig belysning i gångtunneln.",
    "effect_on_problem": "",
}


# --- Residents' involvement ---------------------------------------------------------------------


def test_record_involvement(collaboration, alice_client):
    response = alice_client.post(reverse("involvement_list", args=[collaboration.pk]), INVOLVEMENT)
    assert response.status_code == 302
    entry = collaboration.resident_involvements.get()
    assert (entry.method, entry.participants) == ("safety_walk", 18)


def test_involvement_in_the_future_is_refused(collaboration, alice_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = alice_client.post(
        reverse("involvement_list", args=[collaboration.pk]), {**INVOLVEMENT, "held_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200
    assert "Datumet kan inte ligga i framtiden" in response.text
    assert not ResidentInvolvement.objects.exists()


def test_involvement_with_negative_participants_is_refused(collaboration, alice_client):
    response = alice_client.post(
        reverse("involvement_list", args=[collaboration.pk]), {**INVOLVEMENT, "participants": "-3"}
    )
    assert response.status_code == 200
    assert not ResidentInvolvement.objects.exists()


def test_partner_reads_involvement_but_cannot_record(collaboration, bob):
    ResidentInvolvementFactory(collaboration=collaboration, learned="Mörkt vid torget")
    client = client_for(bob)
    assert "Mörkt vid torget" in client.get(reverse("involvement_list", args=[collaboration.pk])).text
    assert client.post(reverse("involvement_list", args=[collaboration.pk]), INVOLVEMENT).status_code == 403
    assert collaboration.resident_involvements.count() == 1


def test_edit_involvement(collaboration, alice_client):
    entry = ResidentInvolvementFactory(collaboration=collaboration)
    url = reverse("involvement_edit", args=[collaboration.pk, entry.pk])
    response = alice_client.post(url, {**INVOLVEMENT, "participants": "25"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.participants == 25


def test_edit_involvement_with_missing_learning_saves_nothing(collaboration, alice_client):
    entry = ResidentInvolvementFactory(collaboration=collaboration, participants=20)
    url = reverse("involvement_edit", args=[collaboration.pk, entry.pk])
    response = alice_client.post(url, {**INVOLVEMENT, "participants": "25", "learned": ""})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.participants == 20


# --- Problem description ------------------------------------------------------------------------


def _problem_post(based_on, text="Otrygghet vid torget kvällstid."):
    return {
        "based_on_version": based_on,
        "text": text,
        "focus_areas": ["safety", "wellbeing"],
        "evidence": "",
    }


def test_write_first_problem_description(collaboration, alice_client):
    response = alice_client.post(reverse("problem_edit", args=[collaboration.pk]), _problem_post(0))
    assert response.status_code == 302
    problem = collaboration.problem_versions.get()
    assert problem.version == 1
    assert problem.focus_areas == ["safety", "wellbeing"]


def test_editing_a_sent_version_adds_a_version_to_the_history(collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration, version=1, sent_at=timezone.now(), text="Första")
    alice_client.post(reverse("problem_edit", args=[collaboration.pk]), _problem_post(1, "Andra"))
    page = alice_client.get(reverse("problem_detail", args=[collaboration.pk]))
    assert "Version 2" in page.text
    assert "Version 1" in page.text
    assert collaboration.problem_versions.get(version=1).text == "Första"


def test_empty_problem_text_is_refused(collaboration, alice_client):
    response = alice_client.post(reverse("problem_edit", args=[collaboration.pk]), _problem_post(0, "   "))
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text or "Skriv problembeskrivningen." in response.text
    assert not ProblemDescription.objects.exists()


def test_unknown_focus_area_is_refused(collaboration, alice_client):
    data = {**_problem_post(0), "focus_areas": ["safety", "weather"]}
    response = alice_client.post(reverse("problem_edit", args=[collaboration.pk]), data)
    assert response.status_code == 200
    assert not ProblemDescription.objects.exists()


def test_stale_edit_shows_conflict_and_saves_nothing(collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration, version=1, sent_at=timezone.now())
    ProblemDescriptionFactory(collaboration=collaboration, version=2, text="Någon annans")
    response = alice_client.post(reverse("problem_edit", args=[collaboration.pk]), _problem_post(1, "Min"))
    assert response.status_code == 200
    assert "har ändrats av någon annan" in response.text
    assert collaboration.problem_versions.get(version=2).text == "Någon annans"


def test_old_version_can_be_read(collaboration, bob):
    ProblemDescriptionFactory(collaboration=collaboration, version=1, text="Den gamla texten")
    response = client_for(bob).get(reverse("problem_version", args=[collaboration.pk, 1]))
    assert response.status_code == 200
    assert "Den gamla texten" in response.text


def test_missing_version_is_404(collaboration, alice_client):
    assert alice_client.get(reverse("problem_version", args=[collaboration.pk, 9])).status_code == 404


def test_partner_cannot_edit_problem(collaboration, bob):
    response = client_for(bob).post(reverse("problem_edit", args=[collaboration.pk]), _problem_post(0))
    assert response.status_code == 403
    assert not ProblemDescription.objects.exists()


def test_problem_text_is_escaped(collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration, text='<script>alert("x")</script>')
    response = alice_client.get(reverse("problem_detail", args=[collaboration.pk]))
    assert '<script>alert("x")</script>' not in response.text
    assert "&lt;script&gt;" in response.text


# --- Goal and sub-goals -------------------------------------------------------------------------


def test_save_goal(collaboration, alice_client):
    response = alice_client.post(
        reverse("goal_detail", args=[collaboration.pk]), {"overall": "Tryggt dygnet runt"}
    )
    assert response.status_code == 302
    assert Goal.objects.get(collaboration=collaboration).overall == "Tryggt dygnet runt"


def test_empty_goal_is_refused(collaboration, alice_client):
    response = alice_client.post(reverse("goal_detail", args=[collaboration.pk]), {"overall": ""})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    assert not Goal.objects.exists()


def test_partner_cannot_save_goal(collaboration, bob):
    response = client_for(bob).post(reverse("goal_detail", args=[collaboration.pk]), {"overall": "X"})
    assert response.status_code == 403
    assert not Goal.objects.exists()


SUB_GOAL = {"indicator": "Andel otrygga", "baseline": "41 %", "target": "25 %", "target_date": "2028-12-31"}


def test_add_sub_goal(collaboration, alice_client):
    response = alice_client.post(reverse("sub_goal_create", args=[collaboration.pk]), SUB_GOAL)
    assert response.status_code == 302
    assert collaboration.sub_goals.get().target == "25 %"


def test_add_sub_goal_and_go_to_the_next_step(collaboration, alice_client):
    from checklist.rules import checklist_status
    from checklist.steps import step_url

    response = alice_client.post(
        reverse("sub_goal_create", args=[collaboration.pk]), {**SUB_GOAL, "and_next": "1"}
    )
    collaboration.refresh_from_db()
    assert response.status_code == 302
    assert response.url == step_url(collaboration, checklist_status(collaboration).next_step.step)
    assert response.url != reverse("goal_detail", args=[collaboration.pk])
    assert collaboration.sub_goals.get().target == "25 %"


def test_sub_goal_without_indicator_is_refused(collaboration, alice_client):
    response = alice_client.post(
        reverse("sub_goal_create", args=[collaboration.pk]), {**SUB_GOAL, "indicator": ""}
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    assert not SubGoal.objects.exists()


def test_sub_goal_with_impossible_date_is_refused(collaboration, alice_client):
    data = {**SUB_GOAL, "target_date": "2028-02-30"}
    response = alice_client.post(reverse("sub_goal_create", args=[collaboration.pk]), data)
    assert response.status_code == 200
    assert not SubGoal.objects.exists()


def test_edit_and_delete_sub_goal(collaboration, alice_client):
    sub_goal = SubGoalFactory(collaboration=collaboration)
    alice_client.post(
        reverse("sub_goal_edit", args=[collaboration.pk, sub_goal.pk]), {**SUB_GOAL, "target": "20 %"}
    )
    sub_goal.refresh_from_db()
    assert sub_goal.target == "20 %"
    response = alice_client.post(reverse("sub_goal_delete", args=[collaboration.pk, sub_goal.pk]))
    assert response.status_code == 302
    assert not SubGoal.objects.exists()


def test_delete_sub_goal_needs_post(collaboration, alice_client):
    sub_goal = SubGoalFactory(collaboration=collaboration)
    response = alice_client.get(reverse("sub_goal_delete", args=[collaboration.pk, sub_goal.pk]))
    assert response.status_code == 405
    assert SubGoal.objects.exists()


def test_outsider_cannot_touch_sub_goals(collaboration, charlie, bob):
    sub_goal = SubGoalFactory(collaboration=collaboration)
    assert (
        client_for(charlie).post(reverse("sub_goal_delete", args=[collaboration.pk, sub_goal.pk])).status_code
        == 404
    )
    assert (
        client_for(bob).post(reverse("sub_goal_delete", args=[collaboration.pk, sub_goal.pk])).status_code
        == 403
    )
    assert SubGoal.objects.filter(pk=sub_goal.pk).exists()


# --- Mandate ------------------------------------------------------------------------------------

MANDATE = {"decided_by": "Styrelsen", "decided_on": "2026-10-01", "scope": "Driva samverkan", "resources": ""}


def test_record_mandate_for_lead(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    response = alice_client.post(reverse("mandate_edit", args=[collaboration.pk, lead.pk]), MANDATE)
    assert response.status_code == 302
    assert Mandate.objects.get(party=lead).decided_by == "Styrelsen"
    page = alice_client.get(reverse("mandate_list", args=[collaboration.pk]))
    assert "Styrelsen" in page.text


def test_mandate_decided_in_the_future_is_refused(collaboration, alice_client):
    lead = collaboration.parties.get(role=PartyRole.LEAD)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = alice_client.post(
        reverse("mandate_edit", args=[collaboration.pk, lead.pk]), {**MANDATE, "decided_on": future}
    )
    assert response.status_code == 200
    assert "Beslutsdatumet kan inte ligga i framtiden." in response.text
    assert not Mandate.objects.exists()


def test_partner_cannot_record_mandate(collaboration, bob, partner_party):
    response = client_for(bob).post(
        reverse("mandate_edit", args=[collaboration.pk, partner_party.pk]), MANDATE
    )
    assert response.status_code == 403
    assert not Mandate.objects.exists()


# The model choice (step 7) is tested with the chooser in tests/checklist/test_step_views.py.
