"""The version is a hash of the content: unchanged data serves the stored PDF; a change, a new version."""

import pytest

from agreements import services
from agreements.models import AgreementVersion
from checklist.rules import checklist_status
from collaborations.models import Event, EventKind
from samverkan import compiled
from tests.agreements.arrange import complete
from tests.factories import (
    CollaborationFactory,
    CommunicationPlanFactory,
    EventFactory,
    GoalFactory,
)


@pytest.fixture
def renders(monkeypatch):
    """Every rendering of a PDF, counted."""
    calls = []
    original = services.html_to_pdf

    def spy(html, **kwargs):
        calls.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(services, "html_to_pdf", spy)
    return calls


def download(collaboration, user=None):
    return services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=user
    )


def test_unchanged_data_serves_the_stored_pdf_without_rendering(collaboration, alice, renders):
    first = download(collaboration, alice)
    again = download(collaboration, alice)

    assert len(renders) == 1
    assert (first.rendered, again.rendered) == (True, False)
    assert again.pdf == first.pdf
    assert again.version.pk == first.version.pk


def test_a_change_makes_a_new_version(collaboration, alice, renders):
    first = download(collaboration, alice)
    GoalFactory(collaboration=collaboration, overall="Ett tryggare Norrbacka.")

    second = download(collaboration, alice)

    assert len(renders) == 2
    assert (first.version.number, second.version.number) == (1, 2)
    assert first.version.content_hash != second.version.content_hash
    assert second.filename == "Samverkansavtal-Norrbacka-v2.pdf"


def test_going_back_to_earlier_content_is_the_earlier_version(collaboration, alice, renders):
    download(collaboration, alice)
    plan = CommunicationPlanFactory(collaboration=collaboration)
    download(collaboration, alice)
    plan.delete()

    third = download(collaboration, alice)

    assert third.version.number == 1
    assert (len(renders), third.rendered) == (2, False)


def test_the_version_does_not_depend_on_the_time_or_the_reader(collaboration, alice, bob, renders):
    first = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    download(collaboration, alice)

    later = services.current_draft(collaboration, checklist=checklist_status(collaboration))
    by_bob = download(collaboration, bob)

    assert first.content_hash == later.content_hash == by_bob.version.content_hash
    assert later.version is not None and not by_bob.rendered


def test_generating_is_written_to_the_event_log_once(collaboration, alice):
    download(collaboration, alice)
    download(collaboration, alice)

    events = Event.objects.filter(collaboration=collaboration, kind=EventKind.PDF_GENERATED)
    code = AgreementVersion.objects.get().version_code
    assert [(e.actor, e.detail) for e in events] == [
        (alice, f"version 1, förhandsversion med luckor, versionskod {code}")
    ]


def test_generating_does_not_change_the_version(collaboration, alice, renders):
    complete(collaboration, alice)

    first = download(collaboration, alice)
    second = download(collaboration, alice)

    assert first.version.is_final
    assert second.version.pk == first.version.pk and len(renders) == 1


def test_new_entry_in_the_appendix_renders_the_same_version_again(collaboration, alice, renders):
    """The log of approvals grows under an unchanged text: same version, a fresh file."""
    first = download(collaboration, alice)
    EventFactory(collaboration=collaboration, kind=EventKind.APPROVAL_GIVEN, actor=alice, detail="X")

    second = download(collaboration, alice)

    assert second.version.number == first.version.number == 1
    assert (len(renders), second.rendered) == (2, True)


def test_stored_pdf_page_count_and_file_are_kept(collaboration, alice):
    document = download(collaboration, alice)

    stored = AgreementVersion.objects.get()
    assert bytes(stored.pdf) == document.pdf
    assert stored.page_count == document.version.page_count > 1
    assert stored.pdf_source_hash and stored.rendered_at


def test_versions_are_numbered_per_collaboration(collaboration, alice, renders):
    other = CollaborationFactory(lead_organisation=collaboration.lead_organisation, area_name="Södra Åby")
    download(collaboration, alice)

    document = download(other, alice)

    assert document.version.number == 1
    assert document.filename == "Samverkansavtal-Södra-Åby-v1.pdf"


@pytest.mark.parametrize(
    ("area", "filename"),
    [
        ("Norrbacka", "Samverkansavtal-Norrbacka-v3.pdf"),
        ("Västra Åby / centrum", "Samverkansavtal-Västra-Åby-centrum-v3.pdf"),
        ("../../etc", "Samverkansavtal-etc-v3.pdf"),
        ("***", "Samverkansavtal-samverkan-v3.pdf"),
    ],
)
def test_file_name_has_the_area_and_the_version(area, filename):
    collaboration = type("C", (), {"area_name": area})()
    version = AgreementVersion(number=3)

    assert services.agreement_filename(collaboration, version) == filename


def test_the_pages_reading_lists_each_collaborations_own_versions(collaboration, alice, renders):
    """The versions' query is compiled once per process and run with each collaboration's id."""
    first = download(collaboration, alice)
    GoalFactory(collaboration=collaboration, overall="Ett tryggare Norrbacka.")
    second = download(collaboration, alice)
    other = CollaborationFactory()
    compiled._for_one_id.cache_clear()
    compiled._compiled.cache_clear()

    reading = services.reading(collaboration)
    assert reading.version.pk == second.version.pk
    assert [v.number for v in reading.earlier] == [first.version.number]
    assert (reading.next_number, reading.sealed, reading.ever_sent) == (3, False, False)
    other_reading = services.reading(other)
    assert (other_reading.version, other_reading.earlier, other_reading.next_number) == (None, [], 1)
    assert compiled._for_one_id.cache_info().misses == 1  # the stamp's
    assert compiled._compiled.cache_info().misses == 1  # the versions'
    assert reading.version.has_pdf is True and reading.version.has_seal is False
    assert {"pdf", "text"} <= reading.version.get_deferred_fields()
