"""A person is shown by name: signing up asks for it, and the account page changes name and title."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory

SIGNUP_PASSWORD = "ett-langt-losenord-42"


def _sign_up(client, **fields):
    data = {"email": "ny@example.test", "password1": SIGNUP_PASSWORD, "password2": SIGNUP_PASSWORD, **fields}
    return client.post(reverse("account_signup"), data)


def test_signup_asks_for_the_name(db, client):
    response = client.get(reverse("account_signup"))

    assert 'name="first_name"' in response.text
    assert 'name="last_name"' in response.text
    assert "Förnamn" in response.text


def test_signup_stores_name_and_title(db, client):
    response = _sign_up(client, first_name=" Nora ", last_name="Nyberg", title="Trygghetssamordnare")

    assert response.status_code == 302
    user = User.objects.get(email="ny@example.test")
    assert (user.first_name, user.last_name, user.title) == ("Nora", "Nyberg", "Trygghetssamordnare")
    assert user.name_and_title == "Nora Nyberg, Trygghetssamordnare"


def test_signup_without_a_name_is_refused(db, client):
    response = _sign_up(client, first_name="", last_name="")

    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    assert not User.objects.filter(email="ny@example.test").exists()


def test_account_page_changes_name_and_title(db):
    user = UserFactory(first_name="", last_name="", title="")
    client = client_for(user)

    response = client.post(
        reverse("account_profile"), {"first_name": "Karin", "last_name": "Kommun", "title": "Samordnare"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Karin Kommun"
    assert user.name_and_title == "Karin Kommun, Samordnare"
    assert "Karin Kommun, Samordnare" in client.get(reverse("account_overview")).text


def test_account_page_refuses_an_empty_name(db):
    user = UserFactory(first_name="Karin", last_name="Kommun")
    client = client_for(user)

    response = client.post(reverse("account_profile"), {"first_name": "", "last_name": "", "title": "X"})

    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    user.refresh_from_db()
    assert (user.first_name, user.title) == ("Karin", "")


def test_account_page_without_a_name_says_the_address_stands_in(db):
    user = UserFactory(first_name="", last_name="")

    response = client_for(user).get(reverse("account_overview"))

    assert "Du har inte angett ditt namn ännu" in response.text


def test_anonymous_is_sent_to_log_in(db, client):
    response = client.get(reverse("account_profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_name_replaces_the_address_until_the_account_is_deleted(db):
    named = UserFactory(first_name="Per", last_name="Polis", title="Kommunpolis")
    unnamed = UserFactory(first_name="", last_name="", title="Kommunpolis")

    assert named.name_and_title == "Per Polis, Kommunpolis"
    assert unnamed.name == ""
    assert unnamed.name_and_title == f"{unnamed.email}, Kommunpolis"


def test_the_page_reads_a_fixed_number_of_queries(db):
    user = UserFactory()
    client = client_for(user)
    MembershipFactory(user=user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("account_profile"))
    for _ in range(5):
        MembershipFactory(user=user)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("account_profile"))

    assert len(few) == len(many)
