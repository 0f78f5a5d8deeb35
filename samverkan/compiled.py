"""Queries compiled once per process: for a page's queries that the ORM takes longer to build than
the database takes to run (the dashboard's, issue 17). The same SQL the ORM would send, with the
same converters applied to what comes back; only the building is done once per shape.

`compiled_values(build, shape=..., **arguments)`: `build(**stand_ins)` returns a `values_list`
queryset; each argument is an id or a list of ids. The first call for a shape (the lengths of the
lists, and `shape`: whatever else changes the SQL, such as a slice, passed on to `build` as
`shape=`) builds it with stand-in ids that no row has, and notes where each one went in the
parameters; every call then puts the real ids there."""

import functools
import itertools

from django.core.exceptions import EmptyResultSet
from django.db import connections

_FIRST_STAND_IN = -802_417_000


@functools.lru_cache(maxsize=512)
def _compiled(build, alias, shape, lengths):
    counter = itertools.count(_FIRST_STAND_IN, -1)
    stand_ins, slots = {}, {}
    for name, length in lengths:
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
    where = [slots.get(value) if isinstance(value, int) else None for value in params]
    if {slot for slot in where if slot} != set(slots.values()):
        raise RuntimeError(f"{build.__qualname__}: every stand-in must reach the SQL as a parameter.")
    converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    order = [names.index(field) for field in queryset._fields] if queryset._fields else None
    return sql, tuple(params), tuple(where), compiler, converters, order


def compiled_values(build, *, shape=None, using="default", **arguments) -> list[tuple]:
    """The rows of `build(**arguments)` (a `values_list` queryset), as tuples in its order of fields."""
    lengths = tuple(
        (name, len(value) if isinstance(value, list | tuple) else None)
        for name, value in sorted(arguments.items())
    )
    compiled = _compiled(build, connections[using].alias, shape, lengths)
    if compiled is None:
        return []
    sql, params, where, compiler, converters, order = compiled
    params = [
        value if slot is None else (arguments[slot[0]] if slot[1] is None else arguments[slot[0]][slot[1]])
        for value, slot in zip(params, where, strict=True)
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    if order is not None:
        return [tuple(row[index] for index in order) for row in rows]
    return [tuple(row) for row in rows]
