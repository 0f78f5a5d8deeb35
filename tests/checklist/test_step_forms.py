""" "Spara och gå till nästa steg" opens the next step's form when the step has one (checklist/step_forms.py):
a step not started opens its form, a step partly done its page; the form just saved never opens again."""

import pytest
from django.urls import reverse

from checklist.models import AgreementTerms, CommunicationPlan, PartyCommitment, Signatory
from tests.agreements.arrange import complete

TERMS = {"starts_on": "2027-01-01", "ends_on": "2029-12-31", "review": "Varje år.", "and_next": "1"}


@pytest.fixture
def filled(collaboration, alice):
    complete(collaboration, alice)
    return collaboration


def test_the_next_step_not_started_opens_its_form(filled, alice_client):
    CommunicationPlan.objects.filter(collaboration=filled).delete()
    response = alice_client.post(reverse("terms_edit", args=[filled.pk]), TERMS)
    assert response.status_code == 302
    assert response.url == reverse("communication_edit", args=[filled.pk])


def test_a_step_with_one_form_for_all_of_it_opens_it_even_when_partly_done(filled, alice_client):
    PartyCommitment.objects.filter(party__collaboration=filled).first().delete()
    response = alice_client.post(reverse("terms_edit", args=[filled.pk]), TERMS)
    assert response.url == reverse("roles_edit_all", args=[filled.pk])


def test_the_form_just_saved_does_not_open_again(filled, alice_client):
    AgreementTerms.objects.filter(collaboration=filled).delete()
    Signatory.objects.filter(party__collaboration=filled).delete()

    response = alice_client.post(reverse("terms_edit", args=[filled.pk]), TERMS)

    # Step 15 still lacks its signatories: their form opens, not the terms form once more.
    assert response.url == reverse("signatories_edit", args=[filled.pk])
    assert AgreementTerms.objects.get(collaboration=filled).review == "Varje år."


def test_a_step_partly_done_opens_its_page_when_no_one_form_finishes_it(filled, alice_client):
    from checklist.models import GroupMember

    GroupMember.objects.filter(collaboration=filled).delete()  # step 9 started, its steering group empty
    response = alice_client.post(
        reverse("communication_edit", args=[filled.pk]),
        {"residents": "Lappar.", "public": "Webben.", "and_next": "1"},
    )
    assert response.url == reverse("step_detail", args=[filled.pk, 9])


def test_the_page_when_the_form_that_finishes_the_step_was_just_saved(filled, alice_client):
    Signatory.objects.filter(party__collaboration=filled).delete()
    data = {"and_next": "1"}
    response = alice_client.post(reverse("signatories_edit", args=[filled.pk]), data)
    assert response.url == reverse("step_detail", args=[filled.pk, 15])
