"""Row locks, taken in one order so that concurrent operations queue instead of deadlocking."""


def lock_rows(queryset, *, no_key=True) -> list:
    """Lock the rows of `queryset` until the transaction ends, in primary-key order, and return their
    primary keys. FOR NO KEY UPDATE by default: rows that merely refer to a locked row can still be
    added meanwhile. On SQLite, which serialises writers, this is a plain read."""
    return list(queryset.select_for_update(no_key=no_key).order_by("pk").values_list("pk", flat=True))
