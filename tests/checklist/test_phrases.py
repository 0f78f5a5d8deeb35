"""The kept checklist state pickles its lazy phrases as plain data (checklist/phrases.py): read back, a
phrase is the same lazy translation, shown in the language of the page that reads it."""

import pickle

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, override

from checklist.phrases import keep, restore
from checklist.rules import StepStatus


def _phrases():
    return [
        _("a budget line"),
        format_lazy(_("the role and contribution of {party}"), party="Polisen"),
        format_lazy(
            ngettext_lazy(
                "how {count} sub-goal is measured and reported",
                "how {count} sub-goals are measured and reported",
                2,
            ),
            count=2,
        ),
        "a plain string",
    ]


def test_a_phrase_kept_and_restored_translates_as_before():
    for before, after in zip(_phrases(), [restore(keep(p)) for p in _phrases()], strict=True):
        for language in ("sv", "en"):
            with override(language):
                assert str(after) == str(before)
    with override("sv"):
        assert str(restore(keep(_phrases()[1]))) == "rollen och insatsen för Polisen"


def test_a_step_status_pickles_its_phrases_without_lazy_objects():
    status = StepStatus(step=None, state="not_started", missing=_phrases())
    data = pickle.dumps(status)
    assert b"_lazy_proxy_unpickle" not in data
    with override("sv"):
        restored = pickle.loads(data)  # noqa: S301 - our own bytes, just pickled
        assert [str(p) for p in restored.missing] == [str(p) for p in _phrases()]
