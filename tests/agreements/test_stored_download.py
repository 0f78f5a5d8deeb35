"""The unchanged agreement's download as one GET: the page's GET of the stored version, and the middleware
that answers that GET early (agreements/middleware.py) exactly as the whole stack would, or not at all."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings as django_settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.middleware import EXPECTED_STACK, THIS, StoredAgreementMiddleware
from collaborations.models import MembershipRole
from tests.conftest import client_for
from tests.factories import AgreementVersionFactory, MembershipFactory

STACK_ONLY = [name for name in EXPECTED_STACK if name != THIS]
# What differs between two responses of the same request by nature, not by path.
VARYING = {"Date"}


@pytest.fixture
def stored(collaboration, alice_client):
    """The agreement downloaded (the POST): version 1, stored, and found current by the second download
    (the first made the version, which moved the stamp it was found under)."""
    for _ in range(2):
        alice_client.post(reverse("agreement_download", args=[collaboration.pk]), follow=True)
    return reverse("agreement_version_download", args=[collaboration.pk, 1])


class Stack:
    """The rest of the stack, as the middleware sees it: records whether the request reached it."""

    def __init__(self):
        self.called = False

    def __call__(self, request):
        self.called = True
        return HttpResponse("the stack")


def early(client, url, method="get", **extra):
    """The middleware alone, given `client`'s cookies: (its response, whether it fell through)."""
    factory = RequestFactory()
    factory.cookies = client.cookies
    stack = Stack()
    response = StoredAgreementMiddleware(stack)(getattr(factory, method)(url, **extra))
    return response, stack.called


def headers(response) -> dict:
    return {name: value for name, value in response.headers.items() if name not in VARYING}


def through_the_stack_only(client, url, **extra):
    with override_settings(MIDDLEWARE=STACK_ONLY):
        stack_client = Client()
        stack_client.cookies = client.cookies
        return stack_client.get(url, **extra)


# --- The page


def test_page_offers_a_get_of_the_stored_version_once_a_download_found_it_current(
    collaboration, alice_client, stored
):
    html = alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()

    assert f'<form method="get" action="{stored}"' in html
    assert reverse("agreement_download", args=[collaboration.pk]) not in html


def test_page_offers_the_post_before_the_first_download(collaboration, alice_client):
    html = alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()

    assert f'<form method="post" action="{reverse("agreement_download", args=[collaboration.pk])}"' in html


def test_page_offers_the_post_again_once_the_agreement_changed(collaboration, lead_org, alice_client, stored):
    lead_org.name = "Åsbyhem i nytt namn"
    lead_org.save()

    html = alice_client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()

    assert f'<form method="post" action="{reverse("agreement_download", args=[collaboration.pk])}"' in html
    assert f'action="{stored}"' not in html


# --- Answered early, as the stack answers


def test_stored_version_is_answered_before_the_stack(alice_client, stored):
    response, fell_through = early(alice_client, stored)

    assert not fell_through
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "extra",
    [{}, {"HTTP_ACCEPT_LANGUAGE": "en"}, {"HTTP_IF_NONE_MATCH": '"another"'}],
    ids=["swedish", "english", "another-etag"],
)
def test_headers_and_file_are_the_stacks(alice_client, stored, extra):
    answered = alice_client.get(stored, **extra)
    stack = through_the_stack_only(alice_client, stored, **extra)

    assert early(alice_client, stored, **extra)[1] is False
    assert headers(answered) == headers(stack)
    assert answered.cookies.output() == stack.cookies.output()
    assert answered.status_code == stack.status_code == 200 and answered.content == stack.content


def test_browser_with_the_file_gets_the_stacks_304(alice_client, stored):
    etag = alice_client.get(stored)["ETag"]

    answered = alice_client.get(stored, HTTP_IF_NONE_MATCH=etag)
    stack = through_the_stack_only(alice_client, stored, HTTP_IF_NONE_MATCH=etag)

    assert early(alice_client, stored, HTTP_IF_NONE_MATCH=etag)[1] is False
    assert answered.status_code == stack.status_code == 304
    assert headers(answered) == headers(stack) and answered.content == b""


def test_invited_partner_is_answered_too(bob, stored):
    response, fell_through = early(client_for(bob), stored)

    assert not fell_through and response.status_code == 200


def test_answer_takes_three_queries_the_session_the_user_and_the_file(alice_client, stored):
    with CaptureQueriesContext(connection) as queries:
        assert alice_client.get(stored).status_code == 200

    assert len(queries) == 3


def test_stack_that_changed_turns_it_off(settings):
    settings.MIDDLEWARE = [*EXPECTED_STACK, "django.middleware.gzip.GZipMiddleware"]

    with pytest.raises(MiddlewareNotUsed):
        StoredAgreementMiddleware(Stack())


def test_it_is_in_the_stack_where_it_was_written_for():
    assert django_settings.MIDDLEWARE == EXPECTED_STACK


# --- Everything else falls through to the stack, which answers as before


@pytest.mark.parametrize("method", ["post", "head", "put", "delete", "options"])
def test_other_methods_fall_through(alice_client, stored, method):
    assert early(alice_client, stored, method=method)[1]


def test_other_urls_fall_through(collaboration, alice_client, stored):
    assert early(alice_client, reverse("agreement_download", args=[collaboration.pk]))[1]
    assert early(alice_client, reverse("agreement_preview", args=[collaboration.pk]))[1]


def test_anonymous_falls_through_and_is_sent_to_log_in(stored):
    assert early(Client(), stored)[1]
    response = Client().get(stored)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_logged_out_session_falls_through(alice_client, stored):
    old_cookies = alice_client.cookies.__class__(alice_client.cookies)
    alice_client.logout()
    replayed = Client()
    replayed.cookies = old_cookies

    assert early(replayed, stored)[1]
    assert replayed.get(stored).status_code == 302


def test_changed_password_invalidates_the_session(alice, alice_client, stored):
    alice.set_password("ett helt nytt lösenord")
    alice.save()

    assert early(alice_client, stored)[1]
    response = alice_client.get(stored)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_outsider_falls_through_to_the_views_404(charlie, stored):
    outsider = client_for(charlie)

    assert early(outsider, stored)[1]
    assert outsider.get(stored).status_code == through_the_stack_only(outsider, stored).status_code == 404


@pytest.mark.parametrize("number", [2, 99_999_999_999])
def test_missing_file_falls_through_to_the_views_404(collaboration, alice_client, stored, number):
    AgreementVersionFactory(collaboration=collaboration, number=2)  # a version without a stored file
    url = reverse("agreement_version_download", args=[collaboration.pk, number])

    assert early(alice_client, url)[1]
    assert alice_client.get(url).status_code == 404


def test_admin_who_must_set_up_two_factor_falls_through_to_its_redirect(
    settings, collaboration, lead_org, stored
):
    settings.REQUIRE_MFA_FOR_ORGANISATION_ADMINS = True
    admin = client_for(MembershipFactory(organisation=lead_org, role=MembershipRole.ADMIN).user)

    assert early(admin, stored)[1]
    response = admin.get(stored)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_admin_with_two_factor_is_answered(settings, lead_org, stored):
    settings.REQUIRE_MFA_FOR_ORGANISATION_ADMINS = True
    admin = MembershipFactory(organisation=lead_org, role=MembershipRole.ADMIN).user
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})

    assert early(client_for(admin), stored)[1] is False


def test_malformed_csrf_cookie_falls_through_to_be_replaced(alice_client, stored):
    alice_client.cookies[django_settings.CSRF_COOKIE_NAME] = "not a token"

    assert early(alice_client, stored)[1]
    assert django_settings.CSRF_COOKIE_NAME in alice_client.get(stored).cookies


def test_unknown_host_falls_through_to_the_stacks_400(alice_client, stored):
    assert early(alice_client, stored, HTTP_HOST="elsewhere.example")[1]
    assert alice_client.get(stored, HTTP_HOST="elsewhere.example").status_code == 400


def test_old_secret_keys_fall_through(settings, alice_client, stored):
    settings.SECRET_KEY_FALLBACKS = ["an-older-secret-key-" + "x" * 40]

    assert early(alice_client, stored)[1]


def test_refused_user_agent_falls_through_to_the_stacks_403(settings, alice_client, stored):
    settings.DISALLOWED_USER_AGENTS = [re.compile("Harvester")]

    assert early(alice_client, stored, HTTP_USER_AGENT="Harvester/1.0")[1]
    assert alice_client.get(stored, HTTP_USER_AGENT="Harvester/1.0").status_code == 403


def test_database_down_falls_through_to_the_stacks_503(monkeypatch, alice_client, stored):
    def unavailable(*args, **kwargs):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr("agreements.middleware.stored_version_response", unavailable)

    assert early(alice_client, stored)[1]
