"""The use case behind ``kkb report`` and ``kkb chart``: everything the head of office's report
shows, read from one snapshot. The numbers are those of ``kkb progress`` (the same
``ProgressReport``); the report adds the map and the desa/kelurahan still without a Kampung KB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kkb_cli.application.base import OfficeBase
from kkb_cli.domain.maps import MapData, Shape, polygons_of, village_status
from kkb_cli.domain.progress import ProgressReport
from kkb_cli.domain.records import KAMPUNG_COLUMNS
from kkb_cli.domain.regions import Level, Region
from kkb_cli.domain.status import Status
from kkb_cli.storage.store import Store

# The table of what is left lists this many desa/kelurahan at most; `kkb list` has them all.
LEFT_SHOWN = 500


@dataclass(frozen=True)
class LeftVillage:
    """A desa/kelurahan without a formed Kampung KB on the report's date."""

    code: str
    name: str
    kecamatan: str
    planned_year: int | None


@dataclass(frozen=True)
class ReportPage:
    """What ``kkb report`` prints: the progress report, its map, and what is left to do."""

    report: ProgressReport
    map: MapData
    left: list[LeftVillage]  # the first LEFT_SHOWN, by code
    left_count: int
    file_mode: int  # who may read the database: the report never allows more


class ReportPageUseCases(OfficeBase):
    def report_page(
        self,
        *,
        scope: str | None = None,
        as_of: date | None = None,
        since: date | None = None,
        today: date | None = None,
    ) -> ReportPage:
        """The report of a scope as of a date (today by default), with the activities of the
        period from ``since`` (default: the 12 months before)."""
        from kkb_cli.application.activity_report import keep
        from kkb_cli.application.reports import progress_of, report_date

        until = report_date(as_of, today)
        with self._reading() as store:
            region, report, kept = progress_of(store, scope, until, since)
            states, left, left_count = _villages(store, region, until)
            if region.region_code.depth <= 0:  # Indonesia or a provinsi: its areas by coverage
                drawn = _area_map(store, report)
            else:
                drawn = _village_map(store, region, states)
            mode = store.file.mode()
        keep(self, kept)
        return ReportPage(report, drawn, left, left_count, mode)


def _villages(
    store: Store, region: Region, as_of: date
) -> tuple[dict[str, tuple[str, str, Status]], list[LeftVillage], int]:
    """Each desa/kelurahan of the scope with its status on ``as_of`` (name, kecamatan code,
    status, by code), and the ones without a formed Kampung KB."""
    states: dict[str, tuple[str, str, Status]] = {}
    left: list[LeftVillage] = []
    count = 0
    for values in store.reports.kampung_table(region):
        row = dict(zip(KAMPUNG_COLUMNS, values, strict=True))
        status = village_status(row, as_of)
        code = row["kelurahan_code"]
        states[code] = (row["kelurahan"], row["kecamatan_code"], status)
        if status is not Status.FORMED:
            count += 1
            if len(left) < LEFT_SHOWN:
                planned = row["planned_year"] if status is Status.PLANNED else None
                left.append(LeftVillage(code, row["kelurahan"], row["kecamatan"], planned))
    return states, left, count


def _village_map(
    store: Store, region: Region, states: dict[str, tuple[str, str, Status]]
) -> MapData:
    """Each desa/kelurahan with a boundary, by status, with the kecamatan's outlines."""
    from kkb_cli.domain.maps import outline

    code = str(region.region_code)
    shapes = []
    for village, geometry in store.boundaries.shapes(code, Level.DESA_KELURAHAN):
        found = states.get(village)
        if found is None:
            continue
        name, kecamatan, status = found
        shapes.append(Shape(village, name, polygons_of(geometry), status=status, group=kecamatan))
    # Drawn from the desa/kelurahan themselves: loaded kecamatan boundaries are simplified
    # apart from them, and would cut across them.
    outlines = outline(shapes) if shapes else []
    return MapData(shapes, len(states), Level.DESA_KELURAHAN, outlines=outlines)


def _area_map(store: Store, report: ProgressReport) -> MapData:
    """The areas of a provinsi (its kabupaten/kota) or of Indonesia (its provinsi), each
    coloured by its coverage."""
    level = report.area_level or Level.KABUPATEN_KOTA
    areas = {area.code: area for area in report.areas}
    code = "" if report.scope.region_code.is_indonesia else str(report.scope.region_code)
    shapes = [
        Shape(c, areas[c].name, polygons_of(geometry), coverage_pct=areas[c].coverage_pct)
        for c, geometry in store.boundaries.shapes(code, level)
        if c in areas
    ]
    return MapData(shapes, len(areas), level)
