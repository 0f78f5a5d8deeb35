"""Issue 18: an editable copy of the current draft as DOCX, with the same sections as Word headings, the
gaps marked and a header saying which version it is a copy of."""

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx.enum.text import WD_COLOR_INDEX

from agreements.clauses import SECTIONS
from agreements.models import AgreementVersion
from collaborations.models import Event
from tests.agreements.arrange import complete
from tests.conftest import client_for
from tests.factories import PartyFactory, ProblemDescriptionFactory


def _download(client, collaboration):
    return client.post(reverse("agreement_docx", args=[collaboration.pk]), follow=True)


def _open(response):
    return docx.Document(io.BytesIO(response.content))


def _headings(document):
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_the_copy_has_every_section_as_a_word_heading(collaboration, alice_client):
    document = _open(_download(alice_client, collaboration))

    numbered = [heading for heading in _headings(document) if heading[0].isdigit()]
    expected = [f"{number}. {title}" for number, (_key, title) in enumerate(SECTIONS, start=1)]
    assert numbered[: len(expected)] == expected
    assert numbered[-1].endswith("Underskrifter")


def test_the_gaps_are_marked(collaboration, alice_client):
    document = _open(_download(alice_client, collaboration))

    gaps = [p for p in document.paragraphs if p.text.startswith("Lucka:")]
    assert gaps, "the unfinished agreement has gaps"
    assert any("Problembeskrivningen är inte skriven." in p.text for p in gaps)
    assert all(run.font.highlight_color == WD_COLOR_INDEX.YELLOW for p in gaps for run in p.runs)


def test_the_header_says_it_is_a_copy_of_version_n(collaboration, alice_client):
    document = _open(_download(alice_client, collaboration))

    version = AgreementVersion.objects.get(collaboration=collaboration)
    header = document.sections[0].header.paragraphs[0].text
    assert f"Redigerbar kopia av version {version.number}" in header
    assert f"versionskod {version.version_code}" in header


def test_the_copy_has_the_agreements_text_tables_included(collaboration, alice, alice_client):
    complete(collaboration, alice)
    party = collaboration.parties.get(organisation__name="Åsby kommun")
    party.case_number = "KS 2026/123"
    party.save()

    document = _open(_download(alice_client, collaboration))

    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Åsby kommun" in " ".join(cells)
    assert any("KS 2026/123" in cell for cell in cells)  # the case number beside the party
    assert not [p for p in document.paragraphs if p.text.startswith("Lucka:")]  # the final draft


def test_the_download_registers_the_version_it_copies(collaboration, alice_client):
    response = _download(alice_client, collaboration)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="Samverkansavtal-Norrbacka-v1-kopia.docx"'
    assert AgreementVersion.objects.filter(collaboration=collaboration, number=1).exists()
    assert not Event.objects.filter(collaboration=collaboration, kind="pdf_generated").exists()


def test_a_representative_downloads_the_copy_too(collaboration, bob):
    assert _download(client_for(bob), collaboration).status_code == 200


def test_outsider_gets_404(collaboration, charlie):
    response = _download(client_for(charlie), collaboration)

    assert response.status_code == 404
    assert not AgreementVersion.objects.exists()


def test_a_get_is_refused_and_writes_nothing(collaboration, alice_client):
    response = alice_client.get(reverse("agreement_docx", args=[collaboration.pk]))

    assert response.status_code == 405
    assert not AgreementVersion.objects.exists()


def test_a_copy_of_a_version_whose_text_has_changed_is_refused_in_swedish(collaboration, alice_client):
    _download(alice_client, collaboration)
    ProblemDescriptionFactory(collaboration=collaboration, text="Ny text.")

    response = alice_client.get(reverse("agreement_docx_version", args=[collaboration.pk, 1]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("agreement_preview", args=[collaboration.pk])
    assert "Avtalet har ändrats sedan version 1. Ladda ner en ny kopia." in response.text
    assert AgreementVersion.objects.count() == 1


def test_a_version_that_does_not_exist_is_404(collaboration, alice_client):
    response = alice_client.get(reverse("agreement_docx_version", args=[collaboration.pk, 7]))

    assert response.status_code == 404


def test_outsider_gets_404_on_the_copy_of_a_version(collaboration, alice_client, charlie):
    _download(alice_client, collaboration)

    response = client_for(charlie).get(reverse("agreement_docx_version", args=[collaboration.pk, 1]))

    assert response.status_code == 404


def test_the_copy_takes_the_same_queries_with_more_data(collaboration, alice_client):
    ProblemDescriptionFactory(collaboration=collaboration)

    def count_copy():
        url = _download(alice_client, collaboration).redirect_chain[-1][0]
        with CaptureQueriesContext(connection) as queries:
            assert alice_client.get(url).status_code == 200
        return len(queries)

    PartyFactory.create_batch(2, collaboration=collaboration)
    few = count_copy()
    PartyFactory.create_batch(20, collaboration=collaboration)
    more = count_copy()

    assert few == more


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "a & b < c", "rad ett\nrad två"])
def test_user_text_reaches_the_copy_as_text(collaboration, alice_client, text):
    ProblemDescriptionFactory(collaboration=collaboration, text=text)

    document = _open(_download(alice_client, collaboration))

    body = "\n".join(p.text for p in document.paragraphs)
    assert text in body
