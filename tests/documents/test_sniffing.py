import io

import pytest

from documents import sniffing
from documents.models import safe_file_name
from tests.documents import samples


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.PDF, sniffing.PDF),
        (samples.PNG, sniffing.PNG),
        (samples.JPEG, sniffing.JPEG),
        (samples.docx(), sniffing.DOCX),
        (samples.xlsx(), sniffing.XLSX),
        (samples.ODT, sniffing.ODT),
        (samples.ODS, sniffing.ODS),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx", "odt", "ods"],
)
def test_accepted_types_are_recognised_by_content(content, expected):
    assert sniffing.sniff(io.BytesIO(content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        samples.HTML,
        samples.EXE,
        samples.PLAIN_ZIP,
        samples.docx(macros=True),
        samples.opendocument("application/x-unknown"),
        b"PK\x03\x04 not really a zip archive",
        b"",
        b"%PD",
        b"GIF89a" + b"\x00" * 10,
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    ],
    ids=["html", "exe", "zip", "docm", "odf-unknown", "broken-zip", "empty", "short", "gif", "svg"],
)
def test_other_content_is_refused(content):
    assert sniffing.sniff(io.BytesIO(content)) is None


def test_sniffing_leaves_the_file_at_its_start():
    file = io.BytesIO(samples.docx())
    sniffing.sniff(file)
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("Beslut KS 2026-03-12.pdf", "pdf", "Beslut KS 2026-03-12.pdf"),
        ("Trygghetsmätning Åsby.xlsx", "xlsx", "Trygghetsmätning Åsby.xlsx"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\anna\\beslut.pdf", "pdf", "beslut.pdf"),
        ('a"; filename=evil.html', "pdf", "a__ filename_evil.pdf"),
        ("<script>alert(1)</script>.pdf", "pdf", "script.pdf"),
        ("faktura\u202egnp.exe", "png", "faktura_gnp.png"),
        ("bild.html", "png", "bild.png"),
        ("...", "pdf", "dokument.pdf"),
        ("x" * 300 + ".pdf", "pdf", "x" * 96 + ".pdf"),
    ],
)
def test_safe_file_name(name, extension, expected):
    assert safe_file_name(name, extension) == expected
