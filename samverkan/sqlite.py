"""Unicode-aware LIKE for SQLite.

SQLite's built-in LIKE folds case for ASCII letters only, so a search for "åsby" would not find
"Åsby kommun" on the development database while it does on PostgreSQL. Replacing SQLite's like()
function with one that compares case-folded text makes both databases answer alike.
"""

import functools
import re


@functools.lru_cache(maxsize=512)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    parts = []
    chars = iter(pattern.casefold())
    for char in chars:
        if escape is not None and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _like_regex(pattern, escape).fullmatch(str(value).casefold()) is not None


def register_functions(sender, connection, **kwargs):
    """connection_created receiver: install unicode_like on new SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
