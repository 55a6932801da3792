"""The date forms users type, and which years a formation or a plan may have."""

from __future__ import annotations

import re
from datetime import date

from kkb_cli.errors import RefusedError, UsageError

# The Kampung KB programme was launched in 2016; the official portal counts earlier years as 2016.
FIRST_YEAR = 2016
# A plan further ahead than this is far more likely a typo (2204) than a plan.
MAX_PLAN_YEARS_AHEAD = 10

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/](\d{1,2})[-/](\d{4})")


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


def check_formation_year(year: int, today: date) -> None:
    """A formation lies between the programme's start and today."""
    if year < FIRST_YEAR:
        raise RefusedError("error.before_programme", when=str(year), first=FIRST_YEAR)
    if year > today.year:
        raise RefusedError("error.future", when=str(year), today=today.isoformat())


def check_formation_date(day: date, today: date) -> None:
    if day.year < FIRST_YEAR:
        raise RefusedError("error.before_programme", when=day.isoformat(), first=FIRST_YEAR)
    if day > today:
        raise RefusedError("error.future", when=day.isoformat(), today=today.isoformat())


def check_plan_year(year: int, today: date) -> None:
    """A plan may be recorded for a past year (keeping history) but not absurdly far ahead."""
    if year < FIRST_YEAR:
        raise RefusedError("error.before_programme", when=str(year), first=FIRST_YEAR)
    if year > today.year + MAX_PLAN_YEARS_AHEAD:
        raise RefusedError("error.plan_too_far", year=year, limit=today.year + MAX_PLAN_YEARS_AHEAD)
