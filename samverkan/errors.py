"""The domain error every app raises and every view turns into a message."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction


class DomainError(Exception):
    """An operation that the rules do not allow; the message is shown to the user as it is."""


@contextmanager
def refused_if_taken(message):
    """Run an insert that a unique constraint guards; if the row was made meanwhile (a double submit
    passed the caller's check at the same time), raise DomainError(message) instead of a 500. The
    insert runs in a savepoint, so the caller's transaction can still roll back cleanly."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise DomainError(message) from None
