"""Cumulative progress, coverage and target status: pure functions over plain data.

Coverage is always a share of *all* villages in scope, not only of those with a plan: that is
what the official portal does not show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from kkb_cli.domain.attributes import Answer, Attribute
from kkb_cli.domain.records import KampungRecord, Status
from kkb_cli.domain.regions import Region, Village, village_noun
from kkb_cli.domain.targets import (
    Target,
    TargetCheck,
    TargetStatus,
    check_targets,
    target_status,
)


@dataclass(frozen=True)
class ScopeData:
    """Everything known about one scope at one moment: its regions, records and targets."""

    scope: Region
    areas: list[Region]  # one level below the scope: the kecamatan of a kota
    villages: list[Village]
    records: dict[str, KampungRecord]  # by village code; a village without one has none
    targets: dict[int, int]  # the scope's formation target by year
    all_targets: list[Target] = field(default_factory=list)  # the scope's and its areas'


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
class AttributeCoverage:
    """How many formed Kampung KB have an attribute, lack it, or are not known to have it."""

    attribute: Attribute
    formed: int
    yes: int
    no: int
    unknown: int

    @property
    def yes_pct(self) -> float:
        return coverage_pct(self.yes, self.formed)

    @property
    def no_pct(self) -> float:
        return coverage_pct(self.no, self.formed)

    @property
    def unknown_pct(self) -> float:
        return coverage_pct(self.unknown, self.formed)


@dataclass(frozen=True)
class AreaAttributes:
    code: str
    name: str
    attributes: list[AttributeCoverage]


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
    attributes: list[AttributeCoverage] = field(default_factory=list)
    area_attributes: list[AreaAttributes] = field(default_factory=list)
    targets: list[TargetCheck] = field(default_factory=list)

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
                status=None if target is None else target_status(year, target, formed[year], as_of),
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


def attribute_coverage(formed: Sequence[KampungRecord], as_of: date) -> list[AttributeCoverage]:
    """For each attribute, how many of the ``formed`` Kampung KB have it, lack it, or are
    unknown. Unknown is its own count, never added to "no"."""
    rows = []
    for attribute in Attribute:
        answers = Counter(record.answer(attribute, as_of) for record in formed)
        rows.append(
            AttributeCoverage(
                attribute=attribute,
                formed=len(formed),
                yes=answers[Answer.YES],
                no=answers[Answer.NO],
                unknown=answers[None],
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
    formed = [data.records[s.village.code] for s in states if s.status is Status.FORMED]
    area_attributes = [
        AreaAttributes(
            area.code,
            area.name,
            attribute_coverage(
                [r for r in formed if r.village_code.startswith(area.code + ".")], as_of
            ),
        )
        for area in data.areas
    ]
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
        attributes=attribute_coverage(formed, as_of),
        area_attributes=area_attributes,
        targets=check_targets(
            data.all_targets, states, data.records, data.scope, data.areas, as_of
        ),
    )
