"""Use cases on programme activities: record, correct, remove, list and import them, and read
which agencies have entered which Kampung KB over a period (the activities section of a
report)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from kkb_cli.application.base import OfficeBase, place_of, scope_of, village_lookup
from kkb_cli.application.imports import (
    ImportRefusedError,
    Progress,
    RefusedRows,
    RowSource,
    _no_progress,
)
from kkb_cli.domain.activities import (
    Activity,
    ActivityReport,
    ActivitySummary,
    AreaActivity,
    agency_uses,
    check_period,
    checked_activity,
    default_since,
)
from kkb_cli.domain.catalogue import OTHER_AGENCY, Catalogue, Named
from kkb_cli.domain.regions import CODE_LENGTH, Level, Region, RegionCode, VillageFinder
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import long_date
from kkb_cli.storage.database import Mode

if TYPE_CHECKING:
    from kkb_cli.domain.activity_import import ActivityImportPlan
    from kkb_cli.storage.activities import ActivityRow
    from kkb_cli.storage.store import Store

_BATCH = 2000
SHOWN_QUIET = 30  # Kampung KB without activity listed in a report; `kkb list` has them all


@dataclass(frozen=True)
class ActivityDone:
    """An activity written: before and after (None when added, or removed), and where."""

    before: Activity | None
    after: Activity | None
    village: str
    kecamatan: str


def catalogue() -> Catalogue:
    from kkb_cli.storage.catalogue import catalogue as read

    return read()


def described(
    *,
    title: str | None = None,
    kegiatan: str | None = None,
    agencies: Sequence[str] | None = None,
    fungsi: str | None = None,
    groups: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The fields of an activity as a person gave them, looked up in the catalogues; only
    those given (None: not given)."""
    found = catalogue()
    fields: dict[str, Any] = {}
    if title is not None:
        fields["title"] = title
    if kegiatan is not None:
        fields["kegiatan"] = found.find_kegiatan(kegiatan)
    if agencies is not None:
        fields["agencies"] = tuple(found.find_agency(a) for a in agencies)
    if fungsi is not None:
        fields["fungsi"] = found.find_fungsi(fungsi) if fungsi.strip() else None
    if groups is not None:
        fields["groups"] = tuple(found.find_group(g) for g in groups)
    return fields


class ActivityUseCases(OfficeBase):
    def add_activity(
        self,
        village: str,
        *,
        day: date,
        title: str,
        kegiatan: str | None = None,
        agencies: Sequence[str] = (),
        fungsi: str | None = None,
        groups: Sequence[str] = (),
        place: str | None = None,
        description: str | None = None,
        people: int | None = None,
        scope: str | None = None,
        kecamatan: str | None = None,
        today: date | None = None,
    ) -> ActivityDone:
        """Record an activity of a formed Kampung KB. The same activity (Kampung KB, date and
        title) again is refused with its number."""
        fields = described(
            title=title, kegiatan=kegiatan, agencies=agencies, fungsi=fungsi, groups=groups
        )
        with self._writing() as store:
            found = place_of(store, village, scope, kecamatan).village
            wanted = Activity(
                found.code, day, place=place, description=description, people=people, **fields
            )
            activity = checked_activity(
                wanted, store.records.get(found.code), today or date.today(), found.name
            )
            existing = store.activities.same(activity)
            if existing is not None:
                raise RefusedError(
                    "error.activity_exists", id=existing.id, village=found.name, day=long_date(day)
                )
            (id_,) = store.activities.apply([_change(None, activity)])
            return ActivityDone(None, replace(activity, id=id_), found.name, found.kecamatan_name)

    def edit_activity(
        self,
        id_: int,
        *,
        day: date | None = None,
        place: str | None = None,
        description: str | None = None,
        people: int | None = None,
        today: date | None = None,
        **given: Any,
    ) -> ActivityDone:
        """Correct an activity: only what is given changes (``title``, ``kegiatan``,
        ``agencies``, ``fungsi``, ``groups`` as a person writes them)."""
        fields = described(**given)
        if day is not None:
            fields["day"] = day
        for name, value in (("place", place), ("description", description), ("people", people)):
            if value is not None:
                fields[name] = value
        if not fields:
            raise UsageError("error.edit_nothing")
        with self._writing() as store:
            row = _existing(store, id_)
            wanted = replace(row.activity, **fields)
            activity = checked_activity(
                wanted, store.records.get(wanted.village_code), today or date.today(), row.village
            )
            other = store.activities.same(activity)
            if other is not None and other.id != id_:
                raise RefusedError(
                    "error.activity_exists",
                    id=other.id,
                    village=row.village,
                    day=long_date(activity.day),
                )
            if not activity.same_as(row.activity):
                store.activities.apply([_change(row.activity, activity)])
            return ActivityDone(row.activity, activity, row.village, row.kecamatan)

    def remove_activity(self, id_: int, *, expected: Activity | None = None) -> ActivityDone:
        with self._writing() as store:
            row = _existing(store, id_)
            if expected is not None and not row.activity.same_as(expected):
                raise RefusedError("error.activity_changed", id=id_)
            store.activities.apply([_change(row.activity, None)])
            return ActivityDone(row.activity, None, row.village, row.kecamatan)

    def activity(self, id_: int) -> ActivityRow:
        with self._reading(must_exist=True) as store:
            return _existing(store, id_)

    @contextmanager
    def activities(
        self,
        *,
        village: str | None = None,
        kecamatan: str | None = None,
        agency: str | None = None,
        kegiatan: str | None = None,
        since: date | None = None,
        until: date | None = None,
        scope: str | None = None,
    ) -> Iterator[Iterator[ActivityRow]]:
        """The activities of the scope (or of one desa/kelurahan), by date, streamed from one
        read snapshot while the ``with`` block lasts."""
        if since is not None and until is not None:
            check_period(since, until)
        found = catalogue()
        agency_named = found.find_agency(agency) if agency is not None else None
        any_kegiatan = kegiatan is None
        kegiatan_code = found.find_kegiatan(kegiatan) if kegiatan is not None else None
        with self._reading(must_exist=True) as store:
            region = scope_of(store, scope)
            code = None
            if village is not None:
                code = place_of(store, village, scope, kecamatan).village.code
            elif kecamatan is not None:
                from kkb_cli.application.base import kecamatan_of

                region = kecamatan_of(store, region, kecamatan)
            yield store.activities.listing(
                region.region_code,
                village=code,
                agency=agency_named,
                kegiatan=kegiatan_code,
                any_kegiatan=any_kegiatan,
                since=since,
                until=until,
            )

    def import_activities(
        self,
        source: RowSource,
        *,
        update: bool = False,
        dry_run: bool = False,
        scope: str | None = None,
        progress: Progress = _no_progress,
        shown: int | None = 20,
        today: date | None = None,
    ) -> ActivityImportPlan:
        """Import activities, all or nothing (see ``domain/activity_import.py``)."""
        from kkb_cli.domain.activity_import import (
            ActivityImportPlan,
            ActivityRowChange,
            check_activity_rows,
            read_activity_header,
        )

        columns = read_activity_header(source.check())
        plan = ActivityImportPlan()
        found = catalogue()
        with (
            self._reading(must_exist=True)
            if dry_run
            else self._writing(command=f"activity import {source.short_name}")
        ) as store:
            region = scope_of(store, scope)
            finder = VillageFinder(
                village_lookup(store, region),
                store.regions.lookup(region.region_code, Level.KECAMATAN, "kecamatan"),
                lambda area: village_lookup(store, area),
            )
            outcomes = check_activity_rows(
                columns,
                progress(source.rows(), source.rows_checked),
                finder,
                store.records.formation,
                store.activities.same,
                found,
                update=update,
                today=today or date.today(),
                seen=store.regions.seen_codes(),
                suggesting=lambda: plan.suggesting,
            )
            batch: list[Any] = []
            for outcome in outcomes:
                plan.count(outcome, keep_changes=shown if dry_run else 0)
                if dry_run or plan.refused or not isinstance(outcome, ActivityRowChange):
                    continue
                batch.append(_change(outcome.before, outcome.after))
                if len(batch) >= _BATCH:
                    store.activities.apply(batch)
                    batch.clear()
            if plan.refused:
                refused = RefusedRows(
                    plan.rows, plan.refused, [(p.line, p.error.message) for p in plan.problems]
                )
                raise ImportRefusedError("error.activity_import_refused", source.name, refused)
            if not plan.rows:  # a header alone: most likely the wrong file
                raise RefusedError("error.import_no_rows", path=source.name)
            if batch:
                store.activities.apply(batch)
        return plan


def _existing(store: Store, id_: int) -> ActivityRow:
    row = store.activities.get(id_)
    if row is None:
        raise RefusedError("error.activity_unknown", id=id_)
    return row


def _change(before: Activity | None, after: Activity | None) -> Any:
    from kkb_cli.storage.activities import ActivityChange

    return ActivityChange(before, after)


# -- the activities section of a report --------------------------------------------------------


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

    A provinsi or all of Indonesia is summed from one summary per kabupaten/kota, kept between
    reports on the same period (and dropped by any write there); a smaller scope is counted
    straight from its activities."""
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
        kabupaten = [r.code for r in store.regions.below(code, Level.KABUPATEN_KOTA)]
        found = activities.kept_summaries(kabupaten, since, until)
        missing = [c for c in kabupaten if c not in found]
        if missing:
            computed: dict[str, ActivitySummary] = {}
            ranges = [code] if len(missing) > _ONE_PASS else [RegionCode(c) for c in missing]
            for where in ranges:
                computed |= activities.summaries(where, since, until, KABUPATEN, SHOWN_QUIET)
            fresh = {c: computed.get(c, ActivitySummary()) for c in missing}
            found |= fresh
            kept = Kept(since, until, generation, fresh)
        parts = [(c, found[c]) for c in kabupaten]
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


def agency_reach(store: Store, region: RegionCode, year: int, agencies: int, as_of: date) -> int:
    """Formed Kampung KB of a region reached by at least ``agencies`` agencies in ``year``
    (up to ``as_of`` when the year is under way)."""
    until = min(date(year, 12, 31), as_of)
    if until < date(year, 1, 1):
        return 0
    return store.activities.reached_by(region, date(year, 1, 1), until, agencies)


__all__ = ["ActivityDone", "ActivityUseCases", "Named", "activity_report", "agency_reach"]
