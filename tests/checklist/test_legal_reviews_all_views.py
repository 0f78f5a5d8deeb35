"""Issue 16: step 10's legal reviews, every topic in one form. A topic left as it was is not saved; a
topic filled in wrongly keeps every topic from being saved."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import LegalReview, LegalTopic, ReviewStatus
from collaborations.models import CollaborationModel
from tests.conftest import client_for
from tests.factories import LegalReviewFactory, ModelChoiceFactory, PartyFactory

pytestmark = pytest.mark.django_db


def edit_url(collaboration):
    return reverse("legal_reviews_edit", args=[collaboration.pk])


def step_10_url(collaboration):
    return reverse("step_detail", args=[collaboration.pk, 10])


def fields(topic, status=ReviewStatus.NOT_STARTED, assessment="", assessed_by="", assessed_on=""):
    prefix = f"topic-{topic}"
    return {
        f"{prefix}-status": status,
        f"{prefix}-assessment": assessment,
        f"{prefix}-assessed_by": assessed_by,
        f"{prefix}-assessed_on": assessed_on,
    }


def untouched(*but):
    """Every topic as a fresh form posts it, but the topics in `but`."""
    data = {}
    for topic in LegalTopic.values:
        if topic not in but:
            data |= fields(topic)
    return data


def test_staff_assess_several_topics_in_one_submit(collaboration, alice_client):
    response = alice_client.post(
        edit_url(collaboration),
        untouched(LegalTopic.PERSONAL_DATA, LegalTopic.STATE_AID)
        | fields(
            LegalTopic.PERSONAL_DATA, ReviewStatus.ASSESSED, "Inga personuppgifter.", "Jurist", "2026-11-01"
        )
        | fields(LegalTopic.STATE_AID, ReviewStatus.IN_PROGRESS, "Vi utreder."),
    )

    assert response.status_code == 302
    assert response.url == step_10_url(collaboration)
    assert dict(LegalReview.objects.values_list("topic", "status")) == {
        "personal_data": "assessed",
        "state_aid": "in_progress",
    }
    page = alice_client.get(response.url).content.decode()
    assert "De juridiska granskningarna är sparade." in page
    assert "Inga personuppgifter." in page


def test_a_topic_left_as_it_was_is_not_saved(collaboration, alice_client):
    alice_client.post(
        edit_url(collaboration),
        untouched(LegalTopic.STATE_AID) | fields(LegalTopic.STATE_AID, ReviewStatus.IN_PROGRESS),
    )

    assert list(LegalReview.objects.values_list("topic", flat=True)) == ["state_aid"]


def test_assessed_without_the_assessment_saves_no_topic(collaboration, alice_client):
    response = alice_client.post(
        edit_url(collaboration),
        untouched(LegalTopic.PERSONAL_DATA, LegalTopic.STATE_AID)
        | fields(LegalTopic.STATE_AID, ReviewStatus.IN_PROGRESS, "Vi utreder.")
        | fields(LegalTopic.PERSONAL_DATA, ReviewStatus.ASSESSED),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Formuläret innehåller fel" in page
    assert 'href="#id_topic-personal_data-assessment"' in page
    assert "Skriv bedömningen innan du markerar frågan som bedömd." in page
    assert not LegalReview.objects.exists()


def test_the_form_shows_what_is_stored_and_saves_a_change(collaboration, alice_client):
    LegalReviewFactory(collaboration=collaboration, topic=LegalTopic.PERSONAL_DATA, assessment="Gammal.")

    forms = alice_client.get(edit_url(collaboration)).context["forms"]
    stored = next(form for form in forms if form.instance.pk)
    assert stored["assessment"].value() == "Gammal."

    alice_client.post(
        edit_url(collaboration),
        untouched(LegalTopic.PERSONAL_DATA)
        | fields(LegalTopic.PERSONAL_DATA, ReviewStatus.ASSESSED, "Ny.", "Jurist", "2026-10-01"),
    )
    assert LegalReview.objects.get().assessment == "Ny."


def test_the_required_topics_are_marked(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration, model=CollaborationModel.IOP)

    forms = alice_client.get(edit_url(collaboration)).context["forms"]

    assert {form.prefix: bool(form.legend_note) for form in forms} == {
        "topic-procurement": True,
        "topic-state_aid": True,
        "topic-personal_data": True,
        "topic-competition": False,
    }


def test_outsider_gets_404(collaboration, charlie):
    client = client_for(charlie)

    assert client.get(edit_url(collaboration)).status_code == 404
    data = fields(LegalTopic.STATE_AID, ReviewStatus.IN_PROGRESS)
    assert client.post(edit_url(collaboration), data).status_code == 404
    assert not LegalReview.objects.exists()


def test_a_representative_may_not_edit(collaboration, bob):
    client = client_for(bob)

    assert client.get(edit_url(collaboration)).status_code == 403
    data = fields(LegalTopic.STATE_AID, ReviewStatus.IN_PROGRESS)
    assert client.post(edit_url(collaboration), data).status_code == 403
    assert not LegalReview.objects.exists()


def test_save_and_next_goes_to_the_next_step_to_do(collaboration, alice_client):
    ModelChoiceFactory(collaboration=collaboration)

    response = alice_client.post(
        edit_url(collaboration),
        untouched(LegalTopic.STATE_AID)
        | fields(LegalTopic.STATE_AID, ReviewStatus.IN_PROGRESS)
        | {"and_next": "1"},
    )

    assert response.status_code == 302
    assert LegalReview.objects.filter(topic=LegalTopic.STATE_AID).exists()
    # the first step not done is the problem description, which has a page of its own
    assert response.url == reverse("problem_detail", args=[collaboration.pk])


def test_the_step_page_links_to_the_form(collaboration, alice_client):
    page = alice_client.get(step_10_url(collaboration)).content.decode()

    assert f'href="{edit_url(collaboration)}"' in page
    assert "Fyll i alla bedömningar" in page


def test_the_form_is_read_in_queries_that_do_not_grow_with_the_parties_or_reviews(
    collaboration, partner_party, alice_client
):
    def queries():
        with CaptureQueriesContext(connection) as context:
            assert alice_client.get(edit_url(collaboration)).status_code == 200
        return len(context)

    alice_client.get(edit_url(collaboration))  # warm caches
    few = queries()
    for _n in range(4):
        PartyFactory(collaboration=collaboration)
    for topic in (LegalTopic.PERSONAL_DATA, LegalTopic.STATE_AID, LegalTopic.COMPETITION):
        LegalReviewFactory(collaboration=collaboration, topic=topic)

    assert queries() == few
