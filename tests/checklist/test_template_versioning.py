import pytest
from django.urls import reverse

from checklist import services
from checklist.models import ChecklistTemplate, CollaborationChecklist
from checklist.rules import checklist_status
from collaborations import services as collaboration_services
from collaborations.models import EventKind
from tests.conftest import client_for


@pytest.fixture
def running(lead_org, alice):
    return collaboration_services.create_collaboration(
        title="Trygg Berga",
        area_name="Berga",
        municipality="Åsby",
        lead_organisation=lead_org,
        created_by=alice,
    )


def _new_version_with_guidance(text):
    version_one = ChecklistTemplate.objects.get(version=1)
    draft = services.copy_template_as_new_version(template=version_one)
    draft.steps.filter(key="problem").update(guidance_sv=text)
    draft.publish()
    return draft


def test_a_new_collaboration_starts_with_the_current_template(running):
    assert running.checklist.template.version == 1


def test_new_version_does_not_change_a_running_collaboration(running):
    _new_version_with_guidance("Ny vägledning")
    status = checklist_status(running)
    assert status.template.version == 1
    assert "Ny vägledning" not in status.steps[0].step.guidance_sv


def test_collaborations_created_after_publishing_get_the_new_version(running, lead_org, alice):
    _new_version_with_guidance("Ny vägledning")
    newer = collaboration_services.create_collaboration(
        title="Trygg Lärkan",
        area_name="Lärkan",
        municipality="Åsby",
        lead_organisation=lead_org,
        created_by=alice,
    )
    assert checklist_status(newer).steps[0].step.guidance_sv == "Ny vägledning"


def test_a_draft_version_is_not_used(running, lead_org, alice):
    services.copy_template_as_new_version(template=ChecklistTemplate.objects.get(version=1))
    assert ChecklistTemplate.objects.current().version == 1


def test_staff_move_to_the_newer_version_and_keep_their_markings(running, alice):
    services.mark_not_applicable(
        collaboration=running,
        step=running.checklist.template.steps.get(key="budget"),
        reason="Ingen budget",
        marked_by=alice,
    )
    _new_version_with_guidance("Ny vägledning")
    response = client_for(alice).post(reverse("checklist_upgrade", args=[running.pk]))
    assert response.status_code == 302
    status = checklist_status(running)
    assert status.template.version == 2
    assert status.steps[0].step.guidance_sv == "Ny vägledning"
    assert next(s for s in status.steps if s.step.key == "budget").state == "not_applicable"
    assert running.events.filter(kind=EventKind.CHECKLIST_UPGRADED).exists()


def test_upgrade_without_a_newer_version_says_so(running, alice):
    response = client_for(alice).post(reverse("checklist_upgrade", args=[running.pk]), follow=True)
    assert "följer redan den senaste checklistan" in response.text
    assert CollaborationChecklist.objects.get(collaboration=running).template.version == 1


def test_partner_cannot_upgrade(running, bob, alice):
    from collaborations.models import PartyState
    from tests.factories import PartyFactory, RepresentationFactory

    party = PartyFactory(collaboration=running, state=PartyState.JOINED)
    partner = RepresentationFactory(party=party).user
    _new_version_with_guidance("Ny")
    assert client_for(partner).post(reverse("checklist_upgrade", args=[running.pk])).status_code == 403
    assert CollaborationChecklist.objects.get(collaboration=running).template.version == 1


def test_admin_copies_a_version_and_published_steps_are_read_only(admin_client):
    version_one = ChecklistTemplate.objects.get(version=1)
    response = admin_client.post(
        reverse("admin:checklist_checklisttemplate_changelist"),
        {"action": "make_new_version", "_selected_action": [version_one.pk]},
    )
    assert response.status_code == 302
    draft = ChecklistTemplate.objects.get(version=2)
    assert draft.steps.count() == 16 and not draft.is_published
    page = admin_client.get(reverse("admin:checklist_checklisttemplate_change", args=[version_one.pk]))
    assert 'name="steps-0-guidance_sv"' not in page.text
    page = admin_client.get(reverse("admin:checklist_checklisttemplate_change", args=[draft.pk]))
    assert 'name="steps-0-guidance_sv"' in page.text


def test_the_overview_offers_a_newer_published_version_only(running, alice):
    overview = reverse("collaboration_detail", args=[running.pk])
    offer = "En nyare checklista (version 2) finns"
    assert offer not in client_for(alice).get(overview).text
    draft = services.copy_template_as_new_version(template=ChecklistTemplate.objects.get(version=1))
    assert offer not in client_for(alice).get(overview).text  # a draft is not offered
    draft.publish()
    assert offer in client_for(alice).get(overview).text
    client_for(alice).post(reverse("checklist_upgrade", args=[running.pk]))
    assert "En nyare checklista" not in client_for(alice).get(overview).text  # it follows the newest
