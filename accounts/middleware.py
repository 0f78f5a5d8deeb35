import logging

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.db import DatabaseError, connections
from django.db.models import Exists, OuterRef
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.translation import gettext as _

from collaborations.models import Membership, MembershipRole

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without a request, so that no context processor touches the database."""
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response


def _close_connections() -> None:
    """Drop every open connection; the next query of any request opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


class DatabaseUnavailableMiddleware:
    """Answer 503 instead of 500 while the database cannot be reached, and recover when it returns.

    It loads the session and the user before the rest of the stack, so that the first query of a request
    fails here rather than inside another middleware; a failure in the view comes through
    `process_exception`. Either way the broken connection is closed, so nothing needs a restart.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018 - evaluates the lazy user, and with it the session
        except DATABASE_UNAVAILABLE as error:
            return self._unavailable(error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            return self._unavailable(exception)
        return None

    def _unavailable(self, error) -> HttpResponse:
        logger.error("The database is unavailable: %s", error)
        _close_connections()
        return database_unavailable_response()


def _needs_two_factor(user) -> bool:
    """An organisation admin without an authenticator app (one query)."""
    totp = Authenticator.objects.filter(user=OuterRef("user"), type=Authenticator.Type.TOTP)
    return (
        Membership.objects.filter(user=user, role=MembershipRole.ADMIN)
        .annotate(has_totp=Exists(totp))
        .filter(has_totp=False)
        .exists()
    )


class RequireAdminTwoFactorMiddleware:
    """With REQUIRE_MFA_FOR_ORGANISATION_ADMINS on, send an organisation admin who has no authenticator
    app to set one up. The account and two-factor pages (allauth's and ours, logout included) and the
    pages open to anonymous visitors stay open, so that the admin can do it, or leave."""

    OPEN_MODULES = ("allauth.", "accounts.")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not settings.REQUIRE_MFA_FOR_ORGANISATION_ADMINS
            or not request.user.is_authenticated
            or view_func.__module__.startswith(self.OPEN_MODULES)
            or not getattr(view_func, "login_required", True)
            or not _needs_two_factor(request.user)
        ):
            return None
        messages.warning(
            request,
            _(
                "As an organisation administrator you must use two-factor authentication. "
                "Activate an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")
