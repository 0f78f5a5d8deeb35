"""Ended invitation links are deleted after INVITATION_RETENTION_DAYS; the answers stay."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.services import purge_ended_invitations
from collaborations.confirmations import answers, queries
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import ConfirmationAnswer, ConfirmationRecipient, Invitation
from tests.collaborations.confirmation_setup import send

NOW = timezone.now()
LONG_AGO = NOW - datetime.timedelta(days=91)
LATELY = NOW - datetime.timedelta(days=89)


@pytest.fixture
def invitation(collaboration, partner_party, alice, settings):
    settings.INVITATION_RETENTION_DAYS = 90
    send(collaboration, alice)
    return Invitation.objects.get(recipient__party=partner_party)


def _ended(invitation, **fields):
    Invitation.objects.filter(pk=invitation.pk).update(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"accepted_at": LONG_AGO},
        {"revoked_at": LONG_AGO},
        {"replaced_at": LONG_AGO},
        {"expires_at": LONG_AGO},
    ],
    ids=["used", "revoked", "replaced", "expired"],
)
def test_invitation_ended_long_ago_is_deleted(invitation, fields):
    _ended(invitation, **fields)

    assert purge_ended_invitations(now=NOW) == 1
    assert not Invitation.objects.filter(pk=invitation.pk).exists()


@pytest.mark.parametrize(
    "fields",
    [{"accepted_at": LATELY}, {"revoked_at": LATELY}, {"expires_at": LATELY}, {}],
    ids=["used-lately", "revoked-lately", "expired-lately", "still-valid"],
)
def test_invitation_ended_lately_or_still_valid_is_kept(invitation, fields):
    _ended(invitation, **fields)

    assert purge_ended_invitations(now=NOW) == 0
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_a_link_not_sent_yet_is_kept(invitation):
    _ended(invitation, mail_status="failed", token_hash=None, expires_at=LONG_AGO, mail_sent_at=None)

    assert purge_ended_invitations(now=NOW) == 0


def test_the_answer_is_kept(invitation, partner_party, bob):
    recipient = queries.current_recipient(partner_party, subject=PROBLEM)
    answers.submit_answer(
        subject=PROBLEM, recipient=recipient, answered_by=bob, seen_version=1, answer=ConfirmationAnswer.AGREE
    )
    _ended(invitation, accepted_at=LONG_AGO)

    purge_ended_invitations(now=NOW)

    recipient = ConfirmationRecipient.objects.get(pk=recipient.pk)
    assert (recipient.answer, recipient.answered_by) == (ConfirmationAnswer.AGREE, bob)


def test_the_command_uses_the_setting_and_says_how_many(invitation, settings):
    _ended(invitation, revoked_at=timezone.now() - datetime.timedelta(days=8))
    settings.INVITATION_RETENTION_DAYS = 7
    out = StringIO()

    call_command("purge_invitations", stdout=out)

    assert "1 ended invitation(s) deleted" in out.getvalue()
    assert not Invitation.objects.exists()


def test_the_command_takes_the_days(invitation):
    _ended(invitation, revoked_at=timezone.now() - datetime.timedelta(days=8))
    out = StringIO()

    call_command("purge_invitations", "--days", "10", stdout=out)

    assert "0 ended invitation(s) deleted" in out.getvalue()


def test_send_reminders_purges_too(invitation, settings):
    _ended(invitation, revoked_at=LONG_AGO)
    out = StringIO()

    call_command("send_reminders", stdout=out)

    assert "1 ended invitation(s) deleted" in out.getvalue()
    assert not Invitation.objects.exists()
