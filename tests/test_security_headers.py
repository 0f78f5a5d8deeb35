"""The production configuration (DEBUG=false, as settings.py builds it from the environment) protects
every response: HTTPS only, HSTS, a Content-Security-Policy without 'unsafe-inline' for scripts, no
framing, a referrer policy, no MIME sniffing, secure cookies; and `check --deploy` finds nothing.

The app runs in a subprocess with production environment variables, so that these tests read the real
settings rather than values a test would override."""

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "production-test-" + "k" * 50,
    "ALLOWED_HOSTS": "samverkan.example",
    "DATABASE_URL": "sqlite:///:memory:",
}

# Requests through the whole middleware stack; prints status, headers and cookies as JSON. The static
# files storage is swapped for the plain one only because the manifest of collected files does not
# exist here; it has nothing to do with security.
PROBE = textwrap.dedent(
    """
    import json
    import django
    from django.conf import settings
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    def answer(response):
        return {
            "status": response.status_code,
            "headers": dict(response.headers),
            "cookies": {
                name: {"secure": bool(c["secure"]), "samesite": c["samesite"]}
                for name, c in response.cookies.items()
            },
        }

    storages = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        client = Client(HTTP_HOST="samverkan.example")
        print(json.dumps({
            "https": {**answer(page := client.get("/konto/login/", secure=True)), "body": page.text},
            "http": answer(client.get("/konto/login/", secure=False)),
            "health": answer(client.get("/healthz", secure=True)),
        }))
    """
)


def _production(args, **kwargs):
    # Only the production values: nothing from the test run (a DATABASE_URL, or the
    # DJANGO_ALLOW_ASYNC_UNSAFE that the browser tests set, which the deploy check rightly reports).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="samverkan.settings")
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


@pytest.fixture(scope="module")
def production():
    result = _production(["-c", PROBE])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def page(production):
    page = production["https"]
    assert page["status"] == 200
    return page


def _csp(headers) -> dict[str, list[str]]:
    policy = headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";")) if d}


def test_plain_http_is_redirected_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["headers"]["Location"] == "https://samverkan.example/konto/login/"


def test_hsts_for_a_year_with_subdomains(page):
    assert page["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_content_security_policy_allows_only_own_and_nonced_scripts(page):
    csp = _csp(page["headers"])

    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    # Besides our own files, only scripts with this response's nonce (added when a page uses one).
    assert all(source == "'self'" or source.startswith("'nonce-") for source in csp["script-src"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_the_pages_scripts_are_files_of_our_own(page):
    """Under this policy an inline script without the nonce would not run: the page has none."""
    scripts = re.findall(r"<script\b[^>]*>", page["body"])
    assert scripts
    assert all(' src="/static/' in tag or " nonce=" in tag for tag in scripts), scripts


def test_framing_is_denied(page):
    assert page["headers"]["X-Frame-Options"] == "DENY"


def test_referrer_policy(page):
    assert page["headers"]["Referrer-Policy"] == "same-origin"


def test_no_mime_sniffing(page):
    assert page["headers"]["X-Content-Type-Options"] == "nosniff"


def test_cookies_are_secure(page):
    csrf = page["cookies"]["csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"


def test_headers_are_on_every_response(production):
    headers = production["health"]["headers"]
    for name in [
        "Strict-Transport-Security",
        "Content-Security-Policy",
        "X-Frame-Options",
        "Referrer-Policy",
        "X-Content-Type-Options",
    ]:
        assert name in headers, name


def test_deploy_check_is_silent():
    result = _production(["manage.py", "check", "--deploy", "--fail-level", "INFO"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
