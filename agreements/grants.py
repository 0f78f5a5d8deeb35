"""A download grant (issue 17): the agreement page and the download button hand the browser, with the
link to a stored PDF, a grant to fetch that very file for a few minutes, so that the download is served
as a static file is, before the session, the user and the permissions are read again.

A grant is signed with the SECRET_KEY and names the collaboration, the version's number, the rendering
its stored file came from (`pdf_source_hash`) and a digest of the session it was given to; it holds for
GRANT_SECONDS, and only with the session cookie it was given to: a link copied out of the browser (into
an e-mail, a log) opens nothing on its own, nor does it after logging out or in again in that browser
(the cookie is replaced). The file is read from the database (which also checks that the session is
still there) and kept in the process for GRANT_SECONDS (`KeptFiles`), so that the next grants of it
are answered without a query.

What a grant gives is what its holder could already take when it was given: that one file, which the
page offered them after the view's own check. So it does not look again at the person: for at most
GRANT_SECONDS after it was given, whoever holds both the grant and that session's cookie can still
download that one file, even if meanwhile the session ended elsewhere, the person was removed from the
collaboration (a membership deleted, a representation ended), deactivated or changed their password,
or the collaboration was deleted. Everything else they ask for is refused at once.

A request whose grant does not hold in every part (missing, altered, expired, another session) is not
refused here: it goes on through the whole stack, to the view's own check (agreements/views.py,
`agreement_version_download`); so does one whose file is not kept in this process and cannot be read
as granted (replaced since, the session gone, the database unreachable). A file kept is served to its
grants as it was read, even if it was replaced or its collaboration deleted since, for the rest of its
GRANT_SECONDS; it is the content the grant names. A browser that says it has the granted file (its
ETag) is told so (304) without the database.
"""

import functools
import threading
import time
from collections import OrderedDict
from types import SimpleNamespace

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import DatabaseError
from django.db.models import Exists
from django.db.models.functions import Now
from django.http import HttpResponseNotModified
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import parse_etags, quote_etag

from agreements.models import AgreementVersion
from agreements.responses import attachment
from agreements.services import agreement_filename
from samverkan.compiled import fetch, sql_with_values

PARAMETER = "grant"
GRANT_SECONDS = 5 * 60
KEPT_BYTES = 32 * 1024 * 1024  # per process: the files last downloaded with a grant
_SALT = "agreements.grants"
_SESSION_SALT = "agreements.grants.session"
# Only a session kept in the database can be asked for in the file's query; another engine's requests
# all go to the view's own check.
_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
_URL_NAME = "agreement_version_download"
# Stand-ins no row has, positive and within each field's range (samverkan.compiled.sql_with_values).
_STAND_INS = {"pk": 2_147_480_029, "number": 2_147_480_039, "session_key": "qxstandinqx-session"}
# For a file: it is downloaded, never shown in a frame or run.
_FILE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


def _session_digest(session_key: str) -> str:
    return salted_hmac(_SESSION_SALT, session_key, algorithm="sha256").hexdigest()[:32]


def grant_for(request, version) -> str:
    """A grant for `request`'s session to download `version`'s stored PDF, or "" when there is nothing
    to grant (no session yet, no stored file)."""
    session_key = request.session.session_key
    if not session_key or not version.pdf_source_hash:
        return ""
    digest = _session_digest(session_key)
    payload = [version.collaboration_id, version.number, version.pdf_source_hash, digest]
    return signing.dumps(payload, salt=_SALT, compress=False)


def _stored_pdf_query(*, pk, number, session_key):
    """The stored file, if the session the grant was given to is still there (not logged out, not
    expired, not deleted)."""
    session = Session.objects.filter(session_key=session_key, expire_date__gt=Now())
    return (
        AgreementVersion.objects.filter(collaboration_id=pk, number=number, pdf__isnull=False)
        .filter(Exists(session))
        .values_list("pdf_source_hash", "pdf", "collaboration__area_name")[:1]
    )


@functools.cache
def _path_template() -> str:
    """The stored file's path with {pk} and {number} in place of its values (reversed once)."""
    path = reverse(_URL_NAME, args=[_STAND_INS["pk"], _STAND_INS["number"]])
    return path.replace(str(_STAND_INS["pk"]), "{pk}").replace(str(_STAND_INS["number"]), "{number}")


def _granted(request):
    """(collaboration key, version number, rendering, session key) that `request`'s grant holds for,
    else None. The path must be the granted file's own."""
    if settings.SESSION_ENGINE not in _SESSION_ENGINES:
        return None
    try:
        pk, number, rendering, digest = signing.loads(
            request.GET.get(PARAMETER, ""), salt=_SALT, max_age=GRANT_SECONDS
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not (type(pk) is type(number) is int and type(rendering) is str and rendering):
        return None
    if request.path_info != _path_template().format(pk=pk, number=number):
        return None
    request.get_host()  # as CommonMiddleware would: a host not in ALLOWED_HOSTS is a 400
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not session_key or not constant_time_compare(digest, _session_digest(session_key)):
        return None
    return pk, number, rendering, session_key


def _headers(response, rendering):
    response["ETag"] = quote_etag(rendering)
    response["Cache-Control"] = "private, no-cache"  # as `attachment`, for the 304 too
    response["Vary"] = "Cookie"
    response["X-Frame-Options"] = "DENY"
    response["Content-Security-Policy"] = _FILE_POLICY
    return response


def granted_response(request):
    """The stored PDF (or a 304) for a GET with a grant that holds; None for anything else."""
    granted = _granted(request)
    if granted is None:
        return None
    pk, number, rendering, session_key = granted
    if "HTTP_IF_NONE_MATCH" in request.META and quote_etag(rendering) in parse_etags(
        request.META["HTTP_IF_NONE_MATCH"]
    ):
        return _headers(HttpResponseNotModified(), rendering)
    kept = _KEPT.get((pk, number, rendering))
    if kept is None:
        kept = _read(pk, number, rendering, session_key)
        if kept is None:
            return None
    pdf, filename = kept
    return _headers(attachment(pdf, "application/pdf", filename), rendering)


def _read(pk, number, rendering, session_key):
    """(the file, its name) from the database if it is still this rendering and the session is still
    there, kept for the next grant of it; else None."""
    try:
        sql, params = sql_with_values(
            _stored_pdf_query, _STAND_INS, pk=pk, number=number, session_key=session_key
        )
        _columns, rows = fetch(sql, params, prepare=True, binary=True)
    except DatabaseError:
        return None  # the whole stack answers (a 503 while the database is away)
    if not rows or rows[0][0] != rendering:
        return None
    _rendering, pdf, area_name = rows[0]
    filename = agreement_filename(SimpleNamespace(area_name=area_name), SimpleNamespace(number=number))
    kept = (bytes(pdf), filename)
    _KEPT.put((pk, number, rendering), kept, size=len(kept[0]))
    return kept


class KeptFiles:
    """The files last read for a grant, in this process, each for GRANT_SECONDS after it was read and
    at most `limit` bytes in all (the least recently used go first). A file is named by its rendering,
    so what is kept is never another content than the name says."""

    def __init__(self, limit: int, seconds: int):
        self.limit, self.seconds = limit, seconds
        self.files: OrderedDict = OrderedDict()  # key -> (read at, size, value)
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.files.get(key)
            if found is None:
                return None
            read_at, _size, value = found
            if time.monotonic() - read_at >= self.seconds:
                self._drop(key)
                return None
            self.files.move_to_end(key)
            return value

    def put(self, key, value, *, size: int):
        with self.lock:
            if key in self.files:
                self._drop(key)
            if size > self.limit:
                return
            self.files[key] = (time.monotonic(), size, value)
            self.size += size
            while self.size > self.limit:
                self._drop(next(iter(self.files)))

    def clear(self):
        with self.lock:
            self.files.clear()
            self.size = 0

    def _drop(self, key):
        self.size -= self.files.pop(key)[1]


_KEPT = KeptFiles(KEPT_BYTES, GRANT_SECONDS)


def kept_files_clear():
    """Forget the files kept in this process (for tests: each goes by itself after GRANT_SECONDS)."""
    _KEPT.clear()


class DownloadGrantMiddleware:
    """Serves a stored PDF for a GET whose grant holds (`granted_response`), before the session, the
    user and the rest of the stack; every other request goes on. Placed after WhiteNoise: as a static
    file is served, with the security middleware's headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and PARAMETER + "=" in request.META.get("QUERY_STRING", ""):
            response = granted_response(request)
            if response is not None:
                return response
        return self.get_response(request)
