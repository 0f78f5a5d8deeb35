"""Word-level differences between two versions of a text, for people to read.

The result is escaped HTML: removed words in <del>, added words in <ins>, each wrapped in visually
hidden words ("removed:", "added:") so that the change is not told by strikethrough or colour alone
and screen readers announce it. Whitespace is kept, so line breaks survive inside `white-space:
pre-wrap`.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Words, runs of whitespace, and single punctuation marks: "Otrygg, kvällstid." has five tokens.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Change:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_changes(old: str, new: str) -> list[Change]:
    """The changes that turn `old` into `new`, word by word. A change of whitespace alone is shown as
    the new whitespace, unmarked: a moved line break is not worth a reader's attention."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            changes.append(Change(EQUAL, added))
            continue
        if (removed + added).isspace() or not (removed + added):
            changes.append(Change(EQUAL, added))
            continue
        if removed:
            changes.append(Change(DELETE, removed))
        if added:
            changes.append(Change(INSERT, added))
    return _merged(changes)


def _merged(changes: list[Change]) -> list[Change]:
    merged: list[Change] = []
    for change in changes:
        if merged and merged[-1].kind == change.kind:
            merged[-1] = Change(change.kind, merged[-1].text + change.text)
        elif change.text:
            merged.append(change)
    return merged


_MARKED = (
    '<{tag}><span class="visually-hidden">{{}} </span>{{}}<span class="visually-hidden"> ]</span></{tag}>'
)


def _marked(tag, label, text):
    """The change in `tag`, with the whitespace around it left outside, where no line is drawn."""
    core = text.strip()
    before, after = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return escape(before) + format_html(_MARKED.format(tag=tag), label, core) + escape(after)


def render_changes(changes: list[Change]) -> SafeString:
    parts = []
    for change in changes:
        if change.kind == INSERT:
            parts.append(_marked("ins", _("[added:"), change.text))
        elif change.kind == DELETE:
            parts.append(_marked("del", _("[removed:"), change.text))
        else:
            parts.append(escape(change.text))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@dataclass(frozen=True)
class TextDiff:
    html: SafeString
    changed: bool


def text_diff(old: str, new: str) -> TextDiff:
    changes = word_changes(old, new)
    return TextDiff(html=render_changes(changes), changed=any(c.kind != EQUAL for c in changes))


@dataclass(frozen=True)
class ProblemDiff:
    """What changed between two versions of a problem description."""

    old_version: int
    new_version: int
    text: TextDiff
    evidence: TextDiff
    focus_areas_added: list[str] = field(default_factory=list)
    focus_areas_removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return (
            self.text.changed
            or self.evidence.changed
            or bool(self.focus_areas_added or self.focus_areas_removed)
        )


def problem_diff(old, new) -> ProblemDiff:
    """Compare two ProblemDescription versions (`old` is usually the earlier one)."""
    old_labels, new_labels = old.get_focus_area_labels(), new.get_focus_area_labels()
    return ProblemDiff(
        old_version=old.version,
        new_version=new.version,
        text=text_diff(old.text, new.text),
        evidence=text_diff(old.evidence, new.evidence),
        focus_areas_added=[label for label in new_labels if label not in old_labels],
        focus_areas_removed=[label for label in old_labels if label not in new_labels],
    )
