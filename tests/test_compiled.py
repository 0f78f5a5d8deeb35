"""samverkan/compiled.py: a query compiled once per shape returns what the ORM returns, for each call's
own ids."""

import pytest
from django.db import connection
from django.db.models import Value

from collaborations.models import Collaboration, Event, EventKind
from samverkan.compiled import compiled_objects, compiled_values, selected_fields, sql_with_id
from tests.factories import CollaborationFactory, OrganisationFactory, UserFactory


def _led(*, organisation_ids, shape=None):
    queryset = Collaboration.objects.filter(lead_organisation_id__in=organisation_ids).order_by("pk")
    return queryset.values_list("title", "lead_organisation_id", "updated_at")[: shape or None]


@pytest.fixture
def organisations(db):
    first, second, third = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    CollaborationFactory(lead_organisation=first, title="Ett")
    CollaborationFactory(lead_organisation=second, title="Två")
    return first, second, third


@pytest.mark.parametrize("pick", [[0], [1], [2], [0, 1], [1, 2], []])
def test_each_call_reads_its_own_ids(organisations, pick):
    ids = [organisations[index].pk for index in pick]
    compiled_values(_led, organisation_ids=[-1] * len(ids))  # compiled with other ids first
    assert compiled_values(_led, organisation_ids=ids) == list(_led(organisation_ids=ids))


def test_the_shape_is_part_of_the_query(organisations):
    ids = [organisations[0].pk, organisations[1].pk]
    assert [row[0] for row in compiled_values(_led, shape=1, organisation_ids=ids)] == ["Ett"]
    assert [row[0] for row in compiled_values(_led, shape=2, organisation_ids=ids)] == ["Ett", "Två"]


def test_values_come_back_converted(organisations):
    (row,) = compiled_values(_led, organisation_ids=[organisations[0].pk])
    assert row[2] == Collaboration.objects.get(title="Ett").updated_at


def test_a_stand_in_that_does_not_reach_the_sql_is_refused(db):
    def ignores_its_id(*, collaboration_id):
        return Collaboration.objects.values_list("pk")

    with pytest.raises(RuntimeError):
        compiled_values(ignores_its_id, collaboration_id=1)


def _titled(*, text):
    return (
        Collaboration.objects.filter(title__icontains=text).order_by("title").values_list("title", flat=False)
    )


@pytest.mark.parametrize(
    ("text", "titles"),
    [("norr", ["Norrbacka", "Norrby"]), ("BY", ["Norrby"]), ("50%", ["50% av Ön"]), ("_", ["Ön_1"])],
)
def test_a_text_is_searched_as_it_is_written(db, text, titles):
    for title in ["Norrbacka", "Norrby", "50% av Ön", "500 av Ön", "Ön_1"]:
        CollaborationFactory(title=title)
    compiled_values(_titled, text="först en annan")
    assert [row[0] for row in compiled_values(_titled, text=text)] == titles


def test_an_annotation_named_first_comes_back_first(organisations):
    def counted_first(*, organisation_ids):
        queryset = Collaboration.objects.filter(lead_organisation_id__in=organisation_ids)
        return queryset.annotate(seven=Value(7)).values_list("seven", "title")

    ids = [organisations[0].pk]
    assert compiled_values(counted_first, organisation_ids=ids) == [(7, "Ett")]
    assert compiled_values(counted_first, organisation_ids=ids) == list(counted_first(organisation_ids=ids))


def test_a_query_with_one_id_runs_with_each_calls_id(organisations):
    def led_by(organisation_id):
        return Collaboration.objects.filter(lead_organisation_id=organisation_id).values_list("title")

    for organisation, titles in zip(organisations, [["Ett"], ["Två"], []], strict=True):
        sql, params = sql_with_id(led_by, organisation.pk)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            assert [row[0] for row in cursor.fetchall()] == titles


def test_a_query_that_does_not_take_its_id_once_is_refused(db):
    def twice(organisation_id):
        return Collaboration.objects.filter(lead_organisation_id=organisation_id, pk=organisation_id)

    with pytest.raises(RuntimeError):
        sql_with_id(twice, 1)


# --- Prepared on PostgreSQL -------------------------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _prepared(fragment):
    """The statements this connection has prepared whose SQL holds `fragment`."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall() if fragment in statement]


@on_postgresql
def test_a_query_of_ids_is_prepared_once_and_still_counted(organisations, django_assert_num_queries):
    ids = [organisations[0].pk]
    expected = list(_led(organisation_ids=ids))
    with django_assert_num_queries(2):  # the query log sees each run as any other query
        assert compiled_values(_led, organisation_ids=ids) == expected
        assert compiled_values(_led, organisation_ids=[organisations[1].pk])[0][0] == "Två"
    assert len(_prepared('"lead_organisation_id" IN ($1)')) == 1


@on_postgresql
def test_a_search_is_not_prepared(db):
    CollaborationFactory(title="Norrbacka")
    assert compiled_values(_titled, text="norr") == [("Norrbacka",)]
    assert _prepared("LIKE") == []


@on_postgresql
def test_nothing_is_prepared_when_prepared_statements_are_off(organisations, monkeypatch):
    """DB_PREPARED_STATEMENTS=false (behind a pooler) gives psycopg a prepare_threshold of None."""
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    assert compiled_values(_led, organisation_ids=[organisations[0].pk])[0][0] == "Ett"
    assert _prepared("lead_organisation_id") == []


def test_sqlite_runs_the_same_queries_unprepared(organisations):
    """On SQLite (development) nothing is prepared and the rows are the same."""
    ids = [organisations[0].pk, organisations[1].pk]
    assert [row[0] for row in compiled_values(_led, organisation_ids=ids)] == ["Ett", "Två"]


def _events(*, collaboration_id):
    return (
        Event.objects.filter(collaboration_id=collaboration_id)
        .order_by("pk")
        .values_list(*selected_fields(Event, ["actor"]))
    )


def test_objects_come_back_as_select_related_gives_them(organisations):
    collaboration = Collaboration.objects.get(title="Ett")
    other = Collaboration.objects.get(title="Två")
    person = UserFactory(first_name="Karin", last_name="Berg")
    Event.objects.create(collaboration=collaboration, kind=EventKind.CREATED, actor=person, detail="a")
    Event.objects.create(collaboration=collaboration, kind=EventKind.CREATED, actor=None, detail="b")
    Event.objects.create(collaboration=other, kind=EventKind.CREATED, actor=person, detail="c")
    compiled_objects(_events, Event, related=["actor"], collaboration_id=other.pk)  # compiled first
    found = compiled_objects(_events, Event, related=["actor"], collaboration_id=collaboration.pk)
    expected = list(Event.objects.filter(collaboration=collaboration).select_related("actor").order_by("pk"))
    assert [(e.pk, e.detail, e.created_at, e.actor) for e in found] == [
        (e.pk, e.detail, e.created_at, e.actor) for e in expected
    ]
    assert found[0].actor.display_name == expected[0].actor.display_name
    assert found[1].actor is None
    assert not found[0]._state.adding and found[0]._state.db == "default"
