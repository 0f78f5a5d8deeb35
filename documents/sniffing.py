"""Recognise a file's type from its content: never from its name or from what the browser says.

Only the types people use for decisions and evidence are accepted: PDF, PNG, JPEG, and the office
formats DOCX, XLSX, ODT and ODS, which are zip archives told apart by the entries inside them. Word and
Excel files with macros are refused.
"""

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str


PDF = FileType("application/pdf", "pdf", "PDF")
PNG = FileType("image/png", "png", "PNG")
JPEG = FileType("image/jpeg", "jpg", "JPEG")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", _("Word document")
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", _("Excel spreadsheet")
)
ODT = FileType("application/vnd.oasis.opendocument.text", "odt", _("OpenDocument text"))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", "ods", _("OpenDocument spreadsheet"))

FILE_TYPES = [PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS]
BY_CONTENT_TYPE = {file_type.content_type: file_type for file_type in FILE_TYPES}
# For the file picker only (a hint to the browser; the content decides).
ACCEPT = ",".join(f".{file_type.extension}" for file_type in FILE_TYPES) + ",.jpeg"

_OPENDOCUMENT = {ODT.content_type: ODT, ODS.content_type: ODS}
# An OpenDocument file starts with an uncompressed entry "mimetype" holding its media type.
_MIMETYPE_ENTRY_MAX = 100
# Office files have tens of entries; an archive with far more is not one, and listing it costs time.
_MAX_ZIP_ENTRIES = 10_000


def sniff(file) -> FileType | None:
    """The type of `file` (a seekable binary file) from its first bytes, or None if it is not one we
    accept. Leaves the file at its start."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            return _sniff_zip(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError):
            return None
        finally:
            file.seek(0)
    return None


def _sniff_zip(file) -> FileType | None:
    with zipfile.ZipFile(file) as archive:
        entries = archive.infolist()
        if len(entries) > _MAX_ZIP_ENTRIES:
            return None
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" in names:
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None  # macros
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
            return None
        first = entries[0] if entries else None
        if (
            first is not None
            and first.filename == "mimetype"
            and first.file_size <= _MIMETYPE_ENTRY_MAX
            and "content.xml" in names
        ):
            media_type = archive.read(first).decode("ascii", errors="replace").strip()
            return _OPENDOCUMENT.get(media_type)
    return None
