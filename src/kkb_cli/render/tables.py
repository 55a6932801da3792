"""Tables for people. In a terminal they are Rich tables; when stdout is not a terminal they
are plain aligned text without colour or box lines, drawn without loading Rich at all, so they
can be piped through grep or saved quickly; scripts should use ``--json`` instead."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kkb_cli.domain.attributes import LABELS, Attribute
from kkb_cli.domain.progress import AttributeCoverage, ProgressReport
from kkb_cli.domain.regions import Level, Region, village_noun
from kkb_cli.domain.targets import FORMED, TargetCheck
from kkb_cli.messages import long_date, percent_sign, text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from kkb_cli.application.records import Profile
    from kkb_cli.application.regions import FoundRegion
    from kkb_cli.domain.region_list import RegionSummary

# How a column behaves: a number or code never wraps; free text folds rather than being cut.
NUMBER, CODE, TEXT = "number", "code", "text"
_RICH_ROWS = 2000  # Rich lays out a whole province's 8,000 villages in about five seconds


class Pipe:
    """Where tables go when stdout is not a terminal: plain text, no Rich."""

    is_terminal = False


def console() -> Console | Pipe:
    """Rich for a terminal (colour from the terminal and NO_COLOR), else plain text."""
    if not sys.stdout.isatty():
        return Pipe()
    from rich.console import Console

    # markup=False: names and notes are shown as typed, never read as Rich markup.
    return Console(highlight=False, markup=False)


class Grid:
    """A table's columns (heading, kind) and rows of text, drawn by ``show``. (A plain class:
    a dataclass would be made, at a cost, by every command that imports this module.)"""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        header: bool = True,
        rows: list[Sequence[str]] | None = None,
    ) -> None:
        self.columns = columns
        self.header = header
        self.rows: list[Sequence[str]] = [] if rows is None else rows

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)


def show(out: Console | Pipe, shown: Grid | str) -> None:
    """Print a table or a line: a Rich table in a terminal, aligned plain text when piped (or
    when a table is so long that Rich would take seconds to lay it out)."""
    if isinstance(out, Pipe) or (isinstance(shown, Grid) and len(shown.rows) > _RICH_ROWS):
        lines = _plain(shown) if isinstance(shown, Grid) else shown.splitlines() or [""]
        sys.stdout.write("".join(line.rstrip() + "\n" for line in lines))
        return
    if not isinstance(shown, Grid):
        out.print(shown)
    elif sum(_narrowest(shown)) + _GUTTER * (len(shown.columns) - 1) <= out.width:
        out.print(_rich(shown, out))
    else:
        _print_folded(shown, out)


_GUTTER = 2  # columns between two of Rich's columns: a cell's right padding, the box's space


def _narrowest(grid: Grid) -> list[int]:
    """How narrow each column can be without cutting a value: its longest word (a code, a
    date or a number is one word; text and headings wrap between words)."""
    widths = []
    for index, (heading, _) in enumerate(grid.columns):
        words = heading.split() + [w for row in grid.rows for w in row[index].split()]
        widths.append(max((_width(word) for word in words), default=1))
    return widths


def _print_folded(grid: Grid, out: Console) -> None:
    """A table too wide for the terminal even with every cell wrapped: one record per block,
    a line per column ("Heading: value"), so that no column is dropped and no value cut."""
    from rich.text import Text

    headings = [heading for heading, _ in grid.columns]
    for number, row in enumerate(grid.rows):
        if number:
            out.print()
        for heading, cell in zip(headings, row, strict=True):
            if cell:
                line = Text()
                line.append(f"{heading}: ", style="bold")  # the label bold, not the value
                line.append(cell)
                out.print(line, overflow="fold")


def _plain(grid: Grid) -> list[str]:
    """The table as Rich draws it without a box: columns two spaces apart, numbers to the
    right."""
    table = [[h for h, _ in grid.columns]] if grid.header else []
    table += [list(row) for row in grid.rows]
    widths = [max(_width(row[i]) for row in table) for i in range(len(grid.columns))]
    right = [kind == NUMBER for _, kind in grid.columns]
    return [
        "  ".join(
            " " * (w - _width(cell)) + cell if r else cell + " " * (w - _width(cell))
            for cell, w, r in zip(row, widths, right, strict=True)
        )
        for row in table
    ]


# Characters of kkb's own cells that take one column in every terminal and in every Unicode
# version Rich knows (a dash for nothing, an ellipsis): a table of them needs no Rich either.
_NARROW = str.maketrans("–…", "--")


def _width(cell: str) -> int:
    """How many columns a cell takes on screen (wide characters take two)."""
    if cell.isascii() or cell.translate(_NARROW).isascii():
        return len(cell)
    from rich.cells import cell_len

    return cell_len(cell)


def _rich(grid: Grid, out: Console) -> Table:
    """The grid as a Rich table that fits the terminal: every column at least as wide as its
    longest word, the rest of the width given to the columns of text, which wrap."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),  # with the box's one space between columns: _GUTTER
        pad_edge=False,
        show_edge=False,
        show_header=grid.header,
    )
    if not grid.header:  # label: value lines
        table.box = None
    for index, ((heading, kind), width) in enumerate(
        zip(grid.columns, _widths(grid, out.width), strict=True)
    ):
        table.add_column(
            heading,
            justify="right" if kind == NUMBER else "left",
            overflow="fold",
            width=width,
            style="bold" if not grid.header and index == 0 else None,  # label: value lines
        )
    for row in grid.rows:
        table.add_row(*row)
    return table


def _widths(grid: Grid, available: int) -> list[int]:
    """Each column's width: its longest word at least, its longest line when the terminal
    allows; codes and numbers get theirs first, text shares what is left."""
    widths = _narrowest(grid)
    natural = [
        max([_width(heading), *(_width(row[i]) for row in grid.rows)])
        for i, (heading, _) in enumerate(grid.columns)
    ]
    spare = available - sum(widths) - _GUTTER * (len(widths) - 1)
    for i, (_, kind) in enumerate(grid.columns):  # codes and numbers first: they never wrap
        if kind != TEXT:
            grow = min(natural[i] - widths[i], max(spare, 0))
            widths[i] += grow
            spare -= grow
    # Then the columns of text share what is left in proportion to what each still wants, so
    # that a long last column (a history's Change) is not left one word wide.
    wanting = {i: natural[i] - widths[i] for i, (_, k) in enumerate(grid.columns) if k == TEXT}
    wanted = sum(wanting.values())
    if spare > 0 and wanted > 0:
        shares = {i: min(want, spare * want // wanted) for i, want in wanting.items()}
        for i, share in shares.items():
            widths[i] += share
        spare -= sum(shares.values())
        for i in wanting:  # what rounding left, left to right
            grow = min(natural[i] - widths[i], max(spare, 0))
            widths[i] += grow
            spare -= grow
    return widths


def _table(out: Console | Pipe, title: str | None, columns: Sequence[tuple[str, str]]) -> Grid:
    if title is not None:
        show(out, title)  # above the table, not in it: Rich would wrap it to the table's width
    return Grid(columns)


def _gap(out: Console | Pipe) -> None:
    """A blank line between blocks when piped (in a terminal the table's box leaves one)."""
    if not out.is_terminal:
        show(out, "")


def _cell(value: Any) -> str:
    return "" if value is None else terminal_safe(str(value))


def print_progress(
    report: ProgressReport,
    verdict_line: str,
    out: Console | Pipe,
    attribute: Attribute | None = None,
) -> None:
    years = _table(
        out,
        text("progress.title_years", scope=_cell(report.scope.name), date=long_date(report.as_of)),
        [
            (text("col.year"), CODE),
            (text("col.target"), NUMBER),
            (text("col.formed"), NUMBER),
            (text("col.cumulative"), NUMBER),
            (text("col.coverage"), NUMBER),
            (text("col.planned"), NUMBER),
            (text("col.target_status"), CODE),
        ],
    )
    for row in report.years:
        years.add_row(
            str(row.year),
            _cell(row.target) or "–",
            str(row.formed),
            str(row.cumulative),
            percent_sign(row.coverage_pct),
            str(row.planned),
            text(f"status.{row.status.value}") if row.status else "–",
        )
    show(out, years)
    _gap(out)
    if report.area_level is Level.DESA_KELURAHAN:  # a kecamatan: its villages, one by one
        _print_villages(report, out)
    else:
        _print_areas(report, out)
    print_attributes(report, out)
    if attribute is not None:
        print_area_attributes(report, attribute, out)
    if report.activities is not None:
        from kkb_cli.render.activities import print_activity_report

        print_activity_report(report.activities, area_word(report), out)
    # The kota's formation targets are in the table by year already; the others get their own.
    others = [c for c in report.targets if c.region != report.scope or c.target.subject != FORMED]
    if others:
        print_targets(others, out, title=text("progress.title_targets"))
        _gap(out)
    show(out, verdict_line)


def _print_villages(report: ProgressReport, out: Console | Pipe) -> None:
    """A kecamatan's breakdown: each desa/kelurahan and whether it has a Kampung KB."""
    villages = _table(
        out,
        text("progress.title_areas", level=area_word(report)),
        [
            (text("col.code"), CODE),
            (area_word(report).capitalize(), TEXT),
            (text("col.status"), CODE),
        ],
    )
    for area in report.areas:
        status = "formed" if area.formed else "planned" if area.planned else "none"
        villages.add_row(area.code, _cell(area.name), text(f"status.{status}"))
    show(out, villages)
    _gap(out)


def _print_areas(report: ProgressReport, out: Console | Pipe) -> None:
    """Coverage one level down: each kecamatan of a kota, each kota of a provinsi…"""
    areas = _table(
        out,
        text("progress.title_areas", level=area_word(report)),
        [
            (area_word(report).capitalize(), TEXT),
            (text("col.villages", noun=report.village_noun.capitalize()), NUMBER),
            (text("col.formed"), NUMBER),
            (text("col.planned"), NUMBER),
            (text("col.none"), NUMBER),
            (text("col.coverage"), NUMBER),
        ],
    )
    for area in report.areas:
        areas.add_row(
            _cell(area.name),
            str(area.villages),
            str(area.formed),
            str(area.planned),
            str(area.none),
            percent_sign(area.coverage_pct),
        )
    show(out, areas)
    _gap(out)


def _shares(row: AttributeCoverage) -> list[str]:
    return [
        str(row.formed),
        str(row.yes),
        str(row.no),
        str(row.unknown),
        percent_sign(row.yes_pct),
        percent_sign(row.no_pct),
        percent_sign(row.unknown_pct),
    ]


_SHARE_COLUMNS = (
    ("col.formed", NUMBER),
    ("col.yes", NUMBER),
    ("col.no", NUMBER),
    ("col.unknown", NUMBER),
    ("col.has_pct", NUMBER),
    ("col.lacks_pct", NUMBER),
    ("col.unknown_pct", NUMBER),
)


def print_attributes(report: ProgressReport, out: Console | Pipe) -> None:
    """Each attribute: how many formed Kampung KB have it, lack it, or are not known to.
    Before any is filled in, one line says how to start instead."""
    if not any(row.yes or row.no for row in report.attributes):
        show(out, text("progress.no_attributes"))
        _gap(out)
        return
    table = _table(
        out,
        text("progress.title_attributes"),
        [(text("col.attribute"), TEXT), *((text(key), kind) for key, kind in _SHARE_COLUMNS)],
    )
    for row in report.attributes:
        table.add_row(LABELS[row.attribute], *_shares(row))
    show(out, table)
    _gap(out)


def area_word(report: ProgressReport) -> str:
    """What the report's areas are, in words: kecamatan, kabupaten/kota…"""
    if report.area_level in (None, Level.DESA_KELURAHAN):  # a kecamatan's villages
        return report.village_noun
    return text(f"level.{report.area_level.value}")


def print_area_attributes(
    report: ProgressReport, attribute: Attribute, out: Console | Pipe
) -> None:
    """One attribute, kecamatan by kecamatan."""
    table = _table(
        out,
        text("progress.title_area_attribute", attribute=LABELS[attribute], level=area_word(report)),
        [
            (area_word(report).capitalize(), TEXT),
            *((text(key), kind) for key, kind in _SHARE_COLUMNS),
        ],
    )
    for area in report.area_attributes:
        row = next(r for r in area.attributes if r.attribute is attribute)
        table.add_row(_cell(area.name), *_shares(row))
    show(out, table)
    _gap(out)


def print_targets(checks: Sequence[TargetCheck], out: Console | Pipe, title: str | None) -> int:
    """Each target: what it asks, what is achieved, how many are still needed, its status."""
    from kkb_cli.domain.regions import written_with_level
    from kkb_cli.render.text import target_summary

    table = _table(
        out,
        title,
        [
            (text("col.target"), TEXT),
            (text("col.wanted"), NUMBER),
            (text("col.achieved"), NUMBER),
            (text("col.needed"), NUMBER),
            (text("col.target_status"), CODE),
        ],
    )
    for check in checks:
        table.add_row(
            _cell(target_summary(check.target, written_with_level(check.region))),
            str(check.wanted),
            str(check.achieved),
            str(check.needed),
            text(f"status.{check.status.value}"),
        )
    if checks:
        show(out, table)
    return len(checks)


def print_kampung_list(
    rows: Iterable[dict[str, Any]],
    out: Console | Pipe,
    attribute: Attribute | None = None,
    noun: str = "kelurahan",
) -> int:
    """One line per kelurahan; returns how many were shown. With ``attribute``, a column says
    whether each has it: yes, no, or ? (not known).

    The date and name columns appear only when some row has one, so that a narrow terminal
    spends its width on what is there.
    """
    shown = list(rows)
    columns = [
        ("kelurahan_code", text("col.code"), CODE),
        ("kelurahan", noun.capitalize(), TEXT),
        ("kecamatan", text("col.kecamatan"), TEXT),
        ("status", text("col.status"), CODE),
        ("year", text("col.year"), CODE),
        ("date", text("col.date"), CODE),
        ("name", text("col.name"), TEXT),
    ]
    if attribute is not None:
        columns.append((attribute.value, LABELS[attribute], CODE))
    columns = [c for c in columns if c[0] not in _OPTIONAL or any(r[c[0]] for r in shown)]
    table = _table(out, None, [(heading, kind) for _, heading, kind in columns])
    for row in shown:
        table.add_row(*(_list_cell(key, row[key]) for key, _, _ in columns))
    if shown:
        show(out, table)
    return len(shown)


_OPTIONAL = frozenset({"date", "name"})
_ATTRIBUTE_KEYS = frozenset(attribute.value for attribute in Attribute)


def _list_cell(key: str, value: Any) -> str:
    if key == "status":
        return text(f"status.{value}")
    if key in _ATTRIBUTE_KEYS:
        return text(f"answer.{value}") if value else "?"
    return _cell(value)


def print_pairs(pairs: Sequence[tuple[str, str]], out: Console | Pipe) -> None:
    """Label: value lines, for `kkb info`."""
    table = Grid([("", CODE), ("", TEXT)], header=False)
    for label, value in pairs:
        table.add_row(label, _cell(value))
    show(out, table)


def local_time(stored: str) -> str:
    """A stored UTC time as the clock on the wall shows it: 2026-11-28 05:43 WIB."""
    from datetime import datetime

    return datetime.fromisoformat(stored).astimezone().strftime("%Y-%m-%d %H:%M %Z")


def print_history(rows: Iterable[Any], out: Console | Pipe) -> int:
    """One line per recorded change, newest first; returns how many were shown."""
    from kkb_cli.domain.regions import RegionCode
    from kkb_cli.render.text import history_summary

    rows = list(rows)
    kinds = [RegionCode(row.village_code).village_kind for row in rows if row.village_code]
    noun = village_noun(kinds.count("kelurahan"), kinds.count("desa"))
    table = _table(
        out,
        None,
        [
            (text("col.when"), CODE),
            (text("col.command"), TEXT),
            (text("col.user"), CODE),
            (text("col.code"), CODE),
            (noun.capitalize(), TEXT),
            (text("col.change"), TEXT),
        ],
    )
    count = 0
    for row in rows:
        count += 1
        table.add_row(
            local_time(row.changed_at),
            _cell(row.command),
            _cell(row.os_user),
            row.village_code or "",
            _cell(row.village_name or ""),
            _cell(history_summary(row)),
        )
    if count:
        show(out, table)
    return count


def print_regions(parent: Region, rows: Sequence[RegionSummary], out: Console | Pipe) -> int:
    """The regions right below ``parent``, each with how many regions it holds at every lower
    level (a village instead shows its kind); returns how many were shown."""
    if not rows:
        return 0
    level = rows[0].level
    kelurahan = sum(row.kelurahan for row in rows)
    desa = sum(row.desa for row in rows)
    if level is Level.DESA_KELURAHAN:
        kelurahan = sum(row.kind == "kelurahan" for row in rows)
        desa = len(rows) - kelurahan

    def heading(lower: Level) -> str:
        if lower is Level.DESA_KELURAHAN:  # desa/kelurahan only where both kinds occur
            return village_noun(kelurahan, desa).capitalize()
        return text(f"level.{lower.value}").capitalize()

    lower_levels = list(rows[0].below)
    columns = [(text("col.code"), CODE), (heading(level), TEXT)]
    columns += [(heading(lower), NUMBER) for lower in lower_levels]
    if level is Level.DESA_KELURAHAN:
        columns.append((text("region.col_kind"), CODE))
    table = _table(
        out, text("region.list_title", name=_cell(parent.name), code=parent.code), columns
    )
    for row in rows:
        cells = [row.code, _cell(row.name), *(str(row.below[lower]) for lower in lower_levels)]
        if row.kind is not None:
            cells.append(row.kind)
        table.add_row(*cells)
    show(out, table)
    return len(rows)


def print_profile(profile: Profile, out: Console | Pipe) -> None:
    """`kkb show`: one desa/kelurahan's Kampung KB on one screen."""
    from kkb_cli.render.text import change_summary

    village, record = profile.village, profile.record
    where = ", ".join(region.name for region in reversed(profile.path))
    pairs = [
        (village.kind.capitalize(), f"{village.name} ({village.code})"),
        (text("show.in"), where),
    ]
    if record is None:
        pairs.append((text("col.status"), text("status.none")))
    else:
        pairs.append((text("col.status"), text(f"status.{record.status.value}")))
        if record.formed_year is not None:
            formed = (
                long_date(record.formed_date) if record.formed_date else str(record.formed_year)
            )
            pairs.append((text("show.formed"), formed))
        if record.planned_year is not None:
            pairs.append((text("show.planned"), str(record.planned_year)))
        for field, value in (
            ("name", record.name),
            ("sk_number", record.sk_number),
            ("note", record.note),
        ):
            if value:
                pairs.append((_first_upper(text(f"field.{field}")), value))
    print_pairs(pairs, out)
    _gap(out)
    if record is not None:
        table = _table(
            out,
            text("show.attributes"),
            [(text("col.attribute"), TEXT), (text("show.answer"), CODE), (text("col.since"), CODE)],
        )
        for attribute in Attribute:
            known = record.attributes.get(attribute)
            answer = text(f"answer.{known.answer.value}") if known else "?"
            since = long_date(known.since) if known and known.since else "–"
            table.add_row(LABELS[attribute], answer, since)
        show(out, table)
        _gap(out)
    if profile.targets:
        print_targets(profile.targets, out, text("show.targets"))
        _gap(out)
    if profile.history:
        table = _table(
            out,
            text("show.history"),
            [(text("col.when"), CODE), (text("col.command"), TEXT), (text("col.change"), TEXT)],
        )
        for row in profile.history:
            table.add_row(
                local_time(row.changed_at),
                _cell(row.command),
                _cell(change_summary(row.before, row.after)),
            )
        show(out, table)


def print_found_regions(found: Sequence[FoundRegion], out: Console | Pipe) -> int:
    """`kkb region find`: each region found, with its level and the regions holding it."""
    from kkb_cli.domain.regions import level_name

    table = _table(
        out,
        None,
        [
            (text("col.code"), CODE),
            (text("col.name"), TEXT),
            (text("col.level"), CODE),
            (text("show.in"), TEXT),
        ],
    )
    for each in found:
        where = ", ".join(region.name for region in reversed(each.path))
        table.add_row(
            each.region.code, _cell(each.region.name), level_name(each.region.code), _cell(where)
        )
    if found:
        show(out, table)
    return len(found)


def _first_upper(label: str) -> str:
    """``SK number``, ``No. SK``: the first letter upper, the others as written
    (``str.capitalize`` would make ``Sk number``)."""
    return label[:1].upper() + label[1:]
