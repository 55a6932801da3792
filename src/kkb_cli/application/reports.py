"""Use cases that report: progress, the list of desa/kelurahan, and the tables to export, each
read from one snapshot of the file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kkb_cli.application.base import OfficeBase, kecamatan_of, scope_of
from kkb_cli.domain.attributes import Attribute, parse_attribute
from kkb_cli.domain.dates import check_as_of
from kkb_cli.domain.progress import ProgressReport, build_report
from kkb_cli.domain.regions import Region, village_noun
from kkb_cli.domain.status import Status
from kkb_cli.storage.store import Store

if TYPE_CHECKING:  # (loaded by the reports that count activities: `kkb list` needs none)
    from kkb_cli.application.activity_report import Kept


@dataclass
class Listing:
    """The desa/kelurahan a listing shows, what they are called, and their rows (streamed
    while the snapshot is open)."""

    region: Region
    noun: str
    rows: Iterator[dict[str, Any]]
    attribute: Attribute | None = None


@dataclass
class Tables:
    """Every table of a scope from one snapshot: the report as of today, and the Kampung KB
    table streamed from the file (national-size, never whole in memory)."""

    region: Region
    report: ProgressReport
    store: Store

    def kampung(self, escape: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
        """One row per desa/kelurahan, in ``KAMPUNG_COLUMNS`` order (see ``ReportStore``);
        text starting with one of ``escape`` gets a ``'`` in front."""
        return self.store.reports.kampung_table(self.region, escape)

    def kampung_rows(self) -> Iterator[dict[str, Any]]:

        from kkb_cli.domain.records import KAMPUNG_COLUMNS

        return (dict(zip(KAMPUNG_COLUMNS, row, strict=True)) for row in self.kampung())

    @property
    def file_mode(self) -> int:
        """Who may read the database: an export of it never allows more."""
        return self.store.file.mode()


class ReportUseCases(OfficeBase):
    def progress(
        self,
        *,
        scope: str | None = None,
        as_of: date | None = None,
        since: date | None = None,
        today: date | None = None,
    ) -> ProgressReport:
        """Progress against the targets, coverage by area, attributes, targets, and the
        activities of the period from ``since`` (default: the 12 months before) to the as-of
        date (today by default)."""
        from kkb_cli.application.activity_report import keep

        until = report_date(as_of, today)
        with self._reading() as store:
            _, report, kept = progress_of(store, scope, until, since)
        keep(self, kept)
        return report

    @contextmanager
    def listing(
        self,
        *,
        scope: str | None = None,
        kecamatan: str | None = None,
        status: Status | None = None,
        missing: str | None = None,
        no_activity_since: date | None = None,
    ) -> Iterator[Listing]:
        """The desa/kelurahan of the scope (or of a kecamatan in it) with their Kampung KB:
        all, those of a ``status``, the formed ones ``missing`` an attribute (no, or not
        known), or the formed ones with no activity since a date (the ones to visit)."""

        from kkb_cli.domain.records import KAMPUNG_COLUMNS

        lacking = parse_attribute(missing) if missing is not None else None
        with self._reading() as store:
            region = scope_of(store, scope)
            if kecamatan is not None:
                region = kecamatan_of(store, region, kecamatan)
            noun = village_noun(*store.regions.village_kinds(region.region_code))
            rows: Iterator[dict[str, Any]] = (
                dict(zip(KAMPUNG_COLUMNS, row, strict=True))
                for row in store.reports.kampung_table(region)
            )
            if status is not None:
                rows = (row for row in rows if row["status"] == status.value)
            if lacking is not None:
                rows = (
                    r for r in rows if r["status"] == Status.FORMED and r[lacking.value] != "yes"
                )
            if no_activity_since is not None:
                active = store.activities.active_since(region.region_code, no_activity_since)
                rows = (
                    r
                    for r in rows
                    if r["status"] == Status.FORMED and r["kelurahan_code"] not in active
                )
            yield Listing(region, noun, rows, lacking)

    @contextmanager
    def tables(self, *, scope: str | None = None, today: date | None = None) -> Iterator[Tables]:
        """Every table kkb exports, from one snapshot."""
        today = today or date.today()
        with self._reading() as store:
            region = scope_of(store, scope)
            data = store.reports.scope_data(region, today)
            report, _ = with_activities(store, build_report(data, today), data.areas, None)
            yield Tables(region, report, store)


def report_date(as_of: date | None, today: date | None) -> date:
    """The date a report is as of: ``as_of`` (never after today), else today."""
    today = today or date.today()
    if as_of is not None:
        check_as_of(as_of, today)
    return as_of or today


def progress_of(
    store: Store, scope: str | None, until: date, since: date | None
) -> tuple[Region, ProgressReport, Kept | None]:
    """The scope's region, its report as of ``until`` with the activities since ``since``,
    and the activity summaries it computed (to keep), read in the caller's snapshot."""
    region = scope_of(store, scope)
    data = store.reports.scope_data(region, until)
    report, kept = with_activities(store, build_report(data, until), data.areas, since)
    return region, report, kept


def with_activities(
    store: Store, report: ProgressReport, areas: list[Region], since: date | None
) -> tuple[ProgressReport, Kept | None]:
    """The report with its activities section (see ``application/activities.py``), and the
    summaries it computed, to keep."""
    from dataclasses import replace

    from kkb_cli.application.activity_report import activity_report

    formed = {area.code: area.formed for area in report.areas}
    section, kept = activity_report(store, report.scope, areas, formed, report.as_of, since)
    return replace(report, activities=section), kept
