"""The PDF: what it says, page numbering on every page, and accessibility (tagged, language, title, fonts)."""

import io
import re

import pypdf
import pytest
from django.utils import timezone

from agreements import services
from checklist.rules import checklist_status
from tests.agreements.arrange import DETAILS, complete, page_texts, pdf_text


def download(collaboration, user):
    return services.agreement_pdf(
        collaboration=collaboration, checklist=checklist_status(collaboration), requested_by=user
    )


@pytest.fixture
def complete_pdf(collaboration, alice):
    partners = complete(collaboration, alice, model="est")
    return download(collaboration, alice), partners


def test_pdf_names_the_parties_with_organisation_numbers(collaboration, complete_pdf):
    document, partners = complete_pdf
    text = pdf_text(document.pdf)

    for party in [collaboration.parties.get(role="lead"), *partners]:
        assert f"{party.organisation.name} ({party.organisation.org_number})" in text
    assert "Karin Berg" in text and "Jonas Wik" in text


def test_pdf_states_the_goal_and_sub_goals(complete_pdf):
    text = pdf_text(complete_pdf[0].pdf)

    assert "Övergripande mål Ett tryggt Norrbacka för alla." in text
    assert "Andel som känner sig otrygga 41 % 25 % 2028-12-31" in text


def test_pdf_says_who_confirmed_which_version_and_when(complete_pdf):
    text = pdf_text(complete_pdf[0].pdf)

    assert "Alla tillfrågade parter instämmer i version 1." in text
    assert re.search(r"Åsby kommun 1 Instämmer \d{4}-\d\d-\d\d \d\d:\d\d Karin Berg", text)
    # and the appendix logs the same, with who and when
    assert re.search(r"Svar lämnat Åsby kommun: Instämmer \(version 1\) Karin Berg", text)


def test_pdf_lists_each_partys_contribution(complete_pdf):
    text = pdf_text(complete_pdf[0].pdf)

    assert (
        "Roll och ansvar Ansvar för Norrbacka IF Personaltid 100 timmar per år Pengar 25 000 kr per år"
        in text
    )


@pytest.mark.parametrize(
    ("model", "clause"),
    [
        ("iop", "Parterna ingår ett idéburet offentligt partnerskap (IOP)."),
        ("est", "Parterna arbetar enligt effektiv samordning för trygghet (EST)"),
        ("bid", "(business improvement district, BID)"),
        ("other", "Parterna samverkar i en egen form som beskrivs nedan."),
    ],
)
def test_pdf_has_the_chosen_models_clauses_and_details(collaboration, alice, model, clause):
    complete(collaboration, alice, model=model)

    text = pdf_text(download(collaboration, alice).pdf)

    assert clause in text
    for detail in DETAILS[model].values():
        assert detail in text
    other_models = {"iop": "(IOP)", "est": "(EST)", "bid": "BID-samverkan"}
    assert not [word for key, word in other_models.items() if key != model and word in text]


def test_final_draft_has_no_gaps_and_says_so(complete_pdf):
    text = pdf_text(complete_pdf[0].pdf)

    assert "Slutligt utkast: inget saknas" in text
    assert "Lucka:" not in text
    assert complete_pdf[0].version.is_final


def test_preview_with_gaps_names_them_and_their_steps(collaboration, alice):
    text = pdf_text(download(collaboration, alice).pdf)

    assert "Förhandsversion, inte det slutliga utkastet" in text
    assert "Lucka: Kommunikationsplanen saknas. (fylls i under steg 14: Kommunikation)" in text


def test_every_page_has_the_draft_mark_version_date_and_page_number(complete_pdf):
    document = complete_pdf[0]
    pages = page_texts(document.pdf)
    version = document.version

    assert len(pages) == version.page_count > 5
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert (
            f"Version {version.number} · {timezone.localtime(version.created_at):%Y-%m-%d} · "
            f"versionskod {version.version_code}" in page
        )
        assert "kontrollsumma" not in page.split("Bilaga 1")[0]
        if number > 1:  # the title page says it in its own words
            assert "Trygg Norrbacka" in page and "UTKAST — inte juridiskt granskat" in page


def test_contents_give_each_sections_page(complete_pdf):
    pages = page_texts(complete_pdf[0].pdf)

    contents = pages[1]
    assert "Innehåll 1. Parter" in contents
    assert "..." not in contents  # no leader dots: each would be tagged as text of its own
    start = int(re.search(r"13\. Avtalstid, ändringar, uppsägning och tvister \.*\s*(\d+)", contents)[1])
    assert "13. Avtalstid, ändringar, uppsägning och tvister" in pages[start - 1]


def test_pdf_is_tagged_in_swedish_with_a_title(complete_pdf):
    reader = pypdf.PdfReader(io.BytesIO(complete_pdf[0].pdf))
    catalog = reader.trailer["/Root"]

    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "sv"
    assert reader.metadata.title == "Samverkansavtal – Trygg Norrbacka"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_pdf_embeds_the_shipped_font(complete_pdf):
    reader = pypdf.PdfReader(io.BytesIO(complete_pdf[0].pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )

    assert fonts and all(fonts.values())
    # Subsets of our own @font-face family (Noto Sans, shipped in agreements/static), not a system font.
    assert {name.split("+")[1] for name in fonts} <= {"Agreement-Sans", "Agreement-Sans-Bold"}


def test_user_text_is_escaped(collaboration, alice):
    complete(collaboration, alice, problem_text="<b>Fet</b> & <script>alert(1)</script>")

    text = pdf_text(download(collaboration, alice).pdf)

    assert "<b>Fet</b> & <script>alert(1)</script>" in text
