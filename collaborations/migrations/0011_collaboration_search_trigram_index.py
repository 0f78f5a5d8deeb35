"""The dashboard's search (`CollaborationQuerySet.search`: `icontains` on the title, the area and the
municipality) on a trigram index, on PostgreSQL.

Django writes `icontains` as `UPPER(column::text) LIKE UPPER('%…%')`, so the index is on the same
expressions, with pg_trgm's operator class: the planner then answers each of the three conditions from
it (a BitmapOr) instead of reading every collaboration. A GIN index exists only on PostgreSQL, so on
SQLite (development and tests) this migration does nothing and the search stays a plain scan, which is
fine at that size. The index is kept out of the model's Meta on purpose: SQLite rebuilds a table from
Meta's indexes when a column changes, and could not build this one.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "collaboration_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON collaborations_collaboration USING gin "
        "(UPPER(title::text) gin_trgm_ops, UPPER(area_name::text) gin_trgm_ops, "
        "UPPER(municipality::text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("collaborations", "0010_party_case_number_and_record_events"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
