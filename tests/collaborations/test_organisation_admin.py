"""The operator adds organisations in the Django admin: the number is stored as NNNNNN-NNNN."""

import pytest
from django.test import Client
from django.urls import reverse

from collaborations.models import Organisation
from tests.factories import UserFactory


@pytest.fixture
def operator_client(db):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("typed", ["2120008889", "２１２０００-８８８９", "212000 8889"])
def test_operator_adds_organisation_with_number_as_typed(operator_client, typed):
    response = operator_client.post(
        reverse("admin:collaborations_organisation_add"),
        {
            "name": "Åsby kommun",
            "org_number": typed,
            "kind": "municipality",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Organisation.objects.get(name="Åsby kommun").org_number == "212000-8889"


def test_operator_gets_swedish_message_for_a_wrong_check_digit(operator_client):
    response = operator_client.post(
        reverse("admin:collaborations_organisation_add"),
        {
            "name": "Åsby kommun",
            "org_number": "212000-8880",
            "kind": "municipality",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "Organisationsnumret är ogiltigt (kontrollsiffran stämmer inte)." in response.text
    assert not Organisation.objects.exists()
