"""Following the link in an invitation: signing up or logging in with the address prefilled, accepting,
and every way a link can be unusable (collaborations/invitation_views.py)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from collaborations import confirmations
from collaborations.models import Event, EventKind, Invitation, Membership, PartyState
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


# --- A valid link -------------------------------------------------------------------------------


def test_link_says_who_invites_and_why(link, client):
    response = client.get(link)
    assert response.status_code == 200
    text = response.text
    assert "Inbjudan att bekräfta problembeskrivningen" in text
    assert "Åsbyhem AB bjuder in Åsby kommun att läsa problembeskrivningen (version 1)" in text
    assert "Trygg Norrbacka" in text
    assert "Norrbacka, Åsby kommun" in text
    assert "Skapa konto" in text
    assert "Logga in" in text


def test_opening_is_recorded_once(link, client):
    client.get(link)
    client.get(link)
    assert invitation().opened_at is not None
    opened = Event.objects.filter(kind=EventKind.INVITATION_OPENED)
    assert [e.detail for e in opened] == [f"Åsby kommun ({INVITED})"]


def test_signup_and_login_links_prefill_the_address(link, client):
    response = client.get(link)
    assert response.context["signup_url"].startswith(reverse("account_signup") + "?email=karin%40kommun.test")
    signup = client.get(response.context["signup_url"])
    assert f'value="{INVITED}"' in signup.text
    login = client.get(response.context["login_url"])
    assert f'value="{INVITED}"' in login.text


def test_signing_up_through_the_link_needs_no_verification_mail(link, client, kommun, mailoutbox):
    landing = client.get(link)
    sent_before = len(mailoutbox)

    response = client.post(
        landing.context["signup_url"],
        {"email": INVITED, "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == link
    assert len(mailoutbox) == sent_before, "no separate verification e-mail"
    assert EmailAddress.objects.get(email=INVITED).verified
    assert client.get(link).context["is_right_user"]


def test_accepting_links_the_user_to_the_party(link, karin, kommun):
    client = client_for(karin)

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == answer_url(kommun)
    assert Membership.objects.filter(user=karin, organisation=kommun.organisation).exists()
    kommun.refresh_from_db()
    assert kommun.state == PartyState.JOINED
    accepted = invitation()
    assert (accepted.accepted_by, accepted.state()) == (karin, "used")
    assert Event.objects.get(kind=EventKind.INVITATION_ACCEPTED).actor == karin


def test_the_whole_way_from_link_to_answer_page(link, client, kommun):
    landing = client.get(link)
    client.post(
        landing.context["signup_url"], {"email": INVITED, "password1": PASSWORD, "password2": PASSWORD}
    )

    response = client.post(link, follow=True)

    assert response.redirect_chain[-1][0] == answer_url(kommun)
    assert "Välkommen! Du företräder nu Åsby kommun i samverkan." in response.text
    assert "Bekräfta problembeskrivningen" in response.text


def test_accepting_verifies_the_address(link, kommun):
    user = UserFactory(email="karin.berg@privat.test")
    EmailAddress.objects.create(user=user, email=INVITED, verified=False, primary=False)

    client_for(user).post(link)

    assert EmailAddress.objects.get(email=INVITED).verified
    assert Membership.objects.filter(user=user, organisation=kommun.organisation).exists()


def test_anonymous_post_changes_nothing(link, client):
    response = client.post(link)
    assert response.status_code == 200
    assert invitation().accepted_at is None


# --- Someone else is logged in ------------------------------------------------------------------


def test_wrong_user_logged_in_is_told_and_not_linked(link, charlie, kommun):
    client = client_for(charlie)

    page = client.get(link)
    response = client.post(link)

    for answer in (page, response):
        assert answer.status_code == 200
        assert (
            f"Du är inloggad som {charlie.email}, men inbjudan skickades till {INVITED}. "
            "Ditt konto har inte kopplats till inbjudan." in answer.text
        )
        assert "Logga ut och fortsätt" in answer.text
    assert not Membership.objects.filter(user=charlie, organisation=kommun.organisation).exists()
    assert invitation().accepted_at is None


def test_the_service_refuses_the_wrong_user(link, charlie):
    with pytest.raises(confirmations.WrongUser):
        confirmations.accept_invitation(invitation=invitation(), user=charlie)


# --- Links that cannot be used ------------------------------------------------------------------


def test_expired_link(link, karin):
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client = client_for(karin)

    response = client.get(link)
    refused = client.post(link)

    assert response.status_code == 410
    assert "Länken har gått ut" in response.text
    assert "En inbjudan gäller i 14 dagar." in response.text
    assert refused.status_code == 410
    assert not Membership.objects.filter(user=karin).exists()


def test_link_is_valid_for_14_days(link):
    sent = invitation()
    assert sent.expires_at - sent.mail_sent_at == datetime.timedelta(days=14)


def test_used_link_asks_to_log_in(link, karin, client, kommun):
    client_for(karin).post(link)

    response = client.get(link)

    assert response.status_code == 410
    assert "Länken har redan använts" in response.text
    assert reverse("account_login") in response.text


def test_used_link_takes_the_member_who_is_logged_in_to_the_answer(link, karin, kommun):
    client = client_for(karin)
    client.post(link)
    response = client.get(link)
    assert (response.status_code, response["Location"]) == (302, answer_url(kommun))


def test_used_link_cannot_be_used_by_someone_else(link, karin, charlie):
    client_for(karin).post(link)
    response = client_for(charlie).post(link)
    assert response.status_code == 410
    assert not Membership.objects.filter(user=charlie).exclude(organisation__name="Orelaterat AB").exists()


def test_revoked_link(link, kommun, alice, karin):
    confirmations.revoke_invitations(party=kommun, revoked_by=alice)
    client = client_for(karin)

    response = client.get(link)
    client.post(link)

    assert response.status_code == 410
    assert "Inbjudan har återkallats" in response.text
    assert not Membership.objects.filter(user=karin).exists()


def test_replaced_link(link, kommun, alice, client):
    confirmations.resend_invitation(party=kommun, sent_by=alice, base_url=BASE_URL)
    response = client.get(link)
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
    assert not Membership.objects.filter(user=karin).exists()
    assert invitation().opened_at is None


def test_unusable_pages_are_friendly_pages(link, client):
    response = client.get(reverse("invitation_landing", args=["finns-inte"]))
    assert response.templates[0].name == "collaborations/invitation_unusable.html"
    assert "<h1>" in response.text


def test_signing_up_with_another_address_is_verified_as_usual_and_not_linked(link, client, mailoutbox):
    landing = client.get(link)
    sent_before = len(mailoutbox)

    client.post(
        landing.context["signup_url"],
        {"email": "annan@example.test", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert len(mailoutbox) == sent_before + 1, "allauth sends its own verification e-mail"
    assert not EmailAddress.objects.get(email="annan@example.test").verified
    assert invitation().accepted_at is None
