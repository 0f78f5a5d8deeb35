"""Answering with the e-mailed link alone (issue 15): the page the link opens shows the text and takes
the answer, recording the address the link was sent to and the name and title the person gives; an
account is offered afterwards (collaborations/invitation_views.py, confirmations/answers.py)."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from collaborations.confirmations import links
from collaborations.models import (
    ConfirmationRecipient,
    Event,
    EventKind,
    Invitation,
    PartyState,
    Representation,
)
from tests.collaborations.confirmation_setup import link_in, revise, send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory, UserFactory

INVITED = "karin@kommun.test"
TEXT = "Otrygghet kvällstid kring torget."
CURRENT = reverse("invitation_current")


@pytest.fixture
def kommun(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration, text=TEXT)
    return PartyFactory(
        collaboration=collaboration,
        organisation__name="Åsby kommun",
        state=PartyState.INVITED,
        contact_name="Karin Berg",
        contact_email=INVITED,
    )


@pytest.fixture
def link(collaboration, kommun, alice, mailoutbox):
    send(collaboration, alice)
    return link_in(mailoutbox[-1])


def answer(client, **data):
    return client.post(CURRENT, {"send_answer": "1", "version": "1", **data})


def recipient(kommun):
    return ConfirmationRecipient.objects.get(party=kommun, request__superseded_at__isnull=True)


def test_the_link_opens_the_text_without_an_account(link, client):
    page = client.get(link, follow=True)

    assert page.status_code == 200
    assert TEXT in page.text
    assert 'value="Karin Berg"' in page.text  # the contact's name the lead gave, to correct if need be


def test_an_answer_with_the_link_alone_records_the_address_name_and_title(link, client, kommun):
    client.get(link)

    response = answer(client, answer="agree", name="Karin Berg", title="Områdeschef")

    assert response.status_code == 302 and response["Location"] == CURRENT
    saved = recipient(kommun)
    assert (saved.answer, saved.answered_by, saved.link_email) == ("agree", None, INVITED)
    assert (saved.link_name, saved.link_title) == ("Karin Berg", "Områdeschef")
    event = Event.objects.filter(kind=EventKind.ANSWER_GIVEN).latest("created_at")
    assert "Karin Berg, Områdeschef (via länken till karin@kommun.test)" in event.detail
    assert not Representation.objects.exists()  # no account, no access beyond the link


def test_after_answering_the_page_says_what_happens_and_offers_an_account(link, client):
    client.get(link)
    answer(client, answer="agree", name="Karin Berg")

    page = client.get(CURRENT).text

    assert "Ditt svar är sparat" in page
    assert "Skapa konto" in page
    assert Invitation.objects.get().accepted_at is None  # the link still works, to change the answer


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answer": "agree", "name": " "}, "Skriv ditt namn."),
        ({"answer": "changes", "name": "Karin Berg"}, "Skriv vad ni vill ha ändrat."),
        ({"name": "Karin Berg"}, "Välj ett av de tre svaren."),
        ({"answer": "agree", "name": "Karin Berg", "version": "2"}, "En nyare version"),
    ],
)
def test_a_refused_answer_says_why_in_swedish_and_saves_nothing(link, client, kommun, data, message):
    client.get(link)

    response = answer(client, **data)

    assert response.status_code == 200
    assert message in response.text
    assert recipient(kommun).answer == ""
    assert not Event.objects.filter(kind=EventKind.ANSWER_GIVEN).exists()


def test_a_revoked_link_takes_no_answer(link, client, kommun, alice):
    client.get(link)
    links.revoke_invitations(party=kommun, revoked_by=alice)

    response = answer(client, answer="agree", name="Karin Berg")

    assert response.status_code == 410
    assert recipient(kommun).answer == ""


def test_the_invited_user_logged_in_answers_as_themselves_and_represents_the_party(link, kommun):
    karin = UserFactory(email=INVITED)
    client = client_for(karin)
    client.get(link)

    response = answer(client, answer="agree")

    saved = recipient(kommun)
    assert (saved.answered_by, saved.link_email) == (karin, "")
    assert Representation.objects.filter(user=karin, party=kommun).exists()
    assert response["Location"] == reverse("confirmation_thanks", args=[kommun.collaboration_id, kommun.pk])


def test_someone_else_logged_in_answers_only_with_a_name(link, kommun, charlie):
    client = client_for(charlie)
    client.get(link)

    answer(client, answer="agree", name="Karin Berg")

    saved = recipient(kommun)
    assert (saved.answered_by, saved.link_email, saved.link_name) == (None, INVITED, "Karin Berg")
    assert not Representation.objects.filter(user=charlie).exists()


def test_declining_through_the_link_ends_it_but_the_page_still_says_what_the_answer_did(link, client, kommun):
    client.get(link)

    answer(client, answer="decline", name="Karin Berg")
    page = client.get(CURRENT)

    assert recipient(kommun).answer == "decline"
    assert page.status_code == 200
    assert "tillfrågas inte om senare versioner" in page.text
    assert "Skicka svaret" not in page.text


def test_a_returning_partner_finds_name_and_title_filled_in(
    collaboration, link, client, kommun, alice, mailoutbox
):
    client.get(link)
    answer(client, answer="changes", comment="Nämn skolvägen.", name="Karin B", title="Chef")
    revise(collaboration, alice, TEXT + " Och skolvägen.")
    send(collaboration, alice)

    page = client.get(link_in(mailoutbox[-1]), follow=True).text

    assert 'value="Karin B"' in page and 'value="Chef"' in page
    assert "Vad har ändrats sedan du svarade?" in page


def test_following_with_an_account_welcomes_only_a_new_representative(link, kommun):
    karin = UserFactory(email=INVITED)
    EmailAddress.objects.filter(user=karin).update(verified=True)
    Representation.objects.create(party=kommun, user=karin, email=INVITED)
    client = client_for(karin)
    client.get(link)

    response = client.post(CURRENT, {"follow": "1"}, follow=True)

    assert "Välkommen" not in response.text
