"""manage.py render_agreement, and the demo collaboration taken to a complete agreement."""

import io

import pytest
from django.core.management import CommandError, call_command

from agreements.models import AgreementVersion
from tests.agreements.arrange import pdf_text


def test_render_agreement_writes_the_pdf(collaboration, tmp_path):
    target = tmp_path / "avtal.pdf"
    out = io.StringIO()

    call_command("render_agreement", collaboration.pk, str(target), stdout=out)

    assert target.read_bytes().startswith(b"%PDF-")
    assert "Trygg Norrbacka" in pdf_text(target.read_bytes())
    assert "version 1" in out.getvalue() and "rendered" in out.getvalue()
    assert AgreementVersion.objects.get().created_by is None


def test_render_agreement_twice_serves_the_stored_pdf(collaboration, tmp_path):
    call_command("render_agreement", collaboration.pk, str(tmp_path / "a.pdf"), stdout=io.StringIO())
    out = io.StringIO()

    call_command("render_agreement", collaboration.pk, str(tmp_path / "b.pdf"), stdout=out)

    assert "stored, unchanged" in out.getvalue()
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_render_agreement_refuses_an_unknown_collaboration(db, tmp_path):
    with pytest.raises(CommandError, match="No collaboration with id 424242"):
        call_command("render_agreement", 424242, str(tmp_path / "x.pdf"))


def test_render_agreement_says_when_the_file_cannot_be_written(collaboration, tmp_path):
    with pytest.raises(CommandError, match="Could not write"):
        call_command("render_agreement", collaboration.pk, str(tmp_path / "missing" / "x.pdf"))


def test_seed_demo_agreement_needs_the_demo(db):
    with pytest.raises(CommandError, match="run `manage.py seed_demo` first"):
        call_command("seed_demo_agreement", force=True, stdout=io.StringIO())


def test_seed_demo_agreement_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo_agreement", stdout=io.StringIO())
