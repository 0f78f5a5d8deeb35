"""Lazy phrases as the kept checklist state pickles them (checklist/rules.py).

A step's "what is left" is a list of lazy translations (checklist/steps.py), kept in the cache with the
state and translated when shown. Django pickles a lazy object as a call to `lazy(function, ...)`, which
defines a new class for every object unpickled: reading a checklist's state with its thirty-odd phrases
took 40 ms, on every page of a collaboration. `keep` turns each phrase into its function and arguments;
`restore` makes the same lazy object again through one `lazy` wrapper per function and process.
"""

from dataclasses import dataclass

from django.utils.functional import Promise, lazy

_WRAPPERS = {}  # (function, result classes): lazy(function, *result classes), made once per process


@dataclass(frozen=True)
class _Kept:
    function: object
    args: tuple
    kwargs: dict
    result_classes: tuple


def keep(value):
    """`value` with every lazy object in it (its arguments too) as plain data that unpickles cheaply."""
    if not isinstance(value, Promise):
        return value
    _unpickle, (function, args, kwargs, *result_classes) = value.__reduce__()
    return _Kept(
        function,
        tuple(keep(a) for a in args),
        {k: keep(v) for k, v in kwargs.items()},
        tuple(result_classes),
    )


def restore(value):
    """The lazy object `keep` was given (equal, and translated when shown, as before)."""
    if not isinstance(value, _Kept):
        return value
    key = (value.function, value.result_classes)
    if key not in _WRAPPERS:
        _WRAPPERS[key] = lazy(value.function, *value.result_classes)
    args = tuple(restore(a) for a in value.args)
    return _WRAPPERS[key](*args, **{k: restore(v) for k, v in value.kwargs.items()})
