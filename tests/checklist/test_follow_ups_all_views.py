"""Step 13 in one form: every sub-goal's follow-up on one page (checklist/follow_up_views.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import FollowUp
from collaborations.models import EventKind
from tests.conftest import client_for
from tests.factories import ModelChoiceFactory, SubGoalFactory


@pytest.fixture
def sub_goals(collaboration):
    return [
        SubGoalFactory(collaboration=collaboration, indicator="Andel trygga boende", baseline="41 %"),
        SubGoalFactory(collaboration=collaboration, indicator="Anmäld skadegörelse per år"),
    ]


def url(collaboration):
    return reverse("follow_ups_edit", args=[collaboration.pk])


def field(sub_goal, name):
    return f"sub-goal-{sub_goal.pk}-{name}"


def test_the_page_has_a_fieldset_per_sub_goal(collaboration, sub_goals, alice_client):
    response = alice_client.get(url(collaboration))
    assert response.status_code == 200
    assert "Andel trygga boende" in response.text and "Anmäld skadegörelse per år" in response.text
    assert f'name="{field(sub_goals[1], "method")}"' in response.text


def test_with_a_model_chosen_each_follow_up_is_suggested_and_nothing_stored(
    collaboration, sub_goals, alice_client
):
    ModelChoiceFactory(collaboration=collaboration, model="est")
    response = alice_client.get(url(collaboration))
    assert "Följs upp med indikatorn: Andel trygga boende." in response.text
    assert "Ett delmål utan uppföljning börjar med ett förslag" in response.text
    assert not FollowUp.objects.exists()


def test_saves_the_sub_goals_filled_in_and_leaves_the_others(collaboration, sub_goals, alice_client):
    first, second = sub_goals
    response = alice_client.post(
        url(collaboration), {field(first, "method"): "Trygghetsmätningen.", field(first, "rhythm"): "yearly"}
    )
    assert response.status_code == 302
    saved = FollowUp.objects.get()
    assert (saved.sub_goal, saved.method, saved.rhythm) == (first, "Trygghetsmätningen.", "yearly")
    assert collaboration.events.filter(kind=EventKind.PLAN_SAVED).count() == 1


def test_a_stored_follow_up_left_as_it_is_is_not_saved_again(collaboration, sub_goals, alice_client):
    first, second = sub_goals
    FollowUp.objects.create(sub_goal=first, method="Mätning.", rhythm="yearly")
    response = alice_client.post(
        url(collaboration),
        {
            field(first, "method"): "Mätning.",
            field(first, "rhythm"): "yearly",
            field(second, "rhythm"): "quarterly",
        },
    )
    assert response.status_code == 302
    assert collaboration.events.filter(kind=EventKind.PLAN_SAVED).count() == 1
    assert FollowUp.objects.get(sub_goal=second).rhythm == "quarterly"


def test_bad_input_saves_nothing_and_says_so_in_swedish(collaboration, sub_goals, alice_client):
    first, second = sub_goals
    response = alice_client.post(
        url(collaboration), {field(first, "method"): "Mätning.", field(second, "rhythm"): "every_minute"}
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert "Anmäld skadegörelse per år – " in response.text  # the summary names the sub-goal
    assert not FollowUp.objects.exists()


def test_a_party_of_another_collaboration_is_refused(collaboration, sub_goals, alice_client):
    from tests.factories import PartyFactory

    foreign = PartyFactory()
    response = alice_client.post(url(collaboration), {field(sub_goals[0], "responsible_party"): foreign.pk})
    assert response.status_code == 200
    assert not FollowUp.objects.exists()


def test_save_and_next_goes_on(collaboration, sub_goals, alice_client):
    response = alice_client.post(
        url(collaboration), {field(sub_goals[0], "method"): "Mätning.", "and_next": "1"}
    )
    assert response.status_code == 302
    assert response.url != reverse("step_detail", args=[collaboration.pk, 13])


def test_the_step_links_to_the_page(collaboration, sub_goals, alice_client):
    page = alice_client.get(reverse("step_detail", args=[collaboration.pk, 13])).text
    assert url(collaboration) in page


def test_outsider_gets_404(collaboration, sub_goals, charlie):
    assert client_for(charlie).get(url(collaboration)).status_code == 404


def test_representative_may_not_edit(collaboration, sub_goals, bob):
    response = client_for(bob).post(url(collaboration), {field(sub_goals[0], "method"): "X"})
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_queries_do_not_grow_with_sub_goals(collaboration, alice_client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            alice_client.get(url(collaboration))
        return len(queries)

    ModelChoiceFactory(collaboration=collaboration, model="est")
    SubGoalFactory(collaboration=collaboration)
    few = count()
    for _ in range(4):
        SubGoalFactory(collaboration=collaboration)
    assert count() == few
