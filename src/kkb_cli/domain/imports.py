"""Bulk import: what each column of a spreadsheet means, and what each row would change.

Pure: it takes the header and rows already split from the file, the scope's villages and its
records, and returns every change and every problem, so that the caller writes all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol

from kkb_cli.domain.attributes import (
    ALL_ATTRIBUTES,
    ATTRIBUTE_KEYS,
    LABELS,
    Answer,
    Attribute,
    AttributeValue,
    parse_answer,
    parse_attribute,
)
from kkb_cli.domain.dates import check_plan_year, parse_date, parse_year
from kkb_cli.domain.records import Change, KampungRecord, formation_when
from kkb_cli.domain.regions import Village, VillageFinder, name_key
from kkb_cli.domain.status import Status, parse_status
from kkb_cli.errors import KkbError, RefusedError
from kkb_cli.messages import text

# Every header a column may have, by the field it fills. Headers are compared in lower case
# with runs of spaces and punctuation read as "_": "Desa/Kelurahan" and "No. SK" both match.
# The English names are the ones `kkb export csv` writes, so an export imports as it is.
ALIASES: dict[str, tuple[str, ...]] = {
    "village_code": (
        "kelurahan_code", "desa_code", "village_code", "code", "kode", "kode_wilayah",
        "kode_kelurahan", "kode_desa", "kode_desa_kelurahan",
    ),
    "village": (
        "kelurahan", "desa", "desa_kelurahan", "kelurahan_desa", "village", "nama_kelurahan",
        "nama_desa", "nama_desa_kelurahan",
    ),
    "kecamatan_code": ("kecamatan_code", "kode_kecamatan"),
    "kecamatan": ("kecamatan", "nama_kecamatan"),
    "status": ("status", "status_kampung_kb"),
    "year": (
        "year", "tahun", "formed_year", "tahun_terbentuk", "tahun_pembentukan",
        "tahun_pencanangan",
    ),
    "date": (
        "date", "tanggal", "formed_date", "tanggal_terbentuk", "tanggal_pembentukan",
        "tanggal_pencanangan", "tgl",
    ),
    "planned_year": ("planned_year", "tahun_rencana", "rencana_tahun", "rencana"),
    "name": ("name", "nama", "nama_kampung", "nama_kampung_kb", "kampung_kb"),
    "sk_number": ("sk_number", "sk", "no_sk", "nomor_sk", "sk_pembentukan"),
    "note": ("note", "catatan", "keterangan", "ket"),
    # One column per attribute, named by its key (`dashat`, `rumah_dataku`) or its label
    # (`Rumah DataKu`, `PIK-R`): yes/ya, no/tidak, or ? for not known; empty keeps it.
    **{attribute.value: (attribute.value,) for attribute in Attribute},
}  # fmt: skip
# Row-number columns that office sheets start with: read and ignored.
_IGNORED = frozenset({"no", "nomor", "no_urut", "nomor_urut", "urut"})
_FIELD_OF = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_TEXT_FIELDS = ("name", "sk_number", "note")

_NOT_WORD = re.compile(r"[\W_]+")
# A cell starting with one of these may be run as a formula by a spreadsheet (OWASP: CSV
# injection), the fullwidth and small forms too: an East Asian Excel reads ＝1+1 as =1+1.
# `kkb export csv` writes a ' before such text, and before text that starts with ' itself;
# an import takes exactly that one off again.
FORMULA_START = (
    "=", "+", "-", "@", "\t", "\r", "'",
    "\uff1d", "\uff0b", "\uff0d", "\uff20",  # ＝ ＋ － ＠
    "\ufe66", "\ufe62", "\ufe63", "\ufe6b",  # ﹦ ﹢ ﹣ ﹫
)  # fmt: skip
_NEUTRALISED = re.compile("\\A'(?=[" + re.escape("".join(FORMULA_START)) + "])")


def _attribute_column(heading: str) -> str | None:
    """An attribute column named as `kkb set` accepts it (`Dapur Sehat Atasi Stunting`)."""
    try:
        return parse_attribute(heading).value
    except KkbError:
        return None


def listed(names: Sequence[str], shown: int = 10, longest: int = 60) -> str:
    """``'a', 'b' … (+998)``: a few quoted names, each cut short, and how many more."""
    quoted = [f"'{n[:longest]}…'" if len(n) > longest else f"'{n}'" for n in names[:shown]]
    more = f" … (+{len(names) - shown})" if len(names) > shown else ""
    return ", ".join(quoted) + more


def header_key(heading: str) -> str:
    """``Desa/Kelurahan`` → ``desa_kelurahan``; ``No. SK`` → ``no_sk``."""
    return _NOT_WORD.sub("_", heading.casefold()).strip("_")


@dataclass(frozen=True)
class Columns:
    """Which field each column of the file fills (None: the column is empty and ignored)."""

    fields: tuple[str | None, ...]


def read_header(header: Sequence[str]) -> Columns:
    """Map a header row to fields; refuse unknown, repeated or missing columns."""
    fields: list[str | None] = []
    unknown = []
    for heading in header:
        key = header_key(heading)
        if not key or key in _IGNORED:
            fields.append(None)  # an unnamed column (a trailing ; from Excel) or row numbers
            continue
        name = _FIELD_OF.get(key) or _attribute_column(heading)
        if name is None:
            unknown.append(heading.strip())
        elif name in fields:
            raise RefusedError("error.import_repeated_column", column=heading.strip())
        fields.append(name)
    if unknown:
        raise RefusedError("error.import_unknown_columns", columns=listed(unknown))
    if "village" not in fields and "village_code" not in fields:
        raise RefusedError("error.import_no_village_column")
    return Columns(tuple(fields))


# An import lists at most this many refused rows, then says how many more there are: a
# file of a million wrong rows gets a readable answer, and kkb never holds them all.
SHOWN_PROBLEMS = 100


@dataclass(frozen=True)
class RowProblem:
    line: int
    error: KkbError


@dataclass(frozen=True)
class RowChange:
    line: int
    change: Change
    village_name: str = ""


@dataclass(frozen=True)
class RowUnchanged:
    line: int


RowOutcome = RowChange | RowProblem | RowUnchanged


class SeenVillages(Protocol):
    def setdefault(self, code: str, line: int, /) -> int:
        """The line ``code`` was first met on; ``line`` when it is new."""
        ...


@dataclass
class ImportPlan:
    """What an import does, counted as its rows stream past: how many rows would be added,
    updated or left as they are, and the first ``SHOWN_PROBLEMS`` refused rows (``refused``
    counts them all)."""

    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)  # kept only when asked for

    def count(self, outcome: RowOutcome, *, keep_changes: int | None = 0) -> None:
        """Count a row's outcome; keep the first ``keep_changes`` changes to show (None:
        all)."""
        self.rows += 1
        if isinstance(outcome, RowProblem):
            self.refused += 1
            if len(self.problems) < SHOWN_PROBLEMS:
                self.problems.append(outcome)
        elif isinstance(outcome, RowUnchanged):
            self.unchanged += 1
        else:
            if outcome.change.before is None:
                self.added += 1
            else:
                self.updated += 1
            if keep_changes is None or len(self.changes) < keep_changes:
                self.changes.append(outcome)

    @property
    def suggesting(self) -> bool:
        """Whether a refused row still gets the closest names suggested: only while it can
        still be shown."""
        return self.refused < SHOWN_PROBLEMS


def check_rows(
    columns: Columns,
    rows: Iterable[tuple[int, Sequence[str]]],
    villages: VillageFinder,
    record_of: Callable[[str], KampungRecord | None],
    *,
    update: bool,
    today: date,
    suggesting: Callable[[], bool] = lambda: True,
    seen: SeenVillages | None = None,
) -> Iterator[RowOutcome]:
    """Check each row (line number, cells) and work out its change, one row at a time;
    nothing is written here.

    A row whose kelurahan already has a different record is a conflict unless ``update``.
    Every row is checked, not just up to the first problem. ``seen`` remembers the line of
    each village met so far (a dict, or a table on disk for a file of a million rows).
    """
    seen = {} if seen is None else seen
    attribute_keys = [(a, key) for a, key in ATTRIBUTE_KEYS if key in columns.fields]
    for line, cells in rows:
        try:
            cells = fitted_cells(cells, columns)
            values = {f: cell.strip() for f, cell in zip(columns.fields, cells, strict=True) if f}
            village = row_village(values, villages, suggesting())
            first = seen.setdefault(village.code, line)
            if first != line:
                raise RefusedError(
                    "error.import_repeated_village", village=village.name, first=first
                )
            existing = record_of(village.code)
            wanted = _wanted_record(values, village, existing, today, attribute_keys)
            if wanted == existing:
                yield RowUnchanged(line)
                continue
            if wanted is None:
                raise RefusedError(
                    "error.import_would_remove", village=village.name, code=village.code
                )
            if existing is not None and not update:
                raise RefusedError(
                    "error.import_conflict",
                    village=village.name,
                    code=village.code,
                    status=text(f"status.{existing.status.value}"),
                    year=existing.year,
                )
            yield RowChange(line, Change(village.code, existing, wanted), village.name)
        except KkbError as error:
            yield RowProblem(line, error)


def fitted_cells(cells: Sequence[str], columns: Columns) -> Sequence[str]:
    """The row's cells, one per column. Extra empty cells (a trailing separator) and missing
    cells for unnamed columns are fine; anything else means a cut or a shifted row."""
    width = len(columns.fields)
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        raise RefusedError("error.import_row_width", cells=len(cells), width=width)
    if len(cells) < width and any(columns.fields[len(cells) :]):
        raise RefusedError("error.import_row_width", cells=len(cells), width=width)
    return [*cells[:width], *[""] * (width - len(cells))]


def row_village(values: Mapping[str, str], villages: VillageFinder, suggest: bool) -> Village:
    """The row's village: by its code if given (and then a name or kecamatan given with it
    must agree), else by its name, within its kecamatan if one is given."""
    code = values.get("village_code")
    kecamatan = values.get("kecamatan_code") or values.get("kecamatan")
    if not code:
        return villages.find(values.get("village", ""), kecamatan or None, suggest=suggest)
    village = villages.find(code, suggest=suggest)
    given = values.get("village")
    if given and name_key(given) != name_key(village.name):
        raise RefusedError(
            "error.import_code_name_disagree", code=village.code, village=village.name, given=given
        )
    if (
        kecamatan
        and kecamatan != village.kecamatan_code
        and (name_key(kecamatan) != name_key(village.kecamatan_name))
    ):
        raise RefusedError(
            "error.import_code_kecamatan_disagree",
            code=village.code,
            village=village.name,
            kecamatan=village.kecamatan_name,
            given=kecamatan,
        )
    return village


def _wanted_record(
    values: Mapping[str, str],
    village: Village,
    existing: KampungRecord | None,
    today: date,
    attribute_keys: Sequence[tuple[Attribute, str]] = ATTRIBUTE_KEYS,
) -> KampungRecord | None:
    """The record a row describes (None: no Kampung KB).

    An empty cell, like a column the file lacks, keeps the existing record's value: a sheet
    whose Catatan column nobody filled in never erases the notes (`kkb edit --note ""`
    clears one). So a file of names and SK numbers alone completes existing records.
    """
    year = parse_year(values["year"]) if values.get("year") else None
    day = parse_date(values["date"]) if values.get("date") else None
    planned = parse_year(values["planned_year"]) if values.get("planned_year") else None
    status = _status(values.get("status", ""))
    formed = existing is not None and existing.status is Status.FORMED
    if status is None:
        if year is not None or day is not None or (planned is not None and formed):
            status = Status.FORMED
        elif planned is not None:
            status = Status.PLANNED
        elif existing is not None:
            status = existing.status  # only details: name, SK, note
        else:
            raise RefusedError("error.import_no_status")
    if status is Status.NONE:
        return None
    name, sk_number, note = (
        cell_text(values.get(field, "")) or getattr(existing, field, None) for field in _TEXT_FIELDS
    )
    if planned is None and existing is not None:
        planned = existing.planned_year
    attributes = _attributes(values, existing, today, attribute_keys)
    if status is Status.FORMED:
        if year is None and day is None:
            if not formed:
                raise RefusedError("error.import_formed_no_year")
            assert existing is not None
            formed_year, formed_date = existing.formed_year, existing.formed_date
        else:
            formed_year, formed_date = formation_when(year, day, today)
            kept = existing.formed_date if existing and day is None else None
            if formed_date is None and kept is not None and kept.year == formed_year:
                formed_date = kept  # the file gives years only: a known date is kept
        if planned is not None:
            check_plan_year(planned, today)
        return KampungRecord(
            village.code,
            status,
            formed_year,
            formed_date,
            planned,
            name,
            sk_number,
            note,
            attributes,
        )
    if day is not None:
        raise RefusedError("error.import_planned_with_date")
    if values.get("planned_year") and planned is not None and year is not None and planned != year:
        raise RefusedError("error.import_plan_years_disagree", year=year, planned=planned)
    plan_year = year if year is not None else planned
    if plan_year is None:
        raise RefusedError("error.import_planned_no_year")
    check_plan_year(plan_year, today)
    return KampungRecord(
        village.code,
        status,
        planned_year=plan_year,
        name=name,
        sk_number=sk_number,
        note=note,
        attributes=attributes,
    )


def _attributes(
    values: Mapping[str, str],
    existing: KampungRecord | None,
    today: date,
    attribute_keys: Sequence[tuple[Attribute, str]],
) -> dict[Attribute, AttributeValue]:
    """The record's attributes with the row's answers, known from today; an empty cell keeps
    what is known, and an unchanged answer keeps its date. ``attribute_keys`` are the
    attribute columns the file has."""
    given = [(a, values[key]) for a, key in attribute_keys if values[key]]
    had = existing.attributes if existing is not None else {}
    if not given and not had:
        return {}  # many rows of a large import: nothing known, nothing given
    known = dict(had)
    for attribute, cell in given:
        try:
            answer = parse_answer(cell)
        except KkbError:
            raise RefusedError(
                "error.import_bad_answer", column=LABELS[attribute], value=cell
            ) from None
        if answer is None:
            known.pop(attribute, None)
        elif attribute not in known or known[attribute].answer is not answer:
            known[attribute] = _answered_today(answer, today)
    if not had:
        return known  # given in the attributes' own order already
    return {a: known[a] for a in ALL_ATTRIBUTES if a in known}


@lru_cache(maxsize=8)
def _answered_today(answer: Answer, today: date) -> AttributeValue:
    """One value object per answer and day (they are immutable): an import gives thousands."""
    return AttributeValue(answer, today)


def _status(cell: str) -> Status | None:
    if not cell:
        return None
    status = parse_status(cell)
    if status is None:
        raise RefusedError("error.import_bad_status", value=cell)
    return status


def cell_text(cell: str) -> str | None:
    if not cell:
        return None
    return _NEUTRALISED.sub("", cell, count=1) if cell[0] == "'" else cell
