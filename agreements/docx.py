"""An editable copy of the agreement as a Word document (DOCX), for the parties' lawyers.

The copy is made from the very text the PDF shows (`rendering.render_content`, the text whose SHA-256
is the version): each section a Word heading, tables as tables, each gap highlighted. Its header says
that it is a copy of version N: the service's version stays the reference, and an edited copy that is
uploaded back is a document, never the agreement.
"""

import io
import re
from html.parser import HTMLParser

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt

from agreements.drafting import AGREEMENT_LANGUAGE
from agreements.rendering import render_content

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

HEADINGS = {"h2": 1, "h3": 2, "h4": 3}
PARAGRAPHS = {"p", "dt", "dd", "li"}
_SPACES = re.compile(r"\s+")


def agreement_docx(agreement, *, version) -> bytes:
    """The DOCX copy of `agreement`, whose text is `version` (an AgreementVersion)."""
    with translation.override(AGREEMENT_LANGUAGE):
        document = Document()
        document.core_properties.title = _("Collaboration agreement – %(title)s") % {"title": agreement.title}
        document.core_properties.language = AGREEMENT_LANGUAGE
        notice = _(
            "Editable copy of version %(number)s (version code %(code)s), made %(date)s. The version in "
            "Samverkan is the agreement; an edited copy is a document, not the agreement."
        ) % {
            "number": version.number,
            "code": version.version_code,
            "date": timezone.localdate().isoformat(),
        }
        header = document.sections[0].header.paragraphs[0]
        header.text = notice
        for run in header.runs:
            run.font.size = Pt(8)
        document.add_heading(_("Collaboration agreement"), level=0)
        document.add_paragraph(agreement.title).runs[0].bold = True
        document.add_paragraph(f"{agreement.area_name}, {agreement.municipality}")
        document.add_paragraph(notice).runs[0].italic = True
        if not agreement.is_final:
            document.add_paragraph(
                _("Preview, not the final draft: the gaps are highlighted where they belong.")
            ).runs[0].bold = True
        _HtmlToDocx(document).feed(render_content(agreement, web=False))
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()


class _HtmlToDocx(HTMLParser):
    """Lays out the agreement's content HTML (agreements/_content.html) in a python-docx Document: the
    few elements that template uses, nothing more."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.gap = 0  # depth inside <div class="gap">
        self.pre = 0  # inside class="prewrap": line breaks are kept
        self.open = []  # [(tag, counted flags)]
        self.rows = None  # the table being read: [[(text, is_header)]]
        self.cell = None
        self.caption = None

    # -- structure

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        flags = set()
        if "prewrap" in classes:
            self.pre += 1
            flags.add("pre")
        if tag == "div" and "gap" in classes:
            self.gap += 1
            flags.add("gap")
            self._start_paragraph()
        elif tag in HEADINGS:
            self._end_paragraph()
            self.paragraph = self.document.add_heading("", level=HEADINGS[tag])
        elif tag in PARAGRAPHS and self.rows is None:
            self._start_paragraph("List Bullet" if tag == "li" else None)
            if tag == "dt":
                self.bold += 1
                flags.add("bold")
        elif tag in ("strong", "b") or (tag == "span" and "gap-label" in classes):
            self.bold += 1
            flags.add("bold")
        elif tag == "em":
            self.italic += 1
            flags.add("italic")
        elif tag == "br":
            self._text("\n", keep=True)
            return
        elif tag == "table":
            self._end_paragraph()
            self.rows = []
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = {"text": "", "header": tag == "th"}
        elif tag == "caption":
            self.caption = ""
        self.open.append((tag, flags))

    def handle_endtag(self, tag):
        while self.open:
            name, flags = self.open.pop()
            self._leave(name, flags)
            if name == tag:
                break

    def _leave(self, tag, flags):
        if "pre" in flags:
            self.pre -= 1
        if "bold" in flags:
            self.bold -= 1
        if "italic" in flags:
            self.italic -= 1
        if "gap" in flags:
            self.gap -= 1
            self._end_paragraph()
        elif tag in HEADINGS or (tag in PARAGRAPHS and self.rows is None):
            self._end_paragraph()
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append((self.cell["text"].strip(), self.cell["header"]))
            self.cell = None
        elif tag == "caption" and self.caption is not None:
            caption, self.caption = self.caption.strip(), None
            if caption:
                self.document.add_paragraph(caption).runs[0].bold = True
        elif tag == "table" and self.rows is not None:
            self._table(self.rows)
            self.rows = None

    def handle_data(self, data):
        self._text(data)

    # -- text

    def _text(self, data, keep=False):
        if not keep and not self.pre:
            data = _SPACES.sub(" ", data)
        if self.caption is not None:
            self.caption += data
            return
        if self.cell is not None:
            self.cell["text"] += data
            return
        if self.rows is not None:
            return  # whitespace between table rows
        if self.paragraph is None:
            if not data.strip():
                return
            self._start_paragraph()
        if not self.paragraph.runs:
            data = data.lstrip()
            if not data:
                return
        run = self.paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None
        if self.gap:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def _start_paragraph(self, style=None):
        self._end_paragraph()
        self.paragraph = self.document.add_paragraph(style=style)

    def _end_paragraph(self):
        paragraph, self.paragraph = self.paragraph, None
        if paragraph is None:
            return
        if paragraph.runs:
            paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip(" ")
        elif not paragraph.style.name.startswith("Heading"):
            paragraph._element.getparent().remove(paragraph._element)  # nothing was written into it

    def _table(self, rows):
        rows = [row for row in rows if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for cells, row in zip(table.rows, rows, strict=True):
            for cell, (text, is_header) in zip(cells.cells, row, strict=False):
                cell.text = text
                if is_header:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
