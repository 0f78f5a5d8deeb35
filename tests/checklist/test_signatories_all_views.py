"""Issue 16: who signs for every signing party, in one form under step 15. A party left empty is not
saved; a party filled in wrongly keeps every party from being saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import Signatory, SignatoryAuthority
from collaborations.models import PartyRole, PartyState
from tests.conftest import client_for
from tests.factories import ModelChoiceFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


def edit_url(collaboration):
    return reverse("signatories_edit", args=[collaboration.pk])


def step_15_url(collaboration):
    return reverse("step_detail", args=[collaboration.pk, 15])


def fields(party, name="", title="", authority="", decision=""):
    prefix = f"party-{party.pk}"
    return {
        f"{prefix}-name": name,
        f"{prefix}-title": title,
        f"{prefix}-authority": authority,
        f"{prefix}-decision": decision,
    }


def test_staff_record_every_party_in_one_submit(collaboration, lead, partner_party, alice_client):
    response = alice_client.post(
        edit_url(collaboration),
        fields(lead, "Maria Ek", "VD", SignatoryAuthority.SIGNATORY)
        | fields(
            partner_party, "Karin Berg", "Samordnare", SignatoryAuthority.DECISION, "KS 2026-09-14 § 112"
        ),
    )

    assert response.status_code == 302
    assert response.url == step_15_url(collaboration)
    assert sorted(Signatory.objects.values_list("party", "name", "title", "authority", "decision")) == sorted(
        [
            (lead.pk, "Maria Ek", "VD", "signatory", ""),
            (partner_party.pk, "Karin Berg", "Samordnare", "decision", "KS 2026-09-14 § 112"),
        ]
    )
    page = alice_client.get(response.url).content.decode()
    assert "Undertecknarna är sparade." in page
    assert "Maria Ek, VD" in page
    assert "Karin Berg, Samordnare" in page


def test_a_party_left_empty_is_not_saved(collaboration, lead, partner_party, alice_client):
    response = alice_client.post(
        edit_url(collaboration),
        fields(lead) | fields(partner_party, "Karin Berg", "Samordnare", SignatoryAuthority.SIGNATORY),
    )

    assert response.status_code == 302
    assert list(Signatory.objects.values_list("party", flat=True)) == [partner_party.pk]


def test_a_decision_without_the_decision_saves_no_party(collaboration, lead, partner_party, alice_client):
    response = alice_client.post(
        edit_url(collaboration),
        fields(lead, "Maria Ek", "VD", SignatoryAuthority.SIGNATORY)
        | fields(partner_party, "Karin Berg", "Samordnare", SignatoryAuthority.DECISION),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Formuläret innehåller fel" in page
    assert f'href="#id_party-{partner_party.pk}-decision"' in page
    assert "Åsby kommun – Beslutet som ger behörigheten: Skriv vilket beslut som ger behörigheten." in page
    assert not Signatory.objects.exists()


def test_the_form_shows_what_is_stored_and_saves_a_change(collaboration, lead, partner_party, alice_client):
    Signatory.objects.create(
        party=partner_party, name="Karin Berg", title="Samordnare", authority="signatory"
    )

    form = next(f for f in alice_client.get(edit_url(collaboration)).context["forms"] if f.instance.pk)
    assert (form["name"].value(), form["title"].value()) == ("Karin Berg", "Samordnare")

    alice_client.post(
        edit_url(collaboration),
        fields(lead) | fields(partner_party, "Karin Berg", "Trygghetschef", SignatoryAuthority.SIGNATORY),
    )
    assert Signatory.objects.get(party=partner_party).title == "Trygghetschef"


def test_nothing_changed_saves_nothing(collaboration, lead, partner_party, alice_client):
    response = alice_client.post(edit_url(collaboration), fields(lead) | fields(partner_party), follow=True)

    assert "Inget ändrades." in response.content.decode()
    assert not Signatory.objects.exists()


def test_observers_and_declined_parties_are_not_listed(collaboration, lead, partner_party, alice_client):
    PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER, organisation__name="Observatören")
    PartyFactory(collaboration=collaboration, state=PartyState.DECLINED, organisation__name="Nej tack")

    forms = alice_client.get(edit_url(collaboration)).context["forms"]

    assert [form.legend for form in forms] == sorted([lead.organisation.name, "Åsby kommun"])


def test_outsider_gets_404(collaboration, partner_party, charlie):
    client = client_for(charlie)

    assert client.get(edit_url(collaboration)).status_code == 404
    data = fields(partner_party, "X", "Y", SignatoryAuthority.SIGNATORY)
    assert client.post(edit_url(collaboration), data).status_code == 404
    assert not Signatory.objects.exists()


def test_a_representative_may_not_edit(collaboration, partner_party, bob):
    client = client_for(bob)

    assert client.get(edit_url(collaboration)).status_code == 403
    data = fields(partner_party, "X", "Y", SignatoryAuthority.SIGNATORY)
    assert client.post(edit_url(collaboration), data).status_code == 403
    assert not Signatory.objects.exists()


def test_save_and_next_goes_to_the_next_step_to_do(collaboration, lead, partner_party, alice_client):
    ModelChoiceFactory(collaboration=collaboration)

    response = alice_client.post(
        edit_url(collaboration),
        fields(lead, "Maria Ek", "VD", SignatoryAuthority.SIGNATORY)
        | fields(partner_party)
        | {"and_next": "1"},
    )

    assert response.status_code == 302
    assert Signatory.objects.filter(party=lead).exists()
    # the first step not done is the problem description, which has a page of its own
    assert response.url == reverse("problem_detail", args=[collaboration.pk])


def test_the_step_page_links_to_the_form(collaboration, alice_client):
    page = alice_client.get(step_15_url(collaboration)).content.decode()

    assert f'href="{edit_url(collaboration)}"' in page
    assert "Ange vem som undertecknar för varje part" in page


def test_the_form_is_read_in_queries_that_do_not_grow_with_the_parties(
    collaboration, partner_party, alice_client
):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert alice_client.get(edit_url(collaboration)).status_code == 200
        return len(context)

    alice_client.get(edit_url(collaboration))  # warm caches
    two = queries()
    for n in range(4):
        party = PartyFactory(collaboration=collaboration)
        if n % 2:
            Signatory.objects.create(party=party, name=f"Person {n}", title="VD", authority="signatory")

    assert queries() == two
