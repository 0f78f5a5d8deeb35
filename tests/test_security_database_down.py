"""With the database unavailable the app answers a 503 page, and recovers when it is back, in the same
process (accounts.middleware.DatabaseUnavailableMiddleware).

The outage is simulated by making every attempt to use the connection fail, then letting it succeed.
These tests use `transactional_db`: closing the broken connection, as the middleware does, must not
tear down a test transaction on PostgreSQL."""

from unittest import mock

import pytest
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def database_down(error=OperationalError):
    return mock.patch.object(
        connection, "ensure_connection", side_effect=error("connection refused: database is down")
    )


def test_signed_in_page_answers_503_while_the_database_is_down_and_200_when_it_is_back():
    user = UserFactory()
    client = client_for(user)

    with database_down():
        down = client.get(reverse("dashboard"))
    back = client.get(reverse("dashboard"))

    assert down.status_code == 503
    assert "Tjänsten är tillfälligt otillgänglig" in down.text
    assert "The service is temporarily unavailable" in down.text
    assert down["Retry-After"] == "30"
    assert back.status_code == 200


def test_a_failure_inside_the_view_answers_503():
    """The anonymous login form needs the database only in the view, when it checks the password."""
    UserFactory(email="kim@example.test")
    client = client_for(None)

    with database_down(InterfaceError):
        down = client.post(reverse("account_login"), {"login": "kim@example.test", "password": PASSWORD})
    back = client.post(reverse("account_login"), {"login": "kim@example.test", "password": PASSWORD})

    assert down.status_code == 503
    assert back.status_code == 302


def test_the_broken_connection_is_closed():
    client = client_for(UserFactory())

    with database_down(), mock.patch.object(connection, "close", wraps=connection.close) as close:
        client.get(reverse("dashboard"))

    assert close.called


def test_the_503_page_needs_no_database():
    """Rendered while every query fails: no context processor, no session, no user."""
    client = client_for(UserFactory())

    with database_down() as failing:
        response = client.get(reverse("organisation_list"))
        calls_while_rendering = failing.call_count

    assert response.status_code == 503
    assert calls_while_rendering == 1  # the one query that found the database down


def test_other_errors_are_not_hidden():
    client = client_for(UserFactory())

    with (
        mock.patch("collaborations.views.render", side_effect=RuntimeError("a bug")),
        pytest.raises(RuntimeError),
    ):
        client.get(reverse("dashboard"))
