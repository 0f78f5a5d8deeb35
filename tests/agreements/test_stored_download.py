"""The unchanged agreement's download as one GET: the page's button GETs the stored version while a
download found it current, and that GET checks the permission and reads the file in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import AgreementVersionFactory


@pytest.fixture
def stored(collaboration, alice_client):
    """The agreement downloaded (the POST): version 1, stored, and found current by the second download
    (the first made the version, which moved the stamp it was found under)."""
    for _ in range(2):
        alice_client.post(reverse("agreement_download", args=[collaboration.pk]), follow=True)
    return reverse("agreement_version_download", args=[collaboration.pk, 1])


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


# --- The stored version's GET (its query compiled once, agreements/permissions.py)


def test_stored_version_takes_three_queries_the_session_the_user_and_the_file(alice_client, stored):
    with CaptureQueriesContext(connection) as queries:
        response = alice_client.get(stored)

    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert len(queries) == 3


def test_invited_partner_gets_the_stored_version(bob, stored):
    response = client_for(bob).get(stored)

    assert response.status_code == 200 and response["ETag"]


def test_browser_with_the_file_gets_304(alice_client, stored):
    etag = alice_client.get(stored)["ETag"]

    response = alice_client.get(stored, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and response.content == b"" and response["ETag"] == etag


def test_outsider_gets_404(charlie, stored):
    assert client_for(charlie).get(stored).status_code == 404


def test_anonymous_is_sent_to_log_in(client, stored):
    response = client.get(stored)

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("number", [2, 99_999_999_999])
def test_version_without_a_file_or_beyond_any_number_is_404(collaboration, alice_client, stored, number):
    AgreementVersionFactory(collaboration=collaboration, number=2)  # a version without a stored file

    url = reverse("agreement_version_download", args=[collaboration.pk, number])

    assert alice_client.get(url).status_code == 404


def test_collaboration_beyond_any_id_is_404(alice_client, stored):
    url = reverse("agreement_version_download", args=[2**63, 1])

    assert alice_client.get(url).status_code == 404
