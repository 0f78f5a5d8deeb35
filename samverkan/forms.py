"""Shared form behaviour."""

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm, BaseFormSet
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from samverkan.unknowns import PartialDate, PartialDateField

CONFLICT_MESSAGE = _(
    "Someone else saved changes while you were editing. Nothing of yours was saved. Compare the two "
    "versions below, adjust your text and save again."
)


def _plain(value):
    """A stored value as text for the fingerprint, the same in every language (a partial date with its
    precision: 2027 and January 2027 begin on the same day but are not the same value)."""
    if isinstance(value, PartialDate):
        return f"{value.value.isoformat()}/{value.precision}"
    return str(value)


def fingerprint(values) -> str:
    """A short hash of stored values; "new" when nothing is stored yet."""
    if values is None:
        return "new"
    encoded = json.dumps(values, sort_keys=True, default=_plain).encode()
    return hashlib.sha256(encoded).hexdigest()[:32]


class ConflictCheckMixin:
    """Refuses to save over changes made since the form was shown (no lost updates).

    The form carries a fingerprint of the stored values it was based on. If they have changed when
    the form comes back, validation fails, `conflicts` lists each field as (label, stored, yours), and
    the form is re-armed with the new fingerprint so that saving again is a deliberate choice.
    ModelForms compare their instance (loaded afresh for the POST); other forms get `current=`.
    """

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._current = current
        self.fields["based_on"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["based_on"].initial = fingerprint(self.current_values())
        self.conflicts = []

    def current_values(self):
        instance = getattr(self, "instance", None)
        if instance is not None:
            if instance.pk is None:
                return None
            names = [name for name in self.fields if name != "based_on"]
            values = model_to_dict(instance, fields=names)
            for name in names:
                if isinstance(self.fields[name], PartialDateField):
                    values[name] = _stored_partial_date(instance, name)
            return values
        return self._current

    def clean(self):
        data = super().clean()
        stored = self.current_values()
        posted = self.data.get(self.add_prefix("based_on")) if self.is_bound else None
        # Every form the app renders carries the fingerprint; a request without one (a script, an
        # older page) is taken as based on what is stored now.
        if posted is None:
            posted = fingerprint(stored) if stored is not None else "new"
        if posted != fingerprint(stored):
            self.conflicts = [
                (
                    field.label,
                    _display(field, (stored or {}).get(name)),
                    _display(field, _comparable(data.get(name))),
                )
                for name, field in self.fields.items()
                if name != "based_on" and (stored or {}).get(name) != _comparable(data.get(name))
            ]
            self.data = self.data.copy()
            self.data[self.add_prefix("based_on")] = fingerprint(stored)
            raise ValidationError(CONFLICT_MESSAGE, code="conflict")
        data.pop("based_on", None)
        return data


def _stored_partial_date(instance, name):
    """What a partial-date field stands for on the instance: its date with its precision (the model
    keeps them in two columns, `<name>` and `<name>_precision`, or offers a PartialDate as `<name>`)."""
    value = getattr(instance, name, None)
    precision = getattr(instance, f"{name}_precision", None)
    if value is not None and precision is not None and not isinstance(value, PartialDate):
        return PartialDate(value, precision)
    return value


def _comparable(value):
    """Cleaned values as model_to_dict gives them (model instances by primary key)."""
    return getattr(value, "pk", value)


def _display(field, value) -> str:
    """A stored or posted value as the person saw it in the form."""
    if value in (None, ""):
        return "–"
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value else _("No"))
    if isinstance(field, forms.ModelChoiceField):
        chosen = field.queryset.filter(pk=value).first()
        return str(chosen) if chosen else "–"
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))


def parse_pk(value) -> int | None:
    """A primary key from request input: ASCII digits of a sane length, else None."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def search_text(value) -> str:
    """Search input made safe for every database (PostgreSQL refuses NUL in text)."""
    return (value or "").replace("\x00", "").strip()[:200]


@dataclass(frozen=True)
class SummaryError:
    """One line of a failed form's error summary: the message and, for a field, a link to it."""

    text: str
    href: str = ""


def forms_per_row(rows, build, data=None) -> list:
    """One form per row, for a page that edits many rows at once: `build(row, data)` makes the row's
    form (with a prefix of its own). A row whose fields the person left as they were, or that the
    submission does not include, gets an unbound form: it is neither validated nor saved, so a row left
    empty demands nothing and invents nothing."""
    forms_ = []
    for row in rows:
        form = build(row, data)
        if form.is_bound and not _touched(form):
            form = build(row, None)
        forms_.append(form)
    return forms_


def _touched(form) -> bool:
    names = [name for name in form.fields if name != "based_on"]
    submitted = any(form.add_prefix(name) in form.data for name in names)
    return submitted and any(name in form.changed_data for name in names)


def error_summary(values, seen=None) -> list[SummaryError]:
    """Every error of the bound forms and formsets among `values` (a page's template context), in the
    order of their fields; each field's errors link to the field ("#id_…"). A list of forms (one per
    row of a page, e.g. every party's) counts as its forms; a form's `legend` names its row."""
    errors: list[SummaryError] = []
    seen = set() if seen is None else seen
    for value in values:
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseFormSet) and value.is_bound:
            errors += [SummaryError(str(message)) for message in value.non_form_errors()]
            for form in value.forms:
                errors += _form_errors(form)
        elif isinstance(value, BaseForm) and value.is_bound:
            errors += _form_errors(value)
        elif isinstance(value, list | tuple):
            errors += error_summary(value, seen)
    return errors


def _form_errors(form: BaseForm) -> list[SummaryError]:
    """A form among several on one page names what it is about in `legend` (its fieldset's legend,
    with the form's prefix as the fieldset's id): its errors say whose they are."""
    if not form.errors:
        return []
    legend = getattr(form, "legend", "")
    errors = [
        SummaryError(f"{legend}: {message}", f"#{form.prefix}") if legend else SummaryError(str(message))
        for message in form.non_field_errors()
    ]
    for field in form:
        label = f"{legend} – {field.label}" if legend else field.label
        for message in field.errors:
            if field.is_hidden:
                errors.append(SummaryError(f"{legend}: {message}" if legend else str(message)))
            else:
                errors.append(SummaryError(f"{label}: {message}", f"#{field.id_for_label}"))
    return errors
