"""Targets as an office sets them, and where each stands.

A target belongs to a region (the kota, or one of its kecamatan) and a year, and counts one
subject: Kampung KB *formed* in that year, or formed Kampung KB having an *attribute* (a Dashat
in 100% of them by 2025), as a number or a percentage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from kkb_cli.domain.dates import MAX_PLAN_YEARS_AHEAD, check_not_before_programme
from kkb_cli.domain.regions import Region
from kkb_cli.errors import RefusedError, UsageError

FORMED = "formed"  # the subject of a formation target
AGENCIES = "agencies"  # formed Kampung KB reached by at least N distinct agencies in the year


class TargetStatus(StrEnum):
    MET = "met"  # reached
    IN_PROGRESS = "in_progress"  # the as-of date lies in the target's year and it is not met yet
    MISSED = "missed"  # the year is over and it was not met
    UPCOMING = "upcoming"  # the year has not begun


@dataclass(frozen=True)
class Target:
    region_code: str
    year: int
    subject: str  # "formed", or an attribute's key
    count: int | None = None
    percent: float | None = None  # attributes only: a share of the formed Kampung KB
    note: str | None = None
    agencies: int | None = None  # agency targets: the fewest distinct agencies that count


class TargetCheck(NamedTuple):
    """Where one target stands on the as-of date (a row of a report: a tuple, quick to make)."""

    target: Target
    region: Region
    wanted: int  # how many the target asks for (a percentage worked out as a number)
    achieved: int
    status: TargetStatus

    @property
    def needed(self) -> int:
        """How many more are needed to meet it."""
        return max(0, self.wanted - self.achieved)


def subject_label(subject: str) -> str:
    """What a target counts, as a person says it: formations, or an attribute's name."""
    from kkb_cli.domain.attributes import LABELS, Attribute
    from kkb_cli.messages import text

    if subject == AGENCIES:
        return text("target.subject_agencies")
    return text("target.subject_formed") if subject == FORMED else LABELS[Attribute(subject)]


def target_status(year: int, wanted: int, achieved: int, as_of: date) -> TargetStatus:
    if achieved >= wanted:
        return TargetStatus.MET
    if year == as_of.year:
        return TargetStatus.IN_PROGRESS
    return TargetStatus.MISSED if year < as_of.year else TargetStatus.UPCOMING


def parse_amount(text: str) -> tuple[int | None, float | None]:
    """``8`` → (8, None); ``100%`` → (None, 100.0); a UsageError otherwise."""
    raw = text.strip()
    try:
        if raw.endswith("%"):
            percent = float(raw[:-1].replace(",", "."))
            if not 0 < percent <= 100:
                raise ValueError
            return None, percent
        count = int(raw)
        if count < 1:  # a target of nothing is no target (`kkb target remove` drops one)
            raise ValueError
        return count, None
    except ValueError:
        raise UsageError("error.target_amount", text=text) from None


def check_new_target(
    target: Target,
    region: Region,
    villages: int,
    formed_before: int,
    today: date,
    noun: str = "desa/kelurahan",
) -> None:
    """Refuse a target an office could not meet or did not mean: too far ahead, a percentage of
    formations, more than the region has kelurahan, or (for formations) more than it had
    without a Kampung KB when the year began (``formed_before`` were formed earlier)."""
    check_not_before_programme(target.year)
    if target.year > today.year + MAX_PLAN_YEARS_AHEAD:
        raise RefusedError(
            "error.target_too_far", year=target.year, limit=today.year + MAX_PLAN_YEARS_AHEAD
        )
    if target.subject == FORMED and target.percent is not None:
        raise RefusedError("error.target_percent_formed")
    if target.count is not None and target.count > villages:
        raise RefusedError(
            "error.target_too_many",
            count=target.count,
            region=region.name,
            villages=villages,
            noun=noun,
        )
    left = villages - formed_before
    if target.subject == FORMED and (target.count or 0) > left:
        raise RefusedError(
            "error.target_too_few_left",
            count=target.count,
            region=region.name,
            year=target.year,
            left=left,
        )
