"""Step 8 in one form: every active party's role and contribution on one page (checklist/roles_views.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import PartyCommitment
from collaborations.models import EventKind, PartyRole, PartyState
from tests.conftest import client_for
from tests.factories import ModelChoiceFactory, PartyCommitmentFactory, PartyFactory


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


@pytest.fixture
def parties(collaboration, lead, partner_party):
    """The lead, the invited partner and a joined association with what it gives already stored."""
    association = PartyFactory(collaboration=collaboration, organisation__name="Norrbacka IF", staff_hours=50)
    PartyCommitmentFactory(party=association, responsibilities="Läxhjälp.")
    return [lead, partner_party, association]


def page_url(collaboration):
    return reverse("roles_edit_all", args=[collaboration.pk])


def shown(client, collaboration) -> dict:
    """The form as the page gives it: every named input, textarea and its value."""
    text = client.get(page_url(collaboration)).text
    data = {}
    for name, value in re.findall(r'<input[^>]*name="(party-[^"]+)"[^>]*value="([^"]*)"', text):
        data[name] = value
    for name, value in re.findall(r'<textarea[^>]*name="(party-[^"]+)"[^>]*>(.*?)</textarea>', text, re.S):
        data[name] = value.strip()
    for name in re.findall(r'<input[^>]*name="(party-[^"]+)"', text):
        data.setdefault(name, "")
    return data


def field(party, name):
    return f"party-{party.pk}-{name}"


def test_page_has_a_fieldset_per_party_prefilled(collaboration, parties, alice_client):
    response = alice_client.get(page_url(collaboration))

    assert response.status_code == 200
    legends = re.findall(r"<legend[^>]*>(.*?)</legend>", response.text)
    assert sorted(legends) == sorted(p.organisation.name for p in parties)
    assert "Läxhjälp." in response.text
    assert f'id="id_{field(parties[2], "staff_hours")}"' in response.text


def test_saves_the_parties_that_changed_and_leaves_the_others(collaboration, parties, alice_client):
    lead, partner, association = parties
    data = shown(alice_client, collaboration)
    data[field(lead, "responsibilities")] = "Samordnar."
    data[field(lead, "staff_hours")] = "800"
    data[field(partner, "responsibilities")] = "Trygghetsvandringar."
    data[field(partner, "money_sek")] = "20000"

    response = alice_client.post(page_url(collaboration), data)

    assert response.status_code == 302
    assert response.url == reverse("step_detail", args=[collaboration.pk, 8])
    lead.refresh_from_db()
    partner.refresh_from_db()
    assert lead.staff_hours == 800
    assert partner.money_sek == 20000
    assert PartyCommitment.objects.get(party=partner).responsibilities == "Trygghetsvandringar."
    assert PartyCommitment.objects.get(party=association).responsibilities == "Läxhjälp."
    saved = collaboration.events.filter(kind=EventKind.PLAN_SAVED).values_list("detail", flat=True)
    assert sorted(saved) == sorted(f"Roll och bidrag: {p.organisation.name}" for p in (lead, partner))


def test_nothing_changed_saves_nothing(collaboration, parties, alice_client):
    response = alice_client.post(page_url(collaboration), shown(alice_client, collaboration))

    assert response.status_code == 302
    assert not collaboration.events.filter(kind=EventKind.PLAN_SAVED).exists()


def test_negative_hours_are_refused_in_swedish_and_nothing_is_saved(collaboration, parties, alice_client):
    lead, partner, _association = parties
    data = shown(alice_client, collaboration)
    data[field(lead, "responsibilities")] = "Samordnar."
    data[field(lead, "staff_hours")] = "800"
    data[field(partner, "responsibilities")] = "Trygghetsvandringar."
    data[field(partner, "staff_hours")] = "-5"

    response = alice_client.post(page_url(collaboration), data)

    assert response.status_code == 200
    assert "Kontrollera att detta värde är större än eller lika med 0" in response.text
    summary = re.search(r'<section id="error-summary".*?</section>', response.text, re.S).group(0)
    assert f'href="#id_{field(partner, "staff_hours")}"' in summary
    assert "Åsby kommun – Personaltid (timmar per år)" in summary
    lead.refresh_from_db()
    assert lead.staff_hours is None
    assert not PartyCommitment.objects.filter(party__in=[lead, partner]).exists()
    assert not collaboration.events.filter(kind=EventKind.PLAN_SAVED).exists()


def test_a_role_without_a_contribution_is_saved(collaboration, parties, alice_client):
    partner = parties[1]
    data = {**shown(alice_client, collaboration), field(partner, "responsibilities"): "Trygghetsvandringar."}

    response = alice_client.post(page_url(collaboration), data)

    assert response.status_code == 302
    assert PartyCommitment.objects.get(party=partner).responsibilities == "Trygghetsvandringar."


def test_a_party_saved_meanwhile_is_a_conflict_when_changed_here(collaboration, parties, alice_client):
    association = parties[2]
    data = {**shown(alice_client, collaboration), field(association, "staff_hours"): "60"}
    association.staff_hours = 70  # someone else, on the one-party form
    association.save()

    response = alice_client.post(page_url(collaboration), data)

    assert response.status_code == 200
    assert "Någon annan har sparat ändringar" in response.text
    assert f"conflict-heading-party-{association.pk}" in response.text
    association.refresh_from_db()
    assert association.staff_hours == 70


def test_a_party_saved_meanwhile_but_left_alone_here_is_kept(collaboration, parties, alice_client):
    partner, association = parties[1], parties[2]
    data = shown(alice_client, collaboration)
    data[field(partner, "responsibilities")] = "Trygghetsvandringar."
    data[field(partner, "staff_hours")] = "100"
    association.staff_hours = 70  # someone else, on the one-party form
    association.save()

    response = alice_client.post(page_url(collaboration), data)

    assert response.status_code == 302
    association.refresh_from_db()
    assert association.staff_hours == 70
    assert PartyCommitment.objects.filter(party=partner).exists()


def test_save_and_next_goes_to_the_next_step_to_do(collaboration, parties, alice_client):
    data = {**shown(alice_client, collaboration), "and_next": "1"}
    data[field(parties[0], "responsibilities")] = "Samordnar."
    data[field(parties[0], "staff_hours")] = "800"

    response = alice_client.post(page_url(collaboration), data)

    assert response.status_code == 302
    # the first step not done is the problem description, which has a page of its own
    assert response.url == reverse("problem_detail", args=[collaboration.pk])


def test_outsider_gets_404(collaboration, parties, charlie):
    assert client_for(charlie).get(page_url(collaboration)).status_code == 404
    data = {field(parties[0], "responsibilities"): "X", field(parties[0], "staff_hours"): "1"}
    assert client_for(charlie).post(page_url(collaboration), data).status_code == 404
    assert not PartyCommitment.objects.filter(party=parties[0]).exists()


def test_representative_of_a_party_cannot_edit(collaboration, parties, bob):
    partner = parties[1]
    assert client_for(bob).get(page_url(collaboration)).status_code == 403
    data = {field(partner, "responsibilities"): "X", field(partner, "staff_hours"): "1"}
    assert client_for(bob).post(page_url(collaboration), data).status_code == 403
    assert not PartyCommitment.objects.filter(party=partner).exists()


def test_declined_parties_are_not_on_the_page(collaboration, parties, alice_client):
    declined = PartyFactory(
        collaboration=collaboration, organisation__name="Nej Tack AB", state=PartyState.DECLINED
    )

    response = alice_client.get(page_url(collaboration))

    assert "Nej Tack AB" not in response.text
    assert field(declined, "staff_hours") not in response.text


def test_step_8_links_to_the_page(collaboration, parties, alice_client):
    response = alice_client.get(reverse("step_detail", args=[collaboration.pk, 8]))

    assert f'href="{page_url(collaboration)}"' in response.text
    assert "Fyll i alla parters roller och bidrag" in response.text


def test_query_count_does_not_grow_with_the_parties(collaboration, parties, alice_client):
    with CaptureQueriesContext(connection) as few:
        assert alice_client.get(page_url(collaboration)).status_code == 200
    for n in range(3):
        party = PartyFactory(collaboration=collaboration, organisation__name=f"Förening {n}", staff_hours=n)
        PartyCommitmentFactory(party=party)
    assert collaboration.parties.count() == 6
    with CaptureQueriesContext(connection) as many:
        assert alice_client.get(page_url(collaboration)).status_code == 200

    assert len(few) == len(many)


# --- The chosen form's usual roles as suggestions ------------------------------------------------

POLICE_EST = "Bidrar med polisens lägesbild varje vecka"


@pytest.fixture
def police(collaboration):
    return PartyFactory(
        collaboration=collaboration, organisation__name="Polisen", organisation__kind="police"
    )


def test_with_a_model_chosen_a_role_not_described_is_suggested_and_nothing_stored(
    collaboration, parties, police, alice_client
):
    ModelChoiceFactory(collaboration=collaboration, model="est")
    response = alice_client.get(page_url(collaboration))
    assert POLICE_EST in response.text
    assert "Rollen är ett förslag" in response.text
    assert "Läxhjälp." in response.text  # a role described stays as it is
    assert not PartyCommitment.objects.filter(party=police).exists()


def test_saving_the_page_as_shown_saves_the_suggested_roles(collaboration, parties, police, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="est")
    alice_client.post(page_url(collaboration), shown(alice_client, collaboration))
    assert PartyCommitment.objects.get(party=police).responsibilities.startswith(POLICE_EST)
    association = parties[2]
    assert PartyCommitment.objects.get(party=association).responsibilities == "Läxhjälp."


def test_before_a_model_is_chosen_nothing_is_suggested(collaboration, parties, police, alice_client):
    response = alice_client.get(page_url(collaboration))
    assert POLICE_EST not in response.text
    assert "Rollen är ett förslag" not in response.text


def test_a_kind_with_no_usual_role_gets_no_suggestion(collaboration, parties, alice_client):
    business = PartyFactory(collaboration=collaboration, organisation__kind="business")
    ModelChoiceFactory(collaboration=collaboration, model="est")
    data = shown(alice_client, collaboration)
    assert data[field(business, "responsibilities")] == ""


@pytest.mark.parametrize("url_name", ["roles_edit_all", "step_detail"])
def test_step_8_reads_commitments_with_the_parties_and_the_form_from_the_kept_facts(
    url_name, collaboration, parties, alice_client
):
    """Each party's commitment comes in the parties' query, the form of collaboration from the
    checklist's facts kept under the change stamp: neither is a query of its own."""
    args = [collaboration.pk] if url_name == "roles_edit_all" else [collaboration.pk, 8]
    url = reverse(url_name, args=args)
    alice_client.get(url)  # the checklist's state is kept
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(url)
    assert "Läxhjälp." in response.text
    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert 'FROM "checklist_partycommitment"' not in tables
    assert 'FROM "collaborations_modelchoice"' not in tables
