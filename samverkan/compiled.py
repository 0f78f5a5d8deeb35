"""Queries compiled once per process: for a page's queries that the ORM takes longer to build than
the database takes to run (the dashboard's, issue 17). The same SQL the ORM would send, with the
same converters applied to what comes back; only the building is done once per shape.

`compiled_values(build, shape=..., **arguments)`: `build(**stand_ins)` returns a `values_list`
queryset; each argument is an id, a list of ids, or a text that `build` uses only in `contains`
lookups (`icontains`: each parameter holding the stand-in gets the text in its place, escaped for
LIKE as Django escapes it). The first call for a shape (the lengths of the
lists, and `shape`: whatever else changes the SQL, such as a slice, passed on to `build` as
`shape=`) builds it with stand-in ids that no row has, and notes where each one went in the
parameters; every call then puts the real ids there. So `build` must depend on nothing but its
arguments: no clock, no setting read at call time (what it reads at its first call stays).

On PostgreSQL these queries are also prepared once per connection (`fetch`), so that the server plans
them once instead of on every request: planning the dashboard's page, its actions or the agreement's
stamp took the server longer than running them. Only queries whose best plan does not depend on their
values are prepared (ids; not a search text, whose plan does)."""

import functools
import itertools

from django.core.exceptions import EmptyResultSet
from django.db import connections

_FIRST_STAND_IN = -802_417_000
_TEXT_STAND_IN = "qxstandinqx{}"  # letters and digits only: LIKE's escaping leaves it as it is


@functools.lru_cache(maxsize=512)
def _compiled(build, alias, shape, lengths):
    counter = itertools.count(_FIRST_STAND_IN, -1)
    stand_ins, slots, texts = {}, {}, {}
    for name, length in lengths:
        if length == "text":
            stand_ins[name] = _TEXT_STAND_IN.format(-next(counter))
            texts[stand_ins[name]] = name
            continue
        values = [next(counter) for _ in range(1 if length is None else length)]
        stand_ins[name] = values[0] if length is None else values
        for index, value in enumerate(values):
            slots[value] = (name, None if length is None else index)
    queryset = build(shape=shape, **stand_ins) if shape is not None else build(**stand_ins)
    query = queryset.query
    compiler = query.get_compiler(using=alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # an empty list of ids where nothing can match: no query
        return None
    where = [_slot(value, slots, texts) for value in params]
    reached = {slot[:2] for slot in where if slot}
    if reached != set(slots.values()) | {(name, "text") for name in texts.values()}:
        raise RuntimeError(f"{build.__qualname__}: every stand-in must reach the SQL as a parameter.")
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    return sql, tuple(params), tuple(where), compiler, converters


def _slot(value, slots, texts):
    """Where parameter `value` comes from: (argument, index in its list or None), (argument, "text",
    the stand-in) for a text, or None for a constant."""
    if isinstance(value, int) and not isinstance(value, bool):
        return slots.get(value)
    if isinstance(value, str):
        for stand_in, name in texts.items():
            if stand_in in value:
                return (name, "text", stand_in)
    return None


def _argument(value, slot, arguments, alias):
    if slot is None:
        return value
    name, index = slot[:2]
    if index == "text":
        return value.replace(slot[2], connections[alias].ops.prep_for_like_query(arguments[name]))
    return arguments[name] if index is None else arguments[name][index]


def compiled_values(build, *, shape=None, using="default", **arguments) -> list[tuple]:
    """The rows of `build(**arguments)` (a `values_list` queryset), as tuples in its order of fields."""
    lengths = tuple(
        (name, len(value) if isinstance(value, list | tuple) else "text" if isinstance(value, str) else None)
        for name, value in sorted(arguments.items())
    )
    compiled = _compiled(build, connections[using].alias, shape, lengths)
    if compiled is None:
        return []
    sql, params, where, compiler, converters = compiled
    params = [_argument(value, slot, arguments, using) for value, slot in zip(params, where, strict=True)]
    texts = any(length == "text" for _name, length in lengths)
    _columns, rows = fetch(sql, params, using=using, prepare=not texts)
    if converters:
        rows = compiler.apply_converters(rows, converters)
    # The SQL selects the columns in the order values_list() names them, annotations included.
    return [tuple(row) for row in rows]


def selected_fields(model, related=()) -> tuple[str, ...]:
    """What a `build` for `compiled_objects` selects: `model`'s columns, then those of each foreign key
    named in `related`, in that order."""
    return (
        *_attnames(model),
        *(f"{name}__{attname}" for name in related for attname in _attnames(_related_model(model, name))),
    )


def compiled_objects(build, model, *, related=(), using="default", **arguments) -> list:
    """The rows of `build(**arguments)` (compiled_values's query; it selects `selected_fields(model,
    related)`) as instances of `model`, each with the objects of its foreign keys `related` in place, as
    select_related() gives them (None where a key is empty)."""
    own = _attnames(model)
    objects = []
    for row in compiled_values(build, using=using, **arguments):
        instance = model.from_db(using, own, row[: len(own)])
        start = len(own)
        for name in related:
            related_model = _related_model(model, name)
            names = _attnames(related_model)
            values = row[start : start + len(names)]
            start += len(names)
            setattr(
                instance, name, related_model.from_db(using, names, values) if values[0] is not None else None
            )
        objects.append(instance)
    return objects


def _attnames(model) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _related_model(model, name):
    return model._meta.get_field(name).related_model


# --- A query that takes one id ---------------------------------------------------------------------

_ONE_ID_STAND_IN = -802_417_339


@functools.lru_cache(maxsize=64)
def _for_one_id(build, vendor: str) -> tuple[str, tuple, int]:
    sql, params = build(_ONE_ID_STAND_IN).query.sql_with_params()
    positions = [index for index, value in enumerate(params) if value == _ONE_ID_STAND_IN]
    if len(positions) != 1:
        raise RuntimeError(f"{build.__qualname__}: the query must take its id exactly once.")
    return sql, tuple(params), positions[0]


def sql_with_id(build, id_, *, using="default") -> tuple[str, tuple]:
    """The SQL and parameters of `build(id_)`, a queryset that uses the id once, as a parameter: built
    by the ORM once per process and database with a stand-in id that no row has, which each call
    replaces. For `fetch` (below); `build` must depend on its id alone."""
    sql, params, position = _for_one_id(build, connections[using].vendor)
    return sql, (*params[:position], int(id_), *params[position + 1 :])


# --- A query that takes a few values ---------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _for_values(build, vendor: str, stand_ins: tuple) -> tuple[str, tuple, dict]:
    sql, params = build(**dict(stand_ins)).query.sql_with_params()
    positions = {
        name: tuple(index for index, param in enumerate(params) if param == value)
        for name, value in stand_ins
    }
    if not all(positions.values()):
        raise RuntimeError(f"{build.__qualname__}: the query must take each stand-in as a parameter.")
    return sql, tuple(params), positions


def sql_with_values(build, stand_ins: dict, *, using="default", **values) -> tuple[str, list]:
    """The SQL and parameters of `build(**values)`, built by the ORM once per process and database with
    `stand_ins` (a value per name that no row has, of the type each field takes: positive and within
    its range for a positive field, which the ORM would otherwise compile to no query), each of which
    a call replaces with its value wherever it went. For `fetch`; `build` must depend on nothing else."""
    sql, params, positions = _for_values(build, connections[using].vendor, tuple(sorted(stand_ins.items())))
    params = list(params)
    for name, value in values.items():
        for index in positions[name]:
            params[index] = value
    return sql, params


# --- Prepared on PostgreSQL ------------------------------------------------------------------------


@functools.cache
def _preparing_cursor_class():
    """psycopg's cursor that sends the values apart from the SQL (which the server can then keep
    prepared), preparing every statement it executes: one prepared statement per SQL and types of
    values, kept by psycopg per connection (its 100 most recent). Made when first needed: only a
    PostgreSQL connection imports its backend."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


def _preparing_cursor(connection, *, binary=False):
    """A cursor of PostgreSQL `connection` that prepares what it executes, made and wrapped as
    `connection.cursor()` makes its own (Django's wrapper: its errors, its query log and
    execute_wrappers see these queries as any other); None when prepared statements are off
    (settings.DB_PREPARED_STATEMENTS: psycopg's prepare_threshold is then None). `binary`: the rows come
    in PostgreSQL's binary format."""
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, Format, register_tzloader

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        return None
    with connection.wrap_database_errors:
        cursor = _preparing_cursor_class()(connection.connection)
        if binary:
            cursor.format = Format.BINARY
        # As Django's own cursors: the connection's time zone where it differs from the adapters'.
        if (
            connection.timezone
            != connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone
        ):
            register_tzloader(connection.timezone, cursor)
        return connection._prepare_cursor(cursor)


def fetch(sql, params, *, using="default", prepare=False, binary=False) -> tuple[list[str], list[tuple]]:
    """The column names and rows of `sql` with `params`; prepared once per connection on PostgreSQL when
    `prepare` (a query whose best plan does not depend on its values). `binary`, with `prepare`: the
    rows in PostgreSQL's binary format, for a file's bytes (sent as they are, not as twice as much hex
    text), and only for columns of text and bytes, which read the same either way."""
    connection = connections[using]
    on_postgresql = connection.vendor == "postgresql"
    preparing = _preparing_cursor(connection, binary=binary) if prepare and on_postgresql else None
    with preparing or connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [column[0] for column in cursor.description], cursor.fetchall()
