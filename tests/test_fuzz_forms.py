"""Generated input posted to every view that takes a POST: never a 500, and nothing saved unless the
input was accepted.

The views are those with a POST row in the authorization table (tests/test_authorization_table.py), so
a new form view is fuzzed as soon as it has its entry. Each is posted to by a persona the table lets
write there: the lead's staff (alice), else the organisation admin (olivia), else the invited partner
(bob). The fields are the valid payload's and those of the view's own form on its page, with the values
the page offers; hypothesis mixes them with hostile strings, lists, missing fields and random files.

An answer is "accepted" when it is a redirect without an error message; then the data may change. Any
other answer (the form again with its errors, 4xx, a redirect with an error message) must leave every
row of every table as it was. Each example runs in a savepoint that is rolled back, so examples do not
depend on each other.

Bounded for CI: per view one fixed example (every field "²", a digit that int() refuses) and
FUZZ_EXAMPLES (default 3) generated ones, the first of which is "nothing posted"; deterministic unless
FUZZ_RANDOM=1. A deeper run: FUZZ_EXAMPLES=200 FUZZ_RANDOM=1 pytest -m fuzz. The search forms (GET)
get the same treatment at the end of the module.

Bugs found in other parts of the code are in KNOWN_BUGS and KNOWN_GET_BUGS: the view's case is an
expected failure, with the input that shows the bug as a fixed example, until the bug is fixed (then
the case passes and the strict xfail fails: remove the entry).
"""

import os
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.messages import ERROR, get_messages
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.documents import samples
from tests.test_authorization_table import DONE, TABLE, world  # noqa: F401 - `world` is a fixture

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
WRITERS = ("alice", "olivia", "bob")
REFUSALS = {403, 404, 405, "login"}

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999999",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "2025-02-30",
    "9999-12-31",
    "0001-01-01",
    "31/12/2026",
    "a\x00b",
    "\x00",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "😀😀",
    "\u202eevil",
    "A" * 5001,
    "on",
    "true",
    "None",
    "[]",
    '{"a": 1}',
    "%s%n",
    "²",
    "٣",
    "../../etc/passwd",
    "x\r\nBcc: fuzz@example.test",
]

TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)


def writer_for(entry) -> str:
    """The persona whose POST the table expects to go through, else the first one let in at all."""
    for persona in WRITERS:
        if entry.post[persona] == DONE:
            return persona
    return next(p for p in WRITERS if entry.post[p] not in REFUSALS)


# view name: (the input that shows the bug, what goes wrong)
KNOWN_BUGS = {}

# view name: tables a refused POST may write on purpose, and why.
WRITES_WHEN_REFUSED: dict[str, tuple[set[str], str]] = {}

CASES = [
    pytest.param(
        name,
        id=name,
        marks=[pytest.mark.xfail(strict=True, raises=ValueError, reason=KNOWN_BUGS[name][1])]
        if name in KNOWN_BUGS
        else [],
    )
    for name, entry in TABLE.items()
    if entry.post is not None
]


class _FormFields(HTMLParser):
    """The fields of the forms on a page that post to `action_path`, with the values the page offers."""

    def __init__(self, action_path):
        super().__init__()
        self.action_path = action_path
        self.inside = False
        self.fields: dict[str, set] = {}
        self.files: set[str] = set()
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = urlsplit(attrs.get("action") or "").path
            self.inside = (attrs.get("method") or "").lower() == "post" and action in ("", self.action_path)
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            if attrs.get("type") == "file":
                self.files.add(name)
            else:
                self.fields.setdefault(name, set()).add(attrs.get("value") or "")
        elif tag in ("select", "textarea") and name:
            self.fields.setdefault(name, set()).add("")
            self._select = name if tag == "select" else None
        elif tag == "option" and self._select:
            self.fields[self._select].add(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None


def _page_fields(client, path):
    response = client.get(path)
    parser = _FormFields(path)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode())
    return parser.fields, parser.files


def _payloads(valid: dict, offered: dict[str, set], files: set[str]):
    names = sorted(set(valid) | set(offered) | files)
    optional = {}
    for name in names:
        if name in files or hasattr(valid.get(name), "read"):
            optional[name] = st.builds(
                SimpleUploadedFile,
                # A name the test client can carry at all: Django's own UploadedFile refuses one whose
                # last path part is empty, "." or ".." (as the server's multipart parser drops it).
                TEXT.filter(lambda file_name: os.path.basename(file_name) not in {"", ".", ".."}),
                st.one_of(
                    st.binary(max_size=300),
                    st.binary(max_size=300).map(lambda tail: samples.PDF[:5] + tail),
                    st.sampled_from([samples.PDF, samples.HTML, samples.docx(macros=True), b""]),
                ),
            )
            continue
        known = sorted(({str(valid[name])} if name in valid else set()) | offered.get(name, set()))
        value = st.one_of(
            *([st.sampled_from(known)] if known else []),
            st.sampled_from(HOSTILE),
            TEXT,
            st.integers().map(str),
        )
        optional[name] = st.one_of(value, st.lists(value, min_size=2, max_size=3))
    return st.fixed_dictionaries({}, optional=optional)


def _snapshot():
    """Every row of every table but the sessions (a write may log in or out, a refusal may not)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model is not Session
    }


def _writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in query["sql"]
    ]


def _accepted(response) -> bool:
    """A redirect, not to the login page, with no error message."""
    if response.status_code != 302 or response["Location"].startswith(reverse("account_login")):
        return False
    return all(message.level < ERROR for message in get_messages(response.wsgi_request))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name", CASES)
def test_generated_input_never_breaks_a_form(world, name):  # noqa: F811 - the imported fixture
    entry = TABLE[name]
    path = reverse(name, kwargs=entry.kwargs(world))
    user = world.users[writer_for(entry)]
    valid = entry.data(world)
    page_client = Client()
    page_client.force_login(user)
    offered, files = _page_fields(page_client, path)

    def post_is_handled(payload):
        client = Client()  # no messages or logout left over from the previous example
        client.force_login(user)
        savepoint = transaction.savepoint_create()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path, payload)
        assert response.status_code < 500
        # A refused input may write only what it rolls back itself: compare every row with the state
        # before (restored by rolling back to the savepoint), when the view wrote anything at all.
        if not _accepted(response) and _writes(queries):
            after = _snapshot()
            transaction.savepoint_rollback(savepoint)
            before = _snapshot()
            allowed = WRITES_WHEN_REFUSED.get(name, (set(), ""))[0]
            changed = sorted(
                label for label in before if before[label] != after[label] and label not in allowed
            )
            assert not changed, f"refused input ({response.status_code}) changed {changed}"
        else:
            transaction.savepoint_rollback(savepoint)

    post_is_handled = example(payload=dict.fromkeys(sorted(set(valid) | set(offered)), "²"))(post_is_handled)
    if name in KNOWN_BUGS:
        post_is_handled = example(payload=KNOWN_BUGS[name][0])(post_is_handled)
    settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=os.environ.get("FUZZ_RANDOM") != "1",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )(given(payload=_payloads(valid, offered, files))(post_is_handled))()


# --- Search and filter forms (GET) ----------------------------------------------------------------

ON_POSTGRESQL = connection.vendor == "postgresql"

# view name: the query parameters its page reads
GET_FORMS = {
    "dashboard": ["q", "page"],
    "party_add": ["q", "organisation"],
    "problem_compare": ["old", "new"],
    "document_upload": ["kind"],
}

# view name: (the query that shows the bug, whether the bug shows on this database, what goes wrong)
KNOWN_GET_BUGS = {}

GET_CASES = [
    pytest.param(
        name,
        id=name,
        marks=[
            pytest.mark.xfail(condition=KNOWN_GET_BUGS[name][1], strict=True, reason=KNOWN_GET_BUGS[name][2])
        ]
        if name in KNOWN_GET_BUGS
        else [],
    )
    for name in GET_FORMS
]


@pytest.mark.parametrize("name", GET_CASES)
def test_generated_query_never_breaks_a_search_form(world, name):  # noqa: F811 - the imported fixture
    path = reverse(name, kwargs=TABLE[name].kwargs(world))
    client = Client()
    client.force_login(world.users["alice"])
    value = st.one_of(st.sampled_from(HOSTILE), TEXT, st.integers().map(str))

    def get_is_handled(query):
        response = client.get(path, query)
        assert response.status_code < 500

    if name in KNOWN_GET_BUGS:
        get_is_handled = example(query=KNOWN_GET_BUGS[name][0])(get_is_handled)
    settings(
        max_examples=EXAMPLES * 3,
        deadline=None,
        database=None,
        derandomize=os.environ.get("FUZZ_RANDOM") != "1",
        suppress_health_check=[HealthCheck.too_slow],
    )(
        given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(GET_FORMS[name], value)))(get_is_handled)
    )()
