"""The shared vocabulary of facts not known yet, and dates as precise as reality (samverkan/unknowns.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.unknowns import (
    DatePrecision,
    PartialDate,
    PartialDateField,
    format_partial_date,
    format_partial_date_for_input,
    parse_partial_date,
)


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("2026", datetime.date(2026, 1, 1), DatePrecision.YEAR),
        ("2026-03", datetime.date(2026, 3, 1), DatePrecision.MONTH),
        ("2026-3", datetime.date(2026, 3, 1), DatePrecision.MONTH),
        ("2026-03-14", datetime.date(2026, 3, 14), DatePrecision.DAY),
        (" 2026-03-14 ", datetime.date(2026, 3, 14), DatePrecision.DAY),
    ],
)
def test_a_date_is_read_as_precisely_as_it_is_typed(text, value, precision):
    assert parse_partial_date(text) == PartialDate(value, precision)


@pytest.mark.parametrize("text", ["", "abc", "26", "2026-13", "2026-02-30", "2026/03", "2026-03-14x"])
def test_what_is_not_a_year_month_or_day_is_refused(text):
    with pytest.raises(ValueError):
        parse_partial_date(text)


def test_the_form_field_explains_in_swedish_and_saves_nothing_invented():
    field = PartialDateField(required=False)
    assert field.clean("") is None
    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            field.clean("2026-02-30")
        assert "Ange ett år (2026), en månad (2026-03) eller en dag (2026-03-14)." in str(refused.value)
        with pytest.raises(ValidationError):
            field.clean("1" * 200)
        with pytest.raises(ValidationError):
            field.clean("1066")


def test_a_partial_date_reads_as_what_is_known_in_swedish():
    with translation.override("sv"):
        assert format_partial_date(datetime.date(2026, 3, 1), DatePrecision.MONTH) == "mars 2026"
        assert format_partial_date(datetime.date(2026, 1, 1), DatePrecision.YEAR) == "2026"
        assert format_partial_date(datetime.date(2026, 3, 14), DatePrecision.DAY) == "2026-03-14"
        assert format_partial_date(None) == ""


def test_the_last_day_of_a_period_bounds_comparisons():
    assert PartialDate(datetime.date(2026, 2, 1), DatePrecision.MONTH).last_day == datetime.date(2026, 2, 28)
    assert PartialDate(datetime.date(2026, 12, 1), DatePrecision.MONTH).last_day == datetime.date(
        2026, 12, 31
    )
    assert PartialDate(datetime.date(2026, 1, 1), DatePrecision.YEAR).last_day == datetime.date(2026, 12, 31)
    assert PartialDate(datetime.date(2026, 5, 5)).last_day == datetime.date(2026, 5, 5)


def test_a_stored_partial_date_is_shown_in_the_form_as_typed():
    assert (
        format_partial_date_for_input(PartialDate(datetime.date(2026, 3, 1), DatePrecision.MONTH))
        == "2026-03"
    )
    assert format_partial_date_for_input(PartialDate(datetime.date(2026, 1, 1), DatePrecision.YEAR)) == "2026"
    assert format_partial_date_for_input(None) == ""
