"""The documents section adds the same number of queries to a page whatever the number of documents."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document, DocumentKind
from tests.documents import samples


def _add_documents(collaboration, user, kind, n):
    for number in range(n):
        document = Document(
            collaboration=collaboration,
            kind=kind,
            original_name=f"beslut-{number}.pdf",
            content_type="application/pdf",
            size=len(samples.PDF),
            uploaded_by=user,
        )
        document.file.save("x", ContentFile(samples.PDF), save=True)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "kind"), [("mandate_list", DocumentKind.MANDATE), ("problem_detail", DocumentKind.EVIDENCE)]
)
def test_query_count_does_not_grow_with_documents(name, kind, collaboration, alice, alice_client):
    url = reverse(name, args=[collaboration.pk])
    _add_documents(collaboration, alice, kind, 2)
    small = _count(alice_client, url)
    _add_documents(collaboration, alice, kind, 20)
    large = _count(alice_client, url)
    assert small == large, f"{name}: {small} queries with 2 documents, {large} with 22"


def test_upload_page_query_count_does_not_grow_with_documents(collaboration, alice, alice_client):
    url = reverse("document_upload", args=[collaboration.pk])
    _add_documents(collaboration, alice, DocumentKind.MANDATE, 2)
    small = _count(alice_client, url)
    _add_documents(collaboration, alice, DocumentKind.MANDATE, 20)
    assert _count(alice_client, url) == small
