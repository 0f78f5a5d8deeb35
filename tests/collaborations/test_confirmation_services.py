"""Sending a version for confirmation, answering it, asking again after a change, and the summary the
checklist reads (collaborations/confirmations.py)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from collaborations import services
from collaborations.confirmations import answers, asked, links, queries, sending
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRecipient,
    ConfirmationRequest,
    Event,
    EventKind,
    Invitation,
    MailStatus,
    PartyRole,
    PartyState,
)
from samverkan.errors import DomainError
from tests.collaborations.confirmation_setup import BASE_URL, mail_to, revise, send, token_in
from tests.factories import (
    CollaborationFactory,
    MembershipFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    party_fields,
)


@pytest.fixture
def problem(collaboration):
    return ProblemDescriptionFactory(collaboration=collaboration, version=1)


@pytest.fixture
def kommun(collaboration):
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.PROPOSED,
        contact_email="karin@kommun.test",
    )


@pytest.fixture
def polisen(collaboration):
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Polisen",
        state=PartyState.JOINED,
        contact_email="per@polisen.test",
    )


@pytest.fixture
def karin(kommun):
    """A representative of Åsby kommun."""
    return MembershipFactory(organisation=kommun.organisation, user__email="karin@kommun.test").user


def answer(recipient, user, value, comment=""):
    return answers.submit_answer(
        subject=PROBLEM,
        recipient=recipient,
        answered_by=user,
        seen_version=recipient.request.version,
        answer=value,
        comment=comment,
    )


def recipient_of(party):
    return queries.current_recipient(party, subject=PROBLEM)


# --- Sending ------------------------------------------------------------------------------------


def test_sending_freezes_the_version_and_asks_each_party(collaboration, problem, kommun, polisen, alice):
    request = send(collaboration, alice)

    problem.refresh_from_db()
    assert problem.is_sent
    assert request.problem == problem
    assert {r.party for r in request.recipients.all()} == {kommun, polisen}
    assert Invitation.objects.filter(recipient__request=request, mail_status=MailStatus.SENT).count() == 2


def test_sending_makes_a_proposed_party_invited(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    kommun.refresh_from_db()
    assert kommun.state == PartyState.INVITED


def test_lead_observers_declined_and_parties_without_email_are_not_asked(
    collaboration, problem, kommun, alice
):
    observer = PartyFactory(collaboration=collaboration, role=PartyRole.OBSERVER)
    declined = PartyFactory(collaboration=collaboration, state=PartyState.DECLINED)
    no_email = PartyFactory(collaboration=collaboration, contact_email="")

    request = send(collaboration, alice)

    asked_ids = {r.party_id for r in request.recipients.all()}
    assert asked_ids == {kommun.pk}
    _asked, skipped = asked.split_parties(collaboration)
    assert {party for party, _reason in skipped} == {observer, declined, no_email}


def test_sending_with_nobody_to_ask_is_refused_and_freezes_nothing(collaboration, problem, alice):
    with pytest.raises(DomainError, match="Ingen part kan tillfrågas"):
        send(collaboration, alice)
    problem.refresh_from_db()
    assert not problem.is_sent
    assert not ConfirmationRequest.objects.exists()


def test_a_version_is_sent_only_once(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    with pytest.raises(DomainError, match="redan skickats"):
        send(collaboration, alice)
    assert ConfirmationRequest.objects.count() == 1


def test_an_older_version_cannot_be_sent(collaboration, problem, kommun, alice):
    ProblemDescriptionFactory(collaboration=collaboration, version=2)
    with pytest.raises(DomainError, match="version 2"):
        sending.send(subject=PROBLEM, version=problem, sent_by=alice, base_url=BASE_URL)
    assert not ConfirmationRequest.objects.exists()


def test_sending_is_logged(collaboration, problem, kommun, polisen, alice):
    send(collaboration, alice)
    sent = Event.objects.get(collaboration=collaboration, kind=EventKind.VERSION_SENT)
    assert sent.actor == alice
    assert "version 1" in sent.detail
    assert "Åsby kommun" in sent.detail
    invitations = Event.objects.filter(collaboration=collaboration, kind=EventKind.INVITATION_SENT)
    assert sorted(e.detail for e in invitations) == [
        "Polisen (per@polisen.test), version 1",
        "Åsby kommun (karin@kommun.test), version 1",
    ]


def test_only_a_hash_of_the_token_is_stored(collaboration, problem, kommun, alice, mailoutbox):
    send(collaboration, alice)
    token = token_in(mailoutbox[0])
    invitation = Invitation.objects.get()
    assert len(token) >= 43  # 32 random bytes, base64: 256 bits
    assert invitation.token_hash != token
    assert token not in str(Invitation.objects.values().get())
    assert links.find_invitation(token) == invitation


# --- Answering ----------------------------------------------------------------------------------


def test_answer_is_recorded_with_who_and_when(collaboration, problem, kommun, alice, karin):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)

    recipient = recipient_of(kommun)
    assert (recipient.answer, recipient.answered_by) == (ConfirmationAnswer.AGREE, karin)
    assert recipient.answered_at is not None
    logged = Event.objects.get(kind=EventKind.ANSWER_GIVEN)
    assert logged.detail == "Åsby kommun: Instämmer (version 1)"


def test_wanting_changes_needs_a_comment(collaboration, problem, kommun, alice, karin):
    send(collaboration, alice)
    with pytest.raises(DomainError, match="Skriv vad ni vill ha ändrat"):
        answer(recipient_of(kommun), karin, ConfirmationAnswer.CHANGES, comment="  ")
    assert recipient_of(kommun).answer == ""


def test_the_database_refuses_changes_without_a_comment(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        ConfirmationRecipient.objects.filter(party=kommun).update(
            answer=ConfirmationAnswer.CHANGES, answered_at=timezone.now(), comment=""
        )


def test_answer_may_change_while_the_version_is_current(collaboration, problem, kommun, alice, karin):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.CHANGES, comment="Nämn skolan.")
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)

    assert recipient_of(kommun).answer == ConfirmationAnswer.AGREE
    assert Event.objects.filter(kind=EventKind.ANSWER_GIVEN).count() == 2


def test_declining_makes_the_party_declined_and_agreeing_again_joined(
    collaboration, problem, kommun, alice, karin
):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.DECLINE)
    kommun.refresh_from_db()
    assert kommun.state == PartyState.DECLINED

    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)
    kommun.refresh_from_db()
    assert kommun.state == PartyState.JOINED


def test_answering_a_version_that_was_replaced_while_reading_is_refused(
    collaboration, problem, kommun, alice, karin
):
    send(collaboration, alice)
    revise(collaboration, alice, "Ny text.")
    send(collaboration, alice)
    with pytest.raises(DomainError, match="nyare version"):
        answers.submit_answer(
            subject=PROBLEM,
            recipient=recipient_of(kommun),
            answered_by=karin,
            seen_version=1,
            answer=ConfirmationAnswer.AGREE,
        )
    assert recipient_of(kommun).answer == ""


def test_a_party_made_an_observer_can_no_longer_answer(collaboration, problem, kommun, polisen, alice, karin):
    send(collaboration, alice)
    recipient = recipient_of(kommun)
    services.update_party(party=kommun, edited_by=alice, **party_fields(kommun, role=PartyRole.OBSERVER))

    with pytest.raises(DomainError, match="Åsby kommun ombeds inte längre att bekräfta problembeskrivningen"):
        answer(recipient, karin, ConfirmationAnswer.AGREE)

    assert recipient_of(kommun).answer == ""
    assert not Event.objects.filter(kind=EventKind.ANSWER_GIVEN).exists()


# --- A new version ------------------------------------------------------------------------------


def test_new_version_asks_parties_again_and_keeps_earlier_answers(
    collaboration, problem, kommun, alice, karin
):
    first = send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.CHANGES, comment="Nämn skolan.")
    revise(collaboration, alice, "Otrygghet kring torget och skolan.")

    second = send(collaboration, alice)

    first.refresh_from_db()
    assert first.superseded_at is not None
    assert first.recipients.get(party=kommun).answer == ConfirmationAnswer.CHANGES
    assert recipient_of(kommun).request == second
    assert recipient_of(kommun).answer == ""
    assert queries.last_answer_before(recipient_of(kommun)).request == first


def test_new_version_replaces_the_links_of_the_previous_one(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    old = Invitation.objects.get()
    revise(collaboration, alice, "Ny text.")
    send(collaboration, alice)
    old.refresh_from_db()
    assert old.state() == "replaced"


def test_declined_party_is_not_asked_about_the_next_version(
    collaboration, problem, kommun, polisen, alice, karin
):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.DECLINE)
    revise(collaboration, alice, "Ny text.")

    second = send(collaboration, alice)

    assert [r.party for r in second.recipients.all()] == [polisen]


# --- Every party agrees -------------------------------------------------------------------------


def test_summary_counts_agreeing_parties_of_the_latest_version(
    collaboration, problem, kommun, polisen, alice, karin
):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)

    agreed, asked, all_agree = queries.problem_agreement_summary(collaboration)

    assert (agreed, asked, all_agree) == (1, 2, False)


def test_summary_before_anything_is_sent(collaboration, problem):
    summary = queries.problem_agreement_summary(collaboration)
    assert (summary.version, summary.agreed, summary.asked, summary.all_agree) == (None, 0, 0, False)


def test_all_agree_when_every_party_not_declining_agrees(
    collaboration, problem, kommun, polisen, alice, karin
):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)
    answer(recipient_of(polisen), karin, ConfirmationAnswer.DECLINE)

    summary = queries.problem_agreement_summary(collaboration)
    assert (summary.agreed, summary.asked, summary.all_agree) == (1, 1, True)


def test_all_agreed_is_logged_once_and_mailed_to_the_lead_staff(
    collaboration, problem, kommun, alice, olivia, karin, mailoutbox
):
    send(collaboration, alice)
    mailoutbox.clear()
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)

    assert Event.objects.filter(kind=EventKind.ALL_AGREED).count() == 1
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == ["alice@example.test", "olivia@example.test"]
    assert "Alla parter instämmer" in mailoutbox[0].subject
    assert "Åsby kommun: Instämmer" in mailoutbox[0].body


def test_a_newer_draft_means_not_all_agree(collaboration, problem, kommun, alice, karin):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)
    assert queries.problem_agreement_summary(collaboration).all_agree

    revise(collaboration, alice, "Ett utkast till nästa version.")

    summary = queries.problem_agreement_summary(collaboration)
    assert summary.newer_draft
    assert not summary.all_agree


def test_summary_takes_a_bounded_number_of_queries(
    collaboration, problem, kommun, alice, django_assert_max_num_queries
):
    PartyFactory.create_batch(10, collaboration=collaboration)
    send(collaboration, alice)
    with django_assert_max_num_queries(3):
        queries.problem_agreement_summary(collaboration)


# --- What waits for whom ------------------------------------------------------------------------


def test_pending_answers_lists_collaborations_waiting_for_the_user(
    collaboration, problem, partner_party, alice, bob
):
    send(collaboration, alice)
    assert queries.pending_for(bob).answers == {collaboration.pk: partner_party.pk}
    assert queries.pending_for(bob).approvals == {}

    answer(recipient_of(partner_party), bob, ConfirmationAnswer.AGREE)
    assert queries.pending_for(bob).answers == {}


def test_pending_answers_is_one_query(
    collaboration, problem, partner_party, alice, bob, django_assert_num_queries
):
    send(collaboration, alice)
    with django_assert_num_queries(1):
        queries.pending_for(bob)


# --- Revoking and sending again -----------------------------------------------------------------


def test_revoking_stops_the_link_and_is_logged(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    links.revoke_invitations(party=kommun, revoked_by=alice)

    invitation = Invitation.objects.get()
    assert invitation.state() == "revoked"
    assert invitation.revoked_by == alice
    logged = Event.objects.get(kind=EventKind.INVITATION_REVOKED)
    assert logged.detail == "Åsby kommun (karin@kommun.test)"


def test_revoking_with_no_open_link_is_refused(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    links.revoke_invitations(party=kommun, revoked_by=alice)
    with pytest.raises(DomainError, match="ingen länk"):
        links.revoke_invitations(party=kommun, revoked_by=alice)


def test_sending_again_replaces_the_old_link_and_uses_the_new_address(
    collaboration, problem, kommun, alice, mailoutbox
):
    send(collaboration, alice)
    kommun.contact_email = "ny@kommun.test"
    kommun.save()

    sending.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)

    old, new = Invitation.objects.order_by("created_at", "pk")
    assert old.state() == "replaced"
    assert (new.email, new.state()) == ("ny@kommun.test", "valid")
    assert mail_to(mailoutbox, "ny@kommun.test")


def test_sending_again_asks_a_party_added_after_the_version_was_sent(collaboration, problem, kommun, alice):
    request = send(collaboration, alice)
    late = PartyFactory(collaboration=collaboration, state=PartyState.PROPOSED)

    sending.resend_invitation(party=late, sent_by=alice, base_url=BASE_URL)

    assert request.recipients.filter(party=late).exists()
    late.refresh_from_db()
    assert late.state == PartyState.INVITED


def test_a_declined_party_is_not_sent_again(collaboration, problem, kommun, alice, karin):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.DECLINE)
    kommun.refresh_from_db()
    with pytest.raises(DomainError, match="avböjt"):
        sending.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)


def test_summaries_for_many_collaborations_in_three_queries(
    collaboration, problem, kommun, karin, alice, django_assert_num_queries
):
    send(collaboration, alice)
    answer(recipient_of(kommun), karin, ConfirmationAnswer.AGREE)
    others = [CollaborationFactory(lead_organisation=collaboration.lead_organisation) for _ in range(5)]
    ids = [collaboration.pk, *(c.pk for c in others)]

    with django_assert_num_queries(3):
        summaries = queries.problem_agreement_summaries(ids)

    assert tuple(summaries[collaboration.pk]) == (1, 1, True)
    assert tuple(summaries[others[0].pk]) == (0, 0, False)


def test_open_links_are_those_not_accepted_revoked_or_replaced(collaboration, kommun, alice):
    send(collaboration, alice)
    sending.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)  # replaces the first
    sending.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)
    links.revoke_invitations(party=kommun, revoked_by=alice)
    sending.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)

    invitations = list(Invitation.objects.all())
    assert len(invitations) == 4
    assert {i.pk for i in invitations if i.is_open} == set(
        Invitation.objects.open().values_list("pk", flat=True)
    )
    assert Invitation.objects.open().count() == 1
