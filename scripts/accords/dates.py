"""Dates as sources give them: year, month or day precision, optionally uncertain or approximate.

The written form is the EDTF level-1 subset `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, each optionally followed
by `?` (uncertain), `~` (approximate) or `%` (both).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%]?)$")
_DURATION = re.compile(r"^(\d+) (year|month|week|day)s?$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Date:
    """A date at the precision the source gives it."""

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False

    @staticmethod
    @functools.lru_cache(maxsize=1 << 16)  # one date is parsed where it is checked, modelled and shown
    def parse(text: str) -> Date:
        """Parse the written form; ValueError says what is wrong in words."""
        match = _FORM.fullmatch(text)  # not .match: its $ also matches before a final newline
        if not match:
            raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally ending in ? or ~")
        year, month, day, mark = match.groups()
        y, m, d = int(year), int(month) if month else None, int(day) if day else None
        if m is not None and not 1 <= m <= 12:
            raise ValueError(f"'{text}' has no month {m}: months run 01 to 12")
        if d is not None and m is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:  # the pattern gives a day only with a month
            raise ValueError(f"'{text}' does not exist: {_MONTHS[m - 1]} {y} has {calendar.monthrange(y, m)[1]} days")
        return Date(y, m, d, uncertain=mark in "?%" and mark != "", approximate=mark in "~%" and mark != "")

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        """The written (EDTF) form."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text + self.mark

    @property
    def mark(self) -> str:
        if self.uncertain and self.approximate:
            return "%"
        return "?" if self.uncertain else "~" if self.approximate else ""

    def display(self) -> str:
        """Human form at the written precision: '2016', 'Aug 2016', '29 Aug 2016', marked if unsure."""
        text = str(self.year)
        if self.month:
            text = f"{_MONTHS[self.month - 1]} {text}"
        if self.day:
            text = f"{self.day} {text}"
        if self.approximate:
            text = f"c. {text}"
        if self.uncertain:
            text += " (uncertain)"
        return text

    def plus(self, span: relativedelta) -> Date:
        """This date moved by a duration, keeping the precision (and doubt) it has."""
        moved = self.earliest() + span
        return Date(
            moved.year,
            moved.month if self.month else None,
            moved.day if self.day else None,
            self.uncertain,
            self.approximate,
        )


def parse_duration(text: str) -> relativedelta:
    """'10 years', '6 months', '1 week', '90 days' as a relativedelta; ValueError otherwise."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a duration: write e.g. '10 years', '6 months' or '90 days'")
    count, unit = int(match.group(1)), match.group(2)
    return {"year": relativedelta(years=count), "month": relativedelta(months=count),
            "week": relativedelta(weeks=count), "day": relativedelta(days=count)}[unit]


def is_after(a: Date, b: Date) -> bool:
    """True only when a is certainly after b at both dates' precision."""
    return a.earliest() > b.latest()
