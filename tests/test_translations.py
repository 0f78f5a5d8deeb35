"""The Swedish catalogue is complete, compiled and covers every string marked in the code."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SV_PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
# Every Python package of the project (a folder next to manage.py with an __init__.py), and templates.
SOURCE_DIRS = sorted(
    [p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in {"tests", "bench"}]
) + ["templates"]


def test_every_swedish_entry_is_translated_and_none_is_fuzzy():
    catalogue = polib.pofile(str(SV_PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert catalogue.percent_translated() == 100


def test_compiled_catalogue_is_used(settings):
    from django.utils import translation

    with translation.override("sv"):
        assert translation.gettext("My collaborations") == "Mina samverkansprojekt"
    with translation.override("en"):
        assert translation.gettext("My collaborations") == "My collaborations"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_catalogue_has_every_marked_string(tmp_path):
    for name in [*SOURCE_DIRS, "manage.py"]:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "makemessages", "--locale", "sv", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
        timeout=120,
        env={
            "PYTHONPATH": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        },
    )
    extracted = {e.msgid for e in polib.pofile(str(tmp_path / "locale/sv/LC_MESSAGES/django.po"))}
    committed = {e.msgid for e in polib.pofile(str(SV_PO))}
    assert sorted(extracted - committed) == [], "run `make messages` and translate the new strings"
    assert sorted(committed - extracted) == [], "the catalogue has strings the code no longer uses"
