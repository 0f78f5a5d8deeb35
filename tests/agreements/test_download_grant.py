"""The download grant (agreements/grants.py): the stored PDF served before the session and the user are
read, for the session it was given to, the file it names and a few minutes; anything else goes through
the whole stack and the view's own check."""

import re
import time
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import signing
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements import grants
from agreements.models import AgreementVersion
from tests.conftest import client_for
from tests.factories import CollaborationFactory


@pytest.fixture
def stored(collaboration, alice_client):
    """Version 1 stored and found current (the second download found it)."""
    for _ in range(2):
        response = alice_client.post(reverse("agreement_download", args=[collaboration.pk]))
    return response["Location"]


def grant_on_page(client, collaboration) -> str:
    html = client.get(reverse("agreement_preview", args=[collaboration.pk])).content.decode()
    found = re.search(r'<input type="hidden" name="grant" value="([^"]+)">', html)
    assert found, "the page's download button carries no grant"
    return found.group(1)


def test_the_download_redirects_to_the_stored_file_with_a_grant(collaboration, stored):
    assert stored.startswith(reverse("agreement_version_download", args=[collaboration.pk, 1]) + "?grant=")


def test_a_grant_serves_the_file_with_one_query_and_no_session_read(alice_client, stored):
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(stored)

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == 'attachment; filename="Samverkansavtal-Norrbacka-v1.pdf"'
    assert response["ETag"] and response["Cache-Control"] == "private, no-cache"
    [query] = queries  # the file, if the session is still there; the session itself is not read
    assert '"agreements_agreementversion"' in query["sql"] and '"django_session"' in query["sql"]
    assert "session_data" not in query["sql"] and '"accounts_user"' not in query["sql"]


def test_the_same_file_and_headers_as_the_views_own_check(collaboration, alice_client, stored):
    granted = alice_client.get(stored)
    checked = alice_client.get(reverse("agreement_version_download", args=[collaboration.pk, 1]))

    assert granted.content == checked.content
    for header in ("Content-Type", "Content-Disposition", "ETag", "Cache-Control", "X-Frame-Options"):
        assert granted[header] == checked[header], header
    assert granted["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'; sandbox"
    assert "frame-ancestors 'none'" in checked["Content-Security-Policy"]


def test_the_page_gives_its_button_a_grant(collaboration, alice_client, stored):
    grant = grant_on_page(alice_client, collaboration)

    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(
            reverse("agreement_version_download", args=[collaboration.pk, 1]), {"grant": grant}
        )

    assert response.status_code == 200 and len(queries) == 1


def test_the_browser_with_the_file_gets_304_without_a_query(alice_client, stored):
    etag = alice_client.get(stored)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(stored, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and response["ETag"] == etag and len(queries) == 0


def test_a_grant_copied_to_another_browser_opens_nothing(charlie, client, stored):
    """Another session (an outsider's) or none: the view's own check answers."""
    assert client_for(charlie).get(stored).status_code == 404
    response = client.get(stored)
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_after_logging_out_the_grant_holds_no_more(alice_client, stored):
    alice_client.post(reverse("account_logout"))

    response = alice_client.get(stored)

    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_logged_out_session_kept_in_another_browser_opens_nothing(alice_client, stored):
    """The old cookie and the grant, kept somewhere after logging out, the file not yet kept in this
    process: the session is no longer in the database, so the view's own check answers (a login).
    Once the file is kept, the grant's minutes decide (test_a_kept_file_serves_a_grant_...)."""
    old_cookie = alice_client.cookies[settings.SESSION_COOKIE_NAME].value
    alice_client.post(reverse("account_logout"))
    kept = Client()
    kept.cookies[settings.SESSION_COOKIE_NAME] = old_cookie

    response = kept.get(stored)

    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_a_grant_whose_values_are_not_numbers_is_the_views_check(charlie, collaboration, stored):
    """Only the server signs grants; a signed payload of other types still opens nothing."""
    client = client_for(charlie)
    client.get(reverse("dashboard"))
    digest = grants._session_digest(client.cookies[settings.SESSION_COOKIE_NAME].value)
    rendering = AgreementVersion.objects.get(collaboration=collaboration, number=1).pdf_source_hash
    url = reverse("agreement_version_download", args=[collaboration.pk, 1])
    for pk, number in [(str(collaboration.pk), 1), (collaboration.pk, True), (float(collaboration.pk), 1)]:
        grant = signing.dumps([pk, number, rendering, digest], salt=grants._SALT, compress=False)
        assert client.get(url, {"grant": grant}).status_code == 404, (pk, number)
    grant = signing.dumps([collaboration.pk, 1, rendering, digest], salt=grants._SALT, compress=False)
    assert client.get(url, {"grant": grant}).status_code == 200  # the same, as numbers


def test_a_host_not_allowed_is_a_400(alice_client, stored):
    assert alice_client.get(stored, HTTP_HOST="evil.example").status_code == 400


def test_a_member_removed_since_is_refused_once_the_grant_has_expired(
    collaboration, alice, alice_client, stored
):
    alice.memberships.all().delete()
    later = signing.time.time() + grants.GRANT_SECONDS + 1

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = alice_client.get(stored)

    assert response.status_code == 404


def test_a_grant_for_one_collaboration_does_not_open_another(alice, alice_client, collaboration, stored):
    """The URL's collaboration and version must be the grant's: another key with the same grant is the
    view's own check (the outsider's 404)."""
    grant = parse_qs(urlsplit(stored).query)["grant"][0]
    other = CollaborationFactory()

    response = alice_client.get(reverse("agreement_version_download", args=[other.pk, 1]), {"grant": grant})

    assert response.status_code == 404


@pytest.mark.parametrize("grant", ["", "x", "W1sxXV0:abc:def", signing.dumps([1, 1, "a", "b"])])
def test_a_grant_that_does_not_hold_goes_to_the_views_check(charlie, collaboration, stored, grant):
    response = client_for(charlie).get(
        reverse("agreement_version_download", args=[collaboration.pk, 1]), {"grant": grant}
    )

    assert response.status_code == 404


def test_another_parameter_ending_in_grant_is_the_views_check(charlie, collaboration, stored):
    url = reverse("agreement_version_download", args=[collaboration.pk, 1])

    assert client_for(charlie).get(url + "?mygrant=1").status_code == 404


def test_a_file_replaced_since_the_grant_is_the_views_check(collaboration, alice_client, stored):
    """The file not kept in this process yet: read, found replaced, left to the view."""
    AgreementVersion.objects.filter(collaboration=collaboration, number=1).update(pdf_source_hash="other")

    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(stored)

    assert response.status_code == 200  # the stored file, found by the view's own check
    assert len(queries) > 1


def test_the_database_away_is_the_whole_stacks_answer(alice_client, stored):
    """The file not kept in this process yet, and the database away for the grant's read."""
    with (
        mock.patch("agreements.grants.fetch", side_effect=DatabaseError("gone")),
        mock.patch("agreements.grants.granted_response", wraps=grants.granted_response) as spy,
    ):
        response = alice_client.get(stored)

    assert spy.called and response.status_code == 200  # the view answered (its own queries work)


def test_no_grant_without_a_stored_file(rf, collaboration):
    request = rf.get("/")
    request.session = mock.Mock(session_key="abc")

    assert grants.grant_for(request, AgreementVersion(collaboration=collaboration, number=1)) == ""


# --- The files kept per process (KeptFiles)


def test_the_next_grant_of_a_file_is_answered_without_a_query(collaboration, alice_client, bob, stored):
    """Kept after the first read: another person's grant of the same file reads nothing either."""
    alice_client.get(stored)
    bob_client = client_for(bob)
    bob_grant = grant_on_page(bob_client, collaboration)

    with CaptureQueriesContext(connection) as queries:
        response = bob_client.get(urlsplit(stored).path, {"grant": bob_grant})

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert len(queries) == 0


def test_a_kept_file_serves_a_grant_for_its_minutes_and_no_longer(alice, alice_client, stored):
    """The trade-off the module states: a grant gives what its holder could take when it was given. After
    logging out elsewhere (the session gone, its cookie kept) and losing the membership, the kept file
    still answers that grant until GRANT_SECONDS have passed; then the view's own check refuses."""
    alice_client.get(stored)  # read and kept
    kept = Client()
    kept.cookies[settings.SESSION_COOKIE_NAME] = alice_client.cookies[settings.SESSION_COOKIE_NAME].value
    alice_client.post(reverse("account_logout"))
    alice.memberships.all().delete()

    assert kept.get(stored).status_code == 200
    later = time.time() + grants.GRANT_SECONDS + 1
    with mock.patch("time.time", return_value=later), mock.patch("time.monotonic", return_value=later):
        response = kept.get(stored)
    assert response.status_code == 302 and response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_kept_files_go_when_their_time_is_up_or_their_bytes_are_needed():
    now = [100.0]
    files = grants.KeptFiles(limit=10, seconds=60)
    with mock.patch("agreements.grants.time.monotonic", side_effect=lambda: now[0]):
        files.put("a", "A", size=4)
        files.put("b", "B", size=4)
        assert files.get("a") == "A"  # now the most recently used
        files.put("c", "C", size=4)  # 12 bytes > 10: the least recently used (b) goes
        assert (files.get("a"), files.get("b"), files.get("c"), files.size) == ("A", None, "C", 8)
        files.put("huge", "H", size=11)  # larger than the whole: not kept, nothing else lost
        assert (files.get("huge"), files.size) == (None, 8)
        now[0] += 59  # reading a file does not lengthen its time
        assert files.get("a") == "A"
        now[0] += 1
        assert files.get("a") is None and files.size == 4
