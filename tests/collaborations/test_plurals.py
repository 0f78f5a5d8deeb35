"""Counts read as Swedish: one party is "1 part", never "1 parter" (pages, e-mails and the PDF's log)."""

import pytest
from django.urls import reverse

from agreements.drafting import build_agreement
from checklist.rules import checklist_status
from collaborations.confirmations import answers
from collaborations.confirmations.subject import PROBLEM
from collaborations.diff import INSERT, Change, changes_in_words
from collaborations.models import Event, EventKind, PartyState
from tests.collaborations.confirmation_setup import send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory, RepresentationFactory


@pytest.fixture
def one_party_asked(collaboration, alice):
    ProblemDescriptionFactory(collaboration=collaboration)
    party = PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.INVITED,
        contact_name="Karin Berg",
        contact_email="karin@kommun.test",
        staff_hours=1,
    )
    return party, send(collaboration, alice)


def test_one_party_asked_reads_in_the_singular(collaboration, alice, one_party_asked):
    client = client_for(alice)

    matrix = client.get(reverse("confirmation_matrix", args=[collaboration.pk])).text
    detail = client.get(reverse("collaboration_detail", args=[collaboration.pk])).text

    assert "0 av 1 part instämmer." in matrix
    assert "0 av 1 part instämmer i den senast skickade versionen." in detail
    assert "1 parter" not in matrix + detail


def test_the_log_counts_one_party_in_the_singular(collaboration, one_party_asked):
    party, request = one_party_asked
    RepresentationFactory(party=party)

    answers.submit_answer(
        subject=PROBLEM,
        recipient=request.recipients.get(),
        answered_by=party.representations.get().user,
        seen_version=1,
        answer="agree",
    )

    assert (
        Event.objects.get(kind=EventKind.ALL_AGREED).detail == "problembeskrivningen version 1, 1 av 1 part"
    )


def test_one_hour_is_one_hour(collaboration, one_party_asked):
    agreement = build_agreement(collaboration, checklist=checklist_status(collaboration))

    assert [p.staff_hours for p in agreement.parties if p.name == "Åsby kommun"] == ["1 timme per år"]


def test_one_more_change_is_one(db):
    lines = changes_in_words([Change(INSERT, f"ord {number}") for number in range(9)])

    assert lines[-1] == "och 1 ändring till"
