"""Import a collaboration's archive (archive/export.py, docs/EXPORT_FORMAT.md) into this instance.

The collaboration comes back whole, as a new collaboration with new ids: its parties, answers, event
log, agreement versions (with their stored and sealed PDFs) and documents. What it shares with other
collaborations is matched, not duplicated: an organisation by its organisation number, a person by
e-mail address, the checklist template by its steps.

People without an account here come back as named records without access: an inactive user with no
usable password, the same name and address, so that answers and the log show who did what. The import
grants no access to anyone: representations come back ended and memberships are not part of an
archive; staff invite again, or the operator gives memberships, as always. Invitation links never
work here (the archive has no token hashes), and no e-mail is sent for the imported collaboration:
open links are revoked and automatic reminders are used up.

Everything is written in one transaction: a refused archive saves nothing.
"""

import hashlib
import io
import json
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements import services as agreement_services
from archive.tables import FORMAT, FORMAT_VERSION, SECRET_FIELDS, TABLES
from checklist.models import ChecklistTemplate, CollaborationChecklist
from checklist.rules import checklist_status
from collaborations.models import (
    Collaboration,
    ConfirmationRecipient,
    EventKind,
    Invitation,
    Organisation,
)
from samverkan.errors import DomainError
from samverkan.events import record_event

# An archive is read into memory; refuse one that would unpack to more than this.
MAX_UNPACKED_BYTES = 2 * 1024**3

# Fields compared to tell whether a checklist template here is the archive's.
STEP_FIELDS = ["number", "key", "title_sv", "title_en", "guidance_sv", "guidance_en", "rule", "prerequisites"]


@dataclass
class ImportResult:
    collaboration: Collaboration
    content_hash: str  # the agreement's checksum re-rendered here
    expected_hash: str  # the one the archive recorded
    people_created: int = 0
    people_matched: int = 0
    organisations_created: int = 0
    organisations_matched: int = 0

    @property
    def same_agreement(self) -> bool:
        return self.content_hash == self.expected_hash


def import_archive(*, data: bytes, imported_by=None) -> ImportResult:
    """Import the archive in `data`. DomainError (in Swedish) when it cannot be read; nothing is saved
    then, not even a file."""
    archive = _open(data)
    manifest = _read_json(archive, "manifest.json")
    _check_manifest(archive, manifest)
    records = _read_json(archive, "records.json")
    written = []  # document files stored so far: removed again if the import fails
    try:
        with transaction.atomic():
            result = _Importer(archive, records, manifest, imported_by, written).run()
    except DomainError:
        _remove(written)
        raise
    except (
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
        ValidationError,
        IntegrityError,
        DatabaseError,
    ) as error:
        _remove(written)
        raise DomainError(
            _(
                "The archive could not be imported: its records are incomplete or contradict each "
                "other (%(error)s)."
            )
            % {"error": f"{type(error).__name__}: {str(error)[:200]}"}
        ) from error
    return result


# --- Reading ------------------------------------------------------------------------------------


def _not_an_archive():
    return DomainError(_("The file is not an archive exported from Samverkan."))


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _not_an_archive() from error
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise DomainError(_("The archive is too large to be imported here."))
    return archive


def _read(archive, name) -> bytes:
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError) as error:
        raise DomainError(
            _("The archive is damaged: %(file)s is missing or unreadable.") % {"file": name}
        ) from error


def _read_json(archive, name):
    try:
        return json.loads(_read(archive, name))
    except ValueError as error:
        raise DomainError(
            _("The archive is damaged: %(file)s is missing or unreadable.") % {"file": name}
        ) from error


def _check_manifest(archive, manifest):
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_an_archive()
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
        raise DomainError(
            _(
                "The archive's format (version %(version)s) cannot be read by this service, which reads "
                "version %(ours)s."
            )
            % {"version": version, "ours": FORMAT_VERSION}
        )
    listed = manifest.get("files")
    if not isinstance(listed, dict) or "records.json" not in listed:
        raise _not_an_archive()
    for path, digest in listed.items():
        if hashlib.sha256(_read(archive, path)).hexdigest() != digest:
            raise DomainError(
                _("The archive is damaged: %(file)s does not match its checksum.") % {"file": path}
            )


def _remove(paths):
    for path in paths:
        default_storage.delete(path)


# --- Writing ------------------------------------------------------------------------------------


class _Importer:
    def __init__(self, archive, records, manifest, imported_by, written):
        self.archive = archive
        self.records = records
        self.manifest = manifest
        self.imported_by = imported_by
        self.written = written
        self.now = timezone.now()
        self.ids = {}  # model -> {id in the archive: id here}
        self.counts = {
            "people_created": 0,
            "people_matched": 0,
            "organisations_created": 0,
            "organisations_matched": 0,
        }
        self.collaboration = None
        self.matched_template = True  # until a template of the archive is not found here

    def run(self) -> ImportResult:
        self._people(self.records["people"])
        for table in TABLES:
            rows = self.records[table.name]
            if not isinstance(rows, list):
                raise TypeError(f"{table.name} is not a list")
            handler = getattr(self, f"_table_{table.name}", None)
            for row in rows:
                if handler is not None:
                    handler(table, row)
                else:
                    self._insert(table, row)
        collaboration = self.collaboration
        if collaboration is None:
            raise KeyError("collaborations")
        if not CollaborationChecklist.objects.filter(collaboration=collaboration).exists():
            CollaborationChecklist.objects.create(
                collaboration=collaboration,
                template_id=self._id(ChecklistTemplate, self.manifest.get("checklist_template")),
            )
        self._no_mail_from_here(collaboration)
        with translation.override(settings.LANGUAGE_CODE):
            detail = _("exported %(date)s from %(source)s") % {
                "date": str(self.manifest.get("exported_at", ""))[:10],
                "source": self.manifest.get("source") or _("another instance"),
            }
        record_event(
            collaboration=collaboration,
            kind=EventKind.ARCHIVE_IMPORTED,
            actor=self.imported_by,
            detail=detail[:300],
        )
        draft = agreement_services.current_draft(collaboration, checklist=checklist_status(collaboration))
        return ImportResult(
            collaboration=collaboration,
            content_hash=draft.content_hash,
            expected_hash=str((self.manifest.get("agreement") or {}).get("content_hash", "")),
            **self.counts,
        )

    # -- ids

    def _id(self, model, old):
        if old is None:
            return None
        return self.ids[model][old]

    def _remember(self, model, old, new):
        self.ids.setdefault(model, {})[old] = new

    # -- shared rows: matched, not duplicated

    def _people(self, rows):
        User = get_user_model()
        for row in rows:
            email = str(row["email"]).strip().lower()
            person = None if row.get("deleted_at") else User.objects.filter(email__iexact=email).first()
            if person is not None:
                self.counts["people_matched"] += 1
            else:
                person = User(
                    first_name=str(row.get("first_name") or ""),
                    last_name=str(row.get("last_name") or ""),
                    title=str(row.get("title") or ""),
                    is_active=False,
                )
                if row.get("deleted_at"):
                    # An account deleted at the source stays an anonymised one here.
                    person.email = f"raderad-{secrets.token_hex(8)}@invalid"
                    person.first_name = person.last_name = person.title = ""
                    person.deleted_at = User._meta.get_field("deleted_at").to_python(row["deleted_at"])
                else:
                    person.email = email
                person.set_unusable_password()
                person.full_clean(exclude=["password"])
                person.save()
                self.counts["people_created"] += 1
            self._remember(User, row["id"], person.pk)

    def _table_organisations(self, table, row):
        found = Organisation.objects.filter(org_number=row["org_number"]).first()
        if found is None:
            found = self._insert(table, row)
            self.counts["organisations_created"] += 1
        else:
            self._remember(Organisation, row["id"], found.pk)
            self.counts["organisations_matched"] += 1

    def _table_collaborations(self, table, row):
        self.collaboration = self._insert(table, row)

    def _table_checklist_templates(self, table, row):
        steps = sorted(
            (r for r in self.records["checklist_steps"] if r["template_id"] == row["id"]),
            key=lambda r: r["number"],
        )
        wanted = [[step[name] for name in STEP_FIELDS] for step in steps]
        for template in ChecklistTemplate.objects.prefetch_related("steps"):
            have = [[getattr(step, name) for name in STEP_FIELDS] for step in template.steps.all()]
            if have == wanted:
                self._remember(ChecklistTemplate, row["id"], template.pk)
                self.matched_template = True
                return
        # Not here yet: added as an unpublished version, so new collaborations keep the current one.
        self.matched_template = False
        next_version = (ChecklistTemplate.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        with translation.override(settings.LANGUAGE_CODE):
            notes = _("Imported with the collaboration “%(title)s”; it follows this version.") % {
                "title": self.collaboration.title
            }
        self._insert(table, {**row, "version": next_version, "published_at": None, "notes": notes})

    def _table_checklist_steps(self, table, row):
        if not self.matched_template:
            self._insert(table, row)

    def _table_representations(self, table, row):
        # The import gives nobody access: a representation here is a record of who answered for a party.
        self._insert(table, {**row, "ended_at": row.get("ended_at") or self.now.isoformat()})

    def _table_invitations(self, table, row):
        issued = bool(row.get("token_hash_issued"))
        still_open = not (row.get("accepted_at") or row.get("revoked_at") or row.get("replaced_at"))
        row = {**row, "next_attempt_at": None}
        if still_open:
            row["revoked_at"] = self.now.isoformat()
        self._insert(table, row, extra={"token_hash": _unusable_hash() if issued else None})

    # -- any row

    def _insert(self, table, row, extra=None):
        model = table.model
        values = dict(extra or {})
        auto_times = {}
        files = []
        for model_field in model._meta.concrete_fields:
            if model_field.primary_key or model_field.name in values:
                continue
            if (model, model_field.name) in SECRET_FIELDS:
                continue
            if model_field.is_relation:
                values[model_field.attname] = self._id(
                    model_field.related_model, row.get(model_field.attname)
                )
            elif isinstance(model_field, models.BinaryField):
                path = row.get(model_field.name)
                values[model_field.name] = _read(self.archive, path) if path else None
            elif isinstance(model_field, models.FileField):
                files.append((model_field, row.get(model_field.name)))
            elif model_field.name in row:
                value = model_field.to_python(row[model_field.name])
                values[model_field.name] = value
                if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
                    auto_times[model_field.name] = value
        instance = model(**values)
        for file_field, path in files:
            if not path:
                raise ValueError(f"{table.name} {row.get('id')}: the file is missing from the archive")
            name = path.rsplit("/", 1)[-1]
            getattr(instance, file_field.name).save(name, ContentFile(_read(self.archive, path)), save=False)
            self.written.append(getattr(instance, file_field.name).name)
        instance.save(force_insert=True)
        if auto_times:  # save() set them to now; the archive's times are the record
            model.objects.filter(pk=instance.pk).update(**auto_times)
        self._remember(model, row["id"], instance.pk)
        return instance

    def _no_mail_from_here(self, collaboration):
        """The imported collaboration is a record: this instance sends no reminders about it by itself
        (staff still can, by hand)."""
        ConfirmationRecipient.objects.filter(request__collaboration=collaboration, answer="").update(
            automatic_reminders=settings.CONFIRMATION_MAX_AUTOMATIC_REMINDERS
        )
        Invitation.objects.filter(recipient__request__collaboration=collaboration).filter(
            next_attempt_at__isnull=False
        ).update(next_attempt_at=None)


def _unusable_hash() -> str:
    """A token hash nobody has the token of: an imported link was issued, and can never be followed."""
    return hashlib.sha256(secrets.token_bytes(32)).hexdigest()
