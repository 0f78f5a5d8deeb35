"""Answer 503 instead of 500 while the database cannot be reached, and recover when it returns."""

import logging

from django.db import DatabaseError, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

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
