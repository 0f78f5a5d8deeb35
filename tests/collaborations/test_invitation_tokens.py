"""An invitation's token is a secret: it never stays in the address a person reads, never reaches a
Referer header, and never stands in a log line (collaborations/invitation_views.py, samverkan/logging.py,
samverkan/gunicorn_logging.py)."""

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from gunicorn.config import Config

from collaborations.models import PartyState
from samverkan.gunicorn_logging import RedactingLogger
from samverkan.logging import RedactTokens, redact_tokens
from tests.collaborations.confirmation_setup import link_in, send, token_in
from tests.factories import PartyFactory, ProblemDescriptionFactory

TOKEN = "hemlig-token-0123456789abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def sent(collaboration, alice, mailoutbox):
    ProblemDescriptionFactory(collaboration=collaboration)
    PartyFactory(collaboration=collaboration, state=PartyState.INVITED, contact_email="karin@kommun.test")
    send(collaboration, alice)
    return mailoutbox[-1]


def test_following_the_link_leaves_the_tokens_address_at_once(sent, client):
    response = client.get(link_in(sent))

    assert response.status_code == 302
    assert response["Location"] == reverse("invitation_current")
    assert response["Referrer-Policy"] == "no-referrer"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert token_in(sent) not in page.text


def test_the_token_free_page_without_a_followed_link_is_gone(client, db):
    response = client.get(reverse("invitation_current"))

    assert response.status_code == 410


def test_signup_and_login_come_back_to_the_token_free_page(sent, client):
    page = client.get(link_in(sent), follow=True)

    for url in (page.context["signup_url"], page.context["login_url"]):
        assert token_in(sent) not in url
        assert "next=%2Finbjudan%2F" in url


def test_redact_tokens_takes_the_token_out_of_a_path():
    assert redact_tokens(f'"GET /inbjudan/{TOKEN}/ HTTP/1.1" 302') == '"GET /inbjudan/[dold]/ HTTP/1.1" 302'
    assert redact_tokens("GET /inbjudan/ HTTP/1.1") == "GET /inbjudan/ HTTP/1.1"


def _configured_handler():
    """The handler settings.LOGGING puts on the root logger, writing into a string."""
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, RedactTokens) for f in h.filters)
    )
    stream = io.StringIO()
    old = handler.setStream(stream)
    return handler, stream, old


def test_djangos_log_line_for_an_unusable_link_has_no_token(client, db):
    handler, stream, old = _configured_handler()
    try:
        response = client.get(f"/inbjudan/{TOKEN}/")
    finally:
        handler.setStream(old)

    assert response.status_code == 410
    logged = stream.getvalue()
    assert "/inbjudan/[dold]/" in logged
    assert TOKEN not in logged


def test_gunicorns_access_log_has_no_token():
    logger = RedactingLogger(Config())
    request = SimpleNamespace(
        method="GET",
        uri=f"/inbjudan/{TOKEN}/",
        path=f"/inbjudan/{TOKEN}/",
        query="",
        version=(1, 1),
        headers=[("REFERER", f"https://samverkan.example/inbjudan/{TOKEN}/")],
    )
    response = SimpleNamespace(status="302 Found", sent=0, headers=[], response_length=0)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/inbjudan/{TOKEN}/",
        "PATH_INFO": f"/inbjudan/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://samverkan.example/inbjudan/{TOKEN}/",
    }
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))

    line = logger.cfg.access_log_format % atoms
    assert TOKEN not in line
    assert "/inbjudan/[dold]/" in line
