"""Following the link in an invitation: signing up or logging in with the address prefilled, accepting,
and every way a link can be unusable (collaborations/invitation_views.py)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from collaborations.confirmations import links, sending
from collaborations.models import Event, EventKind, Invitation, Membership, PartyState, Representation
from tests.collaborations.confirmation_setup import BASE_URL, link_in, send
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory, UserFactory

INVITED = "karin@kommun.test"
PASSWORD = "ett-langt-losenord-2026"


@pytest.fixture
def kommun(collaboration):
    ProblemDescriptionFactory(collaboration=collaboration)
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


@pytest.fixture
def karin(db):
    """Already has an account with the invited address."""
    return UserFactory(email=INVITED)


def answer_url(kommun):
    return reverse("confirmation_answer", args=[kommun.collaboration_id, kommun.pk])


def invitation():
    return Invitation.objects.get()


def visit(client, link):
    """Follow the e-mailed link: it leaves the token's address at once for the token-free page."""
    return client.get(link, follow=True)


def accept(client, link):
    """Follow the link, then accept on the token-free page."""
    visit(client, link)
    return client.post(reverse("invitation_current"), {"follow": "1"})


# --- A valid link -------------------------------------------------------------------------------


def test_link_says_who_invites_and_why(link, client):
    response = visit(client, link)
    assert response.status_code == 200
    text = response.text
    assert "Inbjudan att bekräfta problembeskrivningen" in text
    assert "Åsbyhem AB bjuder in Åsby kommun att läsa problembeskrivningen (version 1)" in text
    assert "Trygg Norrbacka" in text
    assert "Norrbacka, Åsby kommun" in text
    # The text asked about, and the answer, without an account.
    assert "Problembeskrivningen, version 1" in text
    assert "Skicka svaret" in text
    assert "Ditt namn" in text


def test_opening_is_recorded_once(link, client):
    visit(client, link)
    visit(client, link)
    assert invitation().opened_at is not None
    opened = Event.objects.filter(kind=EventKind.INVITATION_OPENED)
    assert [e.detail for e in opened] == [f"Åsby kommun ({INVITED})"]


def test_signup_and_login_links_prefill_the_address(link, client):
    response = visit(client, link)
    assert response.context["signup_url"].startswith(reverse("account_signup") + "?email=karin%40kommun.test")
    signup = client.get(response.context["signup_url"])
    assert f'value="{INVITED}"' in signup.text
    login = client.get(response.context["login_url"])
    assert f'value="{INVITED}"' in login.text


def test_signing_up_through_the_link_needs_no_verification_mail(link, client, kommun, mailoutbox):
    landing = visit(client, link)
    sent_before = len(mailoutbox)

    response = client.post(
        landing.context["signup_url"],
        {
            "first_name": "Ida",
            "last_name": "Inbjuden",
            "email": INVITED,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("invitation_current")
    assert len(mailoutbox) == sent_before, "no separate verification e-mail"
    assert EmailAddress.objects.get(email=INVITED).verified
    assert visit(client, link).context["is_right_user"]


def test_accepting_makes_the_user_the_partys_representative(link, karin, kommun):
    client = client_for(karin)

    response = accept(client, link)

    assert response.status_code == 302
    assert response["Location"] == answer_url(kommun)
    assert Representation.objects.filter(user=karin, party=kommun).exists()
    assert not Membership.objects.filter(user=karin).exists()
    kommun.refresh_from_db()
    assert kommun.state == PartyState.JOINED
    accepted = invitation()
    assert (accepted.accepted_by, accepted.state()) == (karin, "used")
    assert Event.objects.get(kind=EventKind.INVITATION_ACCEPTED).actor == karin


def test_the_whole_way_from_link_to_answer_page(link, client, kommun):
    landing = visit(client, link)
    client.post(
        landing.context["signup_url"],
        {
            "first_name": "Ida",
            "last_name": "Inbjuden",
            "email": INVITED,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    response = client.post(reverse("invitation_current"), {"follow": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == answer_url(kommun)
    assert "Välkommen! Du företräder nu Åsby kommun i samverkan." in response.text
    assert "Bekräfta problembeskrivningen" in response.text


def test_an_address_added_but_not_verified_does_not_accept(link, kommun):
    user = UserFactory(email="karin.berg@privat.test")
    EmailAddress.objects.create(user=user, email=INVITED, verified=False, primary=False)

    accept(client_for(user), link)

    assert not EmailAddress.objects.get(email=INVITED).verified
    assert not Representation.objects.exists()


def test_anonymous_post_changes_nothing(link, client):
    response = accept(client, link)
    assert response.status_code == 200
    assert invitation().accepted_at is None


# --- Someone else is logged in ------------------------------------------------------------------


def test_wrong_user_logged_in_is_told_and_not_linked(link, charlie, kommun):
    client = client_for(charlie)

    page = visit(client, link)
    response = accept(client, link)

    for answer in (page, response):
        assert answer.status_code == 200
        assert (
            f"Du är inloggad som {charlie.email}, men inbjudan skickades till {INVITED}. "
            "Ditt konto har inte kopplats till inbjudan." in answer.text
        )
        assert "Logga ut och fortsätt" in answer.text
    assert not Representation.objects.filter(user=charlie).exists()
    assert invitation().accepted_at is None


def test_the_service_refuses_the_wrong_user(link, charlie):
    with pytest.raises(links.WrongUser):
        links.accept_invitation(invitation=invitation(), user=charlie)


# --- Links that cannot be used ------------------------------------------------------------------


def test_expired_link(link, karin):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client = client_for(karin)

    response = visit(client, link)
    refused = accept(client, link)

    assert response.status_code == 410
    assert "Länken har gått ut" in response.text
    assert "En inbjudan gäller i 14 dagar." in response.text
    assert refused.status_code == 410
    assert not Representation.objects.filter(user=karin).exists()


def test_link_is_valid_for_14_days(link):
    sent = invitation()
    assert sent.expires_at - sent.mail_sent_at == datetime.timedelta(days=14)


def test_used_link_asks_to_log_in(link, karin, client, kommun):
    accept(client_for(karin), link)

    response = visit(client, link)

    assert response.status_code == 410
    assert "Länken har redan använts" in response.text
    assert reverse("account_login") in response.text


def test_used_link_takes_the_representative_who_is_logged_in_to_the_answer(link, karin, kommun):
    client = client_for(karin)
    accept(client, link)
    response = visit(client, link)
    assert response.redirect_chain[-1] == (answer_url(kommun), 302)


def test_used_link_cannot_be_used_by_someone_else(link, karin, charlie):
    accept(client_for(karin), link)
    response = accept(client_for(charlie), link)
    assert response.status_code == 410
    assert not Representation.objects.filter(user=charlie).exists()


def test_revoked_link(link, kommun, alice, karin):
    links.revoke_invitations(party=kommun, revoked_by=alice)
    client = client_for(karin)

    response = visit(client, link)
    accept(client, link)

    assert response.status_code == 410
    assert "Inbjudan har återkallats" in response.text
    assert not Representation.objects.filter(user=karin).exists()
    revoked = invitation()
    assert (revoked.accepted_at, revoked.accepted_by, revoked.opened_at) == (None, None, None)
    assert not Event.objects.filter(
        kind__in=[EventKind.INVITATION_OPENED, EventKind.INVITATION_ACCEPTED]
    ).exists()
    kommun.refresh_from_db()
    assert kommun.state == PartyState.INVITED


def test_replaced_link(link, kommun, alice, client):
    sending.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)
    response = visit(client, link)
    assert response.status_code == 410
    assert "Det finns en nyare länk" in response.text


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token[:20],
        lambda token: "x" * 500,
    ],
    ids=["one-character-changed", "cut-short", "junk"],
)
def test_tampered_link(link, karin, tamper):
    token = link.split("/")[2]
    client = client_for(karin)
    tampered = reverse("invitation_landing", args=[tamper(token)])

    response = client.get(tampered)
    client.post(tampered)

    assert response.status_code == 410
    assert "Länken fungerar inte" in response.text
    assert "Kontrollera att du har kopierat hela länken" in response.text
    assert not Representation.objects.filter(user=karin).exists()
    assert invitation().opened_at is None


def test_unusable_pages_are_friendly_pages(link, client):
    response = client.get(reverse("invitation_landing", args=["finns-inte"]))
    assert response.templates[0].name == "collaborations/invitation_unusable.html"
    assert "<h1>" in response.text


def test_signing_up_with_another_address_is_verified_as_usual_and_not_linked(link, client, mailoutbox):
    landing = visit(client, link)
    sent_before = len(mailoutbox)

    client.post(
        landing.context["signup_url"],
        {
            "first_name": "Ann",
            "last_name": "Annan",
            "email": "annan@example.test",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert len(mailoutbox) == sent_before + 1, "allauth sends its own verification e-mail"
    assert not EmailAddress.objects.get(email="annan@example.test").verified
    assert invitation().accepted_at is None
