"""The pages of the confirmation flow: sending, the matrix and its actions, the partner's answer, and
comparing versions (collaborations/confirmation_views.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import CollaborationChecklist
from checklist.services import ensure_published_template
from collaborations import diff
from collaborations.confirmations import answers, queries
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import (
    ConfirmationAnswer,
    ConfirmationRequest,
    Event,
    EventKind,
    Invitation,
    MailStatus,
    Party,
    PartyRole,
    PartyState,
)
from tests.collaborations.confirmation_setup import revise, send
from tests.collaborations.long_texts import long_text, record_comparisons, unrelated_text
from tests.conftest import client_for
from tests.factories import (
    CollaborationFactory,
    PartyFactory,
    ProblemDescriptionFactory,
    RepresentationFactory,
)
from tests.mail_backends import FAILING_MAILERS


@pytest.fixture
def problem(collaboration):
    return ProblemDescriptionFactory(
        collaboration=collaboration, text="Många känner sig otrygga kvällstid kring torget."
    )


@pytest.fixture
def kommun(collaboration):
    return PartyFactory(
        collaboration=collaboration, organisation__name="Åsby kommun", contact_email="karin@kommun.test"
    )


@pytest.fixture
def karin(kommun):
    return RepresentationFactory(party=kommun, user__email="karin@kommun.test").user


def url(name, collaboration, *args):
    return reverse(name, args=[collaboration.pk, *args])


# --- Send for confirmation ----------------------------------------------------------------------


def test_send_page_shows_who_will_receive_the_invitation(collaboration, problem, kommun, alice_client):
    PartyFactory(collaboration=collaboration, organisation__name="Norrbacka IF", contact_email="")
    PartyFactory(collaboration=collaboration, organisation__name="Länsstyrelsen", role=PartyRole.OBSERVER)

    response = alice_client.get(url("problem_send", collaboration))

    assert response.status_code == 200
    text = response.text
    assert "1 part får en inbjudan" in text
    assert "karin@kommun.test" in text
    assert "Norrbacka IF: Parten saknar e-postadress till en kontaktperson." in text
    assert "Länsstyrelsen: Observatörer tillfrågas inte." in text
    assert "Er egen organisation tillfrågas inte." in text
    assert "Skicka version 1 för bekräftelse" in text
    assert not ConfirmationRequest.objects.exists()


def test_sending_from_the_page(collaboration, problem, kommun, alice_client, mailoutbox):
    response = alice_client.post(
        url("problem_send", collaboration),
        {"version": "1", f"language_{kommun.pk}": "en", "message": "Hör av er före fredag."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == url("confirmation_matrix", collaboration)
    assert "Version 1 har skickats för bekräftelse till 1 part." in response.text
    request = ConfirmationRequest.objects.get()
    assert request.message == "Hör av er före fredag."
    assert request.recipients.get().language == "en"
    assert mailoutbox[0].subject.startswith("Confirm the problem description")


def test_sending_with_nobody_to_ask_says_so_and_saves_nothing(collaboration, problem, alice_client):
    response = alice_client.post(url("problem_send", collaboration), {"version": "1"})
    assert response.status_code == 200
    assert "Ingen part kan tillfrågas än." in response.text
    problem.refresh_from_db()
    assert not problem.is_sent


def test_sending_a_version_someone_replaced_meanwhile_is_refused(
    collaboration, problem, kommun, alice, alice_client
):
    send(collaboration, alice)
    revise(collaboration, alice, "Ny text.")
    response = alice_client.post(
        url("problem_send", collaboration), {"version": "1", f"language_{kommun.pk}": "sv"}
    )
    assert response.status_code == 200
    assert "Problembeskrivningen har ändrats sedan du öppnade sidan" in response.text
    assert ConfirmationRequest.objects.count() == 1


def test_sending_with_a_bad_language_is_refused(collaboration, problem, kommun, alice_client):
    response = alice_client.post(
        url("problem_send", collaboration), {"version": "1", f"language_{kommun.pk}": "xx"}
    )
    assert response.status_code == 200
    assert not ConfirmationRequest.objects.exists()


def test_send_page_when_already_sent(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    response = alice_client.get(url("problem_send", collaboration))
    assert "Version 1 har redan skickats för bekräftelse." in response.text


def test_partner_gets_403_on_send(collaboration, problem, kommun, karin):
    assert client_for(karin).post(url("problem_send", collaboration), {"version": "1"}).status_code == 403
    assert not ConfirmationRequest.objects.exists()


def test_problem_page_offers_to_send_and_then_shows_the_state(
    collaboration, problem, kommun, alice, alice_client
):
    page = alice_client.get(url("problem_detail", collaboration))
    assert "Skicka för bekräftelse" in page.text

    send(collaboration, alice)

    page = alice_client.get(url("problem_detail", collaboration))
    assert "Version 1 har skickats för bekräftelse: 0 av 1 part instämmer." in page.text
    assert url("confirmation_matrix", collaboration) in page.text


def test_problem_page_reads_the_request_and_its_answers_from_the_kept_checklist_facts(
    collaboration, problem, kommun, karin, alice, alice_client
):
    """The staff's page shows the checklist, whose facts (kept under the change stamp) know the version
    sent and count its answers already: no query of its own, and an answer or a new version shows at
    once."""
    # A checklist of its own, as every collaboration made through the service: its state is kept.
    CollaborationChecklist.objects.create(collaboration=collaboration, template=ensure_published_template())
    send(collaboration, alice)
    alice_client.get(url("problem_detail", collaboration))  # the checklist's state is kept
    with CaptureQueriesContext(connection) as queries_run:
        page = alice_client.get(url("problem_detail", collaboration))
    assert "Version 1 har skickats för bekräftelse: 0 av 1 part instämmer." in page.text
    assert "Skicka för bekräftelse" not in page.text
    assert not [q for q in queries_run.captured_queries if "collaborations_confirmationrequest" in q["sql"]]
    answers.submit_answer(
        subject=PROBLEM,
        recipient=queries.current_recipient(kommun, subject=PROBLEM),
        answered_by=karin,
        seen_version=1,
        answer=ConfirmationAnswer.AGREE,
    )
    page = alice_client.get(url("problem_detail", collaboration))
    assert "Version 1 har skickats för bekräftelse: 1 av 1 part instämmer." in page.text
    revise(collaboration, alice, "Otryggt vid torget och skolvägen.")
    page = alice_client.get(url("problem_detail", collaboration))
    assert "Version 1 har skickats för bekräftelse: 1 av 1 part instämmer." in page.text
    assert "Skicka för bekräftelse" in page.text


def test_problem_page_asks_the_partner_to_answer(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    page = client_for(karin).get(url("problem_detail", collaboration))
    assert url("confirmation_answer", collaboration, kommun.pk) in page.text


# --- The matrix ---------------------------------------------------------------------------------


def test_matrix_shows_answers_comments_and_opening(
    collaboration, problem, kommun, karin, alice, alice_client
):
    polisen = PartyFactory(collaboration=collaboration, organisation__name="Polisen")
    PartyFactory(collaboration=collaboration, organisation__name="Norrbacka IF", contact_email="")
    send(collaboration, alice)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=queries.current_recipient(kommun, subject=PROBLEM),
        answered_by=karin,
        seen_version=1,
        answer=ConfirmationAnswer.CHANGES,
        comment="Nämn skolvägen.",
    )
    Invitation.objects.filter(recipient__party=polisen).update(opened_at="2026-01-01T10:00Z")

    response = alice_client.get(url("confirmation_matrix", collaboration))

    assert response.status_code == 200
    rows = {row.party.organisation.name: row for row in response.context["rows"]}
    assert rows["Åsby kommun"].recipient.answer == ConfirmationAnswer.CHANGES
    assert rows["Polisen"].opened
    assert rows["Norrbacka IF"].recipient is None
    text = response.text
    assert "Vill ha ändringar" in text
    assert "Nämn skolvägen." in text
    assert "Inget svar än" in text
    assert "Inte tillfrågad" in text
    assert "Öppnad" in text
    assert "0 av 2 parter instämmer." in text
    assert "Svar lämnat" in text  # the confirmation events


def test_matrix_shows_a_failed_mail(collaboration, problem, kommun, alice, alice_client, settings):
    settings.MAILERS = FAILING_MAILERS
    send(collaboration, alice)
    response = alice_client.get(url("confirmation_matrix", collaboration))
    assert "E-postmeddelandet kunde inte skickas." in response.text
    assert "Försöker igen" in response.text
    assert "E-post kunde inte skickas" in response.text  # the event


def test_matrix_before_anything_is_sent(collaboration, problem, kommun, alice_client):
    response = alice_client.get(url("confirmation_matrix", collaboration))
    assert response.status_code == 200
    assert "Problembeskrivningen har inte skickats för bekräftelse än." in response.text
    assert "Skicka version 1 för bekräftelse" in response.text


def test_partner_gets_403_on_matrix(collaboration, kommun, karin):
    assert client_for(karin).get(url("confirmation_matrix", collaboration)).status_code == 403


def test_staff_remind_from_the_matrix(collaboration, problem, kommun, alice, alice_client, mailoutbox):
    send(collaboration, alice)
    response = alice_client.post(url("confirmation_remind", collaboration, kommun.pk), follow=True)
    assert "En påminnelse är på väg till Åsby kommun." in response.text
    assert mailoutbox[-1].subject.startswith("Påminnelse:")
    assert queries.current_recipient(kommun, subject=PROBLEM).last_reminded_at is not None


def test_remind_a_party_that_answered_says_so(
    collaboration, problem, kommun, karin, alice, alice_client, mailoutbox
):
    send(collaboration, alice)
    answers.submit_answer(
        subject=PROBLEM,
        recipient=queries.current_recipient(kommun, subject=PROBLEM),
        answered_by=karin,
        seen_version=1,
        answer=ConfirmationAnswer.AGREE,
    )
    sent = len(mailoutbox)
    response = alice_client.post(url("confirmation_remind", collaboration, kommun.pk), follow=True)
    assert "Åsby kommun har redan svarat." in response.text
    assert len(mailoutbox) == sent


def test_staff_resend_from_the_matrix(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    response = alice_client.post(url("confirmation_resend", collaboration, kommun.pk), follow=True)
    assert "En ny inbjudan är på väg till Åsby kommun. Tidigare länkar fungerar inte längre." in response.text
    assert Invitation.objects.filter(recipient__party=kommun).count() == 2


def test_staff_revoke_from_the_matrix(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    response = alice_client.post(url("confirmation_revoke", collaboration, kommun.pk), follow=True)
    assert "Inbjudan till Åsby kommun har återkallats" in response.text
    assert Invitation.objects.get().state() == "revoked"


def test_matrix_actions_refuse_get(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    assert alice_client.get(url("confirmation_revoke", collaboration, kommun.pk)).status_code == 405


def test_matrix_action_on_another_collaborations_party_is_404(
    collaboration, problem, kommun, alice, alice_client
):
    send(collaboration, alice)
    foreign = PartyFactory()
    response = alice_client.post(url("confirmation_revoke", collaboration, foreign.pk))
    assert response.status_code == 404
    assert Invitation.objects.get().state() != "revoked"
    assert not Event.objects.filter(kind=EventKind.INVITATION_REVOKED).exists()


def test_partner_gets_403_on_matrix_actions(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    assert client_for(karin).post(url("confirmation_revoke", collaboration, kommun.pk)).status_code == 403
    assert Invitation.objects.get().state() == "valid"


# --- The partner's answer -----------------------------------------------------------------------


def answer_page(collaboration, party):
    return url("confirmation_answer", collaboration, party.pk)


def test_answer_page_shows_the_collaboration_the_text_and_three_choices(
    collaboration, problem, kommun, karin, alice
):
    send(collaboration, alice, message="Vi behöver ert svar före mötet.")

    response = client_for(karin).get(answer_page(collaboration, kommun))

    assert response.status_code == 200
    text = response.text
    assert "Åsbyhem AB frågar Åsby kommun om ni instämmer" in text
    assert "Trygg Norrbacka" in text
    assert "Vi behöver ert svar före mötet." in text
    assert "Många känner sig otrygga kvällstid kring torget." in text
    assert "<legend>Vad svarar Åsby kommun på version 1?</legend>" in text
    for label in ("Instämmer", "Vill ha ändringar", "Avböjer"):
        assert f">{label}<span" in text
    assert "Vad har ändrats sedan du svarade?" not in text


def test_a_party_made_an_observer_cannot_answer_on_the_page(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    Party.objects.filter(pk=kommun.pk).update(role=PartyRole.OBSERVER)
    client = client_for(karin)

    page = client.get(answer_page(collaboration, kommun))
    post = client.post(answer_page(collaboration, kommun), {"version": "1", "answer": "agree", "comment": ""})

    # As on the approval page: a 404, and nothing saved.
    assert (page.status_code, post.status_code) == (404, 404)
    assert queries.current_recipient(kommun, subject=PROBLEM).answer == ""


def test_partner_agrees(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    response = client_for(karin).post(
        answer_page(collaboration, kommun), {"version": "1", "answer": "agree", "comment": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("confirmation_thanks", collaboration, kommun.pk)
    assert "Tack för ditt svar" in response.text
    assert "Åsby kommun har svarat ”Instämmer” på version 1" in response.text
    recipient = queries.current_recipient(kommun, subject=PROBLEM)
    assert (recipient.answer, recipient.answered_by) == (ConfirmationAnswer.AGREE, karin)


def test_asking_for_changes_without_a_comment_is_refused_with_a_message_on_the_field(
    collaboration, problem, kommun, karin, alice
):
    send(collaboration, alice)
    response = client_for(karin).post(
        answer_page(collaboration, kommun), {"version": "1", "answer": "changes", "comment": " "}
    )
    assert response.status_code == 200
    text = response.text
    assert '<p id="comment-error" class="field-error">Skriv vad ni vill ha ändrat. </p>' in text
    assert 'aria-describedby="comment-help comment-error" aria-invalid="true"' in text
    assert queries.current_recipient(kommun, subject=PROBLEM).answer == ""


def test_no_choice_is_refused_with_a_message_on_the_fieldset(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    response = client_for(karin).post(answer_page(collaboration, kommun), {"version": "1", "comment": "Hm"})
    assert response.status_code == 200
    assert 'aria-describedby="answer-error"' in response.text
    assert "Välj ett av de tre svaren." in response.text
    assert queries.current_recipient(kommun, subject=PROBLEM).answer == ""


def test_answer_to_a_version_replaced_while_reading_is_refused(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    revise(collaboration, alice, "Ny text.")
    send(collaboration, alice)
    response = client_for(karin).post(answer_page(collaboration, kommun), {"version": "1", "answer": "agree"})
    assert response.status_code == 200
    assert "En nyare version av problembeskrivningen skickades medan du läste." in response.text
    assert queries.current_recipient(kommun, subject=PROBLEM).answer == ""


def test_partner_can_change_the_answer(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    client = client_for(karin)
    client.post(
        answer_page(collaboration, kommun), {"version": "1", "answer": "changes", "comment": "Skolan!"}
    )
    page = client.get(answer_page(collaboration, kommun))
    assert "Du har svarat ”Vill ha ändringar”" in page.text
    assert 'value="changes" checked' in page.text

    client.post(answer_page(collaboration, kommun), {"version": "1", "answer": "agree"})
    assert queries.current_recipient(kommun, subject=PROBLEM).answer == ConfirmationAnswer.AGREE


def test_new_version_shows_what_changed_since_the_answer(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    client = client_for(karin)
    client.post(
        answer_page(collaboration, kommun),
        {"version": "1", "answer": "changes", "comment": "Nämn skolvägen."},
    )
    revise(collaboration, alice, "Många känner sig otrygga kvällstid kring torget och skolvägen.")
    send(collaboration, alice)

    page = client.get(answer_page(collaboration, kommun))

    text = page.text
    assert "Vad har ändrats sedan du svarade?" in text
    assert "Du svarade ”Vill ha ändringar” på version 1. Det här har ändrats i version 2." in text
    assert "Nämn skolvägen." in text
    changes = text.split("Vad har ändrats")[1].split("Problembeskrivningen, version 2")[0]
    assert 'kring torget <ins><span class="visually-hidden">[tillagt: </span>och skolvägen<span' in changes
    assert "[borttaget:" not in changes
    assert "<legend>Vad svarar Åsby kommun på version 2?</legend>" in text
    assert "checked" not in text.split("<fieldset")[1].split("</fieldset>")[0]


def test_declined_party_can_still_change_its_mind(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    client = client_for(karin)
    client.post(answer_page(collaboration, kommun), {"version": "1", "answer": "decline"})
    kommun.refresh_from_db()
    assert kommun.state == PartyState.DECLINED

    thanks = client.get(url("confirmation_thanks", collaboration, kommun.pk))
    assert "Åsby kommun deltar inte i samverkan" in thanks.text
    assert client.get(answer_page(collaboration, kommun)).status_code == 200

    client.post(answer_page(collaboration, kommun), {"version": "1", "answer": "agree"})
    kommun.refresh_from_db()
    assert kommun.state == PartyState.JOINED


def test_answer_page_when_nothing_is_asked(collaboration, problem, kommun, karin):
    response = client_for(karin).get(answer_page(collaboration, kommun))
    assert response.status_code == 200
    assert "Inget att svara på just nu" in response.text


def test_thanks_page_before_answering_goes_to_the_answer(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    response = client_for(karin).get(url("confirmation_thanks", collaboration, kommun.pk))
    assert response["Location"] == answer_page(collaboration, kommun)


def test_lead_staff_get_404_on_the_answer_page(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    assert alice_client.get(answer_page(collaboration, kommun)).status_code == 404


def test_outsider_gets_404_on_the_answer_page(collaboration, problem, kommun, charlie, alice):
    send(collaboration, alice)
    response = client_for(charlie).post(
        answer_page(collaboration, kommun), {"version": "1", "answer": "agree"}
    )
    assert response.status_code == 404
    assert queries.current_recipient(kommun, subject=PROBLEM).answer == ""


def test_partner_of_one_collaboration_gets_404_on_another(collaboration, problem, kommun, karin, alice):
    other = CollaborationFactory(lead_organisation=collaboration.lead_organisation)
    other_party = PartyFactory(collaboration=other, organisation__name="Polisen")
    ProblemDescriptionFactory(collaboration=other)
    send(other, alice)
    client = client_for(karin)

    assert client.get(answer_page(other, other_party)).status_code == 404
    # The party of her own organisation, but under the other collaboration's address:
    assert client.get(url("confirmation_answer", other, kommun.pk)).status_code == 404
    assert client.get(url("problem_compare", other)).status_code == 404
    assert client.get(url("collaboration_detail", other)).status_code == 404


def test_answers_are_logged(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    client_for(karin).post(answer_page(collaboration, kommun), {"version": "1", "answer": "agree"})
    logged = Event.objects.get(kind=EventKind.ANSWER_GIVEN)
    assert (logged.actor, logged.detail) == (karin, "Åsby kommun: Instämmer (version 1)")
    assert Event.objects.filter(kind=EventKind.ALL_AGREED).exists()


# --- Comparing versions -------------------------------------------------------------------------


def test_compare_shows_a_word_diff(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    revise(collaboration, alice, "Många känner sig otrygga på kvällarna kring torget.")

    response = alice_client.get(url("problem_compare", collaboration), {"old": "1", "new": "2"})

    assert response.status_code == 200
    text = response.text
    assert "Ändringar från version 1 till version 2" in text
    assert '<del><span class="visually-hidden">[borttaget: </span>kvällstid' in text
    assert '<ins><span class="visually-hidden">[tillagt: </span>på kvällarna' in text
    assert "Så läser du ändringarna" in text


def test_compare_of_the_longest_versions_compares_only_small_pieces(collaboration, alice_client, monkeypatch):
    text, old_evidence, new_evidence = long_text(), unrelated_text("ord"), unrelated_text("term")
    ProblemDescriptionFactory(collaboration=collaboration, version=1, text=text, evidence=old_evidence)
    ProblemDescriptionFactory(
        collaboration=collaboration,
        version=2,
        text=text.replace("kvarter 250 ", "kvarteret 250 "),
        evidence=new_evidence,
    )
    record_comparisons(monkeypatch, largest=diff.SMALL_PIECES)

    response = alice_client.get(url("problem_compare", collaboration), {"old": "1", "new": "2"})

    assert response.status_code == 200
    assert '<del><span class="visually-hidden">[borttaget: </span>kvarter<' in response.text
    assert '<ins><span class="visually-hidden">[tillagt: </span>kvarteret<' in response.text
    assert '<del><span class="visually-hidden">[borttaget: </span>' + old_evidence + "<" in response.text
    assert '<ins><span class="visually-hidden">[tillagt: </span>' + new_evidence + "<" in response.text


def test_compare_defaults_to_the_two_latest_versions(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    revise(collaboration, alice, "Annan text.")
    response = alice_client.get(url("problem_compare", collaboration))
    assert (response.context["diff"].old_version, response.context["diff"].new_version) == (1, 2)


def test_compare_escapes_the_text(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    revise(collaboration, alice, 'Otrygghet <script>alert("x")</script> kring torget.')
    response = alice_client.get(url("problem_compare", collaboration), {"old": "1", "new": "2"})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text


def test_compare_with_a_version_that_does_not_exist(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    revise(collaboration, alice, "Annan text.")
    response = alice_client.get(url("problem_compare", collaboration), {"old": "1", "new": "9"})
    assert response.status_code == 200
    assert "Välj en version som finns." in response.text
    assert response.context["diff"] is None


def test_compare_a_version_with_itself(collaboration, problem, kommun, alice, alice_client):
    send(collaboration, alice)
    revise(collaboration, alice, "Annan text.")
    response = alice_client.get(url("problem_compare", collaboration), {"old": "2", "new": "2"})
    assert "Välj två olika versioner." in response.text


def test_compare_with_one_version(collaboration, problem, alice_client):
    response = alice_client.get(url("problem_compare", collaboration))
    assert "Det finns bara en version än." in response.text


def test_partner_may_compare(collaboration, problem, kommun, karin, alice):
    send(collaboration, alice)
    revise(collaboration, alice, "Annan text.")
    assert client_for(karin).get(url("problem_compare", collaboration)).status_code == 200


# --- The party list -----------------------------------------------------------------------------


def test_party_list_shows_the_answer_to_the_latest_version(
    collaboration, problem, kommun, karin, alice, alice_client
):
    send(collaboration, alice)
    client_for(karin).post(answer_page(collaboration, kommun), {"version": "1", "answer": "agree"})
    response = alice_client.get(url("party_list", collaboration))
    assert "Svar på den senaste problembeskrivningen" in response.text
    assert "Instämmer" in response.text


def test_invitation_mail_state_is_sent(collaboration, problem, kommun, alice):
    send(collaboration, alice)
    assert Invitation.objects.get().mail_status == MailStatus.SENT
