"""The parties approve an exact version of the agreement; step 16 is done when every joined party has
approved the latest version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import services
from agreements.approval import AGREEMENT
from agreements.models import AgreementVersion
from checklist.models import CommunicationPlan
from checklist.rules import StepState, checklist_status, checklist_statuses
from collaborations.confirmations import answers
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import ConfirmationRequest, Event, EventKind, PartyState
from samverkan.errors import DomainError
from tests.agreements.arrange import approve_all, complete, pdf_text, send
from tests.conftest import client_for
from tests.factories import (
    AgreementVersionFactory,
    CollaborationFactory,
    ConfirmationRecipientFactory,
    PartyFactory,
)


def step_16(collaboration):
    return checklist_status(collaboration).for_number(16).state


@pytest.fixture
def final(collaboration, alice):
    complete(collaboration, alice)
    return collaboration


def test_final_draft_is_sent_to_every_joined_partner(final, alice):
    request = send(final, alice)

    assert request.agreement.number == 1 and request.agreement.is_final
    assert {r.party.organisation.name for r in request.recipients.all()} == {"Åsby kommun", "Norrbacka IF"}
    # The exact text is kept as the version; its PDF is rendered by the task worker, not in the request.
    assert AgreementVersion.objects.get().text
    event = Event.objects.filter(kind=EventKind.AGREEMENT_SENT).latest("created_at")
    assert event.get_kind_display() == "Avtalsutkast skickat för godkännande"
    assert event.detail == "avtalsutkastet version 1 skickat för godkännande till Norrbacka IF, Åsby kommun"
    assert step_16(final) == StepState.IN_PROGRESS


def test_a_draft_with_gaps_cannot_be_sent(collaboration, alice):
    with pytest.raises(DomainError, match="Bara det slutliga utkastet"):
        send(collaboration, alice)

    # A refusal writes nothing: no request, no version, no PDF, nothing in the log.
    assert not ConfirmationRequest.objects.filter(agreement__isnull=False).exists()
    assert not AgreementVersion.objects.exists()
    assert not Event.objects.filter(kind=EventKind.PDF_GENERATED).exists()


def test_a_version_that_changed_since_it_was_read_is_not_sent(final, alice):
    seen = services.current_draft(final, checklist=checklist_status(final)).content_hash
    CommunicationPlan.objects.filter(collaboration=final).update(public="Ny text.")

    with pytest.raises(DomainError, match="Avtalet har ändrats sedan du öppnade sidan"):
        send(final, alice, checksum=seen)

    assert not ConfirmationRequest.objects.filter(agreement__isnull=False).exists()


def test_the_same_version_is_sent_once(final, alice):
    send(final, alice)

    with pytest.raises(DomainError, match="redan skickats"):
        send(final, alice)


def test_step_16_is_done_when_every_joined_partner_approved(final, alice):
    request = send(final, alice)

    approve_all(request)

    assert step_16(final) == StepState.DONE
    assert Event.objects.filter(kind=EventKind.APPROVAL_GIVEN).count() == 2
    assert ConfirmationRequest.objects.get(pk=request.pk).all_agreed_at is not None


def test_a_newer_version_makes_step_16_wait_again(final, alice):
    approve_all(send(final, alice))
    CommunicationPlan.objects.filter(collaboration=final).update(public="Ny text.")

    services.agreement_pdf(collaboration=final, checklist=checklist_status(final), requested_by=alice)

    assert step_16(final) == StepState.IN_PROGRESS


def test_a_party_that_joins_later_must_approve_too(final, alice):
    approve_all(send(final, alice))

    PartyFactory(collaboration=final, state=PartyState.JOINED)

    assert step_16(final) == StepState.IN_PROGRESS


def test_wanting_changes_needs_a_comment_and_is_logged(final, alice):
    request = send(final, alice)
    recipient = request.recipients.first()

    with pytest.raises(DomainError, match="Skriv vad ni vill ha ändrat"):
        answers.submit_answer(
            subject=AGREEMENT, recipient=recipient, answered_by=None, seen_version=1, answer="changes"
        )
    answers.submit_answer(
        subject=AGREEMENT,
        recipient=recipient,
        answered_by=None,
        seen_version=1,
        answer="changes",
        comment="Längre avtalstid.",
    )

    assert (
        Event.objects.filter(kind=EventKind.CHANGES_WANTED)
        .latest("created_at")
        .detail.endswith("vill ha ändringar i avtalsutkastet version 1")
    )
    assert step_16(final) == StepState.IN_PROGRESS


def test_an_answer_to_a_replaced_version_is_refused(final, alice):
    first = send(final, alice)
    CommunicationPlan.objects.filter(collaboration=final).update(public="Ny text.")
    send(final, alice)

    with pytest.raises(DomainError, match="nyare version av avtalet"):
        answers.submit_answer(
            subject=AGREEMENT,
            recipient=first.recipients.first(),
            answered_by=None,
            seen_version=1,
            answer="agree",
        )


@pytest.mark.parametrize(
    ("subject", "answer", "refusal"),
    [
        (PROBLEM, "agree", "ingen begäran om att bekräfta problembeskrivningen"),
        (AGREEMENT, "decline", "Välj om ni godkänner avtalet eller vill ha ändringar"),
    ],
)
def test_the_one_answer_takes_only_the_subjects_own_answers(final, alice, subject, answer, refusal):
    """One answer service for both subjects: a request about the agreement is not answered as one about
    the problem description, and declining is not an answer the agreement allows."""
    request = send(final, alice)
    recipient = request.recipients.first()
    events = Event.objects.count()

    with pytest.raises(DomainError, match=refusal):
        answers.submit_answer(
            subject=subject, recipient=recipient, answered_by=None, seen_version=1, answer=answer
        )

    recipient.refresh_from_db()
    assert recipient.answer == "" and recipient.answered_at is None
    assert recipient.party.state == PartyState.JOINED
    assert Event.objects.count() == events


def test_approvals_are_in_the_appendix_of_the_same_version(final, alice):
    request = send(final, alice)
    approve_all(request)

    document = services.agreement_pdf(
        collaboration=final, checklist=checklist_status(final), requested_by=alice
    )

    text = pdf_text(document.pdf)
    assert document.version.number == 1 and document.rendered
    assert "Avtalet godkänt Åsby kommun godkänner version 1 Karin Berg" in text
    assert "avtalsutkast version 1 godkänt av 2 av 2 parter" in text


# --- The pages


def test_staff_send_from_the_agreement_page(final, alice_client):
    page = alice_client.get(reverse("agreement_preview", args=[final.pk])).content.decode()
    assert "Be parterna godkänna version 1" in page

    checksum = services.current_draft(final, checklist=checklist_status(final)).content_hash
    response = alice_client.post(
        reverse("agreement_send", args=[final.pk]), {"checksum": checksum, "message": "Hej!"}
    )

    assert response.status_code == 302
    request = ConfirmationRequest.objects.get(agreement__isnull=False)
    assert request.message == "Hej!"


def test_sending_a_draft_with_gaps_says_why(collaboration, alice_client):
    checksum = services.current_draft(collaboration, checklist=checklist_status(collaboration)).content_hash
    response = alice_client.post(
        reverse("agreement_send", args=[collaboration.pk]), {"checksum": checksum}, follow=True
    )

    assert "Bara det slutliga utkastet kan skickas för godkännande." in response.content.decode()
    assert not ConfirmationRequest.objects.filter(agreement__isnull=False).exists()


def test_sending_without_the_checksum_is_refused(final, alice_client):
    response = alice_client.post(reverse("agreement_send", args=[final.pk]), {"checksum": ""}, follow=True)

    assert "Öppna avtalet igen" in response.content.decode()
    assert not ConfirmationRequest.objects.filter(agreement__isnull=False).exists()


def test_partner_approves_on_the_approval_page(final, alice):
    request = send(final, alice)
    recipient = request.recipients.select_related("party__organisation").get(
        party__organisation__name="Åsby kommun"
    )
    karin = recipient.party.representations.first().user
    url = reverse("agreement_approve", args=[final.pk, recipient.party.pk])
    client = client_for(karin)

    preview = client.get(reverse("agreement_preview", args=[final.pk])).content.decode()
    page = client.get(url).content.decode()
    response = client.post(url, {"version": "1", "answer": "agree"})

    assert url in preview
    assert "Ladda ner version 1 (PDF)" in page
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert (recipient.answer, recipient.answered_by) == ("agree", karin)


def test_partner_wanting_changes_without_comment_gets_the_form_back(final, alice):
    recipient = send(final, alice).recipients.select_related("party__organisation").first()
    client = client_for(recipient.party.representations.first().user)

    response = client.post(
        reverse("agreement_approve", args=[final.pk, recipient.party.pk]),
        {"version": "1", "answer": "changes"},
    )

    assert response.status_code == 200
    assert "Skriv vad ni vill ha ändrat." in response.content.decode()
    recipient.refresh_from_db()
    assert recipient.answer == ""


def test_approval_page_says_when_there_is_nothing_to_approve(collaboration, partner_party, bob):
    response = client_for(bob).get(reverse("agreement_approve", args=[collaboration.pk, partner_party.pk]))

    assert response.status_code == 200
    assert "Det finns ingen version av avtalet" in response.content.decode()


def test_another_partys_approval_page_is_404(final, alice):
    recipients = send(final, alice).recipients.select_related("party__organisation")
    kommun, club = (
        recipients.get(party__organisation__name=name).party for name in ("Åsby kommun", "Norrbacka IF")
    )
    karin = kommun.representations.first().user

    response = client_for(karin).get(reverse("agreement_approve", args=[final.pk, club.pk]))

    assert response.status_code == 404


def test_step_16_needs_a_fixed_number_of_queries_for_many_collaborations(final, alice):
    approve_all(send(final, alice))
    few = [final, CollaborationFactory()]
    many = few + [CollaborationFactory() for _ in range(10)]
    for other in many[1:]:
        version = AgreementVersionFactory(collaboration=other, is_final=True)
        ConfirmationRecipientFactory(
            request__collaboration=other,
            request__problem=None,
            request__agreement=version,
            answer="agree",
            answered_at="2026-11-01T10:00Z",
        )

    with CaptureQueriesContext(connection) as small:
        checklist_statuses(few)
    with CaptureQueriesContext(connection) as large:
        statuses = checklist_statuses(many)

    assert len(small) == len(large)
    assert all(statuses[c.pk].for_number(16).state == StepState.DONE for c in many)


def test_the_agreement_page_reads_no_approval_request_before_one_was_ever_sent(final, alice, alice_client):
    url = reverse("agreement_preview", args=[final.pk])

    def requests_read():
        """The page, and its queries that read a request row (the current approval request)."""
        with CaptureQueriesContext(connection) as queries:
            page = alice_client.get(url).content.decode()
        sql = [q["sql"] for q in queries.captured_queries]
        return page, [s for s in sql if s.startswith('SELECT "collaborations_confirmationrequest"."id"')]

    alice_client.get(url)  # the agreement is built and kept
    page, read = requests_read()
    assert read == []
    assert "Be parterna godkänna version 1" in page
    send(final, alice)
    alice_client.get(url)
    page, read = requests_read()
    assert len(read) == 1
    assert "Be parterna godkänna version 1" not in page
