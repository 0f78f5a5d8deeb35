"""The e-mails of the confirmation flow: their content in both languages, reminders, and what happens
when the mail server is down (collaborations/tasks.py, `manage.py send_reminders`)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collaborations import tasks
from collaborations.confirmations import answers, links, queries, reminders
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRequest,
    Event,
    EventKind,
    Invitation,
    MailLanguage,
    MailStatus,
    PartyState,
)
from samverkan.errors import DomainError
from tests.collaborations.confirmation_setup import BASE_URL, link_in, mail_to, revise, send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory
from tests.mail_backends import DYING_MAILERS, FAILING_MAILERS, LOCMEM_MAILERS, WorkerKilled

DAY = datetime.timedelta(days=1)


@pytest.fixture
def kommun(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration, text="Otrygghet kvällstid kring torget.")
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.INVITED,
        contact_name="Karin Berg",
        contact_email="karin@kommun.test",
    )


@pytest.fixture
def alice_named(alice):
    alice.first_name, alice.last_name = "Anna", "Lind"
    alice.save()
    return alice


def later(days):
    return timezone.now() + datetime.timedelta(days=days)


# --- Content ------------------------------------------------------------------------------------


def test_invitation_in_swedish_has_who_why_and_the_link(collaboration, kommun, alice_named, mailoutbox):
    send(collaboration, alice_named, message="Vi ses på mötet den 3 mars.")

    (message,) = mailoutbox
    assert message.to == ["karin@kommun.test"]
    assert message.reply_to == [alice_named.email]
    assert message.subject == "Bekräfta problembeskrivningen för Trygg Norrbacka"
    assert "Hej Karin Berg!" in message.body
    assert "Åsbyhem AB bjuder in Åsby kommun att bekräfta problembeskrivningen" in message.body
    assert "Inbjudan skickas av Anna Lind." in message.body
    assert "Vi ses på mötet den 3 mars." in message.body
    assert "version 1" in message.body
    expires = timezone.localtime(Invitation.objects.get().expires_at).date()
    assert f"gäller till och med {expires:%Y-%m-%d}" in message.body
    assert f"http://testserver{link_in(message)}" in message.body
    assert link_in(message).startswith("/inbjudan/")


def test_invitation_in_english_by_choice(collaboration, kommun, alice_named, mailoutbox):
    send(collaboration, alice_named, languages={kommun.pk: MailLanguage.ENGLISH})

    (message,) = mailoutbox
    assert message.subject == "Confirm the problem description for Trygg Norrbacka"
    assert "Hello Karin Berg," in message.body
    assert "Åsbyhem AB invites Åsby kommun to confirm the problem description" in message.body
    assert "The link is personal to you and valid until" in message.body
    assert f"http://testserver{link_in(message)}" in message.body


def test_the_language_chosen_is_kept_for_reminders(collaboration, kommun, alice, mailoutbox):
    send(collaboration, alice, languages={kommun.pk: MailLanguage.ENGLISH})
    reminders.remind(subject=PROBLEM, party=kommun, reminded_by=alice, base_url=BASE_URL)
    assert mailoutbox[-1].subject == "Reminder: confirm the problem description for Trygg Norrbacka"


def test_reminder_in_swedish_says_so_and_has_a_new_link(collaboration, kommun, alice, mailoutbox):
    send(collaboration, alice)
    first_link = link_in(mailoutbox[0])

    reminders.remind(subject=PROBLEM, party=kommun, reminded_by=alice, base_url=BASE_URL)

    reminder = mailoutbox[-1]
    assert reminder.subject == "Påminnelse: bekräfta problembeskrivningen för Trygg Norrbacka"
    assert "vi har ännu inte fått något svar från Åsby kommun" in reminder.body
    assert link_in(reminder) != first_link
    assert Event.objects.filter(kind=EventKind.REMINDER_SENT, actor=alice).count() == 1


def test_site_url_setting_decides_the_links_address(collaboration, kommun, alice, mailoutbox, settings):
    settings.SITE_URL = "https://samverkan.example.se"
    send(collaboration, alice)
    assert "https://samverkan.example.se/inbjudan/" in mailoutbox[0].body


def test_text_is_not_html_escaped_in_the_mail(collaboration, kommun, alice, mailoutbox):
    collaboration.title = "Trygg & säker <Norrbacka>"
    collaboration.save()
    send(collaboration, alice)
    assert "Trygg & säker <Norrbacka>" in mailoutbox[0].subject


# --- Reminders ----------------------------------------------------------------------------------


def test_manual_reminder_to_a_party_that_answered_is_refused(collaboration, kommun, alice):
    send(collaboration, alice)
    recipient = queries.current_recipient(kommun, subject=PROBLEM)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=recipient,
        answered_by=alice,
        seen_version=1,
        answer=ConfirmationAnswer.AGREE,
    )
    with pytest.raises(DomainError, match="redan svarat"):
        reminders.remind(subject=PROBLEM, party=kommun, reminded_by=alice, base_url=BASE_URL)


def test_no_automatic_reminder_before_the_interval(collaboration, kommun, alice, mailoutbox, settings):
    settings.CONFIRMATION_REMINDER_DAYS = 5
    send(collaboration, alice)
    mailoutbox.clear()

    assert reminders.send_automatic_reminders(now=later(4)) == 0
    assert mailoutbox == []


def test_automatic_reminder_once_per_interval(collaboration, kommun, alice, mailoutbox, settings):
    settings.CONFIRMATION_REMINDER_DAYS = 5
    send(collaboration, alice)
    mailoutbox.clear()

    assert reminders.send_automatic_reminders(now=later(6)) == 1
    assert reminders.send_automatic_reminders(now=later(6)) == 0
    assert reminders.send_automatic_reminders(now=later(7)) == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Påminnelse:")

    recipient = queries.current_recipient(kommun, subject=PROBLEM)
    assert recipient.automatic_reminders == 1
    assert recipient.last_reminded_at is not None
    reminder = Event.objects.get(kind=EventKind.REMINDER_SENT)
    assert reminder.actor is None


def test_next_automatic_reminder_after_another_interval(collaboration, kommun, alice, settings):
    settings.CONFIRMATION_REMINDER_DAYS = 5
    send(collaboration, alice)
    assert reminders.send_automatic_reminders(now=later(6)) == 1

    assert reminders.send_automatic_reminders(now=later(10)) == 0
    assert reminders.send_automatic_reminders(now=later(11)) == 1


def test_automatic_reminders_stop_after_the_maximum(collaboration, kommun, alice, settings):
    settings.CONFIRMATION_REMINDER_DAYS = 1
    settings.CONFIRMATION_MAX_AUTOMATIC_REMINDERS = 2
    send(collaboration, alice)
    sent = sum(reminders.send_automatic_reminders(now=later(day)) for day in range(2, 12))
    assert sent == 2


def test_never_an_automatic_reminder_to_a_party_that_answered(collaboration, kommun, alice, mailoutbox):
    send(collaboration, alice)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=queries.current_recipient(kommun, subject=PROBLEM),
        answered_by=alice,
        seen_version=1,
        answer=ConfirmationAnswer.CHANGES,
        comment="Nämn skolan.",
    )
    mailoutbox.clear()

    assert reminders.send_automatic_reminders(now=later(30)) == 0
    assert mailoutbox == []


def test_reminders_are_only_about_the_current_version(collaboration, kommun, alice, mailoutbox):
    send(collaboration, alice)
    revise(collaboration, alice, "Ny text.")
    send(collaboration, alice)
    ConfirmationRequest.objects.update(sent_at=later(-30))
    Invitation.objects.update(created_at=later(-30))
    mailoutbox.clear()

    assert reminders.send_automatic_reminders() == 1
    assert "version 2" in mailoutbox[0].body


def test_a_manual_reminder_postpones_the_automatic_one(collaboration, kommun, alice, settings):
    settings.CONFIRMATION_REMINDER_DAYS = 5
    send(collaboration, alice)
    ConfirmationRequest.objects.update(sent_at=later(-6))
    Invitation.objects.update(created_at=later(-6))
    reminders.remind(subject=PROBLEM, party=kommun, reminded_by=alice, base_url=BASE_URL)

    assert reminders.send_automatic_reminders(now=later(2)) == 0
    assert reminders.send_automatic_reminders(now=later(6)) == 1


def test_send_reminders_command(collaboration, kommun, alice, mailoutbox, settings):
    settings.CONFIRMATION_REMINDER_DAYS = 5
    send(collaboration, alice)
    Invitation.objects.update(created_at=later(-6))
    ConfirmationRequest.objects.update(sent_at=later(-6))
    mailoutbox.clear()
    out = io.StringIO()

    call_command("send_reminders", stdout=out)

    assert "1 reminder(s) queued" in out.getvalue()
    assert mail_to(mailoutbox, "karin@kommun.test")


# --- A failing mail server ----------------------------------------------------------------------


def test_mail_failure_leaves_the_invitation_pending_with_no_token(
    collaboration, kommun, alice, settings, mailoutbox
):
    settings.MAILERS = FAILING_MAILERS
    send(collaboration, alice)

    invitation = Invitation.objects.get()
    assert invitation.mail_status == MailStatus.FAILED
    assert invitation.is_open
    assert invitation.token_hash is None
    assert invitation.mail_attempts == 1
    assert "SMTPServerDisconnected" in invitation.mail_error
    assert invitation.next_attempt_at > timezone.now()
    assert invitation.state() == "not_sent"
    failed = Event.objects.get(kind=EventKind.MAIL_FAILED)
    assert "Åsby kommun (karin@kommun.test)" in failed.detail
    assert "försöker igen" in failed.detail
    assert not Event.objects.filter(kind=EventKind.INVITATION_SENT).exists()


def test_failed_mail_is_retried_when_due(collaboration, kommun, alice, settings, mailoutbox):
    settings.MAILERS = FAILING_MAILERS
    send(collaboration, alice)
    invitation = Invitation.objects.get()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert reminders.retry_failed_mail(now=timezone.now()) == 0  # not due yet

    Invitation.objects.update(next_attempt_at=timezone.now() - DAY)
    assert reminders.retry_failed_mail() == 1

    invitation.refresh_from_db()
    assert invitation.mail_status == MailStatus.SENT
    assert invitation.mail_attempts == 2
    assert invitation.token_hash is not None
    assert len(mail_to(mailoutbox, "karin@kommun.test")) == 1
    assert Event.objects.filter(kind=EventKind.INVITATION_SENT).count() == 1


def test_a_retry_that_arrives_twice_sends_once(collaboration, kommun, alice, mailoutbox):
    send(collaboration, alice)
    invitation = Invitation.objects.get()
    tasks.deliver_invitation(invitation_id=invitation.pk)
    tasks.deliver_invitation(invitation_id=invitation.pk)
    assert len(mailoutbox) == 1


def test_retries_stop_after_the_last_delay(collaboration, kommun, alice, settings):
    settings.MAILERS = FAILING_MAILERS
    settings.CONFIRMATION_MAIL_RETRY_MINUTES = [1, 2]
    send(collaboration, alice)
    for _ in range(2):
        Invitation.objects.update(next_attempt_at=timezone.now() - DAY)
        reminders.retry_failed_mail()

    invitation = Invitation.objects.get()
    assert (invitation.mail_attempts, invitation.mail_status) == (3, MailStatus.FAILED)
    assert invitation.next_attempt_at is None
    assert reminders.retry_failed_mail() == 0
    assert "inga fler försök" in Event.objects.filter(kind=EventKind.MAIL_FAILED).first().detail


def test_failed_mail_is_deferred_on_a_backend_that_can_wait(collaboration, kommun, alice, settings):
    settings.MAILERS = FAILING_MAILERS
    send(collaboration, alice)  # the immediate backend: fails once, cannot defer
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    Invitation.objects.update(next_attempt_at=timezone.now() - DAY)
    invitation = Invitation.objects.get()

    tasks.deliver_invitation(invitation_id=invitation.pk)

    invitation.refresh_from_db()
    backend = tasks.send_invitation_mail.get_backend()
    (retry,) = backend.results
    assert retry.args == [invitation.pk]
    assert retry.task.run_after == invitation.next_attempt_at


def test_a_revoked_invitation_is_not_retried(collaboration, kommun, alice, settings, mailoutbox):
    settings.MAILERS = FAILING_MAILERS
    send(collaboration, alice)
    links.revoke_invitations(party=kommun, revoked_by=alice)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    Invitation.objects.update(next_attempt_at=timezone.now() - DAY)

    assert reminders.retry_failed_mail() == 0
    assert mailoutbox == []


def test_all_agreed_mail_failure_is_logged(collaboration, kommun, alice, settings):
    send(collaboration, alice)
    settings.MAILERS = FAILING_MAILERS
    answers.submit_answer(
        subject=PROBLEM,
        recipient=queries.current_recipient(kommun, subject=PROBLEM),
        answered_by=alice,
        seen_version=1,
        answer=ConfirmationAnswer.AGREE,
    )
    assert Event.objects.filter(kind=EventKind.ALL_AGREED).exists()
    assert Event.objects.filter(kind=EventKind.MAIL_FAILED).exists()


# --- A worker killed while sending --------------------------------------------------------------

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def killed_while_sending(collaboration, kommun, alice, settings, mailoutbox):
    """The invitation's e-mail went out, and the worker was killed before it could record that."""
    immediate = settings.TASKS
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    send(collaboration, alice)  # queued; the worker takes it up below
    settings.MAILERS = DYING_MAILERS
    with pytest.raises(WorkerKilled):
        tasks.deliver_invitation(invitation_id=Invitation.objects.get().pk)
    settings.MAILERS = LOCMEM_MAILERS
    settings.TASKS = immediate
    return Invitation.objects.get()


def test_the_link_works_when_the_worker_died_before_recording_the_mail(killed_while_sending, mailoutbox):
    (message,) = mailoutbox

    landing = Client().get(link_in(message), follow=True)

    assert landing.status_code == 200
    assert killed_while_sending.mail_status == MailStatus.SENDING
    assert killed_while_sending.mail_attempts == 1


def test_an_unfinished_sending_is_left_alone_until_the_claim_times_out(
    killed_while_sending, settings, mailoutbox
):
    settings.CONFIRMATION_MAIL_CLAIM_MINUTES = 10

    assert reminders.retry_failed_mail(now=timezone.now() + 5 * MINUTE) == 0

    assert len(mailoutbox) == 1
    killed_while_sending.refresh_from_db()
    assert killed_while_sending.mail_status == MailStatus.SENDING


def test_an_unfinished_sending_is_sent_again_after_the_claim_timed_out(
    killed_while_sending, settings, mailoutbox
):
    settings.CONFIRMATION_MAIL_CLAIM_MINUTES = 10
    first_link = link_in(mailoutbox[0])

    assert reminders.retry_failed_mail(now=timezone.now() + 11 * MINUTE) == 1

    second = mail_to(mailoutbox, "karin@kommun.test")[1]
    retake = Invitation.objects.exclude(pk=killed_while_sending.pk).get()
    assert (retake.mail_status, retake.mail_attempts) == (MailStatus.SENT, 2)
    killed_while_sending.refresh_from_db()
    assert killed_while_sending.mail_status == MailStatus.INTERRUPTED
    # The first e-mail may have arrived: its link keeps working next to the new one.
    assert link_in(second) != first_link
    assert Client().get(first_link, follow=True).status_code == 200
    assert Client().get(link_in(second), follow=True).status_code == 200
    interrupted = Event.objects.get(kind=EventKind.MAIL_FAILED)
    assert "utskicket avbröts vid försök 1; skickat igen med en ny länk" in interrupted.detail


def test_an_unfinished_sending_past_the_last_attempt_waits_for_staff(
    collaboration, killed_while_sending, alice, settings, mailoutbox
):
    settings.CONFIRMATION_MAIL_RETRY_MINUTES = []

    assert reminders.retry_failed_mail(now=timezone.now() + DAY) == 0

    killed_while_sending.refresh_from_db()
    assert killed_while_sending.mail_status == MailStatus.INTERRUPTED
    assert len(mailoutbox) == 1
    assert "inga fler försök" in Event.objects.get(kind=EventKind.MAIL_FAILED).detail
    matrix = client_for(alice).get(reverse("confirmation_matrix", args=[collaboration.pk])).text
    assert "Utskicket avbröts: e-postmeddelandet kan ha kommit fram, och länken i det fungerar." in matrix
