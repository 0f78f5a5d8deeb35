"""The agreement's stamp: a cheap way to know that nothing the agreement reads has changed.

Building the agreement reads about twenty tables and renders a long template (agreements/drafting.py,
agreements/rendering.py); the agreement page and the download need only its result, which stays the
same while its inputs do. `agreement_stamp` reads, in one query, a digest of every input:

- the collaboration's change stamp (`updated_at`), which every write to its own data bumps in the
  same transaction (Collaboration.touch: its parties, steps, problem descriptions, answers, ...; the
  checklist's kept state relies on the same rule);
- the names and numbers of the organisations it shows (the lead and every party's), which an
  organisation's admin or an operator changes without touching its collaborations;
- the people it names (who answered a confirmation, who did what in the log), whose names, titles and
  addresses change on their own account pages;
- the log it appends (events are added without touching the collaboration);
- the checklist template it follows (its own, and the current one for a collaboration without one);
- the code and translations that turn all this into text, and the PDF renderer (`code_fingerprint`).

The values themselves are read, not only whether they changed, so a write that bypasses save() is
seen too, and a name changed and changed back is the same stamp again, rightly. What is built is kept
under the stamp (agreements/services.py) only if the stamp read before building is still the stamp
after it: a change committed while it was built leaves nothing kept. The one thing this cannot see is
a value changed AND changed back while one agreement is being built (a fraction of a second); the
collaboration's own data cannot do that (its change stamp only moves forward), only a name or a
number of an organisation or a person.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Count, F, Max, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast, Concat

from agreements.log import LOG_KINDS
from agreements.rendering import renderer_fingerprint
from checklist.models import ChecklistTemplate
from collaborations.models import Collaboration, ConfirmationRecipient, Event, Party
from samverkan.compiled import fetch, sql_with_id

# The code that shapes the text: every app's Python, templates and translations.
CODE_FOLDERS = ("accounts", "agreements", "checklist", "collaborations", "samverkan", "templates", "locale")
CODE_SUFFIXES = {".py", ".html", ".txt", ".po", ".mo", ".css"}
SEPARATOR = "\x1f"  # the ASCII unit separator: not typed in a name


@functools.cache
def code_fingerprint() -> str:
    """The code, templates and translations that turn the data into the agreement, the PDF renderer,
    and the settings the text depends on. Read once per process; a release changes it."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256(renderer_fingerprint().encode())
    digest.update(f"{settings.TIME_ZONE}|{settings.LANGUAGE_CODE}".encode())
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _joined(*fields):
    """The fields as one text, separated, NULL as empty (Concat's own rule on every database)."""
    parts = []
    for field in fields:
        parts += [Cast(field, CharField()) if field.endswith("_at") else F(field), Value(SEPARATOR)]
    return Concat(*parts, output_field=CharField())


def _aggregate(queryset, group, text, **extra):
    """A subquery of `queryset` (already filtered on the outer collaboration) grouped on `group`:
    its rows' `text` joined in primary-key order, and `extra` aggregates. SQLite before 3.44 cannot
    order an aggregate: its order is then the table's, and an order that moved would only make the
    stamp new (one build more), never the same for other values."""
    ordered = "pk" if connection.features.supports_aggregate_order_by_clause else None
    return (
        queryset.order_by()
        .values(group)
        .annotate(text=StringAgg(text, delimiter=Value("\x1e"), order_by=ordered), **extra)
    )


PERSON = ("first_name", "last_name", "email", "title", "deleted_at")


def _stamp_query(collaboration_id):
    """Everything the stamp reads of collaboration `collaboration_id`, as one row."""
    parties = _aggregate(
        Party.objects.filter(collaboration_id=OuterRef("pk")),
        "collaboration",
        _joined(*(f"organisation__{name}" for name in ("name", "org_number", "org_number_unknown", "kind"))),
    )
    answerers = _aggregate(
        ConfirmationRecipient.objects.filter(
            request__collaboration_id=OuterRef("pk"), answered_by__isnull=False
        ),
        "request__collaboration",
        _joined(*(f"answered_by__{name}" for name in PERSON)),
    )
    log = _aggregate(
        Event.objects.filter(collaboration_id=OuterRef("pk"), kind__in=LOG_KINDS),
        "collaboration",
        _joined("actor_id", *(f"actor__{name}" for name in PERSON)),
        count=Count("pk"),
        last=Max("pk"),
    )
    current_template = ChecklistTemplate.objects.published().order_by("-version").values("pk")[:1]
    return (
        Collaboration.objects.filter(pk=collaboration_id)
        .annotate(
            parties_text=Subquery(parties.values("text")),
            answerers_text=Subquery(answerers.values("text")),
            log_text=Subquery(log.values("text")),
            log_count=Subquery(log.values("count")),
            log_last=Subquery(log.values("last")),
            current_template=Subquery(current_template),
        )
        .order_by()
        .values_list(
            "updated_at",
            "title",
            "area_name",
            "municipality",
            "lead_organisation_id",
            "lead_organisation__name",
            "lead_organisation__org_number",
            "lead_organisation__org_number_unknown",
            "lead_organisation__kind",
            "checklist__template_id",
            "current_template",
            "parties_text",
            "answerers_text",
            "log_text",
            "log_count",
            "log_last",
        )
    )


def agreement_stamp(collaboration_id: int) -> str:
    """A digest of everything the agreement of collaboration `collaboration_id` reads (the module's
    docstring lists it), in one query; "" when the collaboration does not exist."""
    # The ORM takes several times longer to build this query than the database takes to run it, and the
    # database longer to plan it than to run it: built once per process, prepared once per connection.
    _columns, rows = fetch(*sql_with_id(_stamp_query, collaboration_id), prepare=True)
    if not rows:
        return ""
    [row] = rows
    digest = hashlib.sha256(code_fingerprint().encode())
    for value in row:
        digest.update(SEPARATOR.encode() + repr(value).encode())
    return digest.hexdigest()
