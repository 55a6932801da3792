"""Importing a spreadsheet of activities: what each column means, and what each row would do.

Pure, like the records import (``domain/imports.py``), whose rules it shares: headers in
English or Indonesian, every row checked, every wrong one reported, all or nothing. A row is an
activity identified by its Kampung KB, date and title: the same activity again is unchanged,
one with other details is refused unless ``update``, and a file that names one activity twice
is refused at its second line. As in the records import, a column the file does not have, or
an empty cell, keeps the stored value: only what a row says is compared, and changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import NamedTuple, Protocol, TypeVar

from kkb_cli.domain.activities import Activity, Formation, checked, distinct
from kkb_cli.domain.catalogue import Catalogue, Named
from kkb_cli.domain.dates import parse_date
from kkb_cli.domain.imports import (
    SHOWN_PROBLEMS,
    Columns,
    RowProblem,
    cell_text,
    fitted_cells,
    header_key,
    listed,
    row_village,
)
from kkb_cli.domain.regions import Village, VillageFinder
from kkb_cli.errors import KkbError, RefusedError

K = TypeVar("K")
T = TypeVar("T")

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
    # The name beside the number in kkb's own export, read when the number's cell is empty:
    # "Lainnya" there is lainnya said, not a kegiatan left out.
    "kegiatan_name": ("kegiatan_name", "nama_kegiatan_inpres"),
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
    "no", "nomor", "no_urut", "id", "fungsi_name",
    "nama_fungsi", "program", "nama_program",
})  # fmt: skip
_FIELD_OF = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
# Several agencies or groups in one cell: "Dinas Kesehatan; Puskesmas" or "… | …".
_SEVERAL = re.compile(r"\s*[;|\n]\s*")


_MISSING = {
    ("date", "title"): "error.activity_import_no_date_title",
    ("date",): "error.activity_import_no_date",
    ("title",): "error.activity_import_no_title",
}


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
    missing = tuple(name for name in ("date", "title") if name not in fields)
    if missing:
        raise RefusedError(_MISSING[missing])
    return Columns(tuple(fields))


class ActivityRowChange(NamedTuple):  # tuples: an import makes one for each of its rows
    line: int
    before: Activity | None
    after: Activity
    village_name: str


class ActivityRowUnchanged(NamedTuple):
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
        if (
            type(outcome) is ActivityRowChange
            and outcome.before is None
            and keep_changes is not None
            and len(self.changes) >= keep_changes
        ):
            self.added += 1  # most rows of most imports: a new activity, not kept to show
            return
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


class ActivityLookups(Protocol):
    """What checking the rows needs from the file, asked for a chunk of rows at a time: one
    query answers a whole chunk, not one per row."""

    def read_ahead(self, codes: Collection[str]) -> Mapping[str, Village]:
        """Read the villages with these codes, and their Kampung KB records, for the rows of
        the chunk about to be checked (a chunk's codes at most: memory stays bounded); the
        villages found, by code."""
        ...

    def record(self, village_code: str) -> Formation | None:
        """Whether and when a village's Kampung KB was formed (None: it has no record)."""
        ...

    def first_lines(self, keys: Sequence[str]) -> Mapping[str, int]:
        """The line each of these identities was first met on, among those remembered."""
        ...

    def remember(self, first_lines: Iterable[tuple[str, int]]) -> None:
        """Remember identities met for the first time, with their lines."""
        ...

    def stored(
        self, identities: Sequence[tuple[str, str, str]]
    ) -> Mapping[tuple[str, str, str], Activity]:
        """The stored activities with these identities (Kampung KB, date, title key)."""
        ...


CHUNK = 2000  # rows checked together: their look-ups are one query each
CHUNK_CHARACTERS = 4_000_000  # at most in a chunk's cells (a row may hold as many, then alone)
_VILLAGE_FIELDS = ("village_code", "village", "kecamatan_code", "kecamatan")


def check_activity_rows(
    columns: Columns,
    rows: Iterable[tuple[int, list[str]]],
    villages: VillageFinder,
    lookups: ActivityLookups,
    catalogue: Catalogue,
    *,
    update: bool,
    today: date,
) -> Iterator[ActivityOutcome]:
    """Check each row and work out what it would do, in line order; nothing is written.

    Rows (line, cells) are read a chunk at a time (each row's list of cells gets an empty
    cell at its end, read for the fields the file lacks), and each chunk's look-ups are
    asked for together (``lookups``): its villages and their records, the identities met on
    earlier lines, the activities already stored with the same identities. Whatever the
    chunking, every row gets what it would get checked alone, after the rows before it: the
    same outcome, the same message. (An activity this import writes has an identity met on
    an earlier line, so a row whose identity is new can only match an activity stored
    before the import. And a chunk's refusals count only from the row that makes them, so a
    row past the hundredth refusal may get the closest names suggested in vain: it is not
    shown.)"""
    width = len(columns.fields)
    reader = _RowReader(columns, catalogue, today)
    # Where the cells that name a row's village are: its code alone, or more.
    village_at = [(reader.at[f], f) for f in _VILLAGE_FIELDS if reader.at[f] < width]
    code_at, name_at = reader.at["village_code"], reader.at["village"]
    others_at = [i for i, f in village_at if f != "village_code"]
    refused = 0  # rows refused so far: past SHOWN_PROBLEMS, a refusal suggests no names
    for chunk in _chunks(rows, CHUNK):
        unfit: dict[int, RowProblem] = {}  # rows whose cells do not fit the columns
        named: list[str] = []  # each row's village code (or name)
        for index, (line, cells) in enumerate(chunk):
            if len(cells) != width:
                try:
                    cells = fitted_cells(cells, columns)  # type: ignore[assignment]
                except KkbError as error:
                    unfit[index] = RowProblem(line, error)
                    named.append("")
                    continue
                chunk[index] = (line, cells)
            cells.append("")  # the cell of every field the file lacks
            named.append(cells[code_at].strip() or cells[name_at].strip())
        found = lookups.read_ahead(set(named) - {""})  # what to read ahead
        outcomes: list[ActivityOutcome | None] = []
        checked: list[tuple[int, int, Activity, str, list[str]]] = []
        for index, (line, cells) in enumerate(chunk):
            if unfit and index in unfit:
                outcomes.append(unfit[index])
                refused += 1
                continue
            try:
                village = None
                if not others_at or not any(cells[i].strip() for i in others_at):
                    # A code alone (no name or kecamatan given), found: what row_village
                    # would find, without asking.
                    village = found.get(named[index])
                if village is None:
                    values = {f: cells[i].strip() for i, f in village_at}
                    village = row_village(values, villages, refused < SHOWN_PROBLEMS)
                activity = reader.activity(cells, village, lookups.record)
            except KkbError as error:
                outcomes.append(RowProblem(line, error))
                refused += 1
                continue
            checked.append((len(outcomes), line, activity, village.name, cells))
            outcomes.append(None)  # decided below, with the chunk's identities
        refused += _decide(checked, outcomes, lookups, update, reader.over)
        yield from outcomes  # type: ignore[misc]


def _decide(
    checked: list[tuple[int, int, Activity, str, list[str]]],
    outcomes: list[ActivityOutcome | None],
    lookups: ActivityLookups,
    update: bool,
    over: Callable[[Activity, Activity, list[str]], Activity],
) -> int:
    """The outcome of each checked row of a chunk (position, line, activity, its village's
    name, its cells): refused as a repeat of an earlier line, unchanged, a change, or refused
    as a conflict with a stored activity without ``update``. Returns how many were refused.
    ``over``: a row's activity laid over a stored one (``_RowReader.over``)."""
    identities = [row[2].identity for row in checked]
    # Date first: a file in date order is remembered in the order of its keys.
    keys = [f"{day}\x1f{code}\x1f{title}" for code, day, title in identities]
    earlier = lookups.first_lines(keys) if keys else {}
    firsts: dict[str, int] = {}
    fresh: list[int] = []  # indexes into checked of the rows whose identity is new
    refused = 0
    for index, key in enumerate(keys):
        row = checked[index]
        position, line = row[0], row[1]
        first = earlier.get(key)
        if first is None:
            first = firsts.setdefault(key, line)
        if first != line:
            error = RefusedError("error.activity_import_repeated", first=first)
            outcomes[position] = RowProblem(line, error)
            refused += 1
        else:
            fresh.append(index)
    if firsts:
        lookups.remember(firsts.items())
    stored = lookups.stored([identities[i] for i in fresh]) if fresh else {}
    new_change = ActivityRowChange._make  # quicker than ActivityRowChange(…), as strict
    for index in fresh:
        position, line, activity, village_name, cells = checked[index]
        existing = stored.get(identities[index]) if stored else None
        if existing is None:
            outcomes[position] = new_change((line, None, activity, village_name))
            continue
        after = over(existing, activity, cells)
        if existing.same_as(after):
            outcomes[position] = ActivityRowUnchanged(line)
        elif not update:
            error = RefusedError(
                "error.activity_import_conflict", id=existing.id, village=village_name
            )
            outcomes[position] = RowProblem(line, error)
            refused += 1
        else:
            outcomes[position] = ActivityRowChange(line, existing, after, village_name)
    return refused


def _chunks(
    rows: Iterable[tuple[int, list[str]]], size: int
) -> Iterator[list[tuple[int, list[str]]]]:
    """``size`` rows at a time, or fewer when their cells hold more than ``CHUNK_CHARACTERS``
    characters: a file's rows may each be as long as the CSV reader allows, and memory
    must stay bounded by the chunk, not by what its rows hold."""
    chunk: list[tuple[int, list[str]]] = []
    held = 0
    for row in rows:
        chunk.append(row)
        held += sum(map(len, row[1]))
        if len(chunk) >= size or held > CHUNK_CHARACTERS:
            yield chunk
            chunk = []
            held = 0
    if chunk:
        yield chunk


# The details a row may leave out: its Kampung KB, date and title say which activity it is.
_DETAILS = ("kegiatan", "agencies", "fungsi", "groups", "place", "description", "people")
_MEMO_SIZE = 10_000  # cells remembered at most (a file repeats a few dates and agencies)
_UNKNOWN = -1  # a kegiatan cell not read yet (None is lainnya)


class _RowReader:
    """Reads a row's cells into a checked activity. The cells a file repeats over and over
    (its dates, its agencies, its groups) are read once each."""

    def __init__(self, columns: Columns, catalogue: Catalogue, today: date) -> None:
        width = len(columns.fields)
        # Each field's cell; a field the file lacks reads the empty cell added at the end.
        self.at: dict[str, int] = dict.fromkeys(ALIASES, width)
        for index, name in enumerate(columns.fields):
            if name:
                self.at[name] = index
        at = self.at
        self.cells = tuple(
            at[f]
            for f in (
                "date", "title", "kegiatan", "agencies", "fungsi", "groups", "place",
                "description", "people",
            )
        )  # fmt: skip
        self.kegiatan_name_at = at["kegiatan_name"]
        self.catalogue = catalogue
        self.today = today
        self.dates: dict[str, date] = {}
        self.kegiatan: dict[str, int | None] = {}
        self.agencies: dict[str, tuple[Named, ...]] = {}
        self.fungsi: dict[str, int] = {}
        self.groups: dict[str, tuple[Named, ...]] = {}

    def activity(
        self,
        cells: list[str],
        village: Village,
        record_of: Callable[[str], Formation | None],
    ) -> Activity:
        """The row's activity, checked (``domain.activities.checked``); or the refusal of
        its first wrong cell, in the order of the fields: date, kegiatan, agencies, fungsi,
        groups, people, then the activity's own rules. ``cells`` ends with an empty cell,
        read for the fields the file lacks."""
        (
            date_at, title_at, kegiatan_at, agencies_at, fungsi_at, groups_at, place_at,
            description_at, people_at,
        ) = self.cells  # fmt: skip
        written = cells[date_at].strip()
        if not written:
            raise RefusedError("error.activity_import_no_date")
        day = self.dates.get(written)
        if day is None:
            day = _remember(self.dates, written, parse_date(written))
        kegiatan: int | None = None
        written = cells[kegiatan_at].strip() or cells[self.kegiatan_name_at].strip()
        if written:
            kegiatan = self.kegiatan.get(written, _UNKNOWN)
            if kegiatan == _UNKNOWN:
                found = self.catalogue.find_kegiatan(written)
                kegiatan = _remember(self.kegiatan, written, found)
        agencies: tuple[Named, ...] = ()
        written = cells[agencies_at].strip()
        if written:
            agencies = self.agencies.get(written) or self._several(self.agencies, written)
        fungsi: int | None = None
        written = cells[fungsi_at].strip()
        if written:
            fungsi = self.fungsi.get(written)
            if fungsi is None:
                fungsi = _remember(self.fungsi, written, self.catalogue.find_fungsi(written))
        groups: tuple[Named, ...] = ()
        written = cells[groups_at].strip()
        if written:
            groups = self.groups.get(written) or self._several(self.groups, written)
        title = cells[title_at].strip()
        place = cells[place_at].strip()
        description = cells[description_at].strip()
        people = cells[people_at].strip()
        activity = checked(
            village.code,
            day,
            (cell_text(title) or "") if title else "",
            kegiatan,
            agencies,
            fungsi,
            groups,
            cell_text(place) if place else None,
            cell_text(description) if description else None,
            _people(people) if people else None,
            record_of(village.code),
            self.today,
            village.name,
            distinct=True,
        )
        return activity

    def over(self, stored: Activity, row: Activity, cells: list[str]) -> Activity:
        """The row's activity laid over the stored one, with its id: a detail the row does
        not say (an empty cell, or a column the file lacks) keeps the stored value, as the
        records import keeps a record's."""
        kept = {name: getattr(stored, name) for name in _DETAILS if not self._says(cells, name)}
        return replace(row, id=stored.id, **kept)

    def _says(self, cells: list[str], name: str) -> bool:
        if cells[self.at[name]].strip():
            return True
        # An empty kegiatan and lainnya both read as None: in kkb's own export, the name
        # beside an empty number says which.
        return name == "kegiatan" and bool(cells[self.kegiatan_name_at].strip())

    def _several(self, known: dict[str, tuple[Named, ...]], cell: str) -> tuple[Named, ...]:
        """The agencies or groups of a cell, each once and in order, as ``checked`` keeps
        them."""
        find = self.catalogue.find_agency if known is self.agencies else self.catalogue.find_group
        found = [find(part) for part in _several(cell)]
        return _remember(known, cell, distinct(found))


def _remember(known: dict[K, T], key: K, value: T) -> T:
    if len(known) >= _MEMO_SIZE:
        known.clear()
    known[key] = value
    return value


def _several(cell: str) -> list[str]:
    return [part for part in _SEVERAL.split(cell) if part.strip()]


def _people(cell: str) -> int | None:
    if not cell:
        return None
    digits = cell.replace(".", "").replace(",", "").strip()
    if not digits.isdigit():
        raise RefusedError("error.activity_import_people", value=cell)
    return int(digits)
