"""Issue 14: who signs for each signing party, with their authority (firmatecknare, or a named person
authorised by a decision), edited under step 15 by the lead's staff and shown in the signature blocks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import Signatory, SignatoryAuthority
from checklist.rules import checklist_status
from collaborations.models import PartyRole
from tests.conftest import client_for
from tests.factories import AgreementTermsFactory, PartyFactory

pytestmark = pytest.mark.django_db


def edit_url(party):
    return reverse("signatory_edit", args=[party.collaboration_id, party.pk])


def test_staff_record_a_named_person_authorised_by_a_decision(partner_party, alice_client):
    response = alice_client.post(
        edit_url(partner_party),
        {
            "name": "Karin Berg",
            "title": "Trygghetssamordnare",
            "authority": SignatoryAuthority.DECISION,
            "decision": "Kommunstyrelsens beslut 2026-09-14, § 112",
        },
    )

    assert response.status_code == 302
    signatory = Signatory.objects.get(party=partner_party)
    assert (signatory.name, signatory.title, signatory.authority_in_words) == (
        "Karin Berg",
        "Trygghetssamordnare",
        "Behörig genom: Kommunstyrelsens beslut 2026-09-14, § 112",
    )
    page = alice_client.get(response.url).content.decode()
    assert "Karin Berg, Trygghetssamordnare" in page


def test_a_decision_in_words_is_needed_when_the_authority_is_a_decision(partner_party, alice_client):
    response = alice_client.post(
        edit_url(partner_party),
        {
            "name": "Karin Berg",
            "title": "Samordnare",
            "authority": SignatoryAuthority.DECISION,
            "decision": "",
        },
    )

    assert response.status_code == 200
    assert "Skriv vilket beslut som ger behörigheten." in response.content.decode()
    assert not Signatory.objects.exists()


def test_a_firmatecknare_keeps_no_decision(partner_party, alice_client):
    alice_client.post(
        edit_url(partner_party),
        {"name": "Eva Sund", "title": "VD", "authority": SignatoryAuthority.SIGNATORY, "decision": "Gammalt"},
    )

    signatory = Signatory.objects.get(party=partner_party)
    assert (signatory.decision, signatory.authority_in_words) == ("", "Firmatecknare")


def test_outsiders_get_404_and_partners_may_not_edit(partner_party, bob, charlie):
    for user, status in ((bob, 403), (charlie, 404)):
        assert client_for(user).get(edit_url(partner_party)).status_code == status
        client_for(user).post(edit_url(partner_party), {"name": "X", "title": "Y", "authority": "signatory"})
    assert not Signatory.objects.exists()


def test_an_observer_signs_nothing(collaboration, alice_client):
    observer = PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)

    assert alice_client.get(edit_url(observer)).status_code == 404


def test_step_15_lists_the_signatories_in_queries_that_do_not_grow_with_the_parties(
    collaboration, partner_party, alice_client
):
    url = reverse("step_detail", args=[collaboration.pk, 15])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert alice_client.get(url).status_code == 200
        return len(context)

    alice_client.get(url)  # warm caches
    few = queries()
    for n in range(3):
        party = PartyFactory(collaboration=collaboration)
        Signatory.objects.create(party=party, name=f"Person {n}", title="VD", authority="signatory")

    assert queries() == few


def test_step_15_is_not_done_while_a_signing_party_has_no_signatory(collaboration, partner_party):
    AgreementTermsFactory(collaboration=collaboration)
    observer = PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)

    def step():
        collaboration.touch()
        return next(s for s in checklist_status(collaboration).steps if s.step.key == "terms")

    assert not step().is_complete
    for party in collaboration.parties.exclude(pk=observer.pk):
        Signatory.objects.create(party=party, name="Namn", title="VD", authority="signatory")

    assert step().is_complete  # the observer signs nothing


def test_the_authority_is_one_of_two_without_an_empty_choice(partner_party, alice_client):
    form = alice_client.get(edit_url(partner_party)).context["form"]

    assert [value for value, _label in form.fields["authority"].choices] == ["signatory", "decision"]


def test_a_signatory_is_saved_without_a_title_and_the_block_leaves_a_line_for_it(db):
    """Nothing demanded: a title not known yet is written in at signing (the block has its line)."""
    from checklist.forms import SignatoryForm

    form = SignatoryForm(data={"name": "Mats Ek", "title": "", "authority": "signatory", "decision": ""})
    assert form.is_valid(), form.errors
