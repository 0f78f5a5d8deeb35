"""The dashboard's search on a trigram index (PostgreSQL), and the same search without one (SQLite)."""

import pytest
from django.db import connection

from collaborations.models import Collaboration
from tests.factories import CollaborationFactory

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a GIN index is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the fallback is SQLite's")


def _index_names():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Collaboration._meta.db_table))


@on_postgresql
def test_migration_creates_the_trigram_index(db):
    assert "collaboration_search_trgm" in _index_names()


@on_postgresql
def test_planner_can_answer_the_search_from_the_index(db):
    CollaborationFactory(title="Trygg Norrbacka")
    search = Collaboration.objects.search("norrbacka").order_by()
    with connection.cursor() as cursor:
        # With a sequential scan priced out, a plan without the index would still be a scan: the index
        # being chosen shows that it matches the SQL Django writes for icontains.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = search.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "collaboration_search_trgm" in plan, plan


@on_sqlite
def test_sqlite_has_no_trigram_index_and_searches_all_the_same(db):
    assert "collaboration_search_trgm" not in _index_names()
    CollaborationFactory(title="Trygg Norrbacka", area_name="Åsbyn", municipality="Ölby")
    CollaborationFactory(title="Annat", area_name="Söderby", municipality="Annanstad")
    for text in ("norrBACKA", "åsby", "ÖLBY"):
        assert [c.title for c in Collaboration.objects.search(text)] == ["Trygg Norrbacka"], text


def test_a_search_does_not_match_across_the_title_and_the_area(db):
    CollaborationFactory(title="Trygg Norr", area_name="backa", municipality="Ölby")
    assert not Collaboration.objects.search("norrbacka").exists()
    assert not Collaboration.objects.search("norr backa").exists()
    assert Collaboration.objects.search("trygg norr").exists()
