"""Use cases on programme activities: record, correct, remove, list and import them, and read
which agencies have entered which Kampung KB over a period (the activities section of a
report)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from kkb_cli.application.activity_report import catalogue
from kkb_cli.application.base import OfficeBase, place_of, scope_of, village_lookup
from kkb_cli.application.imports import Progress, RowSource, _no_progress, refuse_bad_rows
from kkb_cli.domain.activities import (
    Activity,
    check_period,
    checked_activity,
)
from kkb_cli.domain.catalogue import Named
from kkb_cli.domain.regions import Level, VillageFinder
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import long_date

if TYPE_CHECKING:
    from kkb_cli.domain.activity_import import ActivityImportPlan
    from kkb_cli.storage.activities import ActivityRow
    from kkb_cli.storage.store import Store

_BATCH = 2000


@dataclass(frozen=True)
class ActivityDone:
    """An activity written: before and after (None when added, or removed), and where."""

    before: Activity | None
    after: Activity | None
    village: str
    kecamatan: str


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
            else self._writing(command=f"activity import {source.short_name}", bulk=True)
        ) as store:
            region = scope_of(store, scope)
            lookups = store.activities.import_lookups(village_lookup(store, region))
            finder = VillageFinder(
                lookups.villages,
                store.regions.lookup(region.region_code, Level.KECAMATAN, "kecamatan"),
                lambda area: village_lookup(store, area),
            )
            outcomes = check_activity_rows(
                columns,
                progress(source.rows(), source.rows_checked),
                finder,
                lookups,
                found,
                update=update,
                today=today or date.today(),
            )
            batch: list[ActivityRowChange] = []
            rebuild: str | None = None  # the history's index by village, if dropped
            with lookups, _collector_paused():
                for outcome in outcomes:
                    plan.count(outcome, keep_changes=shown if dry_run else 0)
                    if dry_run or plan.refused or not isinstance(outcome, ActivityRowChange):
                        continue
                    batch.append(outcome)  # written with its before and after, as a change
                    if len(batch) >= _BATCH:
                        if plan.added + plan.updated == len(batch):  # the first to write
                            to_come = source.rows_checked - plan.rows + len(batch)
                            rebuild = store.activities.before_bulk(to_come)
                        store.activities.apply(batch)
                        batch.clear()
            refuse_bad_rows(plan, source, "error.activity_import_refused")
            if batch:
                store.activities.apply(batch)
            if rebuild is not None:
                store.activities.after_bulk(rebuild)
        return plan


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while an import's rows stream past. The rows make no
    reference cycles: what each chunk leaves is freed at once by reference counting, so
    memory stays flat; but the tens of thousands of tuples made each second would set the
    collector off again and again, to walk the heap for nothing. It runs again (if it ran
    before) as soon as the rows are done, whatever happened."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _existing(store: Store, id_: int) -> ActivityRow:
    row = store.activities.get(id_)
    if row is None:
        raise RefusedError("error.activity_unknown", id=id_)
    return row


def _change(before: Activity | None, after: Activity | None) -> Any:
    from kkb_cli.storage.activities import ActivityChange

    return ActivityChange(before, after)


__all__ = ["ActivityDone", "ActivityUseCases", "Named"]
