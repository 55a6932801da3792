"""Machine-readable columns: JSON keys and CSV headers, identical in every language."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kkb_cli import __version__
from kkb_cli.domain.progress import AreaProgress, AttributeCoverage, ProgressReport, YearProgress
from kkb_cli.domain.regions import Region
from kkb_cli.domain.targets import TargetCheck

if TYPE_CHECKING:
    from kkb_cli.application.records import Profile
    from kkb_cli.render.xlsxout import Column

ATTRIBUTE_COLUMNS = (
    "code", "name", "attribute", "formed", "yes", "no", "unknown", "yes_pct", "no_pct",
    "unknown_pct",
)  # fmt: skip
TARGET_COLUMNS = (
    "region_code", "region", "year", "subject", "count", "percent", "min_agencies", "wanted",
    "achieved", "needed", "status", "note",
)  # fmt: skip
YEAR_COLUMNS = ("year", "target", "formed", "cumulative", "coverage_pct", "planned", "status")
AREA_COLUMNS = ("code", "name", "villages", "formed", "planned", "none", "coverage_pct")


# CSV headers in Indonesian, only when asked for (`kkb export csv --headers id`); each is also
# a column name `kkb import csv` accepts where it imports that column.
HEADERS_ID = {
    "kelurahan_code": "kode_kelurahan",
    "kelurahan": "kelurahan",
    "kecamatan_code": "kode_kecamatan",
    "kecamatan": "kecamatan",
    "status": "status",
    "year": "tahun",
    "date": "tanggal",
    "planned_year": "tahun_rencana",
    "name": "nama",
    "sk_number": "no_sk",
    "note": "catatan",
    "target": "target",
    "formed": "terbentuk",
    "cumulative": "kumulatif",
    "coverage_pct": "cakupan_persen",
    "planned": "direncanakan",
    "code": "kode",
    "villages": "jumlah_kelurahan",
    "none": "belum_ada",
    "attribute": "atribut",
    "yes": "ya",
    "no": "tidak",
    "unknown": "tidak_diketahui",
    "yes_pct": "ya_persen",
    "no_pct": "tidak_persen",
    "unknown_pct": "tidak_diketahui_persen",
    "region_code": "kode_wilayah",
    "region": "wilayah",
    "subject": "subjek",
    "count": "jumlah",
    "percent": "persen",
    "wanted": "target_jumlah",
    "achieved": "tercapai",
    "needed": "kurang",
    "min_agencies": "minimal_instansi",
    "id": "id",
    "title": "judul",
    "kegiatan": "kegiatan",
    "kegiatan_name": "nama_kegiatan_inpres",
    "agencies": "instansi",
    "fungsi": "fungsi",
    "fungsi_name": "nama_fungsi",
    "groups": "sasaran",
    "place": "tempat",
    "description": "deskripsi",
    "people": "jumlah_peserta",
    "agency_code": "kode_instansi",
    "agency": "nama_instansi",
    "kampung": "kampung_kb",
    "activities": "jumlah_kegiatan",
    "last_activity": "kegiatan_terakhir",
    "agencies_none": "tanpa_instansi",
    "agencies_1": "instansi_1",
    "agencies_2_4": "instansi_2_4",
    "agencies_5_more": "instansi_5_lebih",
}


# How each column is written to a spreadsheet: numbers and dates as such, shares as percentages.
_INTEGER_COLUMNS = frozenset({
    "year", "planned_year", "target", "formed", "cumulative", "planned", "villages", "none",
    "yes", "no", "unknown", "count", "wanted", "achieved", "needed", "id", "kegiatan", "fungsi",
    "people", "agency_code", "kampung", "activities", "min_agencies", "agencies_none",
    "agencies_1", "agencies_2_4", "agencies_5_more",
})  # fmt: skip
_PERCENT_COLUMNS = frozenset({"coverage_pct", "yes_pct", "no_pct", "unknown_pct", "percent"})
_DATE_COLUMNS = frozenset({"date", "last_activity"})


def spreadsheet_columns(
    columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> tuple[tuple[Column, ...], Iterator[dict[str, Any]]]:
    """A table's columns with their kinds for a workbook, and its rows with dates as dates.
    The headings are the same stable names as the CSV headers."""
    from kkb_cli.render.xlsxout import Column, Kind

    def kind(name: str) -> Kind:
        if name in _INTEGER_COLUMNS:
            return Kind.INTEGER
        if name in _PERCENT_COLUMNS:
            return Kind.PERCENT
        return Kind.DATE if name in _DATE_COLUMNS else Kind.TEXT

    def typed(row: dict[str, Any]) -> dict[str, Any]:
        return {
            key: date.fromisoformat(value) if key in _DATE_COLUMNS and value else value
            for key, value in row.items()
        }

    return tuple(Column(name, name, kind(name)) for name in columns), map(typed, rows)


def attribute_rows(report: ProgressReport) -> list[dict[str, Any]]:
    """Attribute coverage: the scope's rows first, then each area's (kkb export)."""
    scope = [(report.scope.code, report.scope.name, report.attributes)]
    areas = [(a.code, a.name, a.attributes) for a in report.area_attributes]
    return [
        {"code": code, "name": name, **attribute_row(row)}
        for code, name, rows in scope + areas
        for row in rows
    ]


def attribute_row(row: AttributeCoverage) -> dict[str, Any]:
    return {
        "attribute": row.attribute.value,
        "formed": row.formed,
        "yes": row.yes,
        "no": row.no,
        "unknown": row.unknown,
        "yes_pct": row.yes_pct,
        "no_pct": row.no_pct,
        "unknown_pct": row.unknown_pct,
    }


def target_row(check: TargetCheck) -> dict[str, Any]:
    target = check.target
    return {
        "region_code": check.region.code,
        "region": check.region.name,
        "year": target.year,
        "subject": target.subject,
        "count": target.count,
        "percent": target.percent,
        "min_agencies": target.agencies,
        "wanted": check.wanted,
        "achieved": check.achieved,
        "needed": check.needed,
        "status": check.status.value,
        "note": target.note,
    }


def year_row(row: YearProgress) -> dict[str, Any]:
    return {
        "year": row.year,
        "target": row.target,
        "formed": row.formed,
        "cumulative": row.cumulative,
        "coverage_pct": row.coverage_pct,
        "planned": row.planned,
        "status": row.status.value if row.status else None,
    }


def area_row(row: AreaProgress) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "villages": row.villages,
        "formed": row.formed,
        "planned": row.planned,
        "none": row.none,
        "coverage_pct": row.coverage_pct,
    }


def report_dict(report: ProgressReport) -> dict[str, Any]:
    """``kkb progress --json``."""
    verdict = report.verdict
    return {
        "as_of": report.as_of.isoformat(),
        "scope": {"code": report.scope.code, "name": report.scope.name},
        "village_noun": report.village_noun,
        "total_villages": report.total_villages,
        "formed": report.formed,
        "planned": report.planned,
        "none": report.total_villages - report.formed - report.planned,
        "coverage_pct": report.coverage_pct,
        "planned_by_year": {str(year): n for year, n in report.planned_by_year.items()},
        "years": [year_row(row) for row in report.years],
        "areas": [area_row(row) for row in report.areas],
        "attributes": [attribute_row(row) for row in report.attributes],
        "area_attributes": [
            {"code": a.code, "name": a.name, "attributes": [attribute_row(r) for r in a.attributes]}
            for a in report.area_attributes
        ],
        "targets": [target_row(check) for check in report.targets],
        "verdict": {
            "complete": report.complete,
            "missed_target_year": verdict.missed.year if verdict.missed else None,
            "current_target_year": verdict.current.year if verdict.current else None,
            "next_target_year": verdict.upcoming.year if verdict.upcoming else None,
        },
    }


def info_dict(
    path: str, schema_version: int, journal_mode: str, scope: Region, counts: dict[str, int]
) -> dict[str, Any]:
    """``kkb info --json``."""
    return {
        "path": path,
        "schema_version": schema_version,
        "journal_mode": journal_mode,
        "scope": {"code": scope.code, "name": scope.name},
        "counts": counts,
        "kkb_version": __version__,
    }


def profile_dict(profile: Profile) -> dict[str, Any]:
    """``kkb show --json``: the village, where it lies, its record, targets and history."""
    from dataclasses import asdict

    from kkb_cli.domain.records import record_values

    village = profile.village
    return {
        "code": village.code,
        "name": village.name,
        "kind": village.kind,
        "kecamatan": {"code": village.kecamatan_code, "name": village.kecamatan_name},
        "path": [{"code": r.code, "name": r.name} for r in profile.path],
        "record": record_values(profile.record),
        "targets": [target_row(check) for check in profile.targets],
        "history": [asdict(row) for row in profile.history],
    }
