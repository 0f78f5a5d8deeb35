"""With the database unavailable the app answers a 503 page, and recovers when it is back, in the same
process (samverkan.middleware.DatabaseUnavailableMiddleware).

The outage is simulated by making every attempt to use the connection fail, then letting it succeed.
These tests use `transactional_db`: closing the broken connection, as the middleware does, must not
tear down a test transaction on PostgreSQL."""

import socket
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import ConnectionHandler, InterfaceError, OperationalError
from django.urls import reverse

from samverkan.settings import database_from_url
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


# --- A database that accepts connections and never answers (hung, or its network half gone): the
# configured connect timeout ends the wait, so requests get the 503 page instead of hanging.
HANG_LIMIT_SECONDS = 60  # far above DB_CONNECT_TIMEOUT: only a request that hangs fails


@pytest.fixture
def silent_database():
    """A PostgreSQL address whose port accepts TCP connections (the kernel completes them) and never
    sends a byte back. Closing it at the end resets the waiting connections."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server.getsockname()[1]


def connection_to(port):
    """A connection to 127.0.0.1:`port` with the options the settings give PostgreSQL."""
    config = database_from_url(
        f"postgres://samverkan@127.0.0.1:{port}/samverkan",
        conn_max_age=0,
        connect_timeout=settings.DB_CONNECT_TIMEOUT,
        statement_timeout=settings.DB_STATEMENT_TIMEOUT,
        sqlite_busy_timeout=settings.SQLITE_BUSY_TIMEOUT,
    )
    return ConnectionHandler({"default": config})["default"]


def returns_within(seconds, function):
    """What `function` returns (or raises), run in a thread; fails if it is still running after
    `seconds`, which is a hang."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function()
        except Exception as error:  # noqa: BLE001 - handed to the test below
            outcome["error"] = error
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    assert not thread.is_alive(), f"still waiting for the database after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def test_connecting_to_a_database_that_never_answers_gives_up(silent_database):
    silent = connection_to(silent_database)
    started = time.monotonic()

    with pytest.raises(OperationalError):
        returns_within(HANG_LIMIT_SECONDS, silent.ensure_connection)

    print(f"gave up after {time.monotonic() - started:.1f} s")  # noqa: T201 - shown with -s


def test_a_database_that_never_answers_gives_the_503_page(silent_database):
    client = client_for(UserFactory())
    silent = connection_to(silent_database)

    def dashboard_while_the_database_hangs():
        # In the request's thread: the first query of the request connects to the silent database.
        with mock.patch.object(connection, "ensure_connection", side_effect=silent.ensure_connection):
            return client.get(reverse("dashboard"))

    response = returns_within(HANG_LIMIT_SECONDS, dashboard_while_the_database_hangs)

    assert response.status_code == 503
    assert "Tjänsten är tillfälligt otillgänglig" in response.text
