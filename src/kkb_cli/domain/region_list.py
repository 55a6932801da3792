"""A Kemendagri region list (kode wilayah): what each row of the file says, what is wrong with
it, and what loading it would change.

Pure: it takes the header and rows already split from the file and the regions already loaded,
and returns every problem and every change, so that the caller writes all or nothing. The
national list has about 92,000 rows, so the row loop works on plain strings and tuples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kkb_cli.domain.regions import (
    CODE_GRAMMAR,
    CODE_LENGTH,
    LEVELS_BY_DEPTH,
    VILLAGE_KINDS,
    Level,
    Region,
    RegionCode,
)
from kkb_cli.errors import KkbError, RefusedError
from kkb_cli.messages import text

# Header names, compared in lower case with spaces and punctuation read as "_". Any other
# column (such as `kind`) is read and ignored.
ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "kode", "kode_wilayah", "region_code"),
    "name": ("name", "nama", "nama_wilayah", "region_name"),
    "level": ("level", "tingkat", "tingkatan"),
    "parent_code": ("parent_code", "parent", "kode_induk", "induk"),
}
_FIELD_OF = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
_NOT_WORD = re.compile(r"[\W_]+")

_LEVEL_NAMES = tuple(level.value for level in LEVELS_BY_DEPTH)  # by depth: 33 → 0
_PROVINSI, _KABUPATEN, _KECAMATAN, _VILLAGE = CODE_LENGTH.values()
_PARENT_END = (0, _PROVINSI, _KABUPATEN, _KECAMATAN)  # by depth: where the parent's code ends

# What a level cell may say: the level's depth, and the kind it names when it names one
# (a `kelurahan` row must have a kelurahan code, a `kota` row a kota code).
_LEVEL_WORDS: dict[str, tuple[int, str | None]] = {
    **dict.fromkeys(("provinsi", "propinsi", "province"), (0, None)),
    **dict.fromkeys(("kabupaten_kota", "kab_kota", "regency_city"), (1, None)),
    **dict.fromkeys(("kabupaten", "kab", "regency"), (1, "kabupaten")),
    **dict.fromkeys(("kota", "city"), (1, "kota")),
    **dict.fromkeys(("kecamatan", "district"), (2, None)),
    **dict.fromkeys(("desa_kelurahan", "kelurahan_desa", "village"), (3, None)),
    "kelurahan": (3, "kelurahan"),
    **dict.fromkeys(("desa", "desa_adat"), (3, "desa")),
}


# Why a region the file leaves out is kept (see ``keep_in_use``).
RECORD, TARGET, SCOPE, INSIDE = "record", "target", "scope", "inside"


def header_key(heading: str) -> str:
    """``Kode Induk`` → ``kode_induk``."""
    return _NOT_WORD.sub("_", heading.casefold()).strip("_")


@dataclass(frozen=True)
class RegionColumns:
    """Where each field is in a row (None: the file has no such column)."""

    code: int
    name: int
    level: int | None
    parent_code: int | None
    width: int


def read_region_header(header: Sequence[str]) -> RegionColumns:
    """Find the code and name columns (and level, parent_code when present); refuse a file
    without both or with a field given twice."""
    found: dict[str, int] = {}
    for index, heading in enumerate(header):
        name = _FIELD_OF.get(header_key(heading))
        if name is None:
            continue
        if name in found:
            raise RefusedError("error.import_repeated_column", column=heading.strip())
        found[name] = index
    if "code" not in found or "name" not in found:
        raise RefusedError("error.region_no_columns")
    return RegionColumns(
        found["code"], found["name"], found.get("level"), found.get("parent_code"), len(header)
    )


# A region as the regions table takes it: code, name, level, parent code.
RegionRow = tuple[str, str, str, str | None]


@dataclass(frozen=True)
class KeptRegion:
    """A region the file leaves out that stays, because something points to it."""

    code: str
    name: str
    reasons: tuple[str, ...]  # RECORD, TARGET, SCOPE, INSIDE


class RowChecker:
    """Checks each row of a region list on its own (the code's form, the name, what a level
    or parent column says); what needs the other rows and the loaded regions (a code twice,
    a parent that is missing) is for storage to compare in bulk.

    The national list has about 92,000 rows, so the check of a good row is one comparison
    per rule, on plain strings, and only a row that fails one does any more work.
    """

    def __init__(self, columns: RegionColumns) -> None:
        self.columns = columns
        self._levels: dict[str, tuple[int | None, str | None]] = {}  # by level cell as written

    def check(
        self, line: int, cells: Sequence[str]
    ) -> tuple[RegionRow | None, str | None, list[KkbError]]:
        """The row as a region (None when its code is unreadable), its code when it has a
        readable one (a bad row's code still counts as present, for its children), and what
        is wrong with it."""
        columns = self.columns
        errors: list[KkbError] = []
        if len(cells) != columns.width:
            cells = _fitted(cells, columns.width, errors)
        code = cells[columns.code]
        if CODE_GRAMMAR.fullmatch(code) is None:
            code = code.strip()
            if CODE_GRAMMAR.fullmatch(code) is None:
                return None, None, [*errors, _bad_code(code)]
        name = cells[columns.name].strip()
        if "  " in name or not name.isprintable():  # a line break, tab or no-break space
            name = " ".join(name.split())
        depth = code.count(".")
        parent = code[: _PARENT_END[depth]] if depth else None
        if depth == 3 and code[-4] not in VILLAGE_KINDS:
            errors.append(RefusedError("error.region_village_kind", code=code, digit=code[-4]))
        if not name:
            errors.append(RefusedError("error.region_no_name", code=code))
        if columns.level is not None:
            said = cells[columns.level]
            claim = self._levels.get(said)
            if claim is None:
                if len(self._levels) > 100:  # a file of garbage levels: remember a few only
                    self._levels.clear()
                claim = self._levels[said] = _level_claim(said)
            if (claim[0] is not None and claim[0] != depth) or (
                claim[1] is not None and claim[1] != _kind(code, depth)
            ):
                errors.append(_level_problem(code, depth, said.strip()))
        if columns.parent_code is not None:
            given = cells[columns.parent_code]
            if given != parent and given.strip() and given.strip() != parent:
                errors.append(_parent_disagrees(code, parent, given.strip()))
        if errors:
            return None, code, errors
        return (code, name, _LEVEL_NAMES[depth], parent), code, errors


def repeated(code: str, first: int) -> KkbError:
    return RefusedError("error.region_repeated", code=code, first=first)


def parent_missing(code: str, parent: str) -> KkbError:
    return RefusedError("error.region_parent_missing", code=code, parent=parent)


def parent_left_out(code: str, parent: str) -> KkbError:
    return RefusedError(
        "error.region_parent_left_out", code=code, parent=parent, kabupaten=parent[:_KABUPATEN]
    )


def keep_in_use(
    doomed_in_use: Mapping[str, Sequence[str]], doomed_holders: Mapping[str, str]
) -> dict[str, list[str]]:
    """Which regions a list would remove must stay: every one that something points to
    (``doomed_in_use``: the reasons by code: a Kampung KB record, a target, the stored scope),
    and every region that holds one of them (``doomed_holders``: the provinsi, kabupaten/kota
    and kecamatan the list would remove, by code). Returns the reasons by code."""
    kept: dict[str, list[str]] = {code: list(reasons) for code, reasons in doomed_in_use.items()}
    for code in list(kept):
        for length in (_PROVINSI, _KABUPATEN, _KECAMATAN):
            holder = code[:length]
            if length < len(code) and holder in doomed_holders:
                reasons = kept.setdefault(holder, [])
                if INSIDE not in reasons:
                    reasons.append(INSIDE)
    return kept


def _kind(code: str, depth: int) -> str | None:
    """kota or kabupaten, kelurahan or desa, from the code; None for other levels."""
    return RegionCode(code).kind


def _fitted(cells: Sequence[str], width: int, errors: list[KkbError]) -> Sequence[str]:
    """The row's cells, one per column: missing cells are empty; extra cells must be empty
    (a trailing separator), else the row was cut or a name holds an unquoted separator."""
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        errors.append(RefusedError("error.import_row_width", cells=len(cells), width=width))
    return [*cells[:width], *[""] * (width - len(cells))]


def _bad_code(code: str) -> KkbError:
    if not code:
        return RefusedError("error.region_no_code")
    return RefusedError("error.region_code", code=code)


def _level_claim(cell: str) -> tuple[int | None, str | None]:
    """What a level cell claims: the depth it names (None: an empty cell claims nothing; -1:
    no level at all) and the kind it names, if any (kota, kelurahan…)."""
    if not cell.strip():
        return None, None
    return _LEVEL_WORDS.get(header_key(cell), (-1, None))


def _level_problem(code: str, depth: int, given: str) -> KkbError:
    if header_key(given) not in _LEVEL_WORDS:
        return RefusedError("error.region_level_unknown", given=given)
    level = _kind(code, depth) or text(f"level.{_LEVEL_NAMES[depth]}")
    return RefusedError("error.region_level_disagrees", code=code, given=given, level=level)


def _parent_disagrees(code: str, parent: str | None, given: str) -> KkbError:
    if parent is None:
        return RefusedError("error.region_provinsi_parent", code=code, given=given)
    return RefusedError("error.region_parent_disagrees", code=code, parent=parent, given=given)


# -- kkb region list --------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionSummary:
    """A region, with how many regions it holds at each level below its own."""

    code: str
    name: str
    level: Level
    below: dict[Level, int]
    kelurahan: int = 0
    desa: int = 0

    @property
    def kind(self) -> str | None:
        """kelurahan or desa, for a desa/kelurahan."""
        if self.level is not Level.DESA_KELURAHAN:
            return None
        return RegionCode(self.code).village_kind  # None only for a code kkb would not load


def summarise(
    children: Sequence[Region], counts: Iterable[tuple[str, str, int, int]]
) -> list[RegionSummary]:
    """Each child with its counts; ``counts`` are (child code, level, regions of that level
    inside the child, of them kelurahan) rows."""
    by_child: dict[str, dict[str, tuple[int, int]]] = {}
    for code, level_name, count, kelurahan in counts:
        by_child.setdefault(code, {})[level_name] = (count, kelurahan or 0)
    summaries = []
    for child in children:
        depth = child.code.count(".")
        found = by_child.get(child.code, {})
        below = {lower: found.get(lower.value, (0, 0))[0] for lower in LEVELS_BY_DEPTH[depth + 1 :]}
        villages, kelurahan = found.get(Level.DESA_KELURAHAN.value, (0, 0))
        summaries.append(
            RegionSummary(
                child.code,
                child.name,
                LEVELS_BY_DEPTH[depth],
                below,
                kelurahan,
                villages - kelurahan,
            )
        )
    return summaries
