"""Word-level differences between two versions of a text, for people to read.

The result is escaped HTML: removed words in <del>, added words in <ins>, each wrapped in visually
hidden words ("removed:", "added:") so that the change is not told by strikethrough or colour alone
and screen readers announce it. Whitespace is kept, so line breaks survive inside `white-space:
pre-wrap`.

The comparison is bounded, whatever the texts: difflib's SequenceMatcher takes time that grows with
the product of the two lengths, and worse (20,000 characters, the forms' largest, of two unrelated
texts took minutes). So the texts are compared paragraph by paragraph first, then word by word inside
the changed paragraphs; at both levels the common beginning and end are set aside, the rest is split
at the items that occur once in each text (a paragraph or a word that is in both is very likely the
same place), and only the small pieces left between them are given to SequenceMatcher. What is still
too large, or left when the comparison's budget is spent, is shown as removed and added as a whole:
nothing is left out, it is only compared less finely.
"""

import difflib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

# Words, runs of whitespace, and single punctuation marks: "Otrygg, kvällstid." has five tokens.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True)
class Change:
    kind: str  # EQUAL, INSERT or DELETE
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


# SequenceMatcher is given two pieces only when the product of their lengths is at most this (about
# 50 words a side): its worst case grows faster than the product, so the pieces are kept small. Larger
# pieces are split at their unique words, which is cheaper and, on real text, finds the same changes.
SMALL_PIECES = 10_000
# How much one comparison (one page) may do in all, counted as the products given to SequenceMatcher
# plus the lengths of the pieces split at their unique items. Spent on pieces made to be
# SequenceMatcher's worst case, it is about 0.15 s of CPU (bench/diff.py); real text spends far less.
COMPARISON_BUDGET = 400_000
# Splitting at unique items goes this many levels deep, no further: deeper pieces are compared whole.
MAX_DEPTH = 8

# A line with the empty lines after it (\r\n too): the paragraphs of a text, compared before its
# words. An empty line is not an item of its own: found in both texts everywhere, it would cut one
# changed place into pieces paired wrongly.
_LINE = re.compile(r"[^\n]*\n(?:[^\S\n]*\n)*|[^\n]+")


class Budget:
    """The work one comparison (one page) may still do; shared by all the pieces it compares."""

    def __init__(self, units: int = COMPARISON_BUDGET):
        self.left = units

    def spend(self, units: int) -> bool:
        """Take `units` if that many are left; False (and nothing taken) when they are not."""
        if units > self.left:
            return False
        self.left -= units
        return True


def opcodes(a: Sequence, b: Sequence, *, budget: Budget) -> list[tuple[str, int, int, int, int]]:
    """The steps that turn `a` into `b`, as SequenceMatcher.get_opcodes() gives them ("equal",
    "replace", "delete", "insert" with their ranges), in time bounded by `budget` and the lengths.
    Where the budget does not reach, a range is "replace"d as a whole."""
    found: list[tuple[str, int, int, int, int]] = []
    _align(a, b, (0, len(a), 0, len(b)), budget=budget, found=found, depth=0)
    return _joined(found)


def _align(a, b, ranges, *, budget, found, depth):
    alo, ahi, blo, bhi = ranges
    start_a, start_b, end_a, end_b = alo, blo, ahi, bhi
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
    found.append(("equal", start_a, alo, start_b, blo))
    size = (ahi - alo) * (bhi - blo)
    if size and size <= SMALL_PIECES and budget.spend(size):
        matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        found.extend(
            (op, alo + i1, alo + i2, blo + j1, blo + j2) for op, i1, i2, j1, j2 in matcher.get_opcodes()
        )
    elif (
        size
        and depth < MAX_DEPTH
        and budget.spend(ahi - alo + bhi - blo)
        and (anchors := _unique_in_both(a, b, (alo, ahi, blo, bhi)))
    ):
        i, j = alo, blo
        for anchor_i, anchor_j in anchors:
            _align(a, b, (i, anchor_i, j, anchor_j), budget=budget, found=found, depth=depth + 1)
            found.append(("equal", anchor_i, anchor_i + 1, anchor_j, anchor_j + 1))
            i, j = anchor_i + 1, anchor_j + 1
        _align(a, b, (i, ahi, j, bhi), budget=budget, found=found, depth=depth + 1)
    else:
        found.append(("replace", alo, ahi, blo, bhi))
    found.append(("equal", ahi, end_a, bhi, end_b))


def _unique_in_both(a, b, ranges) -> list[tuple[int, int]]:
    """The items that occur once in each range, as (index in a, index in b), as many as can be
    kept in the same order in both (the longest increasing run of their places in b)."""
    alo, ahi, blo, bhi = ranges
    in_a, in_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
    place_in_b = {b[j]: j for j in range(blo, bhi) if in_b[b[j]] == 1 and in_a[b[j]] == 1}
    pairs = [(i, place_in_b[a[i]]) for i in range(alo, ahi) if a[i] in place_in_b]
    # Patience sorting: ends[k] is the pair that ends the best run of length k + 1 found so far.
    ends: list[int] = []
    end_places: list[int] = []
    before: list[int | None] = []
    for index, (_place_in_a, j) in enumerate(pairs):
        k = bisect_left(end_places, j)
        before.append(ends[k - 1] if k else None)
        if k == len(ends):
            ends.append(index)
            end_places.append(j)
        else:
            ends[k], end_places[k] = index, j
    run = []
    index = ends[-1] if ends else None
    while index is not None:
        run.append(pairs[index])
        index = before[index]
    return run[::-1]


def _joined(found):
    """Adjacent steps of the same kind made one and empty ones dropped, named as SequenceMatcher names
    them."""
    joined: list[list] = []
    for op, i1, i2, j1, j2 in found:
        if i1 == i2 and j1 == j2:
            continue
        if joined and (joined[-1][0] == "equal") == (op == "equal"):
            joined[-1][2], joined[-1][4] = i2, j2
        else:
            joined.append([op, i1, i2, j1, j2])
    return [
        (op if op == "equal" else _change_name(i1, i2, j1, j2), i1, i2, j1, j2)
        for op, i1, i2, j1, j2 in joined
    ]


def _change_name(i1, i2, j1, j2) -> str:
    if i1 < i2 and j1 < j2:
        return "replace"
    return "delete" if i1 < i2 else "insert"


def word_changes(old: str, new: str, *, budget: Budget | None = None) -> list[Change]:
    """The changes that turn `old` into `new`, word by word inside the paragraphs that changed. A
    change of whitespace alone is shown as the new whitespace, unmarked: a moved line break is not
    worth a reader's attention. `budget` bounds the work (a fresh one unless several texts share it)."""
    budget = Budget() if budget is None else budget
    old_lines, new_lines = _LINE.findall(old or ""), _LINE.findall(new or "")
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in opcodes(old_lines, new_lines, budget=budget):
        if op == "equal":
            changes.append(Change(EQUAL, "".join(new_lines[j1:j2])))
        else:
            changes.extend(_changed_words("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]), budget))
    return _merged(changes)


def _changed_words(old: str, new: str, budget: Budget) -> list[Change]:
    a, b = tokens(old), tokens(new)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in opcodes(a, b, budget=budget):
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
    return changes


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


# An e-mail names at most this many changes, each cut to this many characters: the page shows them all.
CHANGES_IN_WORDS = 8
CHANGE_IN_WORDS_LENGTH = 160


def changes_in_words(changes: list[Change]) -> list[str]:
    """The added and removed pieces of `changes` as plain lines for an e-mail ("added: …")."""
    lines = []
    for change in changes:
        text = " ".join(change.text.split())
        if change.kind == EQUAL or not text:
            continue
        if len(text) > CHANGE_IN_WORDS_LENGTH:
            text = text[: CHANGE_IN_WORDS_LENGTH - 1] + "…"
        if change.kind == INSERT:
            label = pgettext("a change in a text", "added")
        else:
            label = pgettext("a change in a text", "removed")
        lines.append(_("%(change)s: “%(text)s”") % {"change": label, "text": text})
    if len(lines) > CHANGES_IN_WORDS:
        more = len(lines) - CHANGES_IN_WORDS
        lines = [
            *lines[:CHANGES_IN_WORDS],
            ngettext("and %(count)s more change", "and %(count)s more changes", more) % {"count": more},
        ]
    return lines


@dataclass(frozen=True)
class TextDiff:
    html: SafeString
    changed: bool


def text_diff(old: str, new: str, *, budget: Budget | None = None) -> TextDiff:
    changes = word_changes(old, new, budget=budget)
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
    budget = Budget()  # one for the page: the text and the evidence share it
    return ProblemDiff(
        old_version=old.version,
        new_version=new.version,
        text=text_diff(old.text, new.text, budget=budget),
        evidence=text_diff(old.evidence, new.evidence, budget=budget),
        focus_areas_added=[label for label in new_labels if label not in old_labels],
        focus_areas_removed=[label for label in old_labels if label not in new_labels],
    )
