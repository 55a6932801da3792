"""A Kemendagri region list (kode wilayah): what each row of the file says, what is wrong with
it, and what loading it would change.

Pure: it takes the header and rows already split from the file and the regions already loaded,
and returns every problem and every change, so that the caller writes all or nothing. The
national list has about 92,000 rows, so the row loop works on plain strings and tuples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kkb_cli.domain.regions import CODE_LENGTH, INDONESIA, LEVELS_BY_DEPTH, Level, Region
from kkb_cli.errors import KkbError, RefusedError, UsageError
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

# Exactly the grammar, ASCII digits only (\d would also take other scripts' digits).
_CODE = re.compile(r"[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{2}(?:\.[0-9]{4})?)?)?")
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

_VILLAGE_KIND = {"1": "kelurahan", "2": "desa", "3": "desa"}  # 3: desa adat

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


# A region to add, as the regions table takes it: code, name, level, parent code.
RegionRow = tuple[str, str, str, str | None]


@dataclass(frozen=True)
class KeptRegion:
    """A region the file leaves out that stays, because something points to it."""

    code: str
    name: str
    reasons: tuple[str, ...]  # RECORD, TARGET, SCOPE, INSIDE


@dataclass
class RegionPlan:
    """What loading a region list would do, or the rows it refuses."""

    rows: int = 0
    problems: list[tuple[int, list[KkbError]]] = field(default_factory=list)  # by line
    added: list[RegionRow] = field(default_factory=list)  # parents before children
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new name
    removed: list[tuple[str, str]] = field(default_factory=list)  # code, name; code order
    kept: list[KeptRegion] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changes(self) -> bool:
        return bool(self.added or self.renamed or self.removed)


def plan_region_list(
    columns: RegionColumns,
    rows: Sequence[tuple[int, Sequence[str]]],
    existing: Mapping[str, str],
) -> RegionPlan:
    """Check every row (line number, cells) against the code grammar, the other rows and the
    ``existing`` regions (name by code), and work out what would be added, renamed and
    removed. Every problem is collected, not just the first.

    A kabupaten/kota in the file speaks for all of its kecamatan and villages, a kecamatan
    for its villages: loaded regions below them that the file leaves out are removed (see
    ``keep_in_use`` for the ones that must stay). A provinsi row removes nothing, and
    regions under parents the file does not list are left alone.
    """
    plan = RegionPlan(rows=len(rows))
    problems: dict[int, list[KkbError]] = {}
    seen: dict[str, int] = {}  # code → the line it is on
    orphans: list[tuple[int, str, str]] = []  # line, code, parent not (yet) seen in the file
    listed_kabupaten: set[str] = set()
    listed_kecamatan: set[str] = set()
    added, renamed = plan.added, plan.renamed
    levels: dict[str, tuple[int | None, str | None]] = {}  # by level cell as written
    code_at, name_at, width = columns.code, columns.name, columns.width
    level_at, parent_at = columns.level, columns.parent_code
    fullmatch = _CODE.fullmatch
    unchanged = 0

    def wrong(line: int, error: KkbError) -> None:
        problems.setdefault(line, []).append(error)

    # The loop body is the fast path for a good row; each check costs one comparison there,
    # and only a row that fails one does any more work.
    for line, cells in rows:
        bad = False
        if len(cells) != width:
            cells = _fitted(cells, width, line, wrong)
            bad = line in problems
        code = cells[code_at]
        if fullmatch(code) is None:
            code = code.strip()
            if fullmatch(code) is None:
                wrong(line, _bad_code(code))
                continue
        name = cells[name_at].strip()
        if "  " in name or not name.isprintable():  # a line break, tab or no-break space
            name = " ".join(name.split())
        depth = code.count(".")
        parent = code[: _PARENT_END[depth]] if depth else None
        if depth == 3 and code[-4] not in "123":
            wrong(line, RefusedError("error.region_village_kind", code=code, digit=code[-4]))
            bad = True
        if not name:
            wrong(line, RefusedError("error.region_no_name", code=code))
            bad = True
        if level_at is not None:
            said = cells[level_at]
            claim = levels.get(said)
            if claim is None:
                claim = levels[said] = _level_claim(said)
            if (claim[0] is not None and claim[0] != depth) or (
                claim[1] is not None and claim[1] != _kind(code, depth)
            ):
                wrong(line, _level_problem(code, depth, said.strip()))
                bad = True
        if parent_at is not None:
            given = cells[parent_at]
            if given != parent and given.strip() and given.strip() != parent:
                wrong(line, _parent_disagrees(code, parent, given.strip()))
                bad = True
        first = seen.setdefault(code, line)
        if first != line:
            wrong(line, RefusedError("error.region_repeated", code=code, first=first))
            bad = True
        if parent is not None and parent not in seen:
            orphans.append((line, code, parent))
        if depth == 1:
            listed_kabupaten.add(code)
        elif depth == 2:
            listed_kecamatan.add(code)
        if bad:
            continue
        old = existing.get(code)
        if old is None:
            added.append((code, name, _LEVEL_NAMES[depth], parent))
        elif old != name:
            renamed.append((code, old, name))
        else:
            unchanged += 1
    for line, code, parent in orphans:
        if parent in seen:  # listed after its child
            continue
        if parent not in existing:
            wrong(line, RefusedError("error.region_parent_missing", code=code, parent=parent))
        elif len(parent) == _KECAMATAN and parent[:_KABUPATEN] in listed_kabupaten:
            wrong(
                line,
                RefusedError(
                    "error.region_parent_left_out",
                    code=code,
                    parent=parent,
                    kabupaten=parent[:_KABUPATEN],
                ),
            )
    if problems:
        plan.problems = sorted(problems.items())
        plan.added, plan.renamed = [], []
        return plan
    plan.unchanged = unchanged
    added.sort()  # a parent's code is a prefix of its children's: it sorts first
    plan.removed = sorted(
        (code, name)
        for code, name in existing.items()
        if code not in seen
        and (
            (len(code) > _KABUPATEN and code[:_KABUPATEN] in listed_kabupaten)
            or (len(code) == _VILLAGE and code[:_KECAMATAN] in listed_kecamatan)
        )
    )
    return plan


def keep_in_use(plan: RegionPlan, in_use: Mapping[str, Sequence[str]]) -> None:
    """Keep, rather than remove, every region that something points to (``in_use``: the
    reasons by code: a Kampung KB record, a target, the stored scope), and the regions that
    hold one of them."""
    doomed = dict(plan.removed)
    kept: dict[str, list[str]] = {code: list(in_use[code]) for code in doomed.keys() & in_use}
    for code in list(kept):
        for length in (_PROVINSI, _KABUPATEN, _KECAMATAN):
            holder = code[:length]
            if length < len(code) and holder in doomed:
                reasons = kept.setdefault(holder, [])
                if INSIDE not in reasons:
                    reasons.append(INSIDE)
    plan.kept = [KeptRegion(code, doomed[code], tuple(kept[code])) for code in sorted(kept)]
    plan.removed = [(code, name) for code, name in plan.removed if code not in kept]


def _kind(code: str, depth: int) -> str | None:
    """kota or kabupaten, kelurahan or desa, from the code; None for other levels."""
    if depth == 1:
        return "kota" if code[3] == "7" else "kabupaten"
    if depth == 3:
        return _VILLAGE_KIND.get(code[-4])
    return None


def _fitted(
    cells: Sequence[str], width: int, line: int, wrong: Callable[[int, KkbError], None]
) -> Sequence[str]:
    """The row's cells, one per column: missing cells are empty; extra cells must be empty
    (a trailing separator), else the row was cut or a name holds an unquoted separator."""
    if len(cells) > width and any(cell.strip() for cell in cells[width:]):
        wrong(line, RefusedError("error.import_row_width", cells=len(cells), width=width))
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
        return _VILLAGE_KIND.get(self.code[-4])  # None only for a code kkb would not load


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


def parse_region(text_: str) -> str:
    """The region code a user gave to look in: ``ID`` (also ``id``, ``indonesia``) or a
    Kemendagri code at any level."""
    code = text_.strip()
    if code.casefold() in ("id", "indonesia"):
        return INDONESIA
    if _CODE.fullmatch(code) is None:
        raise UsageError("error.region_malformed", code=text_)
    return code
