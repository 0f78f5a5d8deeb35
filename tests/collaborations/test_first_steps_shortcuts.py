"""The way from a new collaboration to a problem description sent (issue 16): the problem form opens
first, its second button leads on to the parties (none yet) or to sending (they are there), the add-party
form can add another right away, and the parties page offers to send a version not sent yet."""

import pytest
from django.urls import reverse

from collaborations.models import PartyRole
from tests.collaborations.confirmation_setup import send
from tests.factories import (
    CollaborationFactory,
    OrganisationFactory,
    PartyFactory,
    ProblemDescriptionFactory,
)

PROBLEM = {
    "based_on_version": 0,
    "text": "Otrygghet vid torget kvällstid.",
    "focus_areas": ["safety"],
    "evidence": "",
}
PARTY = {
    "role": PartyRole.PARTNER,
    "contact_name": "Karin Berg",
    "contact_email": "karin@example.test",
    "contact_phone": "",
}


def test_problem_form_without_parties_offers_to_go_on_to_them(collaboration, alice_client):
    page = alice_client.get(reverse("problem_edit", args=[collaboration.pk]))
    assert "Spara och lägg till parter" in page.text
    assert "Spara och skicka för bekräftelse" not in page.text

    response = alice_client.post(
        reverse("problem_edit", args=[collaboration.pk]), {**PROBLEM, "then": "parties"}
    )

    assert response.url == reverse("party_add", args=[collaboration.pk])
    assert collaboration.problem_versions.get().text == PROBLEM["text"]


def test_problem_form_with_parties_offers_to_send_it(collaboration, partner_party, alice_client):
    page = alice_client.get(reverse("problem_edit", args=[collaboration.pk]))
    assert "Spara och skicka för bekräftelse" in page.text

    response = alice_client.post(
        reverse("problem_edit", args=[collaboration.pk]), {**PROBLEM, "then": "send"}
    )

    assert response.url == reverse("problem_send", args=[collaboration.pk])
    assert collaboration.problem_versions.get().version == 1


@pytest.mark.parametrize("then", ["", "elsewhere", "https://evil.example/"])
def test_problem_form_otherwise_goes_back_to_the_problem(collaboration, alice_client, then):
    response = alice_client.post(reverse("problem_edit", args=[collaboration.pk]), {**PROBLEM, "then": then})
    assert response.url == reverse("problem_detail", args=[collaboration.pk])


def test_bad_problem_with_a_shortcut_saves_nothing(collaboration, alice_client):
    response = alice_client.post(
        reverse("problem_edit", args=[collaboration.pk]), {**PROBLEM, "text": " ", "then": "parties"}
    )
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    assert not collaboration.problem_versions.exists()


def test_add_and_add_another_opens_an_empty_form_again(collaboration, alice_client):
    organisation = OrganisationFactory(name="Polisen")
    response = alice_client.post(
        reverse("party_add", args=[collaboration.pk]),
        {"organisation": organisation.pk, **PARTY, "then": "another"},
    )
    assert response.url == reverse("party_add", args=[collaboration.pk])
    assert collaboration.parties.filter(organisation=organisation).exists()


def test_add_party_without_another_goes_to_the_parties(collaboration, alice_client):
    response = alice_client.post(
        reverse("party_add", args=[collaboration.pk]), {"organisation": OrganisationFactory().pk, **PARTY}
    )
    assert response.url == reverse("party_list", args=[collaboration.pk])


def test_parties_page_offers_to_send_an_unsent_problem(collaboration, partner_party, alice, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)
    page = alice_client.get(reverse("party_list", args=[collaboration.pk]))
    assert "Version 1 av problembeskrivningen är inte skickad till parterna än." in page.text
    assert reverse("problem_send", args=[collaboration.pk]) in page.text


def test_parties_page_does_not_offer_a_sent_problem(collaboration, partner_party, alice, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)
    send(collaboration, alice)
    page = alice_client.get(reverse("party_list", args=[collaboration.pk]))
    assert "är inte skickad till parterna" not in page.text


def test_parties_page_without_partners_does_not_offer_to_send(collaboration, alice, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)
    PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)
    page = alice_client.get(reverse("party_list", args=[collaboration.pk]))
    assert "är inte skickad till parterna" not in page.text


def test_representative_is_not_offered_to_send(collaboration, partner_party, alice, bob):
    from tests.conftest import client_for

    ProblemDescriptionFactory(collaboration=collaboration)
    page = client_for(bob).get(reverse("party_list", args=[collaboration.pk]))
    assert page.status_code == 200
    assert "är inte skickad till parterna" not in page.text


# --- Organisations the lead has worked with -----------------------------------------------------


@pytest.fixture
def earlier(collaboration):
    """Åsby kommun, a partner in another collaboration of the same lead, with its contact then."""
    other = CollaborationFactory(lead_organisation=collaboration.lead_organisation, title="Trygga Berga")
    return PartyFactory(
        collaboration=other,
        organisation__name="Åsby kommun",
        contact_name="Karin Berg",
        contact_email="karin@asby.example",
    )


def test_add_form_offers_the_leads_earlier_partners(collaboration, earlier, alice_client):
    page = alice_client.get(reverse("party_add", args=[collaboration.pk])).text
    assert "Organisationer som" in page
    assert f'href="?organisation={earlier.organisation.pk}"' in page


def test_add_form_does_not_offer_another_leads_partners(collaboration, alice_client):
    PartyFactory(organisation__name="Hemlig förening")  # in a collaboration of another lead
    page = alice_client.get(reverse("party_add", args=[collaboration.pk])).text
    assert "Hemlig förening" not in page
    assert "Organisationer som" not in page


def test_add_form_does_not_offer_a_party_already_here(collaboration, earlier, alice_client):
    PartyFactory(collaboration=collaboration, organisation=earlier.organisation)
    page = alice_client.get(reverse("party_add", args=[collaboration.pk])).text
    assert f'href="?organisation={earlier.organisation.pk}"' not in page


def test_choosing_an_earlier_partner_starts_from_its_contact_then(collaboration, earlier, alice_client):
    page = alice_client.get(
        reverse("party_add", args=[collaboration.pk]), {"organisation": earlier.organisation.pk}
    ).text
    assert 'value="Karin Berg"' in page
    assert 'value="karin@asby.example"' in page
    assert "Kontaktpersonen är den som organisationen hade i ”Trygga Berga”" in page
    assert not collaboration.parties.filter(organisation=earlier.organisation).exists()  # nothing saved


def test_another_leads_contact_is_never_shown(collaboration, alice_client):
    foreign = PartyFactory(contact_name="Hemlig Person", contact_email="hemlig@example.test")
    page = alice_client.get(
        reverse("party_add", args=[collaboration.pk]), {"organisation": foreign.organisation.pk}
    ).text
    assert "Hemlig Person" not in page
    assert "hemlig@example.test" not in page


def test_add_form_queries_do_not_grow_with_earlier_partners(collaboration, alice_client):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            alice_client.get(reverse("party_add", args=[collaboration.pk]))
        return len(queries)

    other = CollaborationFactory(lead_organisation=collaboration.lead_organisation)
    PartyFactory(collaboration=other)
    few = count()
    for _ in range(5):
        PartyFactory(collaboration=other)
    assert count() == few
