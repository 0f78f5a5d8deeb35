"""EST's page under the model step: lead staff record the reporters and the rhythm, saving what is
known; representatives read them only in the agreement; outsiders get a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.est_models import EstArrangement, EstReporter
from collaborations.models import EventKind, PartyRole
from tests.conftest import client_for
from tests.factories import CollaborationFactory, EventFactory, ModelChoiceFactory, PartyFactory


@pytest.fixture
def est(collaboration):
    return ModelChoiceFactory(collaboration=collaboration, model="est")


@pytest.fixture
def lead(collaboration):
    return collaboration.parties.get(role=PartyRole.LEAD)


def url(name, collaboration, *args):
    return reverse(name, args=[collaboration.pk, *args])


def reporter(collaboration, party, **fields):
    return EstReporter.objects.create(collaboration=collaboration, party=party, **fields)


# --- The page -----------------------------------------------------------------------------------


def test_lead_staff_see_the_page_saying_persons_are_never_reported(collaboration, est, alice_client):
    response = alice_client.get(url("est_edit", collaboration))

    html = response.content.decode()
    assert response.status_code == 200
    assert "EST: rapportering och rytm" in html
    assert "aldrig personer: inga namn" in html
    assert "Lokalpolisområde" in html


def test_only_what_is_known_is_saved(collaboration, est, alice_client):
    response = alice_client.post(url("est_edit", collaboration), {"police_area": "Lokalpolisområde Åsby"})

    assert response.status_code == 302
    arrangement = EstArrangement.objects.get(collaboration=collaboration)
    assert arrangement.police_area == "Lokalpolisområde Åsby"
    assert arrangement.weekly_day == "" and arrangement.weekly_time is None
    assert arrangement.analysis_cadence == "" and arrangement.has_citizen_promise is None


def test_the_whole_rhythm_is_saved(collaboration, est, lead, alice_client):
    data = {
        "weekly_day": "tuesday",
        "weekly_time": "09:00",
        "weekly_form": "Digitalt",
        "weekly_lead_party": lead.pk,
        "weekly_lead_person": "Anna Lind",
        "analysis_cadence": "quarterly",
        "analysis_by": "Trygghetssamordnaren",
        "yearly_follow_up": "I januari",
        "documentation": "En logg",
        "likely_causes": "Mörka passager",
        "has_citizen_promise": "true",
        "citizen_promise_url": "https://example.test/medborgarlofte",
    }
    alice_client.post(url("est_edit", collaboration), data)

    arrangement = EstArrangement.objects.get(collaboration=collaboration)
    assert arrangement.weekly_day == "tuesday" and str(arrangement.weekly_time) == "09:00:00"
    assert arrangement.weekly_lead_party == lead
    assert arrangement.has_citizen_promise is True
    assert arrangement.citizen_promise_url == "https://example.test/medborgarlofte"


def test_saving_is_logged(collaboration, est, alice_client):
    alice_client.post(url("est_edit", collaboration), {"police_area": "Åsby"})

    assert collaboration.events.filter(kind=EventKind.PLAN_SAVED, detail="EST-rytmen").exists()


def test_a_reason_for_an_unknown_fact_is_kept_only_while_it_is_unknown(collaboration, est, alice_client):
    alice_client.post(url("est_edit", collaboration), {"police_area_unknown": "missing_from_sources"})
    assert (
        EstArrangement.objects.get(collaboration=collaboration).police_area_unknown == "missing_from_sources"
    )

    alice_client.post(
        url("est_edit", collaboration), {"police_area": "Åsby", "police_area_unknown": "missing_from_sources"}
    )
    assert EstArrangement.objects.get(collaboration=collaboration).police_area_unknown == ""


def test_a_link_to_a_citizen_promise_marks_that_there_is_one(collaboration, est, alice_client):
    alice_client.post(url("est_edit", collaboration), {"citizen_promise_url": "https://example.test/lofte"})

    assert EstArrangement.objects.get(collaboration=collaboration).has_citizen_promise is True


def test_a_link_to_a_citizen_promise_that_does_not_exist_is_refused(collaboration, est, alice_client):
    data = {"has_citizen_promise": "false", "citizen_promise_url": "https://example.test/lofte"}
    response = alice_client.post(url("est_edit", collaboration), data)

    assert response.status_code == 200
    assert "det finns inget medborgarlöfte" in response.content.decode()
    assert not EstArrangement.objects.exists()


def test_a_bad_link_and_a_bad_time_are_refused_in_swedish(collaboration, est, alice_client):
    data = {"citizen_promise_url": "javascript:alert(1)", "weekly_time": "25:99"}
    response = alice_client.post(url("est_edit", collaboration), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fyll i en giltig URL." in html and "Fyll i en giltig tid." in html
    assert not EstArrangement.objects.exists()


def test_a_weekly_lead_from_another_collaboration_is_refused(collaboration, est, alice_client):
    stranger = PartyFactory()
    response = alice_client.post(url("est_edit", collaboration), {"weekly_lead_party": stranger.pk})

    assert response.status_code == 200
    assert not EstArrangement.objects.exists()


# --- Reporters ----------------------------------------------------------------------------------


def test_add_a_reporter_with_categories(collaboration, est, lead, alice_client):
    data = {
        "party": lead.pk,
        "person": "Områdesvärdarna",
        "channel": "form",
        "categories": ["vandalism", "lighting"],
        "other_category": "Trasiga lekplatser",
    }
    response = alice_client.post(url("est_reporter_create", collaboration), data)

    assert response.status_code == 302
    saved = EstReporter.objects.get(collaboration=collaboration)
    assert saved.party == lead and saved.categories == ["vandalism", "lighting"]
    assert saved.category_labels == ["Skadegörelse", "Trasig eller saknad belysning", "Trasiga lekplatser"]
    page = alice_client.get(url("est_edit", collaboration)).content.decode()
    assert "Områdesvärdarna" in page and "Ett digitalt formulär eller en app" in page


def test_a_reporter_can_be_saved_with_only_the_party(collaboration, est, lead, alice_client):
    alice_client.post(url("est_reporter_create", collaboration), {"party": lead.pk})

    saved = EstReporter.objects.get(collaboration=collaboration)
    assert (saved.person, saved.channel, saved.categories) == ("", "", [])


def test_the_reporter_form_says_persons_are_never_reported(collaboration, est, alice_client):
    html = alice_client.get(url("est_reporter_create", collaboration)).content.decode()

    assert "aldrig personer: inga namn" in html
    assert "Skadegörelse" in html and "Platser som upplevs otrygga (igenvuxna, mörka, skymda)" in html


def test_a_category_about_persons_is_refused(collaboration, est, lead, alice_client):
    data = {"party": lead.pk, "categories": ["youths_gathering"]}
    response = alice_client.post(url("est_reporter_create", collaboration), data)

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not EstReporter.objects.exists()


def test_a_reporter_without_party_is_refused_in_swedish(collaboration, est, alice_client):
    response = alice_client.post(url("est_reporter_create", collaboration), {"person": "Någon"})

    assert "Välj den part som rapportören rapporterar för." in response.content.decode()
    assert not EstReporter.objects.exists()


def test_a_reporter_for_a_party_of_another_collaboration_is_refused(collaboration, est, alice_client):
    response = alice_client.post(url("est_reporter_create", collaboration), {"party": PartyFactory().pk})

    assert response.status_code == 200
    assert not EstReporter.objects.exists()


def test_edit_and_remove_a_reporter(collaboration, est, lead, alice_client):
    row = reporter(collaboration, lead, person="Vakt")

    alice_client.post(url("est_reporter_edit", collaboration, row.pk), {"party": lead.pk, "person": "Värd"})
    row.refresh_from_db()
    assert row.person == "Värd"

    alice_client.post(url("est_reporter_delete", collaboration, row.pk))
    assert not EstReporter.objects.exists()


def test_a_reporter_of_another_collaboration_of_the_same_lead_is_404(collaboration, est, alice_client):
    elsewhere = CollaborationFactory(lead_organisation=collaboration.lead_organisation)
    theirs = reporter(elsewhere, elsewhere.parties.get(role=PartyRole.LEAD))

    assert alice_client.get(url("est_reporter_edit", collaboration, theirs.pk)).status_code == 404
    assert alice_client.post(url("est_reporter_delete", collaboration, theirs.pk)).status_code == 404
    assert EstReporter.objects.filter(pk=theirs.pk).exists()


# --- Who may -----------------------------------------------------------------------------------


def test_representative_may_not_edit(collaboration, est, bob):
    client = client_for(bob)

    assert client.get(url("est_edit", collaboration)).status_code == 403
    assert client.post(url("est_edit", collaboration), {"police_area": "X"}).status_code == 403
    assert not EstArrangement.objects.exists()


def test_outsider_gets_404(collaboration, est, charlie):
    client = client_for(charlie)

    assert client.get(url("est_edit", collaboration)).status_code == 404
    assert client.post(url("est_reporter_create", collaboration), {}).status_code == 404


def test_the_page_says_when_est_is_not_the_chosen_form(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model="bid")

    response = alice_client.get(url("est_edit", collaboration))

    assert response.status_code == 200
    assert "EST är inte den valda samverkansformen" in response.content.decode()


def test_the_page_says_nothing_of_the_kind_when_est_is_chosen(collaboration, est, alice_client):
    assert (
        "EST är inte den valda samverkansformen"
        not in alice_client.get(url("est_edit", collaboration)).content.decode()
    )


def test_details_of_est_lead_staff_to_this_page_and_representatives_to_the_agreement(
    collaboration, est, alice_client, bob
):
    assert alice_client.get(url("model_details", collaboration)).url == url("est_edit", collaboration)
    assert client_for(bob).get(url("model_details", collaboration)).url == url(
        "agreement_preview", collaboration
    )


def test_the_model_step_links_lead_staff_to_this_page(collaboration, est, alice_client, bob):
    link = f'href="{url("est_edit", collaboration)}"'

    assert link in alice_client.get(url("model_choice", collaboration)).content.decode()
    assert link not in client_for(bob).get(url("model_choice", collaboration)).content.decode()


# --- Queries -----------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_reporters(collaboration, est, alice_client):
    def grow(n):
        for _ in range(n):
            party = PartyFactory(collaboration=collaboration)
            reporter(collaboration, party, person="Värd", channel="email", categories=["graffiti"])
            EventFactory(collaboration=collaboration)

    grow(2)
    with CaptureQueriesContext(connection) as small:
        assert alice_client.get(url("est_edit", collaboration)).status_code == 200
    grow(20)
    with CaptureQueriesContext(connection) as large:
        assert alice_client.get(url("est_edit", collaboration)).status_code == 200
    assert len(small) == len(large)


# --- Drafting from the model (issue 16) ----------------------------------------------------------


def test_a_new_est_page_opens_with_the_usual_arrangement_unsaved(collaboration, est, alice_client):
    page = alice_client.get(url("est_edit", collaboration)).content.decode()

    assert "Ett förslag: EST:s vanliga analys" in page
    assert "En gång per år följer styrgruppen upp lägesbilderna" in page
    assert '<option value="quarterly" selected>' in page
    assert not EstArrangement.objects.filter(collaboration=collaboration).exists()


def test_once_saved_the_page_shows_what_is_stored_not_the_suggestion(collaboration, est, alice_client):
    alice_client.post(url("est_edit", collaboration), {"police_area": "Åsby"})

    page = alice_client.get(url("est_edit", collaboration)).content.decode()

    assert "Ett förslag: EST:s vanliga analys" not in page
    assert "En gång per år följer styrgruppen upp lägesbilderna" not in page


def test_save_and_next_goes_on_to_the_next_step(collaboration, est, alice_client):
    response = alice_client.post(url("est_edit", collaboration), {"police_area": "Åsby", "and_next": "1"})

    from checklist.rules import checklist_status
    from checklist.steps import step_url

    collaboration.refresh_from_db()
    next_step = checklist_status(collaboration).next_step
    assert response.status_code == 302
    assert response.url == step_url(collaboration, next_step.step)
