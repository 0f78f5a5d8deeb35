from django.urls import reverse

from tests.factories import PASSWORD, UserFactory


def test_login_with_email_and_password(db, client):
    UserFactory(email="kim@example.test")
    response = client.post(reverse("account_login"), {"login": "kim@example.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_wrong_password_shows_swedish_error(db, client):
    UserFactory(email="kim@example.test")
    response = client.post(reverse("account_login"), {"login": "kim@example.test", "password": "fel"})
    assert response.status_code == 200
    assert "E-postadressen och/eller lösenordet är felaktigt." in response.text
    assert "_auth_user_id" not in client.session


def test_login_page_is_swedish_by_default(db, client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.text
    assert "Logga in" in response.text


def test_english_can_be_chosen(db, client):
    client.post(reverse("set_language"), {"language": "en", "next": "/konto/login/"})
    response = client.get(reverse("account_login"))
    assert '<html lang="en">' in response.text
    assert "Sign In" in response.text


def test_signup_requires_email_verification(db, client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Ny",
            "last_name": "Person",
            "email": "ny@example.test",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "ny@example.test" in mailoutbox[0].to
    assert client.get(reverse("dashboard")).status_code == 302


def test_password_reset_sends_mail(db, client, mailoutbox):
    UserFactory(email="kim@example.test")
    response = client.post(reverse("account_reset_password"), {"email": "kim@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
