"""Answers at the same moment (collaborations/confirmations.py). These tests commit for real
(`transaction=True`): the parties answer in threads with their own database connections."""

import contextlib
import threading

import pytest
from django.db import connection

from collaborations import confirmations
from collaborations.models import (
    Event,
    EventKind,
    PartyState,
)
from tests.agreements import arrange
from tests.collaborations.confirmation_setup import send
from tests.factories import MembershipFactory, PartyFactory, ProblemDescriptionFactory

# The checklist template comes from a data migration, which a flush of an earlier test removed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writing transactions anyway"
)


def two_partners(collaboration):
    """Two partners with a representative each, and a first problem description."""
    ProblemDescriptionFactory(collaboration=collaboration)
    for name in ("Åsby kommun", "Polisen"):
        party = PartyFactory(
            collaboration=collaboration,
            organisation__name=name,
            state=PartyState.JOINED,
            contact_email=f"kontakt@{name.split()[0].lower()}.test",
        )
        MembershipFactory(organisation=party.organisation)


def agree_at_once(request, submit, monkeypatch):
    """Every recipient of `request` agrees, each in its own thread, counting the answers at the same
    moment unless a lock makes one wait for the other's commit."""
    everyone_counts = threading.Barrier(len(request.recipients.all()), timeout=2)
    count = confirmations.request_summary

    def count_together(request):
        with contextlib.suppress(threading.BrokenBarrierError):
            everyone_counts.wait()  # a thread held up by a lock arrives late and goes on
        return count(request)

    monkeypatch.setattr(confirmations, "request_summary", count_together)
    errors = []

    def agree(recipient, user):
        try:
            submit(recipient=recipient, answered_by=user, seen_version=request.version, answer="agree")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=agree, args=(recipient, recipient.party.organisation.members.first()))
        for recipient in request.recipients.select_related("request__problem", "party__organisation")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@postgresql_only
def test_parties_approving_the_agreement_at_once_all_agree(collaboration, alice, monkeypatch):
    arrange.complete(collaboration, alice)
    request = arrange.send(collaboration, alice)

    agree_at_once(request, confirmations.submit_approval, monkeypatch)

    request.refresh_from_db()
    assert request.all_agreed_at is not None
    assert Event.objects.filter(kind=EventKind.ALL_AGREED, detail__startswith="avtalsutkast").count() == 1


@postgresql_only
def test_parties_confirming_the_problem_description_at_once_all_agree(collaboration, alice, monkeypatch):
    two_partners(collaboration)
    request = send(collaboration, alice)

    agree_at_once(request, confirmations.submit_answer, monkeypatch)

    request.refresh_from_db()
    assert request.all_agreed_at is not None
    assert Event.objects.filter(kind=EventKind.ALL_AGREED).count() == 1
