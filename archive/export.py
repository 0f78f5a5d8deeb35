"""Export one collaboration as an archive (a ZIP file) for the parties' records: every row as JSON
(records.json), the main tables as CSV, the agreement's stored and sealed PDFs and the uploaded
documents, and a manifest with the format's version and a SHA-256 of every file. The format is
described in docs/EXPORT_FORMAT.md; archive/importing.py reads it back.

Exporting reads and writes nothing: the same number of queries whatever the amount of data (one per
table, and the agreement as it stands).
"""

import csv
import datetime
import hashlib
import io
import json
import zipfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from agreements import services as agreement_services
from archive.tables import FORMAT, FORMAT_VERSION, SECRET_FIELDS, TABLES
from checklist.rules import checklist_status
from checklist.services import checklist_for
from collaborations.models import Collaboration

PEOPLE = "people"


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, with times to the microsecond (it cuts them to milliseconds): an imported row
    has exactly the time the exported one had."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def archive_name(collaboration) -> str:
    area = "".join(ch if ch.isalnum() else "-" for ch in collaboration.area_name).strip("-") or "samverkan"
    return f"Samverkan-{area}-{timezone.localdate().isoformat()}.zip"


def export_collaboration(*, collaboration: Collaboration, exported_by=None) -> bytes:
    """The archive of `collaboration` as the bytes of a ZIP file."""
    template_id = checklist_for(collaboration).template_id
    draft = agreement_services.current_draft(collaboration, checklist=checklist_status(collaboration))
    files = {}  # path in the archive -> bytes
    records = {}
    user_ids = set()
    for table in TABLES:
        rows = []
        for instance in table.rows(collaboration, template_id).order_by("pk"):
            row, attachments = _row(table, instance)
            rows.append(row)
            files.update(attachments)
            user_ids.update(_user_ids(instance))
        records[table.name] = rows
    records = {PEOPLE: _people(user_ids), **records}

    encoder = _Encoder
    files["records.json"] = json.dumps(records, cls=encoder, ensure_ascii=False, indent=1).encode()
    for name, rows in records.items():
        files[f"csv/{name}.csv"] = _csv(rows)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "exported_by": exported_by.display_name if exported_by else "",
        "source": settings.SITE_URL or "",
        "collaboration": {"id": collaboration.pk, "title": collaboration.title},
        "checklist_template": template_id,
        "agreement": {
            "content_hash": draft.content_hash,
            "version": draft.version.number if draft.version else None,
            "is_final": draft.agreement.is_final,
        },
        "tables": {name: len(rows) for name, rows in records.items()},
        "files": {path: hashlib.sha256(content).hexdigest() for path, content in sorted(files.items())},
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, cls=encoder, ensure_ascii=False, indent=1))
        for path, content in sorted(files.items()):
            archive.writestr(path, content)
    return output.getvalue()


def _row(table, instance) -> tuple[dict, dict]:
    """(the row as JSON-ready values, {archive path: bytes} of the files it holds)."""
    row, files = {}, {}
    for field in instance._meta.concrete_fields:
        if (table.model, field.name) in SECRET_FIELDS:
            row[f"{field.name}_issued"] = field.value_from_object(instance) is not None
        elif isinstance(field, models.BinaryField):
            content = field.value_from_object(instance)
            path = f"files/{table.name}/{instance.pk}-{field.name}.pdf" if content else None
            if path:
                files[path] = bytes(content)
            row[field.name] = path
        elif isinstance(field, models.FileField):
            stored = field.value_from_object(instance)
            path = f"files/{table.name}/{instance.pk}/{instance.download_name}"
            try:
                with default_storage.open(stored.name, "rb") as handle:
                    files[path] = handle.read()
            except FileNotFoundError:  # lost from the disk: the row says so, the export goes on
                path = None
            row[field.name] = path
        else:
            row[field.attname] = field.value_from_object(instance)
    return row, files


def _user_ids(instance) -> set:
    return {
        getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.is_relation and field.related_model is get_user_model()
    } - {None}


def _people(user_ids) -> list[dict]:
    """The people the records name: by name and address, nothing about their account."""
    people = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    return [
        {
            "id": person.pk,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "title": person.title,
            "email": person.email,
            "display_name": person.display_name,
            "deleted_at": person.deleted_at,
        }
        for person in people
    ]


def _csv(rows) -> bytes:
    """The rows as CSV, UTF-8 with a byte-order mark so that spreadsheet programs read å, ä and ö."""
    output = io.StringIO()
    if rows:
        writer = csv.DictWriter(output, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(value) for key, value in row.items()})
    return ("\ufeff" + output.getvalue()).encode()


def _cell(value):
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return json.loads(json.dumps(value, cls=_Encoder)) if not isinstance(value, str) else value
