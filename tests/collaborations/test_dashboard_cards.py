"""The dashboard's cards are kept in the cache under a fingerprint of all they show
(collaborations/dashboard.py): an unchanged card is read, not rendered, and anything it shows that
changes, or another reader's language or role, is another card."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaborations.dashboard import CARD_TEMPLATE
from tests.collaborations.confirmation_setup import send
from tests.conftest import client_for
from tests.factories import CollaborationFactory


def _card_renders(response) -> int:
    return sum(template.name == CARD_TEMPLATE for template in response.templates)


def test_an_unchanged_card_is_read_not_rendered(collaboration, alice_client):
    assert _card_renders(alice_client.get(reverse("dashboard"))) == 1
    response = alice_client.get(reverse("dashboard"))
    assert _card_renders(response) == 0
    assert collaboration.title in response.text


def test_a_changed_title_is_shown_on_the_next_request(collaboration, alice_client):
    alice_client.get(reverse("dashboard"))
    collaboration.title = "Trygg Norrbacka 2"
    collaboration.save()
    response = alice_client.get(reverse("dashboard"))
    assert _card_renders(response) == 1
    assert "Trygg Norrbacka 2" in response.text


def test_each_card_is_its_own_collaborations(lead_org, alice_client):
    CollaborationFactory(lead_organisation=lead_org, title="Första")
    alice_client.get(reverse("dashboard"))
    CollaborationFactory(lead_organisation=lead_org, title="Andra")
    response = alice_client.get(reverse("dashboard"))
    assert _card_renders(response) == 1
    assert "Första" in response.text and "Andra" in response.text


def test_a_partner_does_not_get_the_lead_staffs_card(collaboration, alice_client, bob):
    alice_client.get(reverse("dashboard"))
    response = client_for(bob).get(reverse("dashboard"))
    assert "Din roll: part" in response.text
    assert "Din roll: huvudman" not in response.text


def test_another_language_is_another_card(collaboration, alice_client):
    alice_client.get(reverse("dashboard"))
    response = alice_client.get(reverse("dashboard"), headers={"accept-language": "en"})
    assert "Your role: lead organisation" in response.text
    assert "Din roll" not in response.text


def test_an_outsider_sees_none_after_the_lead_staff(collaboration, alice_client, charlie):
    """The dashboard's queries are compiled once per process: the next user's ids are used, not the
    first's."""
    alice_client.get(reverse("dashboard"))
    response = client_for(charlie).get(reverse("dashboard"))
    assert collaboration.title not in response.text
    assert "1 samverkansprojekt" not in response.text


def test_each_search_finds_its_own_text(lead_org, alice_client):
    CollaborationFactory(
        lead_organisation=lead_org, title="Trygg Fjällbacka", area_name="A", municipality="B"
    )
    CollaborationFactory(lead_organisation=lead_org, title="Ljusa Östby", area_name="A", municipality="B")
    first = alice_client.get(reverse("dashboard"), {"q": "fjällbacka"})
    second = alice_client.get(reverse("dashboard"), {"q": "östby"})
    assert "Trygg Fjällbacka" in first.text and "Ljusa Östby" not in first.text
    assert "Ljusa Östby" in second.text and "Trygg Fjällbacka" not in second.text


def test_the_count_is_read_with_the_page(lead_org, alice_client):
    for _ in range(3):
        CollaborationFactory(lead_organisation=lead_org)
    alice_client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(reverse("dashboard"))
    assert "3 samverkansprojekt" in response.text
    # One query reads the user's organisations' collaborations: the page, its rows carrying the count.
    assert len([q for q in queries if '"lead_organisation_id" IN' in q["sql"]]) == 1


def test_a_page_past_the_end_shows_the_last_page_and_its_count(lead_org, alice_client, settings):
    settings.DASHBOARD_PAGE_SIZE = 2
    for _ in range(3):
        CollaborationFactory(lead_organisation=lead_org)
    response = alice_client.get(reverse("dashboard"), {"page": 9})
    assert "Sida 2 av 2" in response.text
    assert "3 samverkansprojekt" in response.text


def test_a_partners_representative_is_asked_to_answer_on_the_dashboard(collaboration, alice, bob):
    send(collaboration, alice)
    response = client_for(bob).get(reverse("dashboard"))
    assert "Din bekräftelse behövs" in response.text


def test_staff_who_represent_no_partner_are_not_looked_up_for_answers(collaboration, alice_client):
    with CaptureQueriesContext(connection) as queries:
        alice_client.get(reverse("dashboard"))
    pending = [
        q
        for q in queries
        if all(t in q["sql"] for t in ("confirmationrecipient", "collaborations_representation"))
    ]
    assert not pending


@pytest.mark.parametrize("page", ["²", "٣", "99999999999999999999999", "-1", "0", "x", ""])
@pytest.mark.parametrize("search", [None, "Norrbacka"])
def test_a_page_number_that_is_no_page_is_the_first_page(collaboration, alice_client, page, search):
    """The offset reaches the database before the Paginator sees it: digits that int() refuses (or
    reads as another script's), and numbers past what the database takes, are page 1, never a 500."""
    asked = {"page": page} if search is None else {"page": page, "q": search}
    response = alice_client.get(reverse("dashboard"), asked)
    assert response.status_code == 200
    assert collaboration.title in response.text
