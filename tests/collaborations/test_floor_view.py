"""The benchmark's floor page (/matt/golv/): the 20 latest collaborations the user's organisations
lead, in one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import CollaborationFactory


def test_floor_lists_the_users_collaborations_in_swedish(collaboration, alice_client):
    response = alice_client.get(reverse("floor"))
    assert response.status_code == 200
    assert "Mätgolv" in response.text
    assert collaboration.title in response.text


def test_floor_shows_a_partners_representative_an_empty_list(collaboration, bob):
    response = client_for(bob).get(reverse("floor"))
    assert response.status_code == 200
    assert collaboration.title not in response.text


def test_outsider_sees_none_of_other_organisations_collaborations(collaboration, charlie):
    response = client_for(charlie).get(reverse("floor"))
    assert response.status_code == 200
    assert collaboration.title not in response.text
    assert "Inga samverkansprojekt ännu." in response.text


def test_floor_shows_at_most_twenty_latest_first(lead_org, alice_client):
    made = [CollaborationFactory(lead_organisation=lead_org, title=f"Projekt {i:02d}") for i in range(22)]
    text = alice_client.get(reverse("floor")).text
    assert made[0].title not in text and made[1].title not in text
    assert text.index(made[21].title) < text.index(made[20].title)


def test_floor_queries_do_not_grow_with_collaborations(lead_org, alice_client):
    CollaborationFactory(lead_organisation=lead_org)
    alice_client.get(reverse("floor"))
    with CaptureQueriesContext(connection) as few:
        alice_client.get(reverse("floor"))
    for _ in range(25):
        CollaborationFactory(lead_organisation=lead_org)
    with CaptureQueriesContext(connection) as many:
        alice_client.get(reverse("floor"))
    assert len(many) == len(few)
    collaboration_queries = [
        q for q in many.captured_queries if 'FROM "collaborations_collaboration"' in q["sql"]
    ]
    assert len(collaboration_queries) == 1
