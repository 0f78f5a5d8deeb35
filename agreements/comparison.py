"""What changed between two versions of the agreement, for the parties asked to approve the newer one.

Each version keeps its text as plain lines (`content_text`): one line per paragraph, list item, term,
table row or heading, headings marked with HEADING_MARK. Two texts are compared line by line first,
so that a change in one section is shown there and nowhere else, and then word by word within the
changed lines (collaborations/diff.py, the same marking and the same bounded comparison as for the
problem description, with one budget for the whole agreement). Each change is shown under the heading
of the section it is in.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from collaborations.diff import EQUAL, Budget, opcodes, render_changes, word_changes

HEADING_MARK = "# "
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "caption"}
BLOCK_TAGS = HEADING_TAGS | {
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "div",
    "section",
    "table",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "figcaption",
}
CELL_TAGS = {"td", "th"}
CELL_SEPARATOR = " · "


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._heading = False
        self._cells_in_row = 0

    def _flush(self):
        text = " ".join("".join(self._parts).split())
        while text.endswith(CELL_SEPARATOR.strip()):  # a row's empty last cells
            text = text[: -len(CELL_SEPARATOR.strip())].rstrip()
        if text:
            self.lines.append((HEADING_MARK if self._heading else "") + text)
        self._parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self._heading = tag in HEADING_TAGS
            self._cells_in_row = 0
        elif tag in CELL_TAGS:
            if self._cells_in_row and "".join(self._parts).strip():
                self._parts.append(CELL_SEPARATOR)
            self._cells_in_row += 1
        elif tag == "br":
            self._parts.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()
            self._heading = False

    def handle_data(self, data):
        self._parts.append(data)

    def close(self):
        super().close()
        self._flush()


def content_text(content_html: str) -> str:
    """The agreement's text (the HTML whose checksum is the version) as plain lines."""
    collector = _TextCollector()
    collector.feed(content_html)
    collector.close()
    return "\n".join(collector.lines)


def _plain(line: str) -> str:
    return line.removeprefix(HEADING_MARK)


def _heading_before(lines: list[str], index: int) -> str:
    for line in reversed(lines[:index]):
        if line.startswith(HEADING_MARK):
            return _plain(line)
    return ""


@dataclass(frozen=True)
class Change:
    """The changed lines of one place in the agreement, under the heading of the section they are in."""

    heading: str
    html: SafeString


@dataclass(frozen=True)
class AgreementDiff:
    old_number: int
    new_number: int
    changes: list[Change]
    # False when one of the versions was made before versions kept their text: nothing to compare.
    available: bool = True

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def text_changes(old_text: str, new_text: str) -> list[Change]:
    """The places where `new_text` differs from `old_text`, in the new text's order."""
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    budget = Budget()
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in opcodes(old_lines, new_lines, budget=budget):
        if op == "equal":
            continue
        words = word_changes(
            "\n".join(_plain(line) for line in old_lines[i1:i2]),
            "\n".join(_plain(line) for line in new_lines[j1:j2]),
            budget=budget,
        )
        if all(word.kind == EQUAL for word in words):
            continue
        heading = _heading_before(new_lines, j1) if new_lines[:j1] else _heading_before(old_lines, i1)
        html = render_changes(words)
        if changes and changes[-1].heading == heading:
            # Two changes in one section are shown together, with a marked gap between them.
            html = mark_safe(changes[-1].html + escape("\n…\n") + html)  # noqa: S308 - both parts escaped
            changes[-1] = Change(heading, html)
        else:
            changes.append(Change(heading, html))
    return changes


def agreement_diff(old, new) -> AgreementDiff:
    """Compare two AgreementVersions (`old` is usually the earlier one)."""
    if not old.text or not new.text:
        return AgreementDiff(old_number=old.number, new_number=new.number, changes=[], available=False)
    return AgreementDiff(
        old_number=old.number, new_number=new.number, changes=text_changes(old.text, new.text)
    )
