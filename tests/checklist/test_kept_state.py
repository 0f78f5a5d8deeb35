"""The checklist's state is computed once per change and kept under the collaboration's change stamp
(issue 17). It must never be stale: after a change made through any service (or the operator's
admin), the next page shows the new state."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist import services as checklist_services
from checklist.facts import StepState
from checklist.models import LegalTopic, ReviewStatus
from collaborations import services
from collaborations.confirmations import answers, links, queries, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import Collaboration, ConfirmationAnswer, PartyState
from samverkan.unknowns import PartialDate
from tests.conftest import client_for
from tests.factories import OrganisationFactory, PartyFactory, RepresentationFactory, UserFactory

BASE_URL = "http://testserver"


def _states(client, collaboration):
    response = client.get(reverse("collaboration_detail", args=[collaboration.pk]))
    assert response.status_code == 200
    return {s.step.key: s.state for s in response.context["checklist"].steps}


@pytest.fixture
def started(alice, lead_org):
    """A collaboration made through the service (so with its own checklist), and a partner."""
    collaboration = services.create_collaboration(
        title="Trygg Norrbacka",
        area_name="Norrbacka",
        municipality="Åsby",
        lead_organisation=lead_org,
        created_by=alice,
    )
    return collaboration


def _problem(c, alice):
    services.save_problem_description(
        collaboration=c,
        author=alice,
        based_on_version=0,
        text="Otrygghet.",
        focus_areas=["safety"],
        evidence="",
    )


def _partner(c, alice, name="Åsby kommun", email="kontakt@kommun.example"):
    return services.add_party(
        collaboration=c,
        added_by=alice,
        organisation=OrganisationFactory(name=name, kind="municipality"),
        contact_email=email,
    )


CHANGES = {
    "problem": lambda c, alice: _problem(c, alice),
    "residents": lambda c, alice: services.save_involvement(
        collaboration=c,
        saved_by=alice,
        method="dialogue",
        held_on=PartialDate(datetime.date(2026, 9, 1)),
        participants=12,
        learned="Mörka gångvägar.",
    ),
    "parties": lambda c, alice: _partner(c, alice),
    "mandate": lambda c, alice: services.save_mandate(
        party=c.parties.get(role="lead"),
        saved_by=alice,
        decided_by="Styrelsen",
        decided_on=PartialDate(datetime.date(2026, 8, 1)),
        scope="Driva arbetet.",
    ),
    "goal": lambda c, alice: services.save_goal(collaboration=c, saved_by=alice, overall="Tryggare torg."),
    "legal": lambda c, alice: checklist_services.save_legal_review(
        collaboration=c, topic=LegalTopic.PERSONAL_DATA, saved_by=alice, status=ReviewStatus.IN_PROGRESS
    ),
    "communication": lambda c, alice: checklist_services.save_communication_plan(
        collaboration=c, saved_by=alice, residents="Lappar i trapphusen.", public="Webbplatsen."
    ),
    "terms": lambda c, alice: checklist_services.save_terms(
        collaboration=c,
        saved_by=alice,
        starts_on=PartialDate(datetime.date(2027, 1, 1)),
        ends_on=PartialDate(datetime.date(2029, 12, 31)),
        review="Varje år.",
        termination="Sex månader.",
        changes="Skriftligen.",
        disputes="Förhandling.",
    ),
}


@pytest.mark.parametrize("key", sorted(CHANGES))
def test_a_change_through_a_service_shows_on_the_next_page(started, alice, key):
    client = client_for(alice)
    before = _states(client, started)  # computed and kept
    assert before[key] == StepState.NOT_STARTED
    CHANGES[key](Collaboration.objects.get(pk=started.pk), alice)
    assert _states(client, started)[key] != StepState.NOT_STARTED


def test_marking_a_step_not_applicable_and_reopening_it_show(started, alice):
    client = client_for(alice)
    step = started.checklist.template.steps.get(key="budget")
    _states(client, started)
    checklist_services.mark_not_applicable(
        collaboration=started, step=step, reason="Ingen budget.", marked_by=alice
    )
    assert _states(client, started)["budget"] == StepState.NOT_APPLICABLE
    checklist_services.reopen_step(collaboration=started, step=step, reopened_by=alice)
    assert _states(client, started)["budget"] == StepState.NOT_STARTED


def test_sending_answering_and_resending_show_on_step_5(started, alice):
    client = client_for(alice)
    _problem(started, alice)
    party = _partner(started, alice)
    assert _states(client, started)["shared_problem"] == StepState.NOT_STARTED
    sending.send(subject=PROBLEM, version=started.latest_problem(), sent_by=alice, base_url=BASE_URL)
    assert _states(client, started)["shared_problem"] == StepState.IN_PROGRESS
    # A party added after the version was sent is asked by a new invitation: one more asked.
    late = _partner(started, alice, name="Polisen", email="polis@example.test")
    _states(client, started)
    sending.resend_invitation(party=late, sent_by=alice, base_url=BASE_URL)
    page = client.get(reverse("collaboration_detail", args=[started.pk]))
    agreed, asked, _all_agree = page.context["agreement"]
    assert (agreed, asked) == (0, 2)
    for each in (party, late):
        bob = RepresentationFactory(party=each).user
        recipient = queries.current_recipient(each, subject=PROBLEM)
        answers.submit_answer(
            subject=PROBLEM,
            recipient=recipient,
            answered_by=bob,
            seen_version=recipient.request.version,
            answer=ConfirmationAnswer.AGREE,
        )
    assert _states(client, started)["shared_problem"] == StepState.DONE


def test_accepting_an_invitation_shows(started, alice):
    """A partner that joins by its link counts as joined at once (step 16 waits for joined partners)."""
    client = client_for(alice)
    _problem(started, alice)
    party = _partner(started, alice)
    sending.send(subject=PROBLEM, version=started.latest_problem(), sent_by=alice, base_url=BASE_URL)
    stamp = Collaboration.objects.get(pk=started.pk).updated_at
    _states(client, started)
    invitation = queries.current_recipient(party, subject=PROBLEM).invitations.get()
    user = UserFactory(email=party.contact_email)
    links.accept_invitation(invitation=invitation, user=user)
    party.refresh_from_db()
    assert party.state == PartyState.JOINED
    assert Collaboration.objects.get(pk=started.pk).updated_at > stamp


def test_an_operators_change_in_the_admin_shows(started, admin_client, alice):
    client = client_for(alice)
    assert _states(client, started)["goal"] == StepState.NOT_STARTED
    response = admin_client.post(
        reverse("admin:collaborations_goal_add"), {"collaboration": started.pk, "overall": "Tryggare torg."}
    )
    assert response.status_code == 302
    assert _states(client, started)["goal"] == StepState.IN_PROGRESS


def test_the_kept_state_is_read_without_computing_it_again(started, alice):
    client = client_for(alice)
    _states(client, started)
    with CaptureQueriesContext(connection) as first:
        _states(client, started)
    cache.clear()
    with CaptureQueriesContext(connection) as computed:
        _states(client, started)
    # The rules' queries (about 17) are left out when the state is kept.
    assert len(first) <= len(computed) - 10


def test_a_collaboration_following_the_current_template_is_not_kept(db, lead_org, alice):
    """Without a checklist of its own it follows whatever template is published: an operator publishing
    a new one does not touch it, so its state is computed every time."""
    collaboration = Collaboration.objects.create(
        title="Utan lista", area_name="X", municipality="Y", lead_organisation=lead_org
    )
    PartyFactory(collaboration=collaboration, organisation=OrganisationFactory(), state=PartyState.JOINED)
    _states(client_for(alice), collaboration)
    assert not [key for key in cache._cache if "checklist-status" in key]


def _dashboard_progress(client, collaboration):
    """The number of steps done on the collaboration's card (its progress bar's value)."""
    html = client.get(reverse("dashboard")).content.decode()
    card = html.split(f'href="{reverse("collaboration_detail", args=[collaboration.pk])}"')[1]
    return int(re.search(r'<progress [^>]*value="(\d+)"', card).group(1))


def test_the_dashboard_keeps_only_the_progress_and_it_follows_a_change(started, alice):
    client = client_for(alice)
    before = _dashboard_progress(client, started)
    assert [key for key in cache._cache if ":progress:checklist-status:" in key]
    checklist_services.mark_not_applicable(
        collaboration=started,
        step=started.checklist.template.steps.get(key="budget"),
        reason="Ingen budget.",
        marked_by=alice,
    )
    assert _dashboard_progress(client, started) == before + 1
