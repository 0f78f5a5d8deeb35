"""Answers at the same moment, and e-mail sent with no transaction open (collaborations/confirmations.py,
collaborations/tasks.py). These tests commit for real (`transaction=True`): the parties answer in
threads with their own database connections, and the task worker runs outside any transaction."""

import contextlib
import threading

import pytest
from django.db import connection

from agreements.approval import AGREEMENT
from collaborations import tasks
from collaborations.confirmations import answers, consensus, queries
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRequest,
    Event,
    EventKind,
    Invitation,
    MailStatus,
    PartyState,
)
from tests.agreements import arrange
from tests.collaborations.confirmation_setup import send
from tests.factories import MembershipFactory, PartyFactory, ProblemDescriptionFactory
from tests.mail_backends import NO_TRANSACTION_MAILERS

# The checklist template comes from a data migration, which a flush of an earlier test removed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
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


def agree_at_once(request, subject, monkeypatch):
    """Every recipient of `request` agrees, each in its own thread, counting the answers at the same
    moment unless a lock makes one wait for the other's commit."""
    everyone_counts = threading.Barrier(len(request.recipients.all()), timeout=2)
    count = queries.request_summary

    def count_together(request):
        with contextlib.suppress(threading.BrokenBarrierError):
            everyone_counts.wait()  # a thread held up by a lock arrives late and goes on
        return count(request)

    monkeypatch.setattr(consensus, "request_summary", count_together)
    errors = []

    def agree(recipient, user):
        try:
            answers.submit_answer(
                subject=subject,
                recipient=recipient,
                answered_by=user,
                seen_version=request.version,
                answer="agree",
            )
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

    agree_at_once(request, AGREEMENT, monkeypatch)

    request.refresh_from_db()
    assert request.all_agreed_at is not None
    assert Event.objects.filter(kind=EventKind.ALL_APPROVED, detail__startswith="avtalsutkast").count() == 1


@postgresql_only
def test_parties_confirming_the_problem_description_at_once_all_agree(collaboration, alice, monkeypatch):
    two_partners(collaboration)
    request = send(collaboration, alice)

    agree_at_once(request, PROBLEM, monkeypatch)

    request.refresh_from_db()
    assert request.all_agreed_at is not None
    assert Event.objects.filter(kind=EventKind.ALL_AGREED).count() == 1


# --- No e-mail while a transaction is open ------------------------------------------------------


def test_the_invitation_is_sent_with_no_transaction_open(collaboration, alice, settings, mailoutbox):
    two_partners(collaboration)
    settings.TASKS = DUMMY_TASKS  # queued: the worker takes them up below
    send(collaboration, alice)
    settings.MAILERS = NO_TRANSACTION_MAILERS

    for invitation in Invitation.objects.all():
        assert tasks.deliver_invitation(invitation_id=invitation.pk) == MailStatus.SENT

    assert len(mailoutbox) == 2


def test_the_approval_request_is_sent_with_no_transaction_open(collaboration, alice, settings, mailoutbox):
    arrange.complete(collaboration, alice)
    settings.TASKS = DUMMY_TASKS
    request = arrange.send(collaboration, alice)
    settings.MAILERS = NO_TRANSACTION_MAILERS
    mailoutbox.clear()

    for invitation in Invitation.objects.filter(recipient__request=request):
        assert tasks.deliver_invitation(invitation_id=invitation.pk) == MailStatus.SENT

    assert len(mailoutbox) == 2


def test_the_all_agreed_mail_is_sent_with_no_transaction_open(collaboration, alice, settings, mailoutbox):
    two_partners(collaboration)
    request = send(collaboration, alice)
    settings.TASKS = DUMMY_TASKS
    for recipient in request.recipients.select_related("party__organisation"):
        answers.submit_answer(
            subject=PROBLEM,
            recipient=recipient,
            answered_by=recipient.party.organisation.members.first(),
            seen_version=1,
            answer=ConfirmationAnswer.AGREE,
        )
    settings.MAILERS = NO_TRANSACTION_MAILERS
    mailoutbox.clear()

    assert tasks.send_all_agreed_mail.call(request.pk) is True

    assert ConfirmationRequest.objects.get(pk=request.pk).all_agreed_at is not None
    assert len(mailoutbox) == 1
