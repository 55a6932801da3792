"""Cumulative progress, coverage and target status: pure functions over plain data.

Coverage is always a share of *all* villages in scope, not only of those with a plan: that is
what the official portal does not show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kkb_cli.domain.records import KampungRecord, Status
from kkb_cli.domain.regions import Region, Village, village_noun


class TargetStatus(StrEnum):
    MET = "met"  # formed that year >= target
    IN_PROGRESS = "in_progress"  # the as-of date lies in that year and it is not met yet
    MISSED = "missed"  # the year is over and it was not met
    UPCOMING = "upcoming"  # the year has not begun


@dataclass(frozen=True)
class ScopeData:
    """Everything known about one scope at one moment: its regions, records and targets."""

    scope: Region
    areas: list[Region]  # one level below the scope: the kecamatan of a kota
    villages: list[Village]
    records: dict[str, KampungRecord]  # by village code; a village without one has none
    targets: dict[int, int]  # formation target by year


@dataclass(frozen=True)
class VillageState:
    """Where one village stands on a given date."""

    village: Village
    status: Status
    year: int | None  # formed in (formed) or planned for (planned)


@dataclass(frozen=True)
class YearProgress:
    year: int
    target: int | None
    formed: int
    cumulative: int
    coverage_pct: float
    planned: int
    status: TargetStatus | None


@dataclass(frozen=True)
class AreaProgress:
    code: str
    name: str
    villages: int
    formed: int
    planned: int
    none: int
    coverage_pct: float


@dataclass(frozen=True)
class Verdict:
    """The targets that matter most now, for the one-line summary."""

    missed: YearProgress | None  # the latest missed target
    current: YearProgress | None  # the target of the as-of year, when not yet met or missed
    upcoming: YearProgress | None  # the next target after the as-of year


@dataclass(frozen=True)
class ProgressReport:
    as_of: date
    scope: Region
    village_noun: str
    total_villages: int
    formed: int
    planned: int
    coverage_pct: float
    years: list[YearProgress]
    areas: list[AreaProgress]
    verdict: Verdict

    @property
    def complete(self) -> bool:
        """Every village in scope has a Kampung KB."""
        return self.total_villages > 0 and self.formed == self.total_villages

    @property
    def planned_by_year(self) -> dict[int, int]:
        return {row.year: row.planned for row in self.years if row.planned}


def coverage_pct(count: int, total: int) -> float:
    """``count`` as a percentage of ``total``, to one decimal; 0.0 for an empty scope."""
    return round(100 * count / total, 1) if total else 0.0


def state_as_of(record: KampungRecord | None, as_of: date) -> tuple[Status, int | None]:
    """A record's status on ``as_of``.

    A dated formation counts from its date, a year-only one from its year. Before its
    formation, a record that had been planned counts as planned; one that had not, as none.
    """
    if record is None:
        return Status.NONE, None
    if record.status is Status.FORMED and record.formed_year is not None:
        formed_by = (
            record.formed_date <= as_of
            if record.formed_date is not None
            else record.formed_year <= as_of.year
        )
        if formed_by:
            return Status.FORMED, record.formed_year
    if record.planned_year is not None:
        return Status.PLANNED, record.planned_year
    return Status.NONE, None


def village_states(
    villages: Iterable[Village], records: Mapping[str, KampungRecord], as_of: date
) -> list[VillageState]:
    """Each village's status on ``as_of``; villages without a record are ``none``."""
    return [
        VillageState(village, *state_as_of(records.get(village.code), as_of))
        for village in villages
    ]


def target_status(
    year: int, target: int | None, formed_in_year: int, as_of: date
) -> TargetStatus | None:
    if target is None:
        return None
    if formed_in_year >= target:
        return TargetStatus.MET
    if year == as_of.year:
        return TargetStatus.IN_PROGRESS
    return TargetStatus.MISSED if year < as_of.year else TargetStatus.UPCOMING


def progress_by_year(
    formed_years: Iterable[int],
    planned_years: Iterable[int],
    targets: Mapping[int, int],
    total: int,
    as_of: date,
) -> list[YearProgress]:
    """One row per year, from the earliest formation, plan, target or the as-of year to the latest
    of them. ``cumulative`` counts formations up to that year. Years with nothing in them stay,
    so a gap in the work shows.
    """
    formed = Counter(formed_years)
    planned = Counter(planned_years)
    years = set(formed) | set(planned) | set(targets)
    first, last = min(years | {as_of.year}), max(years | {as_of.year})
    rows = []
    cumulative = 0
    for year in range(first, last + 1):
        cumulative += formed[year]
        target = targets.get(year)
        rows.append(
            YearProgress(
                year=year,
                target=target,
                formed=formed[year],
                cumulative=cumulative,
                coverage_pct=coverage_pct(cumulative, total),
                planned=planned[year],
                status=target_status(year, target, formed[year], as_of),
            )
        )
    return rows


def progress_by_area(states: Sequence[VillageState], areas: Sequence[Region]) -> list[AreaProgress]:
    """Villages, formed, planned, none and coverage for each area (kecamatan) of the scope."""
    rows = []
    for area in areas:
        statuses = Counter(s.status for s in states if s.village.kecamatan_code == area.code)
        villages = sum(statuses.values())
        rows.append(
            AreaProgress(
                code=area.code,
                name=area.name,
                villages=villages,
                formed=statuses[Status.FORMED],
                planned=statuses[Status.PLANNED],
                none=statuses[Status.NONE],
                coverage_pct=coverage_pct(statuses[Status.FORMED], villages),
            )
        )
    return rows


def verdict(years: Sequence[YearProgress]) -> Verdict:
    """Pick the latest missed target, the current one and the next one for the summary line."""
    missed = [y for y in years if y.status is TargetStatus.MISSED]
    current = [y for y in years if y.status is TargetStatus.IN_PROGRESS]
    upcoming = [y for y in years if y.status is TargetStatus.UPCOMING]
    return Verdict(
        missed=missed[-1] if missed else None,
        current=current[0] if current else None,
        upcoming=upcoming[0] if upcoming else None,
    )


def build_report(data: ScopeData, as_of: date) -> ProgressReport:
    """Everything ``kkb progress`` shows, as of a date."""
    states = village_states(data.villages, data.records, as_of)
    formed_years = [s.year for s in states if s.status is Status.FORMED and s.year is not None]
    planned_years = [s.year for s in states if s.status is Status.PLANNED and s.year is not None]
    total = len(states)
    years = progress_by_year(formed_years, planned_years, data.targets, total, as_of)
    return ProgressReport(
        as_of=as_of,
        scope=data.scope,
        village_noun=village_noun(data.villages),
        total_villages=total,
        formed=len(formed_years),
        planned=len(planned_years),
        coverage_pct=coverage_pct(len(formed_years), total),
        years=years,
        areas=progress_by_area(states, data.areas),
        verdict=verdict(years),
    )
