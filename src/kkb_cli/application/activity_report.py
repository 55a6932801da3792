"""The activities section of a report: which agencies have entered which Kampung KB over a
period, for a scope and its areas one level down (``kkb progress``, ``kkb report``).

Apart from the activity use cases (application/activities.py): a report needs none of
them, and loads only this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kkb_cli.application.base import OfficeBase
from kkb_cli.domain.activities import (
    ActivityReport,
    ActivitySummary,
    AreaActivity,
    agency_uses,
    check_period,
    default_since,
)
from kkb_cli.domain.catalogue import OTHER_AGENCY, Catalogue
from kkb_cli.domain.regions import CODE_LENGTH, Level, Region, RegionCode
from kkb_cli.storage.database import Mode

if TYPE_CHECKING:
    from kkb_cli.storage.store import Store

SHOWN_QUIET = 30  # Kampung KB without activity listed in a report; `kkb list` has them all


def catalogue() -> Catalogue:
    """The catalogues (kegiatan, agencies, family functions, participant groups)."""
    from kkb_cli.storage.catalogue import catalogue as read

    return read()


@dataclass
class Kept:
    """Summaries a report computed for kabupaten/kota that had none kept, to keep them once
    the report is done (if nothing changed meanwhile: ``generation``)."""

    since: date
    until: date
    generation: int
    summaries: dict[str, ActivitySummary]


def activity_report(
    store: Store,
    scope: Region,
    areas: Sequence[Region],
    formed_by_area: dict[str, int],
    until: date,
    since: date | None = None,
) -> tuple[ActivityReport, Kept | None]:
    """Which agencies entered the scope's formed Kampung KB from ``since`` (default: the 12
    months before ``until``) to ``until``; areas one level down, with their formed counts.

    A provinsi is summed from one summary per kabupaten/kota, and all of Indonesia from one
    per provinsi (itself summed from its kabupaten/kota), kept between reports on the same
    period and dropped by any write there; a smaller scope is counted straight from its
    activities."""
    from kkb_cli.storage.activities import summaries_generation

    since = since or default_since(until)
    check_period(since, until)
    code = scope.region_code
    level = code.child_level
    area_length = CODE_LENGTH[level] if level else len(scope.code)
    activities = store.activities
    kept: Kept | None = None
    if scope.level in (None, Level.PROVINSI):
        generation = summaries_generation(store.conn)
        fresh: dict[str, ActivitySummary] = {}
        if scope.level is None:  # Indonesia: one summary per provinsi, summed once and kept
            provinsi = [r.code for r in store.regions.below(code, Level.PROVINSI)]
            # A provinsi's sum holds until the next write anywhere (which any kkb counts, even
            # one that keeps no such sums): then it is summed again from its kabupaten/kota's.
            found = {
                c: summary
                for c, summary in activities.kept_summaries(provinsi, since, until).items()
                if summary.generation == generation
            }
            missing = [c for c in provinsi if c not in found]
            if missing:
                kabupaten = [
                    r.code
                    for c in missing
                    for r in store.regions.below(RegionCode(c), Level.KABUPATEN_KOTA)
                ]
                below, fresh = _kabupaten_summaries(store, code, kabupaten, since, until)
                for c in missing:
                    summed = fresh[c] = found[c] = ActivitySummary(generation=generation)
                    for part_code in kabupaten:  # in code order: the lists stay in it
                        if part_code.startswith(c + "."):
                            summed.add(below[part_code], SHOWN_QUIET)
            parts = [(c, found[c]) for c in provinsi]
        else:
            kabupaten = [r.code for r in store.regions.below(code, Level.KABUPATEN_KOTA)]
            found, fresh = _kabupaten_summaries(store, code, kabupaten, since, until)
            parts = [(c, found[c]) for c in kabupaten]
        kept = Kept(since, until, generation, fresh) if fresh else None
    else:
        parts = sorted(activities.summaries(code, since, until, area_length, SHOWN_QUIET).items())
    by_area = {area.code: ActivitySummary() for area in areas}
    total = ActivitySummary()
    for part_code, part in parts:
        total.add(part, SHOWN_QUIET)
        if part_code[:area_length] in by_area:
            by_area[part_code[:area_length]].add(part, SHOWN_QUIET)
    found_catalogue = catalogue()
    uses = agency_uses(
        (
            (agency, kampung, count, date.fromisoformat(last))
            for agency, kampung, count, last in total.agencies.values()
        ),
        [c for c in found_catalogue.agencies if c != OTHER_AGENCY],
    )
    report = ActivityReport(
        scope=scope,
        since=since,
        until=until,
        total=_tally(total, sum(formed_by_area.values())),
        areas=[
            (area, _tally(by_area[area.code], formed_by_area.get(area.code, 0))) for area in areas
        ],
        activities=total.activities,
        agencies=uses,
        fungsi=dict(total.fungsi),
        programs=dict(total.programs),
        quiet=total.quiet,
        quiet_count=total.quiet_count,
        dashat_unknown=total.dashat,
        dashat_unknown_count=total.dashat_count,
    )
    return report, kept


def _kabupaten_summaries(
    store: Store, scope: RegionCode, kabupaten: Sequence[str], since: date, until: date
) -> tuple[dict[str, ActivitySummary], dict[str, ActivitySummary]]:
    """The summaries of these kabupaten/kota of the scope: those kept, and those that were
    not, computed (returned apart too, to keep them)."""
    activities = store.activities
    found = activities.kept_summaries(kabupaten, since, until)
    missing = [c for c in kabupaten if c not in found]
    fresh: dict[str, ActivitySummary] = {}
    if missing:
        computed: dict[str, ActivitySummary] = {}
        ranges = [scope] if len(missing) > _ONE_PASS else [RegionCode(c) for c in missing]
        for where in ranges:
            computed |= activities.summaries(where, since, until, KABUPATEN, SHOWN_QUIET)
        fresh = {c: computed.get(c, ActivitySummary()) for c in missing}
        found |= fresh
    return found, fresh


_ONE_PASS = 20  # more kabupaten/kota to sum than this: one pass over the scope
_KEEP_WAIT = 0.2  # seconds a report waits to keep its summaries; it never waits on an import
KABUPATEN = CODE_LENGTH[Level.KABUPATEN_KOTA]


def _tally(summary: ActivitySummary, formed: int) -> AreaActivity:
    """An area's formed Kampung KB by bucket, those reached by none included."""
    tally = AreaActivity(formed=formed)
    tally.buckets.update(summary.buckets)
    tally.buckets["none"] = formed - sum(summary.buckets.values())
    return tally


def keep(office: OfficeBase, kept: Kept | None) -> None:
    """Keep what a report computed, in a short write of its own, if nothing changed since it
    read; a file that cannot be written (read-only, busy) simply keeps nothing."""
    if kept is None or not kept.summaries:
        return
    from kkb_cli.errors import KkbError
    from kkb_cli.storage.activities import summaries_generation

    briefly = OfficeBase(office.path, busy_timeout=_KEEP_WAIT, command=office.command)
    try:
        with briefly._session(Mode.WRITE, must_exist=True) as store:
            if summaries_generation(store.conn) == kept.generation:
                store.activities.keep_summaries(kept.summaries, kept.since, kept.until)
    except KkbError:
        pass  # kept next time


__all__ = ["Kept", "activity_report", "catalogue", "keep"]
