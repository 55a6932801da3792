"""Importing a spreadsheet of activities: what each column means, and what each row would do.

Pure, like the records import (``domain/imports.py``), whose rules it shares: headers in
English or Indonesian, every row checked, every wrong one reported, all or nothing. A row is an
activity identified by its Kampung KB, date and title: the same activity again is unchanged,
one with other details is refused unless ``update``, and a file that names one activity twice
is refused at its second line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from kkb_cli.domain.activities import Activity, checked_activity
from kkb_cli.domain.catalogue import Catalogue
from kkb_cli.domain.dates import parse_date
from kkb_cli.domain.imports import (
    SHOWN_PROBLEMS,
    Columns,
    RowProblem,
    SeenVillages,
    cell_text,
    fitted_cells,
    header_key,
    listed,
    row_village,
)
from kkb_cli.domain.records import KampungRecord
from kkb_cli.domain.regions import VillageFinder
from kkb_cli.errors import KkbError, RefusedError

ALIASES: dict[str, tuple[str, ...]] = {
    "village_code": (
        "kelurahan_code", "desa_code", "village_code", "kode", "kode_wilayah", "kode_kelurahan",
        "kode_desa", "kode_desa_kelurahan",
    ),
    "village": (
        "kelurahan", "desa", "desa_kelurahan", "kelurahan_desa", "village", "nama_kelurahan",
        "nama_desa", "nama_desa_kelurahan", "kampung_kb", "lokasi_kampung_kb",
    ),
    "kecamatan_code": ("kecamatan_code", "kode_kecamatan"),
    "kecamatan": ("kecamatan", "nama_kecamatan"),
    "date": ("date", "tanggal", "tgl", "tanggal_kegiatan", "tanggal_pelaksanaan"),
    "title": ("title", "judul", "judul_kegiatan", "nama_kegiatan"),
    "kegiatan": ("kegiatan", "kegiatan_inpres", "jenis_kegiatan", "intervensi", "inpres"),
    "agencies": (
        "agencies", "agency", "opd", "instansi", "instansi_pelaksana", "pelaksana",
        "lintas_sektor",
    ),
    "fungsi": ("fungsi", "fungsi_keluarga", "seksi", "function"),
    "groups": ("groups", "sasaran", "peserta", "sasaran_peserta", "kelompok_sasaran", "for"),
    "place": ("place", "tempat", "lokasi", "tempat_kegiatan"),
    "description": ("description", "deskripsi", "keterangan", "uraian", "catatan"),
    "people": (
        "people", "jumlah_peserta", "jumlah", "peserta_hadir", "jumlah_hadir", "participants",
    ),
}  # fmt: skip
# Columns `kkb export csv --table activities` writes for people, read and ignored here: the
# numbers beside them say the same.
_IGNORED = frozenset({
    "no", "nomor", "no_urut", "id", "kegiatan_name", "nama_kegiatan_inpres", "fungsi_name",
    "nama_fungsi", "program", "nama_program",
})  # fmt: skip
_FIELD_OF = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
# Several agencies or groups in one cell: "Dinas Kesehatan; Puskesmas" or "… | …".
_SEVERAL = re.compile(r"\s*[;|\n]\s*")


def read_activity_header(header: Sequence[str]) -> Columns:
    """Map a header row to fields; refuse unknown, repeated or missing columns."""
    fields: list[str | None] = []
    unknown = []
    for heading in header:
        key = header_key(heading)
        if not key or key in _IGNORED:
            fields.append(None)
            continue
        name = _FIELD_OF.get(key)
        if name is None:
            unknown.append(heading.strip())
        elif name in fields:
            raise RefusedError("error.import_repeated_column", column=heading.strip())
        fields.append(name)
    if unknown:
        raise RefusedError("error.activity_import_unknown_columns", columns=listed(unknown))
    if "village" not in fields and "village_code" not in fields:
        raise RefusedError("error.import_no_village_column")
    missing = [name for name in ("date", "title") if name not in fields]
    if missing:
        raise RefusedError("error.activity_import_missing", columns=", ".join(missing))
    return Columns(tuple(fields))


@dataclass(frozen=True)
class ActivityRowChange:
    line: int
    before: Activity | None
    after: Activity
    village_name: str


@dataclass(frozen=True)
class ActivityRowUnchanged:
    line: int


ActivityOutcome = ActivityRowChange | ActivityRowUnchanged | RowProblem


@dataclass
class ActivityImportPlan:
    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    changes: list[ActivityRowChange] = field(default_factory=list)

    def count(self, outcome: ActivityOutcome, *, keep_changes: int | None = 0) -> None:
        self.rows += 1
        if isinstance(outcome, RowProblem):
            self.refused += 1
            if len(self.problems) < SHOWN_PROBLEMS:
                self.problems.append(outcome)
        elif isinstance(outcome, ActivityRowUnchanged):
            self.unchanged += 1
        else:
            if outcome.before is None:
                self.added += 1
            else:
                self.updated += 1
            if keep_changes is None or len(self.changes) < keep_changes:
                self.changes.append(outcome)

    @property
    def suggesting(self) -> bool:
        return self.refused < SHOWN_PROBLEMS


def check_activity_rows(
    columns: Columns,
    rows: Iterable[tuple[int, Sequence[str]]],
    villages: VillageFinder,
    record_of: Callable[[str], KampungRecord | None],
    stored: Callable[[Activity], Activity | None],
    catalogue: Catalogue,
    *,
    update: bool,
    today: date,
    seen: SeenVillages,
    suggesting: Callable[[], bool] = lambda: True,
) -> Iterator[ActivityOutcome]:
    """Check each row and work out what it would do, one row at a time; nothing is written.
    ``stored`` finds the activity already stored with the same identity; ``seen`` remembers
    the line each identity was first met on."""
    for line, cells in rows:
        try:
            cells = fitted_cells(cells, columns)
            values = {f: cell.strip() for f, cell in zip(columns.fields, cells, strict=True) if f}
            village = row_village(values, villages, suggesting())
            activity = checked_activity(
                _activity(values, village.code, catalogue),
                record_of(village.code),
                today,
                village.name,
            )
            first = seen.setdefault("\x1f".join(activity.identity), line)
            if first != line:
                raise RefusedError("error.activity_import_repeated", first=first)
            existing = stored(activity)
            if existing is not None and existing.same_as(activity):
                yield ActivityRowUnchanged(line)
                continue
            if existing is not None and not update:
                raise RefusedError(
                    "error.activity_import_conflict", id=existing.id, village=village.name
                )
            after = activity if existing is None else replace(activity, id=existing.id)
            yield ActivityRowChange(line, existing, after, village.name)
        except KkbError as error:
            yield RowProblem(line, error)


def _activity(values: dict[str, str], village_code: str, catalogue: Catalogue) -> Activity:
    if not values.get("date"):
        raise RefusedError("error.activity_import_no_date")
    day = parse_date(values["date"])
    kegiatan = catalogue.find_kegiatan(values["kegiatan"]) if values.get("kegiatan") else None
    agencies = tuple(catalogue.find_agency(a) for a in _several(values.get("agencies", "")))
    fungsi = catalogue.find_fungsi(values["fungsi"]) if values.get("fungsi") else None
    groups = tuple(catalogue.find_group(g) for g in _several(values.get("groups", "")))
    people = _people(values.get("people", ""))
    return Activity(
        village_code,
        day,
        cell_text(values.get("title", "")) or "",
        kegiatan,
        agencies,
        fungsi,
        groups,
        cell_text(values.get("place", "")),
        cell_text(values.get("description", "")),
        people,
    )


def _several(cell: str) -> list[str]:
    return [part for part in _SEVERAL.split(cell) if part.strip()]


def _people(cell: str) -> int | None:
    if not cell:
        return None
    digits = cell.replace(".", "").replace(",", "").strip()
    if not digits.isdigit():
        raise RefusedError("error.activity_import_people", value=cell)
    return int(digits)
