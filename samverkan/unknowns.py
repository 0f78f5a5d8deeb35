"""Facts that are not known yet, and dates only as precise as reality.

The common vocabulary of issue "nothing invented": a fact the agreement uses is either recorded, or
recorded as not known with one of the reasons below. Models keep the value nullable (or blank) beside
a `<fact>_unknown` field with these choices; forms save what is known without demanding the rest; the
agreement shows an unknown it needs as a gap and leaves out one it can do without.

Dates: a `PartialDate` is a date with a precision (day, month or year). It is stored as two columns
(the first day of the period, and the precision) and typed in a form as "2026", "2026-03" or
"2026-03-14" (`PartialDateField`).
"""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnknownReason(models.TextChoices):
    """Why a fact is not recorded. Blank means: no reason given (the fact is simply still missing)."""

    NOT_KNOWN_YET = "not_known_yet", _("Not known yet")
    DOES_NOT_EXIST = "does_not_exist", _("Does not exist")
    DECIDED_LATER = "decided_later", _("To be decided later")
    MISSING_FROM_SOURCES = "missing_from_sources", _("Missing from the sources")


def unknown_reason_field(verbose_name=None, **kwargs):
    """A model field for why a fact is not recorded (blank: no reason given)."""
    return models.CharField(
        verbose_name or _("why it is not recorded"),
        max_length=24,
        choices=UnknownReason.choices,
        blank=True,
        default="",
        **kwargs,
    )


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def date_precision_field(verbose_name=None, **kwargs):
    return models.CharField(
        verbose_name or _("precision of the date"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        **kwargs,
    )


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year. `value` is the first day of the period."""

    value: datetime.date
    precision: str = DatePrecision.DAY

    def __str__(self) -> str:
        return format_partial_date(self.value, self.precision)

    @property
    def last_day(self) -> datetime.date:
        """The last day of the period (for comparing a start with an end)."""
        if self.precision == DatePrecision.YEAR:
            return datetime.date(self.value.year, 12, 31)
        if self.precision == DatePrecision.MONTH:
            following = datetime.date(self.value.year + self.value.month // 12, self.value.month % 12 + 1, 1)
            return following - datetime.timedelta(days=1)
        return self.value


# Month names in the active language (Swedish: "mars 2026").
MONTHS = [
    pgettext_lazy("month", "January"),
    pgettext_lazy("month", "February"),
    pgettext_lazy("month", "March"),
    pgettext_lazy("month", "April"),
    pgettext_lazy("month", "May"),
    pgettext_lazy("month", "June"),
    pgettext_lazy("month", "July"),
    pgettext_lazy("month", "August"),
    pgettext_lazy("month", "September"),
    pgettext_lazy("month", "October"),
    pgettext_lazy("month", "November"),
    pgettext_lazy("month", "December"),
]


def format_partial_date(value, precision=DatePrecision.DAY) -> str:
    """ "2026-03-14", "mars 2026" or "2026" (in the active language); "" for no date."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return value.isoformat()


_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_partial_date(text: str) -> PartialDate:
    """ "2026" → the year 2026, "2026-03" → March 2026, "2026-03-14" → that day. ValueError otherwise."""
    match = _PARTIAL_DATE.match(text or "")
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    if day is not None:
        return PartialDate(datetime.date(int(year), int(month), int(day)), DatePrecision.DAY)
    if month is not None:
        return PartialDate(datetime.date(int(year), int(month), 1), DatePrecision.MONTH)
    return PartialDate(datetime.date(int(year), 1, 1), DatePrecision.YEAR)


class PartialDateField(forms.CharField):
    """A date typed as precisely as it is known: YYYY, YYYY-MM or YYYY-MM-DD. Cleans to a PartialDate
    (or None when left empty and not required)."""

    default_error_messages = {
        "invalid": _("Enter a year (2026), a month (2026-03) or a day (2026-03-14)."),
    }

    def __init__(self, *, min_year=1900, max_year=2100, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("As precisely as it is known: a year (2026), a month (2026-03) or a day (2026-03-14)."),
        )
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "10")
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.min_year = min_year
        self.max_year = max_year

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return format_partial_date_for_input(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        if len(text) > 10:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            parsed = parse_partial_date(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not self.min_year <= parsed.value.year <= self.max_year:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def format_partial_date_for_input(partial: PartialDate | None) -> str:
    """What a PartialDateField shows for a stored value: "2026", "2026-03" or "2026-03-14"."""
    if partial is None:
        return ""
    if partial.precision == DatePrecision.YEAR:
        return f"{partial.value.year:04d}"
    if partial.precision == DatePrecision.MONTH:
        return f"{partial.value.year:04d}-{partial.value.month:02d}"
    return partial.value.isoformat()
