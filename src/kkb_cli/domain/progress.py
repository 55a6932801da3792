"""Cumulative progress, coverage and target status: pure functions over plain data.

Coverage is always a share of *all* villages in scope, not only of those with a plan: that is
what the official portal does not show.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from kkb_cli.domain.attributes import Answer, Attribute
from kkb_cli.domain.regions import Level, Region, village_noun
from kkb_cli.domain.status import Status
from kkb_cli.domain.targets import (
    AGENCIES,
    FORMED,
    Target,
    TargetCheck,
    TargetStatus,
    target_status,
)

if TYPE_CHECKING:
    from kkb_cli.domain.activities import ActivityReport


# The counts a report reads, by the thousand for a national one: tuples, quick to make.


class VillageCount(NamedTuple):
    """How many villages a region has, of each kind."""

    kelurahan: int
    desa: int  # desa and desa adat

    @property
    def total(self) -> int:
        return self.kelurahan + self.desa


class RecordCount(NamedTuple):
    """How many Kampung KB records of one area share a status, formation year and plan year."""

    area_code: str
    status: Status
    formed_year: int | None
    planned_year: int | None
    villages: int  # how many


class AnswerCount(NamedTuple):
    """How many formed Kampung KB of one area, formed in one year, gave one answer for one
    attribute, known from one year on (None: undated, known all along)."""

    area_code: str
    formed_year: int
    attribute: Attribute
    answer: Answer
    since_year: int | None
    villages: int  # how many


@dataclass(frozen=True)
class ScopeData:
    """Everything a report needs about one scope on one date, counted by area (the regions
    one level below the scope)."""

    scope: Region
    areas: list[Region]
    villages: dict[str, VillageCount]  # by area code
    records: list[RecordCount]
    answers: list[AnswerCount] = field(default_factory=list)
    # Formed in the as-of year but after the as-of date: not formed yet on it.
    formed_later: list[RecordCount] = field(default_factory=list)
    # Counted in ``answers`` but not known on the as-of date (dated later in its year, or
    # their record is in ``formed_later``).
    answered_later: list[AnswerCount] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)  # the scope's and its areas'
    # For each agency target (region code, year): its formed Kampung KB reached by enough
    # distinct agencies in the year (up to the as-of date).
    agency_reach: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def village_count(self) -> VillageCount:
        counts = self.villages.values()
        return VillageCount(sum(c.kelurahan for c in counts), sum(c.desa for c in counts))


# The rows of a report (read, never changed): tuples, quick to make and to define.


class YearProgress(NamedTuple):
    year: int
    target: int | None
    formed: int
    cumulative: int
    coverage_pct: float | None
    planned: int
    status: TargetStatus | None


class AreaProgress(NamedTuple):
    code: str
    name: str
    villages: int
    formed: int
    planned: int
    none: int
    coverage_pct: float | None


class AttributeCoverage(NamedTuple):
    """How many formed Kampung KB have an attribute, lack it, or are not known to have it."""

    attribute: Attribute
    formed: int
    yes: int
    no: int
    unknown: int

    @property
    def yes_pct(self) -> float | None:
        return coverage_pct(self.yes, self.formed)

    @property
    def no_pct(self) -> float | None:
        return coverage_pct(self.no, self.formed)

    @property
    def unknown_pct(self) -> float | None:
        return coverage_pct(self.unknown, self.formed)


class AreaAttributes(NamedTuple):
    code: str
    name: str
    attributes: list[AttributeCoverage]


class Verdict(NamedTuple):
    """The targets that matter most now, for the one-line summary."""

    missed: YearProgress | None  # the latest missed target
    current: YearProgress | None  # the target of the as-of year, when not yet met or missed
    upcoming: YearProgress | None  # the next target after the as-of year


@dataclass(frozen=True)
class ProgressReport:
    as_of: date
    scope: Region
    area_level: Level | None  # what the areas are (kecamatan of a kota…); None for a village
    village_noun: str
    total_villages: int
    formed: int
    planned: int
    coverage_pct: float | None
    years: list[YearProgress]
    areas: list[AreaProgress]
    verdict: Verdict
    attributes: list[AttributeCoverage] = field(default_factory=list)
    area_attributes: list[AreaAttributes] = field(default_factory=list)
    targets: list[TargetCheck] = field(default_factory=list)
    activities: ActivityReport | None = None  # which agencies entered which Kampung KB

    @property
    def complete(self) -> bool:
        """Every village in scope has a Kampung KB."""
        return self.total_villages > 0 and self.formed == self.total_villages

    @property
    def planned_by_year(self) -> dict[int, int]:
        return {row.year: row.planned for row in self.years if row.planned}


def coverage_pct(count: int, total: int) -> float | None:
    """``count`` as a percentage of ``total``, to one decimal; None for a share of nothing
    (no desa/kelurahan, or no Kampung KB formed yet), which is not 0%."""
    return round(100 * count / total, 1) if total else None


def state_as_of(
    status: Status,
    formed_year: int | None,
    planned_year: int | None,
    as_of: date,
    *,
    formed_later: bool = False,
) -> tuple[Status, int | None]:
    """A record's status on ``as_of``, with the year it was formed in or is planned for.

    A formation counts from its year; ``formed_later`` says that its date lies after ``as_of``
    in that year. Before its formation, a record that had been planned counts as planned; one
    that had not, as none.
    """
    formed = status is Status.FORMED and formed_year is not None and not formed_later
    if formed and formed_year is not None and formed_year <= as_of.year:
        return Status.FORMED, formed_year
    if planned_year is not None:
        return Status.PLANNED, planned_year
    return Status.NONE, None


StateKey = tuple[str, Status, "int | None"]  # area code, status, year
AnswerKey = tuple[str, Attribute, Answer]  # area code, attribute, answer


def count_states(
    records: Iterable[RecordCount], as_of: date, formed_later: Iterable[RecordCount] = ()
) -> Counter[StateKey]:
    """How many records of each area are formed, planned or neither on ``as_of``, by year."""
    counts: Counter[StateKey] = Counter()
    for row in records:
        state = state_as_of(row.status, row.formed_year, row.planned_year, as_of)
        counts[(row.area_code, *state)] += row.villages
    for row in formed_later:
        counts[(row.area_code, Status.FORMED, row.formed_year)] -= row.villages
        state = state_as_of(row.status, row.formed_year, row.planned_year, as_of, formed_later=True)
        counts[(row.area_code, *state)] += row.villages
    return counts


def count_answers(
    answers: Iterable[AnswerCount], as_of: date, answered_later: Iterable[AnswerCount] = ()
) -> Counter[AnswerKey]:
    """The answers known on ``as_of`` about Kampung KB formed by then, by area. An answer
    dated later was not known yet; an undated one counts as known all along."""
    counts: Counter[AnswerKey] = Counter()
    for row in answers:
        if row.formed_year <= as_of.year and (row.since_year or 0) <= as_of.year:
            counts[(row.area_code, row.attribute, row.answer)] += row.villages
    for row in answered_later:
        counts[(row.area_code, row.attribute, row.answer)] -= row.villages
    return counts


def progress_by_year(
    formed: Mapping[int, int],
    planned: Mapping[int, int],
    targets: Mapping[int, int],
    total: int,
    as_of: date,
) -> list[YearProgress]:
    """One row per year, from the earliest formation, plan, target or the as-of year to the
    latest of them. ``cumulative`` counts formations up to that year. Years with nothing in
    them stay, so a gap in the work shows.
    """
    years = {y for y, n in formed.items() if n} | {y for y, n in planned.items() if n}
    years |= set(targets) | {as_of.year}
    rows = []
    cumulative = 0
    for year in range(min(years), max(years) + 1):
        cumulative += formed.get(year, 0)
        target = targets.get(year)
        status = None if target is None else target_status(year, target, formed.get(year, 0), as_of)
        rows.append(
            YearProgress(
                year=year,
                target=target,
                formed=formed.get(year, 0),
                cumulative=cumulative,
                coverage_pct=coverage_pct(cumulative, total),
                planned=planned.get(year, 0),
                status=status,
            )
        )
    return rows


def attribute_coverage(
    formed: int, answers: Mapping[tuple[Attribute, Answer], int]
) -> list[AttributeCoverage]:
    """For each attribute, how many of ``formed`` Kampung KB have it, lack it, or are not
    known to. Unknown is its own count, never added to "no"."""
    rows = []
    for attribute in Attribute:
        yes = answers.get((attribute, Answer.YES), 0)
        no = answers.get((attribute, Answer.NO), 0)
        rows.append(AttributeCoverage(attribute, formed, yes, no, formed - yes - no))
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


@dataclass(frozen=True)
class Tally:
    """A scope's counts on one date, by area code: what every table of a report is made of.
    The key ``""`` holds a sum made by ``total``."""

    states: dict[str, Counter[tuple[Status, int | None]]]
    answers: dict[str, Counter[tuple[Attribute, Answer]]]

    @classmethod
    def of(cls, data: ScopeData, as_of: date, *, with_later: bool = True) -> Tally:
        """The counts on ``as_of``; ``with_later=False`` for the end of a year before the
        report's, where nothing dated is later than it."""
        states: dict[str, Counter[tuple[Status, int | None]]] = {}
        later = data.formed_later if with_later else ()
        for (area, status, year), n in count_states(data.records, as_of, later).items():
            states.setdefault(area, Counter())[(status, year)] += n
        answers: dict[str, Counter[tuple[Attribute, Answer]]] = {}
        answered_later = data.answered_later if with_later else ()
        known = count_answers(data.answers, as_of, answered_later)
        for (area, attribute, answer), n in known.items():
            answers.setdefault(area, Counter())[(attribute, answer)] += n
        return cls(states, answers)

    def total(self, areas: Iterable[str] | None = None) -> Tally:
        """The sums over ``areas`` (all when None), under the key ``""``."""
        chosen = set(self.states) | set(self.answers) if areas is None else set(areas)
        states: Counter[tuple[Status, int | None]] = Counter()
        answers: Counter[tuple[Attribute, Answer]] = Counter()
        for area in chosen:
            states.update(self.states.get(area, Counter()))
            answers.update(self.answers.get(area, Counter()))
        return Tally({"": states}, {"": answers})

    def by_status(self, area: str = "") -> Counter[Status]:
        counts: Counter[Status] = Counter()
        for (status, _), n in self.states.get(area, Counter()).items():
            counts[status] += n
        return counts

    def by_year(self, status: Status, area: str = "") -> dict[int, int]:
        return {
            year: n
            for (s, year), n in self.states.get(area, Counter()).items()
            if s is status and year is not None
        }

    def coverage(self, area: str = "") -> list[AttributeCoverage]:
        formed = self.by_status(area)[Status.FORMED]
        return attribute_coverage(formed, self.answers.get(area, Counter()))


def check_targets(data: ScopeData, tally: Tally, as_of: date) -> list[TargetCheck]:
    """Each target's standing on ``as_of``: the scope's first, then each area's, by year.
    An attribute target counts the answers known at the end of its year (or on ``as_of``)."""
    regions = {data.scope.code: data.scope, **{area.code: area for area in data.areas}}
    checks = []
    for target in sorted(
        data.targets, key=lambda t: (t.region_code != data.scope.code, t.region_code, t.year)
    ):
        region = regions.get(target.region_code)
        if region is None:
            continue  # below the areas: it shows in the report of its own region
        inside = None if region is data.scope else [region.code]
        if target.subject == FORMED:
            wanted = target.count or 0
            achieved = tally.total(inside).by_year(Status.FORMED).get(target.year, 0)
        elif target.subject == AGENCIES:
            end_of_year = date(target.year, 12, 31)
            then = tally if end_of_year >= as_of else Tally.of(data, end_of_year, with_later=False)
            formed = then.total(inside).by_status()[Status.FORMED]
            achieved = data.agency_reach.get((target.region_code, target.year), 0)
            wanted = _wanted(target, formed)
        else:
            end_of_year = date(target.year, 12, 31)
            then = tally if end_of_year >= as_of else Tally.of(data, end_of_year, with_later=False)
            total = then.total(inside)
            formed = total.by_status()[Status.FORMED]
            achieved = total.answers[""][(Attribute(target.subject), Answer.YES)]
            wanted = _wanted(target, formed)
        status = target_status(target.year, wanted, achieved, as_of)
        checks.append(TargetCheck(target, region, wanted, achieved, status))
    return checks


def _wanted(target: Target, formed: int) -> int:
    """How many a share-or-count target asks for, out of ``formed`` Kampung KB."""
    if target.count is not None:
        return target.count
    if not formed:
        return 1  # a share of nothing is not met: at least one must be formed first
    return math.ceil((target.percent or 0) * formed / 100 - 1e-9)


def build_report(data: ScopeData, as_of: date) -> ProgressReport:
    """Everything ``kkb progress`` shows, as of a date."""
    tally = Tally.of(data, as_of)
    scope = tally.total()
    villages = data.village_count
    formed = scope.by_year(Status.FORMED)
    planned = scope.by_year(Status.PLANNED)
    targets = {
        t.year: t.count
        for t in data.targets
        if t.region_code == data.scope.code and t.subject == FORMED and t.count is not None
    }
    years = progress_by_year(formed, planned, targets, villages.total, as_of)
    areas = []
    for area in data.areas:
        statuses = tally.by_status(area.code)
        count = data.villages.get(area.code, VillageCount(0, 0)).total
        areas.append(
            AreaProgress(
                code=area.code,
                name=area.name,
                villages=count,
                formed=statuses[Status.FORMED],
                planned=statuses[Status.PLANNED],
                none=count - statuses[Status.FORMED] - statuses[Status.PLANNED],
                coverage_pct=coverage_pct(statuses[Status.FORMED], count),
            )
        )
    total_formed = sum(formed.values())
    return ProgressReport(
        as_of=as_of,
        scope=data.scope,
        area_level=data.scope.region_code.child_level,
        village_noun=village_noun(villages.kelurahan, villages.desa),
        total_villages=villages.total,
        formed=total_formed,
        planned=sum(planned.values()),
        coverage_pct=coverage_pct(total_formed, villages.total),
        years=years,
        areas=areas,
        verdict=verdict(years),
        attributes=scope.coverage(),
        area_attributes=[
            AreaAttributes(area.code, area.name, tally.coverage(area.code)) for area in data.areas
        ],
        targets=check_targets(data, tally, as_of),
    )
