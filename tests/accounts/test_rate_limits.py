"""allauth's rate limits (ACCOUNT_RATE_LIMITS) refuse guessing passwords, mass signups and mail floods
from one client. The counts live in the cache, which tests/accounts/conftest.py empties around each test."""

from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

SIGNUP_PASSWORD = "ett-langt-losenord-42"
NAME = {"first_name": "Ny", "last_name": "Person"}
TOO_MANY_FAILED_LOGINS = "För många misslyckade inloggningsförsök. Försök igen senare."


def _fail_login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": "fel-losenord"})


def test_five_failed_logins_lock_the_address_even_for_the_right_password(db, client):
    UserFactory(email="kim@example.test")
    for _attempt in range(5):
        assert TOO_MANY_FAILED_LOGINS not in _fail_login(client, "kim@example.test").text

    response = client.post(reverse("account_login"), {"login": "kim@example.test", "password": PASSWORD})

    assert response.status_code == 200
    assert TOO_MANY_FAILED_LOGINS in response.text
    assert "_auth_user_id" not in client.session


def test_ten_failed_logins_from_one_client_stop_it_guessing_other_addresses(db, client):
    UserFactory(email="kim@example.test")
    for attempt in range(10):
        _fail_login(client, f"gissning{attempt}@example.test")

    response = client.post(reverse("account_login"), {"login": "kim@example.test", "password": PASSWORD})

    assert TOO_MANY_FAILED_LOGINS in response.text
    assert "_auth_user_id" not in client.session


def test_another_client_can_still_log_in(db, client):
    """The lock of the IP address is the attacker's: a user elsewhere is not locked out by it."""
    UserFactory(email="kim@example.test")
    for attempt in range(10):
        _fail_login(client, f"gissning{attempt}@example.test")

    response = client.post(
        reverse("account_login"),
        {"login": "kim@example.test", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
    )

    assert response.status_code == 302


def test_signups_from_one_client_are_limited(db, client):
    for number in range(20):
        response = client.post(
            reverse("account_signup"),
            {
                **NAME,
                "email": f"ny{number}@example.test",
                "password1": SIGNUP_PASSWORD,
                "password2": SIGNUP_PASSWORD,
            },
        )
        assert response.status_code == 302

    response = client.post(
        reverse("account_signup"),
        {**NAME, "email": "en-till@example.test", "password1": SIGNUP_PASSWORD, "password2": SIGNUP_PASSWORD},
    )

    assert response.status_code == 429
    assert "För många försök" in response.text


def test_password_reset_mails_to_one_address_are_limited(db, client, mailoutbox):
    UserFactory(email="kim@example.test")
    for _attempt in range(3):
        assert (
            client.post(reverse("account_reset_password"), {"email": "kim@example.test"}).status_code == 302
        )

    response = client.post(reverse("account_reset_password"), {"email": "kim@example.test"})

    assert response.status_code == 429
    assert len(mailoutbox) == 3
