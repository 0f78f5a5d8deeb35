from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaborations.models import Collaboration, CollaborationStatus, EventKind
from tests.conftest import client_for
from tests.factories import CollaborationFactory, PartyFactory, RepresentationFactory

# --- Dashboard -----------------------------------------------------------------------------------


def test_dashboard_lists_visible_collaborations_in_swedish(collaboration, alice_client):
    response = alice_client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Mina samverkansprojekt" in response.text
    assert collaboration.title in response.text
    assert "Din roll: huvudman" in response.text


def test_dashboard_shows_partner_role(collaboration, bob):
    response = client_for(bob).get(reverse("dashboard"))
    assert collaboration.title in response.text
    assert "Din roll: part" in response.text


def test_dashboard_hides_other_organisations_collaborations(collaboration, charlie):
    response = client_for(charlie).get(reverse("dashboard"))
    assert response.status_code == 200
    assert collaboration.title not in response.text


def test_dashboard_search_filters_by_title_and_area(lead_org, alice_client):
    CollaborationFactory(lead_organisation=lead_org, title="Trygg Berga", area_name="Berga")
    CollaborationFactory(lead_organisation=lead_org, title="Lugna Lärkan", area_name="Lärkan")
    response = alice_client.get(reverse("dashboard"), {"q": "berga"})
    assert "Trygg Berga" in response.text
    assert "Lugna Lärkan" not in response.text


def test_dashboard_search_without_match_says_so(collaboration, alice_client):
    response = alice_client.get(reverse("dashboard"), {"q": "finns-inte"})
    assert "Ingen samverkan matchar" in response.text


def test_dashboard_is_paginated(lead_org, alice_client, settings):
    settings.DASHBOARD_PAGE_SIZE = 2
    for _ in range(5):
        CollaborationFactory(lead_organisation=lead_org)
    response = alice_client.get(reverse("dashboard"), {"page": 3})
    assert len(response.context["page"].object_list) == 1
    assert "Sida 3 av 3" in response.text


def test_dashboard_search_counts_and_pages_its_matches_in_one_query(lead_org, alice_client, settings):
    settings.DASHBOARD_PAGE_SIZE = 2
    for i in range(5):
        CollaborationFactory(lead_organisation=lead_org, title=f"Trygg Berga {i}")
    CollaborationFactory(lead_organisation=lead_org, title="Lugna Lärkan")
    pages = [alice_client.get(reverse("dashboard"), {"q": "berga", "page": n}) for n in (1, 2, 3)]
    assert [len(p.context["page"].object_list) for p in pages] == [2, 2, 1]
    assert all("5 samverkansprojekt" in p.text for p in pages)
    assert "Sida 3 av 3" in pages[2].text
    # A page past the end shows the last one, as the paginator does; a page that is no number, the first.
    assert "Sida 3 av 3" in alice_client.get(reverse("dashboard"), {"q": "berga", "page": 9}).text
    assert "Sida 1 av 3" in alice_client.get(reverse("dashboard"), {"q": "berga", "page": "x"}).text
    with CaptureQueriesContext(connection) as queries:
        alice_client.get(reverse("dashboard"), {"q": "berga"})
    assert len([q for q in queries if " LIKE " in q["sql"]]) == 1  # the search, once: page and count


def test_dashboard_pages_mix_led_and_represented_collaborations_latest_first(
    lead_org, alice, alice_client, settings
):
    settings.DASHBOARD_PAGE_SIZE = 2
    titles = []
    for i in range(5):
        if i % 2:
            led_elsewhere = CollaborationFactory(title=f"Representerad {i}")
            RepresentationFactory(party=PartyFactory(collaboration=led_elsewhere), user=alice)
            titles.append(led_elsewhere.title)
        else:
            titles.append(CollaborationFactory(lead_organisation=lead_org, title=f"Ledd {i}").title)
        Collaboration.objects.filter(title=titles[-1]).update(
            updated_at=timezone.now() + timedelta(minutes=i)
        )
    shown = []
    for number in (1, 2, 3):
        page = alice_client.get(reverse("dashboard"), {"page": number}).context["page"]
        shown += [c.title for c in page.object_list]
    assert shown == titles[::-1]
    assert "5 samverkansprojekt" in alice_client.get(reverse("dashboard")).text


def test_dashboard_bad_page_number_shows_a_page(collaboration, alice_client):
    response = alice_client.get(reverse("dashboard"), {"page": "x<script>"})
    assert response.status_code == 200


def test_dashboard_empty_state_explains_first_step(alice_client):
    response = alice_client.get(reverse("dashboard"))
    assert "Skapa din första samverkan" in response.text


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Create -------------------------------------------------------------------------------------


def test_create_collaboration(lead_org, alice_client):
    response = alice_client.post(
        reverse("collaboration_create"),
        {
            "title": "Trygg Berga",
            "area_name": "Berga",
            "municipality": "Åsby",
            "lead_organisation": lead_org.pk,
        },
    )
    collaboration = Collaboration.objects.get(title="Trygg Berga")
    assert response.status_code == 302
    # Step 1 comes first: the problem form opens right away.
    assert response.url == reverse("problem_edit", args=[collaboration.pk])
    assert collaboration.lead_organisation == lead_org
    assert collaboration.parties.get().organisation == lead_org


def test_create_without_title_shows_swedish_error_and_saves_nothing(lead_org, alice_client):
    response = alice_client.post(
        reverse("collaboration_create"),
        {"title": "", "area_name": "Berga", "municipality": "Åsby", "lead_organisation": lead_org.pk},
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    assert not Collaboration.objects.exists()


def test_cannot_create_for_an_organisation_one_is_not_member_of(lead_org, alice_client, charlie):
    other_org = charlie.memberships.get().organisation
    response = alice_client.post(
        reverse("collaboration_create"),
        {"title": "X", "area_name": "Y", "municipality": "Z", "lead_organisation": other_org.pk},
    )
    assert response.status_code == 200
    assert not Collaboration.objects.exists()


def test_user_without_organisation_gets_404_on_create(db):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get(reverse("collaboration_create"))
    assert response.status_code == 404


# --- Detail, edit, close -------------------------------------------------------------------------


def test_detail_shows_parties_and_timeline(collaboration, partner_party, alice_client):
    response = alice_client.get(reverse("collaboration_detail", args=[collaboration.pk]))
    assert response.status_code == 200
    assert partner_party.organisation.name in response.text
    assert "Ändra uppgifter" in response.text


def test_detail_for_partner_has_no_edit_buttons(collaboration, bob):
    response = client_for(bob).get(reverse("collaboration_detail", args=[collaboration.pk]))
    assert response.status_code == 200
    assert "Ändra uppgifter" not in response.text


def test_edit_collaboration(collaboration, alice_client):
    response = alice_client.post(
        reverse("collaboration_edit", args=[collaboration.pk]),
        {"title": "Nytt namn", "area_name": "Berga", "municipality": "Åsby"},
    )
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.title == "Nytt namn"
    assert collaboration.events.filter(kind=EventKind.EDITED).exists()


def test_edit_with_empty_area_saves_nothing(collaboration, alice_client):
    response = alice_client.post(
        reverse("collaboration_edit", args=[collaboration.pk]),
        {"title": "Nytt namn", "area_name": "", "municipality": "Åsby"},
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    collaboration.refresh_from_db()
    assert collaboration.title == "Trygg Norrbacka"


def test_partner_gets_403_on_edit(collaboration, bob):
    response = client_for(bob).post(
        reverse("collaboration_edit", args=[collaboration.pk]),
        {"title": "Kapad", "area_name": "X", "municipality": "Y"},
    )
    assert response.status_code == 403
    collaboration.refresh_from_db()
    assert collaboration.title == "Trygg Norrbacka"


def test_close_collaboration_makes_it_read_only(collaboration, alice_client):
    response = alice_client.post(reverse("collaboration_close", args=[collaboration.pk]))
    assert response.status_code == 302
    collaboration.refresh_from_db()
    assert collaboration.status == CollaborationStatus.CLOSED
    assert alice_client.get(reverse("collaboration_edit", args=[collaboration.pk])).status_code == 403
    detail = alice_client.get(reverse("collaboration_detail", args=[collaboration.pk]))
    assert "avslutad och kan bara läsas" in detail.text


def test_partner_cannot_close(collaboration, bob):
    assert client_for(bob).post(reverse("collaboration_close", args=[collaboration.pk])).status_code == 403
    collaboration.refresh_from_db()
    assert collaboration.status != CollaborationStatus.CLOSED


def test_dashboard_search_folds_case_of_swedish_letters(lead_org, alice_client):
    CollaborationFactory(lead_organisation=lead_org, title="Trygga Ängen", area_name="Ängen")
    response = alice_client.get(reverse("dashboard"), {"q": "ängen"})
    assert "Trygga Ängen" in response.text


def test_a_collaboration_key_beyond_the_databases_range_is_not_found(collaboration, alice_client):
    """The collaboration's query is compiled once and takes the key as it is: one too large for the
    column must be a 404 before it reaches the database (where it would be an error, a 500)."""
    for pk in (2**63 - 1, 2**63, 2**70):
        for name in ("collaboration_detail", "problem_detail", "agreement_preview"):
            assert alice_client.get(reverse(name, args=[pk])).status_code == 404, (name, pk)
    assert alice_client.get(reverse("collaboration_detail", args=[collaboration.pk])).status_code == 200
