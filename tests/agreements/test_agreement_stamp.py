"""The agreement is built once per change and kept under its stamp (agreements/stamp.py, issue 17).
It must never be stale: after a change to anything the agreement reads, made any way at all, the next
page shows the new text and the next download makes its PDF; while nothing changed, nothing is built."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from agreements import services, stamp
from agreements.models import AgreementVersion
from checklist import services as checklist_services
from checklist.models import ChecklistTemplate, Step
from collaborations import services as collaboration_services
from collaborations.confirmations import answers, queries, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import Collaboration, ConfirmationAnswer, EventKind, Organisation
from samverkan.events import record_event
from samverkan.unknowns import PartialDate
from tests.conftest import client_for
from tests.factories import OrganisationFactory, RepresentationFactory, UserFactory

BASE_URL = "http://testserver"


@pytest.fixture
def started(alice, lead_org):
    """A collaboration made as the service makes it (a checklist of its own), with a partner and a
    problem description sent to it, answered by its representative Bob Berg."""
    collaboration = collaboration_services.create_collaboration(
        title="Trygg Norrbacka",
        area_name="Norrbacka",
        municipality="Åsby",
        lead_organisation=lead_org,
        created_by=alice,
    )
    party = collaboration_services.add_party(
        collaboration=collaboration,
        added_by=alice,
        organisation=OrganisationFactory(name="Åsby kommun", kind="municipality"),
        contact_email="kontakt@kommun.example",
    )
    collaboration_services.save_problem_description(
        collaboration=collaboration,
        author=alice,
        based_on_version=0,
        text="Otrygghet kvällstid.",
        focus_areas=["safety"],
        evidence="",
    )
    sending.send(subject=PROBLEM, version=collaboration.latest_problem(), sent_by=alice, base_url=BASE_URL)
    bob = RepresentationFactory(party=party, user__first_name="Bob", user__last_name="Berg").user
    recipient = queries.current_recipient(party, subject=PROBLEM)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=recipient,
        answered_by=bob,
        seen_version=recipient.request.version,
        answer=ConfirmationAnswer.AGREE,
    )
    return Collaboration.objects.get(pk=collaboration.pk)


def _page(client, collaboration) -> str:
    response = client.get(reverse("agreement_preview", args=[collaboration.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _document(page) -> str:
    return page[page.index('<article class="agreement') :]


def _rename_user(user, first_name):
    # As any write would: through the ORM's update, which no signal or save() override sees.
    User.objects.filter(pk=user.pk).update(first_name=first_name)


def _publish_template_with_goal_titled(title):
    """An operator publishes a new checklist whose goal step has another title."""
    template = checklist_services.copy_template_as_new_version(template=ChecklistTemplate.objects.current())
    Step.objects.filter(template=template, key="goal").update(title_sv=title)
    template.publish()


def _upgrade_to_new_template(collaboration, alice):
    _publish_template_with_goal_titled("Sätt målen noga")
    checklist_services.upgrade_checklist(collaboration=collaboration, upgraded_by=alice)


# Each input of the agreement, changed the way that changes it, and a text the page then shows.
CHANGES = {
    "a partner organisation renamed": (
        lambda c, alice: Organisation.objects.filter(name="Åsby kommun").update(name="Åsby stad"),
        "Åsby stad",
    ),
    "the lead organisation renamed": (
        lambda c, alice: Organisation.objects.filter(pk=c.lead_organisation_id).update(name="Hem i Åsby AB"),
        "Hem i Åsby AB",
    ),
    "an organisation's number recorded": (
        lambda c, alice: Organisation.objects.filter(name="Åsby kommun").update(org_number="212000-0001"),
        "212000-0001",
    ),
    "a party changed": (
        lambda c, alice: collaboration_services.update_party(
            party=c.parties.get(organisation__name="Åsby kommun"),
            edited_by=alice,
            role="partner",
            state="joined",
            contact_name="Karin Kommun",
            contact_email="kontakt@kommun.example",
            contact_phone="",
            staff_hours=None,
            money_sek=None,
            premises="Lokaler i Folkets hus",
            other_contribution="",
        ),
        "Lokaler i Folkets hus",
    ),
    "a step's data saved": (
        lambda c, alice: collaboration_services.save_goal(
            collaboration=c, saved_by=alice, overall="Ett torg för alla."
        ),
        "Ett torg för alla.",
    ),
    "a residents' meeting recorded": (
        lambda c, alice: collaboration_services.save_involvement(
            collaboration=c,
            saved_by=alice,
            method="dialogue",
            held_on=PartialDate(datetime.date(2026, 9, 1)),
            participants=12,
            learned="Mörka gångvägar vid skolan.",
        ),
        "Mörka gångvägar vid skolan.",
    ),
    "the problem description rewritten": (
        lambda c, alice: collaboration_services.save_problem_description(
            collaboration=c,
            author=alice,
            based_on_version=1,
            text="Otrygghet och skadegörelse.",
            focus_areas=["safety"],
            evidence="",
        ),
        "Version 2 av problembeskrivningen",
    ),
    "the name of a user in the log": (
        lambda c, alice: _rename_user(alice, "Alicia"),
        "Alicia",
    ),
    "the name of a user who answered": (
        lambda c, alice: _rename_user(User.objects.get(last_name="Berg"), "Robert"),
        "Robert Berg",
    ),
    "a log entry added without touching the collaboration": (
        lambda c, alice: record_event(
            collaboration=c, kind=EventKind.ALL_AGREED, actor=None, detail="Alla parter är överens om v1"
        ),
        "Alla parter är överens om v1",
    ),
    "the checklist upgraded to a new template": (
        _upgrade_to_new_template,
        "Sätt målen noga",
    ),
}


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_change_to_any_input_shows_on_the_next_page(started, alice, kind):
    change, text = CHANGES[kind]
    client = client_for(alice)
    assert text not in _page(client, started)  # built and kept
    assert text not in _page(client, started)  # read from what was kept

    change(Collaboration.objects.get(pk=started.pk), alice)

    assert text in _page(client, started)


@pytest.mark.parametrize("kind", sorted(CHANGES))
def test_a_change_to_any_input_changes_the_stamp(started, alice, kind):
    before = stamp.agreement_stamp(started.pk)
    assert stamp.agreement_stamp(started.pk) == before
    CHANGES[kind][0](Collaboration.objects.get(pk=started.pk), alice)
    assert stamp.agreement_stamp(started.pk) != before


def test_a_template_published_is_a_new_stamp_for_one_following_the_current(collaboration, alice):
    """A collaboration without a checklist of its own follows the current template, which an operator
    publishes without touching it."""
    client = client_for(alice)
    assert "Sätt målen noga" not in _page(client, collaboration)
    _publish_template_with_goal_titled("Sätt målen noga")
    assert "Sätt målen noga" in _page(client, collaboration)


def test_new_code_is_a_new_stamp(started, monkeypatch):
    before = stamp.agreement_stamp(started.pk)
    monkeypatch.setattr(stamp, "code_fingerprint", lambda: "another release")
    assert stamp.agreement_stamp(started.pk) != before


def test_a_name_changed_back_is_the_same_stamp_again(started):
    before = stamp.agreement_stamp(started.pk)
    Organisation.objects.filter(name="Åsby kommun").update(name="Åsby stad")
    Organisation.objects.filter(name="Åsby stad").update(name="Åsby kommun")
    assert stamp.agreement_stamp(started.pk) == before


def test_the_stamp_of_a_collaboration_that_does_not_exist_is_empty(db):
    assert stamp.agreement_stamp(987654) == ""


def test_a_change_while_the_agreement_is_built_is_not_kept(started, alice, monkeypatch):
    """What is built is kept only if the stamp is the same before and after: a change committed while
    it was built (here a name changed, then changed back) leaves nothing kept under either stamp."""
    read_again = services._fresh

    def renamed_meanwhile(collaboration):
        Organisation.objects.filter(name="Åsby kommun").update(name="Åsby stad")
        return read_again(collaboration)

    monkeypatch.setattr(services, "_fresh", renamed_meanwhile)
    client = client_for(alice)
    assert "Åsby stad" in _page(client, started)
    monkeypatch.setattr(services, "_fresh", read_again)
    Organisation.objects.filter(name="Åsby stad").update(name="Åsby kommun")

    assert "Åsby stad" not in _page(client, started)


# --- Nothing built while nothing changed


def _forbid_building(monkeypatch):
    def build(*args, **kwargs):
        raise AssertionError("the agreement was built although nothing had changed")

    monkeypatch.setattr(services, "build_agreement", build)


def test_the_unchanged_page_is_not_built_again(started, alice, monkeypatch):
    client = client_for(alice)
    first = _page(client, started)
    _forbid_building(monkeypatch)
    with CaptureQueriesContext(connection) as queries_made:
        again = _page(client, started)
    assert _document(again) == _document(first)
    assert len(queries_made) <= 12


def test_the_unchanged_download_is_not_built_again(started, alice, monkeypatch):
    client = client_for(alice)
    url = reverse("agreement_download", args=[started.pk])
    assert client.post(url, follow=True)["Content-Type"] == "application/pdf"  # rendered (immediate tasks)
    stored = client.post(url)["Location"]  # the stored PDF found current, and noted under the stamp
    _forbid_building(monkeypatch)
    with CaptureQueriesContext(connection) as queries_made:
        response = client.post(url)
    assert response.status_code == 302 and response["Location"].split("?")[0] == stored.split("?")[0]
    assert len(queries_made) <= 6


def test_a_change_after_the_download_is_a_new_version(started, alice):
    client = client_for(alice)
    url = reverse("agreement_download", args=[started.pk])
    client.post(url, follow=True)
    client.post(url)

    collaboration_services.save_goal(collaboration=started, saved_by=alice, overall="Ett torg för alla.")
    response = client.post(url)

    assert response["Location"].split("?")[0] == reverse("agreement_version_download", args=[started.pk, 2])
    assert "Ett torg för alla." in AgreementVersion.objects.get(collaboration=started, number=2).text


# --- The stored file


def _stored(client, collaboration):
    client.post(reverse("agreement_download", args=[collaboration.pk]), follow=True)
    return reverse("agreement_version_download", args=[collaboration.pk, 1])


def test_the_stored_file_is_private_with_an_etag(started, alice):
    client = client_for(alice)
    response = client.get(_stored(client, started))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    version = AgreementVersion.objects.get(collaboration=started, number=1)
    assert response["ETag"] == f'"{version.pdf_source_hash}"'


def test_a_browser_that_has_the_file_is_told_so(started, alice):
    client = client_for(alice)
    url = _stored(client, started)
    etag = client.get(url)["ETag"]

    with CaptureQueriesContext(connection) as queries_made:
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    selected = [query["sql"].split(" FROM ")[0] for query in queries_made]
    assert not any('."pdf"' in columns for columns in selected)  # the file is not read


def test_a_browser_with_another_rendering_gets_the_file(started, alice):
    client = client_for(alice)
    url = _stored(client, started)
    whole = client.get(url).content

    response = client.get(url, headers={"if-none-match": '"an-older-rendering"'})

    assert response.status_code == 200 and response.content == whole


def test_an_outsider_with_the_etag_gets_404(started, alice, charlie):
    client = client_for(alice)
    url = _stored(client, started)
    etag = client.get(url)["ETag"]

    assert client_for(charlie).get(url, headers={"if-none-match": etag}).status_code == 404
    assert client_for(charlie).get(url).status_code == 404


def test_the_stored_file_is_served_in_three_queries(started, alice):
    client = client_for(alice)
    url = _stored(client, started)
    with CaptureQueriesContext(connection) as queries_made:
        assert client.get(url).status_code == 200
    # The session, the user, and the version with its file where the user may see the collaboration.
    assert len(queries_made) == 3


def test_a_new_user_sees_the_new_name_of_the_answerer(started, alice):
    """Kept per stamp, not per reader: another reader sees the same current text."""
    _page(client_for(alice), started)
    _rename_user(User.objects.get(last_name="Berg"), "Robert")
    other = UserFactory()
    other.organisations.add(started.lead_organisation)
    assert "Robert Berg" in _page(client_for(other), started)
