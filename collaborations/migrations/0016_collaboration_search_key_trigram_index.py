"""The dashboard's search on one trigram index of one expression (issue 17), on PostgreSQL.

`CollaborationQuerySet.search` is one `icontains` on the title, the area and the municipality joined
by line breaks, which Django writes as `UPPER((COALESCE(title, '') || …)::text) LIKE UPPER('%…%')`.
This index is on that same expression, with pg_trgm's operator class, and replaces migration 0011's
index of the three columns apart (its BitmapOr of three index scans, ANDed with the lead index, cost
twice as much at 100,000 collaborations). The expression must stay the one Django writes for
`search`, or PostgreSQL stops using the index; tests/collaborations/test_search_index.py checks
that the planner can. SQLite (development and tests) has no such index and scans, as before.
"""

from django.db import migrations

INDEX = "collaboration_search_trgm"
TABLE = "collaborations_collaboration"
SEARCH_KEY = (
    "UPPER((COALESCE(title, '') || COALESCE((COALESCE(E'\\n', '') || COALESCE((COALESCE(area_name, '') "
    "|| COALESCE((COALESCE(E'\\n', '') || COALESCE(municipality, '')), '')), '')), ''))::text)"
)
THREE_COLUMNS = (
    "UPPER(title::text) gin_trgm_ops, UPPER(area_name::text) gin_trgm_ops, "
    "UPPER(municipality::text) gin_trgm_ops"
)


def _replace(schema_editor, columns):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING gin ({columns})")


def one_expression(apps, schema_editor):
    _replace(schema_editor, f"({SEARCH_KEY}) gin_trgm_ops")


def three_columns(apps, schema_editor):
    _replace(schema_editor, THREE_COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("collaborations", "0015_unknown_facts_organisation_kinds_joint_decisions"),
    ]

    operations = [
        migrations.RunPython(one_expression, three_columns, elidable=False),
    ]
