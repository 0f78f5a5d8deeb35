"""The dashboard's search on an index of each collaboration's trigrams under its lead organisation
(issue 17), on PostgreSQL.

Migration 0016's trigram index holds every collaboration under each trigram of its searched text, so
a word common to many areas ("Område" in every area's name) made each search read 100,000 entries per
trigram, for every organisation's collaborations, before keeping the user's (3.8 ms of a 5 ms search
at 100,000 collaborations). This index holds the same trigrams (pg_trgm's `show_trgm` of the same
UPPER() expression), each prefixed by the lead organisation's id: a search reads only the entries of
the user's organisations.

`samverkan_search_keys(lead, text)` is what the index holds for a row; `samverkan_pattern_keys(lead,
pattern)` are the keys that every row of that lead whose text holds `pattern` must have. Those are the
pattern's trigrams that do not depend on what surrounds it: a trigram of the pattern taken alone, and
of the pattern between two letters ("q" and then "x"), and not one that comes from where the pattern
starts or ends. A pattern without any (one or two letters) gives none, and `@>` of no keys is true of
every row: the planner, which evaluates the pattern's keys while planning, then uses the lead index.
The `LIKE` stays in the query as the condition itself; the keys only narrow which rows it is checked on.
SQLite (development and tests) has no such index and scans, as before.
"""

from django.db import migrations

OLD_INDEX = "collaboration_search_trgm"
INDEX = "collaboration_led_search_keys"
TABLE = "collaborations_collaboration"
# The expression Django writes for `CollaborationQuerySet.search` (as in migration 0016).
SEARCH_KEY = (
    "UPPER((COALESCE(title, '') || COALESCE((COALESCE(E'\\n', '') || COALESCE((COALESCE(area_name, '') "
    "|| COALESCE((COALESCE(E'\\n', '') || COALESCE(municipality, '')), '')), '')), ''))::text)"
)
OLD_INDEX_COLUMNS = f"({SEARCH_KEY}) gin_trgm_ops"


def _trigram_schema(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
        )
        return cursor.fetchone()[0]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension's schema is named, so that the functions mean the same under any search_path (a
    # restore of a dump builds the index with an empty one).
    show_trgm = f"{_trigram_schema(schema_editor)}.show_trgm"
    schema_editor.execute(
        "CREATE FUNCTION samverkan_search_keys(lead bigint, key text) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
        f"SELECT ARRAY(SELECT $1::text || ' ' || t FROM unnest({show_trgm}($2)) AS t) $$"
    )
    schema_editor.execute(
        "CREATE FUNCTION samverkan_pattern_keys(lead bigint, pattern text) RETURNS text[] "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
        "SELECT ARRAY(SELECT $1::text || ' ' || t FROM ("
        f"SELECT unnest({show_trgm}($2)) "
        f"INTERSECT SELECT unnest({show_trgm}('q' || $2 || 'q')) "
        f"INTERSECT SELECT unnest({show_trgm}('x' || $2 || 'x'))) AS kept(t)) $$"
    )
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON {TABLE} USING gin (samverkan_search_keys(lead_organisation_id, {SEARCH_KEY}))"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE INDEX {OLD_INDEX} ON {TABLE} USING gin ({OLD_INDEX_COLUMNS})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS samverkan_pattern_keys(bigint, text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS samverkan_search_keys(bigint, text)")


class Migration(migrations.Migration):
    dependencies = [
        ("collaborations", "0016_collaboration_search_key_trigram_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
