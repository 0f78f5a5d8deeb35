"""A partner's own view (issue 15): the overview says where their party stands and shows the texts,
without the staff's checklist; the confirmation matrix offers only what fits each party's state; the
agreement's link serves its PDF without an account."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaborations.confirmations import answers
from collaborations.confirmations.subject import PROBLEM
from collaborations.models import Invitation, MailStatus
from samverkan.events import record_event
from tests.agreements.arrange import complete
from tests.agreements.arrange import send as send_agreement
from tests.collaborations.confirmation_setup import link_in, revise, send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory


@pytest.fixture
def asked(collaboration, partner_party, alice, bob):
    partner_party.contact_email = bob.email
    partner_party.save()
    ProblemDescriptionFactory(collaboration=collaboration, text="Otrygghet kring torget.")
    return send(collaboration, alice)


def overview(user, collaboration):
    return client_for(user).get(reverse("collaboration_detail", args=[collaboration.pk]))


def test_a_partner_sees_what_waits_for_them_and_no_checklist(collaboration, asked, bob):
    page = overview(bob, collaboration).text

    assert "Väntar på ert svar: version 1 av problembeskrivningen." in page
    assert "Otrygghet kring torget." in page
    assert "Steg 5" not in page and "Alla steg" not in page
    assert reverse("confirmation_matrix", args=[collaboration.pk]) not in page


def test_a_partner_sees_what_they_answered_to_which_version(collaboration, asked, alice, bob):
    answers.submit_answer(
        subject=PROBLEM,
        recipient=asked.recipients.get(),
        answered_by=bob,
        seen_version=1,
        answer="changes",
        comment="Nämn skolvägen.",
    )
    revise(collaboration, alice, "Otrygghet kring torget och skolvägen.")
    send(collaboration, alice)

    page = overview(bob, collaboration).text

    assert "Väntar på ert svar: version 2 av problembeskrivningen." in page
    assert "Ni svarade ”Vill ha ändringar” på version 1." in page


def test_the_staff_keep_their_overview_with_the_checklist(collaboration, asked, alice):
    assert "Alla steg" in overview(alice, collaboration).text


def _grow(collaboration, alice, n):
    for _ in range(n):
        PartyFactory(collaboration=collaboration)
        record_event(collaboration=collaboration, kind="party_added", actor=alice, detail="x")
        revise(collaboration, alice, f"Text {collaboration.latest_problem().version + 1}.")


def test_the_partners_overview_needs_the_same_queries_with_more_data(collaboration, asked, alice, bob):
    client = client_for(bob)
    url = reverse("collaboration_detail", args=[collaboration.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as little:
        assert client.get(url).status_code == 200
    _grow(collaboration, alice, 5)
    with CaptureQueriesContext(connection) as much:
        assert client.get(url).status_code == 200
    assert len(much) == len(little)


# --- The matrix follows the state ---------------------------------------------------------------


def matrix(alice, collaboration):
    return client_for(alice).get(reverse("confirmation_matrix", args=[collaboration.pk])).text


def test_a_party_that_answered_shows_as_opened_and_is_not_offered_a_new_link(
    collaboration, asked, alice, bob
):
    answers.submit_answer(
        subject=PROBLEM, recipient=asked.recipients.get(), answered_by=bob, seen_version=1, answer="agree"
    )

    page = matrix(alice, collaboration)

    assert "Inte öppnad" not in page and "Öppnad" in page
    assert "Skicka igen" not in page
    assert "Påminn" not in page


def test_no_reminder_or_new_link_while_the_e_mail_waits_to_be_sent(collaboration, asked, alice):
    Invitation.objects.update(mail_status=MailStatus.PENDING, token_hash=None, mail_sent_at=None)

    page = matrix(alice, collaboration)

    assert "Väntar på att skickas" in page
    assert "Påminn" not in page and "Skicka igen" not in page


def test_a_party_that_has_not_answered_can_be_reminded(collaboration, asked, alice):
    page = matrix(alice, collaboration)

    assert "Påminn" in page and "Skicka igen" in page


# --- The agreement's link ------------------------------------------------------------------------


def test_the_agreement_link_shows_the_text_and_serves_its_pdf_without_an_account(
    collaboration, alice, client, mailoutbox
):
    partners = complete(collaboration, alice)
    mailoutbox.clear()
    send_agreement(collaboration, alice)
    to_kommun = next(m for m in mailoutbox if m.to == [partners[0].contact_email])

    page = client.get(link_in(to_kommun), follow=True)
    pdf = client.get(reverse("invitation_pdf"))

    assert "Version 1 av avtalsutkastet" in page.text
    assert "Parter" in page.text  # the agreement's own text, on the page
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
