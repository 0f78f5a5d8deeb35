"""The way from a new collaboration to a problem description sent (issue 16): the problem form opens
first, its second button leads on to the parties (none yet) or to sending (they are there), the add-party
form can add another right away, and the parties page offers to send a version not sent yet."""

import pytest
from django.urls import reverse

from collaborations.models import PartyRole
from tests.collaborations.confirmation_setup import send
from tests.factories import OrganisationFactory, PartyFactory, ProblemDescriptionFactory

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
