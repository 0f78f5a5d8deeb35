"""Deleting an account anonymises the person but keeps what they did in the collaborations' record."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.models import User
from accounts.services import delete_account
from collaborations.models import (
    ConfirmationAnswer,
    Event,
    EventKind,
    Membership,
    MembershipRole,
    Representation,
)
from samverkan.errors import DomainError
from tests.accounts.test_personal_data import answered  # noqa: F401 - a fixture
from tests.conftest import client_for
from tests.factories import PASSWORD, MembershipFactory


def _delete(user, password=PASSWORD):
    client = client_for(user)
    return client, client.post(reverse("account_delete"), {"password": password})


def test_deleting_asks_for_the_password(bob):
    _client, response = _delete(bob, password="fel")

    assert response.status_code == 200
    assert "Lösenordet är inte rätt." in response.text
    bob.refresh_from_db()
    assert not bob.is_deleted


def test_deleted_account_is_anonymised_and_logged_out(bob):
    TOTP.activate(bob, generate_totp_secret())
    client, response = _delete(bob)

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    bob.refresh_from_db()
    assert bob.is_deleted
    assert bob.email.startswith("raderad-") and bob.email.endswith("@invalid")
    assert (bob.first_name, bob.last_name, bob.is_active) == ("", "", False)
    assert not bob.has_usable_password()
    assert not EmailAddress.objects.filter(user=bob).exists()
    assert not Membership.objects.filter(user=bob).exists()
    assert not Authenticator.objects.filter(user=bob).exists()


def test_other_sessions_of_the_account_end_too(bob):
    elsewhere = client_for(bob)

    _delete(bob)

    response = elsewhere.get(reverse("dashboard"))
    assert (response.status_code, response.url) == (302, f"{reverse('account_login')}?next=/")


def test_deleted_account_cannot_log_in(bob):
    _delete(bob)

    response = client_for(None).post(
        reverse("account_login"), {"login": "bob@example.test", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in response.client.session


def test_the_address_can_sign_up_again(bob):
    _delete(bob)

    response = client_for(None).post(
        reverse("account_signup"),
        {
            "first_name": "Ny",
            "last_name": "Person",
            "email": "bob@example.test",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
    )

    assert response.status_code == 302
    assert User.objects.filter(email="bob@example.test", deleted_at=None).exists()


def test_answers_and_events_stay_under_a_pseudonym(answered, bob, alice, collaboration):  # noqa: F811
    delete_account(user=bob)

    answered.refresh_from_db()
    assert (answered.answer, answered.comment) == (ConfirmationAnswer.CHANGES, "Nämn skolvägen.")
    assert answered.answered_by_id == bob.pk
    assert Event.objects.filter(actor_id=bob.pk, kind=EventKind.ANSWER_GIVEN).exists()
    page = client_for(alice).get(reverse("collaboration_detail", args=[collaboration.pk]))
    assert f"Borttagen användare #{bob.pk}" in page.text


def test_the_confirmation_matrix_shows_the_pseudonym(answered, bob, alice, collaboration):  # noqa: F811
    delete_account(user=bob)

    page = client_for(alice).get(reverse("confirmation_matrix", args=[collaboration.pk]))

    assert f"Borttagen användare #{bob.pk}" in page.text


def test_last_admin_of_an_organisation_with_members_is_refused(olivia, alice):
    _client, response = _delete(olivia)

    assert response.status_code == 200
    assert "Åsbyhem AB" in response.text
    olivia.refresh_from_db()
    assert not olivia.is_deleted
    assert Membership.objects.filter(user=olivia, role=MembershipRole.ADMIN).exists()


def test_the_service_refuses_too(olivia, alice):
    with pytest.raises(DomainError, match="enda administratör|only administrator"):
        delete_account(user=olivia)


def test_an_admin_with_another_admin_may_leave(olivia, alice, lead_org):
    MembershipFactory(organisation=lead_org, role=MembershipRole.ADMIN)

    _client, response = _delete(olivia)

    assert response.status_code == 302
    olivia.refresh_from_db()
    assert olivia.is_deleted
    assert not Membership.objects.filter(user=olivia).exists()


def test_the_only_member_of_an_organisation_may_leave_it(lead_org):
    lone = MembershipFactory(role=MembershipRole.ADMIN).user

    _client, response = _delete(lone)

    assert response.status_code == 302
    lone.refresh_from_db()
    assert lone.is_deleted
    assert not Membership.objects.filter(user=lone).exists()


def test_outsider_cannot_delete_someone_else(alice, bob):
    """The page deletes the account of whoever is logged in: there is no id to change."""
    _delete(alice)

    alice.refresh_from_db()
    bob.refresh_from_db()
    assert alice.is_deleted
    assert not bob.is_deleted
    assert bob.email == "bob@example.test"
    assert EmailAddress.objects.filter(user=bob, verified=True).exists()
    assert Representation.objects.active().filter(user=bob).exists()
