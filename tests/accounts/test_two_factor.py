"""Optional two-factor authentication with an authenticator app (allauth.mfa, TOTP), and the operator's
setting REQUIRE_MFA_FOR_ORGANISATION_ADMINS. Codes are computed with allauth's own TOTP helpers."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import PASSWORD


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def _tolerate_a_period_boundary(settings):
    """A code computed just before a 30-second boundary stays valid just after it."""
    settings.MFA_TOTP_TOLERANCE = 1


def _logged_in_with_password(client, user):
    """Logged in, and the password given again: allauth asks for it before two-factor settings change."""
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    return client


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_activating_an_authenticator_app(client, alice):
    _logged_in_with_password(client, alice)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "Aktivera autentiseringsapp" in page.text
    assert 'src="data:image/svg+xml;base64,' in page.text  # the QR code, allowed by our CSP (img-src data:)
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


def test_a_wrong_code_activates_nothing(client, alice):
    _logged_in_with_password(client, alice)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=alice).exists()


def test_login_then_asks_for_the_code(client, alice):
    secret = _with_totp(alice)

    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_login_with_a_wrong_code_is_refused(client, alice):
    _with_totp(alice)
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_pages_about_an_authenticator_open_to_its_owner(client, alice):
    """The control for NO_AUTHENTICATOR in the authorization table: with an authenticator they answer."""
    _with_totp(alice)
    Authenticator.objects.create(user=alice, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20})
    client = client_for(alice)
    assert client.get(reverse("mfa_deactivate_totp")).status_code in (200, 302)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code in (200, 302)


# --- The operator's requirement for organisation admins ----------------------------------------


@pytest.fixture
def required(settings):
    settings.REQUIRE_MFA_FOR_ORGANISATION_ADMINS = True


def test_admin_without_authenticator_is_sent_to_set_one_up(required, olivia):
    response = client_for(olivia).get(reverse("dashboard"), follow=True)

    assert response.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert "måste du använda tvåfaktorsautentisering" in response.text


@pytest.mark.parametrize("name", ["collaboration_create", "organisation_list", "admin:index"])
def test_admin_without_authenticator_reaches_no_other_page(required, olivia, name):
    response = client_for(olivia).get(reverse(name))

    assert (response.status_code, response.url) == (302, reverse("mfa_activate_totp"))


@pytest.mark.parametrize("name", ["account_overview", "account_email", "mfa_index", "account_data_download"])
def test_admin_without_authenticator_may_still_manage_the_account(required, olivia, name):
    assert client_for(olivia).get(reverse(name)).status_code == 200


def test_admin_without_authenticator_can_log_out(required, olivia):
    client = client_for(olivia)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_admin_with_authenticator_goes_on(required, olivia):
    _with_totp(olivia)

    assert client_for(olivia).get(reverse("dashboard")).status_code == 200


def test_plain_member_is_not_asked(required, alice):
    assert client_for(alice).get(reverse("dashboard")).status_code == 200


def test_without_the_requirement_admins_are_not_asked(olivia):
    assert client_for(olivia).get(reverse("dashboard")).status_code == 200
