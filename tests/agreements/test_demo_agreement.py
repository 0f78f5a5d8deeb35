"""Issue 5's "Done when": a user downloads the demo collaboration's agreement, and the PDF alone says who
the parties are, what problem they agreed on (who confirmed which version, when), the goal, the model
and its conditions, who contributes what, how the work is organised and followed up, and how it ends."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from checklist.rules import checklist_status
from collaborations.models import Collaboration
from tests.agreements.arrange import page_texts, pdf_text
from tests.conftest import client_for

# Every test reads the PDF made once by `demo_download`; the marker makes pytest-django set up the test
# database, which that module-scoped fixture uses.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_download(django_db_setup, django_db_blocker):
    """(the PDF Anna downloads, the steps not done): seeded and downloaded once for this module, in a
    transaction rolled back at the end."""
    settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), settings, transaction.atomic():
        # pytest-django runs tests with DEBUG off, where the demo commands refuse unless forced.
        call_command("seed_demo", force=True, stdout=io.StringIO())
        call_command("seed_demo_agreement", force=True, stdout=io.StringIO())
        demo = Collaboration.objects.get(title="Trygg och trivsam Norrbacka")
        anna = User.objects.get(email="anna@asbyhem.example")
        response = client_for(anna).post(reverse("agreement_download", args=[demo.pk]), follow=True)
        preview = client_for(anna).get(reverse("agreement_preview", args=[demo.pk])).text
        open_steps = [s.step.key for s in checklist_status(demo).steps if not s.is_complete]
        transaction.set_rollback(True)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="Samverkansavtal-Norrbacka-v1.pdf"'
    return response.content, open_steps, preview


@pytest.fixture
def demo_pdf(demo_download):
    return demo_download[0]


def test_demo_agreement_is_a_final_draft(demo_download):
    pdf, open_steps, _preview = demo_download

    assert open_steps == ["agreement"]
    assert "Slutligt utkast: inget saknas" in pdf_text(pdf)


def test_reader_learns_who_the_parties_are(demo_pdf):
    text = pdf_text(demo_pdf)

    for name, number, representative in [
        ("Åsbyhem AB", "556677-0011", "Anna Lind"),
        ("Åsby kommun", "212000-8889", "Karin Berg"),
        ("Polisen, lokalpolisområde Åsby", "202100-9994", "Per Holm"),
        ("Hyresgästföreningen Norrbacka", "802480-1238", "Leila Nasser"),
        ("Norrbacka IF", "saknar organisationsnummer", "Jonas Wik"),  # an association without one
        ("Fastighets AB Lindgården", "556799-0121", "Eva Sund"),
    ]:
        assert f"{name} ({number})" in text  # the title page
        assert re.search(rf"{re.escape(name)} .{{0,60}}{number} .{{0,30}}{representative}", text), name
    assert "Åsbyhem AB är huvudman för samverkan." in text


def test_reader_learns_the_problem_and_who_confirmed_which_version_when(demo_pdf):
    text = pdf_text(demo_pdf)

    assert "version 2 av problembeskrivningen, skickad till parterna för bekräftelse den" in text
    assert "Tvättstugorna i källarplanen saknar fungerande belysning" in text
    assert "Alla tillfrågade parter instämmer i version 2." in text
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d"
    assert re.search(rf"Åsby kommun 2 Instämmer {when} Karin Berg", text)
    assert re.search(
        rf"Hyresgästföreningen Norrbacka 1 Vill ha ändringar {when} Leila Nasser, Ordförande Nämn också", text
    )
    assert re.search(rf"Hyresgästföreningen Norrbacka 2 Instämmer {when} Leila Nasser", text)
    appendix = text[text.rindex("Bilaga 1: Logg över bekräftelser och godkännanden") :]
    assert appendix.count("Svar lämnat") == 3 + 5  # version 1: three answers; version 2: all five
    assert "Alla parter instämmer" in appendix


def test_reader_learns_the_goal_model_and_its_conditions(demo_pdf):
    text = pdf_text(demo_pdf)

    assert "Norrbacka ska vara ett område där boende i alla åldrar känner sig trygga och trivs" in text
    assert "Andel boende som känner sig otrygga ute sent på kvällen" in text and "41 % 25 %" in text
    assert "Parterna har valt samverkansformen EST – effektiv samordning för trygghet." in text
    assert "Rapporterna beskriver platser, tider och typer av händelser, aldrig personer." in text
    assert "Den veckovisa lägesbilden Varje tisdag kl. 09.00, digitalt möte på 30 minuter." in text


def test_reader_learns_who_reports_to_the_situation_picture_and_how_it_is_followed_up(demo_pdf):
    text = pdf_text(demo_pdf)

    assert "Lokalpolisområde Lokalpolisområde Åsby" in text
    assert "Polisen, lokalpolisområde Åsby Områdespolisen På veckomötet Störningar på allmän plats" in text
    assert "Analys av lägesbilden Varje kvartal." in text
    assert "Årlig uppföljning I januari varje år" in text
    assert "Hur arbetet dokumenteras. Veckans lägesbild förs i en gemensam logg" in text
    assert "Det finns ett medborgarlöfte för området." in text


def test_reader_learns_who_contributes_what(demo_pdf):
    text = pdf_text(demo_pdf)

    assert "Driver läxhjälp och kvällsaktiviteter för barn 10–15 år" in text
    assert "Personaltid 400 timmar per år Pengar 150 000 kr per år" in text  # Åsby kommun
    assert "Summa 1 500 000 kr" in text


def test_reader_learns_how_the_work_is_organised_and_followed_up(demo_pdf):
    text = pdf_text(demo_pdf)

    assert "Samordnare Anna Lind (Åsbyhem AB)" in text
    assert "Styrgruppen sammanträder Varje kvartal" in text
    assert "Åsbyhem AB Maria Ek Ordförande" in text
    assert "Åsbyhems felanmälningar, sammanställda per kvartal." in text


def test_ongoing_work_reads_as_ongoing_without_an_invented_end(demo_download):
    pdf, _open_steps, preview = demo_download
    assert re.search(
        r"Veckovis lägesbild Tisdagsmöten enligt EST\. Åsby kommun 2027-01-05 Pågående", pdf_text(pdf)
    )
    preview_text = " ".join(re.sub(r"<[^>]+>", " ", preview).split())
    assert "Veckovis lägesbild Tisdagsmöten enligt EST. Åsby kommun 2027-01-05 Pågående" in preview_text


def test_reader_learns_how_it_ends(demo_pdf):
    text = pdf_text(demo_pdf)

    assert "Avtalet gäller från och med 2027-01-01 till och med 2029-12-31." in text
    assert "En part kan lämna samverkan med sex månaders skriftlig uppsägning" in text
    assert "Oenighet tas först upp i styrgruppen" in text


def test_every_page_is_marked_and_numbered(demo_pdf):
    pages = page_texts(demo_pdf)

    assert all(f"Sida {n} av {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert all("UTKAST — inte juridiskt granskat" in page for page in pages)


def test_the_demo_has_the_clauses_every_agreement_has(demo_download):
    """Issue 14: identical copies, signatories with their authority, governing law and disputes."""
    pdf, _open_steps, preview = demo_download
    text = pdf_text(pdf)

    assert "På avtalet ska svensk lag tillämpas." in text
    assert "avgörs tvisten av allmän domstol i Sverige" in text
    assert "Avtalet har upprättats i 6 likalydande exemplar, av vilka parterna tagit var sitt." in text
    assert "utan de övriga parternas skriftliga samtycke" in text  # assignment
    assert "Varje part är personuppgiftsansvarig" in text
    # The blocks stand in columns across pages in the PDF: their reading order is the preview's.
    page = " ".join(re.sub(r"<[^>]+>", " ", preview).split())
    signatures = page[page.rindex("Parterna undertecknar avtalet nedan.") :]
    for name, title, authority in [
        ("Mats Ek", "VD", "Firmatecknare"),
        ("Karin Berg", "Trygghetssamordnare", "Behörig genom: Kommunstyrelsens beslut 2026-09-14, § 112"),
        ("Per Holm", "Lokalpolisområdeschef", "Behörig genom: Polisregionens arbetsordning"),
    ]:
        assert f"{name} Namnförtydligande {title} Befattning {authority}" in signatures
