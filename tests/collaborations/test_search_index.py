"""The dashboard's search on an index of trigrams under each lead organisation (PostgreSQL, migration
0017), and the same search without one (SQLite)."""

import random

import pytest
from django.db import connection

from collaborations.dashboard import search_page
from collaborations.models import Collaboration
from collaborations.models.collaboration import _among_search_keys
from tests.factories import CollaborationFactory, MembershipFactory, OrganisationFactory

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a GIN index is PostgreSQL's")
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the fallback is SQLite's")


def _index_names():
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Collaboration._meta.db_table))


def _plan(queryset):
    with connection.cursor() as cursor:
        # With a sequential scan priced out, a plan without the index would still be a scan: the index
        # being chosen shows that it matches the SQL Django writes.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _keys(organisation_id, text):
    with connection.cursor() as cursor:
        cursor.execute("SELECT samverkan_pattern_keys(%s, UPPER(%s))", [organisation_id, text])
        return cursor.fetchone()[0]


@on_postgresql
def test_migration_replaces_the_trigram_index_by_the_led_search_keys(db):
    names = _index_names()
    assert "collaboration_led_search_keys" in names
    assert "collaboration_search_trgm" not in names


@on_postgresql
def test_planner_answers_the_keys_from_the_index(db):
    collaboration = CollaborationFactory(title="Trygg Norrbacka")
    keys = _among_search_keys([collaboration.lead_organisation_id], "norrbacka")
    found = Collaboration.objects.filter(keys)
    assert list(found) == [collaboration]
    assert "collaboration_led_search_keys" in _plan(found.order_by())


@on_postgresql
def test_the_dashboards_search_reads_the_keys_of_the_users_organisations(db):
    member = MembershipFactory()
    organisation_id = member.organisation_id
    found = Collaboration.objects.search_visible(
        member.user, organisation_ids=[organisation_id], text="backa"
    )
    sql, params = found.query.sql_with_params()
    assert "samverkan_pattern_keys" in sql
    assert organisation_id in params


@on_postgresql
def test_the_keys_of_a_pattern_are_only_those_that_do_not_depend_on_its_surroundings(db):
    # "område 42" may sit in "Delområde 420": not the word's start ("  O", " OM") nor "42"'s end ("42 ").
    assert sorted(_keys(7, "område 42")) == sorted(
        ["7 omr", "7 de ", "7   4", "7  42"] + [key for key in _keys(7, "område 42") if "0x" in key]
    )
    assert not {"7   o", "7  om", "7 42 "} & set(_keys(7, "område 42"))
    # One or two letters hold no trigram of their own: no keys, and the lead index answers instead.
    assert _keys(7, "42") == []
    assert _keys(7, "a") == []


def _random_text(rng, alphabet):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))


@on_postgresql
def test_the_keys_never_leave_out_a_row_that_the_search_finds(db):
    """The keys only narrow where the `icontains` is checked: for any text and any pattern, the rows
    found with them are exactly those found without. Short words, letters outside ASCII, both cases,
    digits, LIKE's wildcards and separators of every kind, at the pattern's ends and inside."""
    rng = random.Random(17)
    alphabet = list("abqxAQX12 åÅöÖéß-%_\\.,ıİ") + ["  ", "ab", "Åb", "qq", "xq"]
    organisations = [OrganisationFactory(), OrganisationFactory()]
    texts = []
    for index in range(60):
        values = [_random_text(rng, alphabet) for _ in range(3)]
        CollaborationFactory(
            lead_organisation=organisations[index % 2],
            title=values[0] or "x",
            area_name=values[1],
            municipality=values[2],
        )
        texts.append("\n".join(values))
    patterns = set()
    for text in texts:
        for _ in range(8):
            start = rng.randint(0, len(text))
            piece = text[start : start + rng.randint(1, 9)]
            patterns.add(piece.swapcase() if rng.random() < 0.3 else piece)
    patterns |= {_random_text(rng, alphabet) for _ in range(60)}
    patterns = sorted(p.strip() for p in patterns if p.strip() and "\n" not in p)
    checked = 0
    for pattern in patterns:
        for organisation_ids in ([organisations[0].pk], [organisations[0].pk, organisations[1].pk]):
            led = Collaboration.objects.filter(lead_organisation_id__in=organisation_ids).search(pattern)
            expected = set(led.values_list("pk", flat=True))
            narrowed = led.filter(_among_search_keys(organisation_ids, pattern))
            assert set(narrowed.values_list("pk", flat=True)) == expected, (pattern, organisation_ids)
            checked += bool(expected)
    assert checked > 100  # the patterns did find rows


def test_the_dashboards_search_finds_text_with_wildcards_and_short_words(db):
    """Through the dashboard's compiled query, where the text reaches the keys as LIKE escapes it."""
    member = MembershipFactory()
    organisation = member.organisation
    wanted = [
        CollaborationFactory(lead_organisation=organisation, title="50% färre bränder_i trapphus"),
        CollaborationFactory(lead_organisation=organisation, title="Gård\\Hus 4"),
    ]
    other = CollaborationFactory(lead_organisation=organisation, title="Annat", area_name="Söder")
    CollaborationFactory(title="50% färre bränder_i trapphus")  # another organisation's
    for text, expected in (
        ("50% FÄRRE", [wanted[0]]),
        ("bränder_i", [wanted[0]]),
        ("d\\hus", [wanted[1]]),
        ("4", [wanted[1]]),
        ("r", [*wanted, other]),
        ("gård", [wanted[1]]),
    ):
        page = search_page(member.user, [organisation.pk], text, page=1, per_page=20)
        assert sorted(row.pk for row in page[0:20]) == sorted(c.pk for c in expected), text
        assert page.count() == len(expected), text


@on_sqlite
def test_sqlite_has_no_search_index_and_searches_all_the_same(db):
    assert not {"collaboration_search_trgm", "collaboration_led_search_keys"} & _index_names()
    CollaborationFactory(title="Trygg Norrbacka", area_name="Åsbyn", municipality="Ölby")
    CollaborationFactory(title="Annat", area_name="Söderby", municipality="Annanstad")
    for text in ("norrBACKA", "åsby", "ÖLBY"):
        assert [c.title for c in Collaboration.objects.search(text)] == ["Trygg Norrbacka"], text


def test_a_search_does_not_match_across_the_title_and_the_area(db):
    CollaborationFactory(title="Trygg Norr", area_name="backa", municipality="Ölby")
    assert not Collaboration.objects.search("norrbacka").exists()
    assert not Collaboration.objects.search("norr backa").exists()
    assert Collaboration.objects.search("trygg norr").exists()
