"""A party's representative records the party's own case number (diarienummer), which the agreement shows
beside the party (collaborations/views.py party_case_number)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaborations.models import Event, EventKind
from tests.conftest import client_for
from tests.factories import PartyFactory, RepresentationFactory


def url(party):
    return reverse("party_case_number", args=[party.collaboration_id, party.pk])


def test_the_representative_records_the_case_number(collaboration, partner_party, bob):
    response = client_for(bob).post(url(partner_party), {"case_number": "  KS 2026/123 "})

    assert response.status_code == 302
    partner_party.refresh_from_db()
    assert partner_party.case_number == "KS 2026/123"
    assert Event.objects.filter(kind=EventKind.PARTY_CHANGED, detail__contains="KS 2026/123").exists()


def test_the_party_list_offers_it_to_the_representative_only(collaboration, partner_party, bob, alice):
    link = url(partner_party)

    assert link in client_for(bob).get(reverse("party_list", args=[collaboration.pk])).text
    assert link not in client_for(alice).get(reverse("party_list", args=[collaboration.pk])).text


def test_a_too_long_number_is_refused_in_swedish_and_nothing_saved(collaboration, partner_party, bob):
    response = client_for(bob).post(url(partner_party), {"case_number": "x" * 101})

    assert response.status_code == 200
    assert "Säkerställ att detta värde har som mest 100 tecken" in response.text
    partner_party.refresh_from_db()
    assert partner_party.case_number == ""


def test_another_partys_representative_gets_404_and_changes_nothing(collaboration, partner_party):
    other = PartyFactory(collaboration=collaboration)
    someone = RepresentationFactory(party=other).user

    response = client_for(someone).post(url(partner_party), {"case_number": "KS 1"})

    assert response.status_code == 404
    partner_party.refresh_from_db()
    assert partner_party.case_number == ""


def test_the_page_uses_as_many_queries_with_many_parties(collaboration, partner_party, bob):
    client = client_for(bob)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(partner_party)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        PartyFactory(collaboration=collaboration)
    assert count() == few
