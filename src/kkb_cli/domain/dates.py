"""The date forms users type, and which years a formation or a plan may have."""

from __future__ import annotations

import re
from datetime import date

from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import long_date

# The Kampung KB programme was launched in 2016; the official portal counts earlier years as 2016.
FIRST_YEAR = 2016
# A plan further ahead than this is far more likely a typo (2204) than a plan.
MAX_PLAN_YEARS_AHEAD = 10

# ASCII digits only: "٢٠٢٣" is a year to Python's \d, but not to a spreadsheet or to SQLite.
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})", re.ASCII)


def parse_date(text: str) -> date:
    """Parse ``2023-07-17``, ``17-07-2023`` or ``17/07/2023`` (day first, as written in Indonesia).

    Raises ``UsageError`` for anything else, including impossible dates such as 31-02-2024.
    """
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise UsageError("error.date_format", text=text)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise UsageError("error.date_impossible", text=text) from None


def parse_year(text: str) -> int:
    """A year as four ASCII digits (2024); raises ``UsageError`` for anything else."""
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise UsageError("error.year_format", text=text)
    return int(text)


def check_formation_year(year: int, today: date) -> None:
    """A formation lies between the programme's start and today."""
    check_not_before_programme(year, str(year))
    if year > today.year:
        raise RefusedError("error.future", when=str(year), today=long_date(today))


def check_formation_date(day: date, today: date) -> None:
    check_not_before_programme(day.year, long_date(day))
    if day > today:
        raise RefusedError("error.future", when=long_date(day), today=long_date(today))


def check_as_of(day: date, today: date) -> None:
    """A report can look back to the programme's start, not ahead of today."""
    check_not_before_programme(day.year, long_date(day))
    if day > today:
        raise RefusedError("error.as_of_future", day=long_date(day), today=long_date(today))


def check_plan_year(year: int, today: date) -> None:
    """A plan may be recorded for a past year (keeping history) but not absurdly far ahead."""
    check_not_before_programme(year, str(year))
    if year > today.year + MAX_PLAN_YEARS_AHEAD:
        raise RefusedError("error.plan_too_far", year=year, limit=today.year + MAX_PLAN_YEARS_AHEAD)


def check_not_before_programme(year: int, shown: str | None = None) -> None:
    """Nothing in the Kampung KB programme happened before it began."""
    if year < FIRST_YEAR:
        raise RefusedError("error.before_programme", when=shown or year, first=FIRST_YEAR)
