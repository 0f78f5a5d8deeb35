"""The stored agreement's GET answered early, exactly as the whole stack would answer it (issue 17).

An unchanged agreement is downloaded by one GET of its stored version (the agreement page's button GETs
it while that version is current). Through the whole stack that GET cost 7-10 times a static file of
the same size; most of it the stack itself, not the one query for the permission and the file. This
middleware sits right after WhiteNoise and answers that GET with the same hooks, rules and headers the
stack would apply:

- the same middleware hooks, called in the stack's order: the session (Django's own loading), the
  language, CommonMiddleware's host check, CSRF's cookie check, Django's `get_user` (the session's
  auth hash included), messages, the content security policy, and on the way out the same headers
  (Vary, Content-Language, Content-Length, X-Frame-Options, Content-Security-Policy, the session's
  cookie if it had to be saved); SecurityMiddleware and WhiteNoise wrap it as they wrap the stack;
- the view's own permission rule and response (agreements/downloads.py: one query for the permission
  and the file, ETag, Cache-Control, Content-Disposition, 304 on If-None-Match);
- the project's two-factor rule (accounts/middleware.py).

In every other case it answers nothing and the request goes through the stack, which answers as
before: not a GET, another URL, anonymous or logged out, no permission or no file (the view's 404),
an admin who must set up two-factor, a host or CSRF cookie the stack would correct, the database down,
or a configuration this was not written against. It never answers something the stack would not.
"""

from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed, PermissionDenied
from django.http import Http404
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve

from accounts.middleware import two_factor_setup_required
from agreements.downloads import stored_version_response
from samverkan.middleware import DATABASE_UNAVAILABLE

URL_NAME = "agreement_version_download"
THIS = "agreements.middleware.StoredAgreementMiddleware"

# The stack this was written against. Any other (a middleware added, removed or moved) turns it off,
# so that a rule added to the stack later is never skipped here: compare it, then update this list.
BEFORE = (
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
AFTER = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samverkan.middleware.DatabaseUnavailableMiddleware",  # the database down: fall through (below)
    "django.contrib.auth.middleware.LoginRequiredMiddleware",  # anonymous: fall through
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",  # changes only a 404 and exceptions
    "accounts.middleware.RequireAdminTwoFactorMiddleware",  # two_factor_setup_required: fall through
)
EXPECTED_STACK = [*BEFORE, THIS, *AFTER]


class _FallThrough(Exception):
    """The stack answers this request."""


class StoredAgreementMiddleware:
    def __init__(self, get_response):
        if list(settings.MIDDLEWARE) != EXPECTED_STACK:
            raise MiddlewareNotUsed("The middleware stack is not the one the early answer follows.")
        self.get_response = get_response
        # The stack's own middleware, whose hooks are called as the stack calls them.
        self.session = SessionMiddleware(get_response)
        self.locale = LocaleMiddleware(get_response)
        self.common = CommonMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)
        self.authentication = AuthenticationMiddleware(get_response)
        self.messages = MessageMiddleware(get_response)
        self.xframe = XFrameOptionsMiddleware(get_response)
        self.csp = ContentSecurityPolicyMiddleware(get_response)

    def __call__(self, request):
        try:
            return self.answer(request)
        except _FallThrough:
            return self.get_response(request)

    def answer(self, request):
        """The stack's response to the stored version's GET, or _FallThrough before anything the
        stack would do differently."""
        kwargs = self._stored_version_kwargs(request)
        try:
            return self._as_the_stack(request, kwargs)
        # The stack's 404 (no permission, no file), 400 (an unknown host), 403 (a refused user agent),
        # or its 503 (the database down: the stack fails again, and says so).
        except (Http404, DisallowedHost, PermissionDenied, *DATABASE_UNAVAILABLE):
            raise _FallThrough from None

    def _as_the_stack(self, request, kwargs):
        self.session.process_request(request)
        self.locale.process_request(request)
        if self.common.process_request(request) is not None:  # PREPEND_WWW's redirect
            raise _FallThrough
        self.csrf.process_request(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # a malformed CSRF cookie, to be replaced
            raise _FallThrough
        self.authentication.process_request(request)
        if not request.user.is_authenticated or two_factor_setup_required(request.user):
            raise _FallThrough  # sent to log in, or to set up two-factor
        self.messages.process_request(request)
        self.csp.process_request(request)
        response = stored_version_response(request, **kwargs)
        # The stack's response hooks, innermost first.
        for middleware in (self.csp, self.xframe, self.messages, self.csrf, self.common, self.locale):
            response = middleware.process_response(request, response)
        return self.session.process_response(request, response)

    @staticmethod
    def _stored_version_kwargs(request) -> dict:
        """The view's arguments if this is a GET of a stored version, before anything is read."""
        if request.method != "GET" or not request.path_info.endswith("/pdf/"):
            raise _FallThrough
        # With old secret keys get_user may move the session to a new key: the stack alone does that.
        if settings.SECRET_KEY_FALLBACKS:
            raise _FallThrough
        try:
            match = resolve(request.path_info)
        except Resolver404:
            raise _FallThrough from None
        if match.url_name != URL_NAME:
            raise _FallThrough
        return match.kwargs
