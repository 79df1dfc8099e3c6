"""Dates at the precision sources give them: parsing, order, display, arithmetic and durations."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta

from accords.dates import Date, is_after, parse_duration

# (written, year, month, day, uncertain, approximate, precision)
VALID = [
    ("2016", 2016, None, None, False, False, "year"),
    ("2016-08", 2016, 8, None, False, False, "month"),
    ("2016-08-29", 2016, 8, 29, False, False, "day"),
    ("2016?", 2016, None, None, True, False, "year"),
    ("2016-08~", 2016, 8, None, False, True, "month"),
    ("2016-08-29%", 2016, 8, 29, True, True, "day"),
    ("2016%", 2016, None, None, True, True, "year"),
    ("2016-08-29?", 2016, 8, 29, True, False, "day"),
    ("2016~", 2016, None, None, False, True, "year"),
    ("0999-01-01", 999, 1, 1, False, False, "day"),
    ("2020-02-29", 2020, 2, 29, False, False, "day"),  # a leap day
    ("2000-02-29", 2000, 2, 29, False, False, "day"),  # divisible by 400: a leap year
    ("2016-12-31", 2016, 12, 31, False, False, "day"),
    ("2016-01-01", 2016, 1, 1, False, False, "day"),
]


@pytest.mark.parametrize(("text", "year", "month", "day", "uncertain", "approximate", "precision"), VALID, ids=[v[0] for v in VALID])
def test_parse_keeps_precision_and_doubt(text: str, year, month, day, uncertain, approximate, precision):
    date = Date.parse(text)
    assert (date.year, date.month, date.day) == (year, month, day)
    assert (date.uncertain, date.approximate) == (uncertain, approximate)
    assert date.precision == precision
    assert str(date) == text  # the written form round-trips


def test_percent_is_uncertain_and_approximate():
    """EDTF's `%` is both `?` and `~`: it must read, show and write as both."""
    date = Date.parse("2019-12%")
    assert date == Date(2019, 12, uncertain=True, approximate=True)
    assert date.mark == "%"
    assert date.display() == "c. Dec 2019 (uncertain)"


@pytest.mark.parametrize(("date", "mark"), [
    (Date(2016), ""), (Date(2016, uncertain=True), "?"), (Date(2016, approximate=True), "~"),
    (Date(2016, uncertain=True, approximate=True), "%"),
])
def test_mark(date: Date, mark: str):
    assert date.mark == mark
    assert str(date) == "2016" + mark


# (written, the start of the message)
INVALID = [
    ("16", "'16' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in ? or ~"),
    ("2016-8", "'2016-8' is not a date"),
    ("2016-08-9", "'2016-08-9' is not a date"),
    ("2016/08/29", "'2016/08/29' is not a date"),
    ("29-08-2016", "'29-08-2016' is not a date"),
    ("", "'' is not a date"),
    (" 2016", "' 2016' is not a date"),
    ("2016 ", "'2016 ' is not a date"),
    ("2016??", "'2016??' is not a date"),
    ("2016?~", "'2016?~' is not a date"),
    ("?2016", "'?2016' is not a date"),
    ("2016-08-29T10:00", "'2016-08-29T10:00' is not a date"),
    ("20160", "'20160' is not a date"),
    ("2016-13", "'2016-13' has no month 13: months run 01 to 12"),
    ("2016-00", "'2016-00' has no month 0: months run 01 to 12"),
    ("2016-13-01", "'2016-13-01' has no month 13"),
    ("2021-02-29", "'2021-02-29' does not exist: Feb 2021 has 28 days"),
    ("1900-02-29", "'1900-02-29' does not exist: Feb 1900 has 28 days"),  # divisible by 100: not a leap year
    ("2020-02-30", "'2020-02-30' does not exist: Feb 2020 has 29 days"),
    ("2016-04-31", "'2016-04-31' does not exist: Apr 2016 has 30 days"),
    ("2016-08-00", "'2016-08-00' does not exist: Aug 2016 has 31 days"),
    ("2016-08-32?", "'2016-08-32?' does not exist: Aug 2016 has 31 days"),
    ("2016-12-32", "'2016-12-32' does not exist: Dec 2016 has 31 days"),
    ("2016-01-32", "'2016-01-32' does not exist: Jan 2016 has 31 days"),
]


@pytest.mark.parametrize(("text", "message"), INVALID, ids=[v[0] or "empty" for v in INVALID])
def test_invalid_dates_say_what_is_wrong(text: str, message: str):
    with pytest.raises(ValueError) as raised:
        Date.parse(text)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(("text", "shown"), [
    ("2016", "2016"),
    ("2016-08", "Aug 2016"),
    ("2016-08-29", "29 Aug 2016"),
    ("2016-01-01", "1 Jan 2016"),
    ("2016-12", "Dec 2016"),
    ("2016?", "2016 (uncertain)"),
    ("2016-08~", "c. Aug 2016"),
    ("2016-08-29%", "c. 29 Aug 2016 (uncertain)"),
    ("0999", "999"),
])
def test_display(text: str, shown: str):
    assert Date.parse(text).display() == shown


@pytest.mark.parametrize(("text", "earliest", "latest"), [
    ("2016", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
    ("2016-08", dt.date(2016, 8, 1), dt.date(2016, 8, 31)),
    ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),  # a leap year
    ("2015-02", dt.date(2015, 2, 1), dt.date(2015, 2, 28)),
    ("2016-04", dt.date(2016, 4, 1), dt.date(2016, 4, 30)),
    ("2016-12", dt.date(2016, 12, 1), dt.date(2016, 12, 31)),
    ("2016-08-29", dt.date(2016, 8, 29), dt.date(2016, 8, 29)),
    ("2016-08-29?", dt.date(2016, 8, 29), dt.date(2016, 8, 29)),  # doubt does not widen the range
    ("2016~", dt.date(2016, 1, 1), dt.date(2016, 12, 31)),
])
def test_earliest_and_latest_bound_the_written_precision(text: str, earliest: dt.date, latest: dt.date):
    date = Date.parse(text)
    assert (date.earliest(), date.latest()) == (earliest, latest)


def test_sort_key_puts_a_year_before_its_months_and_a_month_before_its_days():
    written = ["2017", "2016-08-29", "2016-01", "2016", "2016-08", "2016-01-31", "2015-12-31", "2016-08-01"]
    ordered = sorted(written, key=lambda text: Date.parse(text).sort_key())
    assert ordered == ["2015-12-31", "2016", "2016-01", "2016-01-31", "2016-08", "2016-08-01", "2016-08-29", "2017"]
    assert Date.parse("2016-08-29").sort_key() == (2016, 8, 29)
    assert Date.parse("2016").sort_key() == (2016, 0, 0)
    assert Date.parse("2016-08?").sort_key() == (2016, 8, 0)  # doubt does not move a date


@pytest.mark.parametrize(("a", "b", "after"), [
    ("2017", "2016", True),
    ("2017-01-01", "2016-12-31", True),
    ("2017", "2016-12-31", True),
    ("2016-09", "2016-08-31", True),
    ("2016-08-30", "2016-08-29", True),
    ("2016", "2016", False),  # the same date is not after itself
    ("2016-08-29", "2016-08-29", False),
    ("2016-12-31", "2016", False),  # inside the year: not certainly after it
    ("2016", "2016-08", False),
    ("2016-08", "2016", False),
    ("2016-08-31", "2016-08", False),
    ("2016-08-01", "2016-07-31", True),
    ("2016", "2017", False),
    ("2016-12-31", "2017", False),
])
def test_is_after_only_when_certain_at_both_precisions(a: str, b: str, after: bool):
    assert is_after(Date.parse(a), Date.parse(b)) is after


# (date, duration, expected): plus() keeps the precision and the doubt of the date it moves
PLUS = [
    ("2016", relativedelta(years=10), "2026"),
    ("2016", relativedelta(months=6), "2016"),  # from 1 Jan, six months stay in the year
    ("2016", relativedelta(months=18), "2017"),
    ("2016", relativedelta(days=400), "2017"),
    ("2016-08", relativedelta(years=10), "2026-08"),
    ("2016-08", relativedelta(months=6), "2017-02"),
    ("2016-08", relativedelta(days=10), "2016-08"),  # from the 1st: still August
    ("2016-08", relativedelta(days=31), "2016-09"),
    ("2016-08-29", relativedelta(years=10), "2026-08-29"),
    ("2016-08-29", relativedelta(days=3), "2016-09-01"),
    ("2016-08-29", relativedelta(weeks=1), "2016-09-05"),
    ("2016-01-31", relativedelta(months=1), "2016-02-29"),  # the last day of a shorter month
    ("2016-02-29", relativedelta(years=1), "2017-02-28"),
    ("2016?", relativedelta(years=10), "2026?"),
    ("2016~", relativedelta(years=10), "2026~"),
    ("2016%", relativedelta(years=10), "2026%"),
    ("2016-08?", relativedelta(months=6), "2017-02?"),
    ("2016-08~", relativedelta(months=6), "2017-02~"),
    ("2016-08-29%", relativedelta(days=3), "2016-09-01%"),
    ("2016-08-29~", relativedelta(years=5), "2021-08-29~"),
]


@pytest.mark.parametrize(("text", "span", "expected"), PLUS, ids=[f"{p[0]}+{p[2]}" for p in PLUS])
def test_plus_keeps_precision_and_doubt(text: str, span: relativedelta, expected: str):
    moved = Date.parse(text).plus(span)
    assert moved == Date.parse(expected)
    assert str(moved) == expected


def test_plus_never_invents_a_month_or_day():
    moved = Date(2016).plus(relativedelta(months=7, days=12))
    assert (moved.month, moved.day, moved.precision) == (None, None, "year")
    moved = Date(2016, 8).plus(relativedelta(days=12))
    assert (moved.month, moved.day, moved.precision) == (8, None, "month")


@pytest.mark.parametrize(("text", "span"), [
    ("10 years", relativedelta(years=10)),
    ("1 year", relativedelta(years=1)),
    ("1 years", relativedelta(years=1)),
    ("6 months", relativedelta(months=6)),
    ("1 month", relativedelta(months=1)),
    ("1 week", relativedelta(weeks=1)),
    ("2 weeks", relativedelta(days=14)),
    ("90 days", relativedelta(days=90)),
    ("1 day", relativedelta(days=1)),
    ("  5 years ", relativedelta(years=5)),  # surrounding spaces are forgiven
    ("0 days", relativedelta()),
])
def test_parse_duration(text: str, span: relativedelta):
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["ten years", "10 yrs", "10years", "10  years", "", "-1 years", "1.5 years", "10 Years", "years", "10 years ago"])
def test_invalid_durations_say_what_to_write(text: str):
    with pytest.raises(ValueError) as raised:
        parse_duration(text)
    assert str(raised.value) == f"'{text}' is not a duration: write e.g. '10 years', '6 months' or '90 days'"


@pytest.mark.parametrize("text", ["2016\n", "2016-08-29\n"])
def test_a_trailing_newline_is_not_a_date(text: str):
    with pytest.raises(ValueError, match="is not a date"):
        Date.parse(text)
