"""Rich tables for people. When stdout is not a terminal they are drawn without colour or box
lines, so they can be piped through grep or saved; scripts should use ``--json`` instead."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from kkb_cli.domain.progress import ProgressReport
from kkb_cli.messages import long_date, percent, text


def console() -> Console:
    """A console for stdout: Rich decides colour from the terminal and NO_COLOR."""
    # markup=False: names and notes are shown as typed, never read as Rich markup.
    out = Console(highlight=False, markup=False)
    if not out.is_terminal:
        # Piped: no wrapping at 80 columns, no box art, no colour.
        out = Console(highlight=False, markup=False, width=200, color_system=None)
    return out


def _table(out: Console, title: str | None, columns: Sequence[tuple[str, str]]) -> Table:
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD if out.is_terminal else None,
        title_justify="left",
        pad_edge=False,
    )
    for heading, justify in columns:
        table.add_column(heading, justify=justify)  # type: ignore[arg-type]
    return table


def _gap(out: Console) -> None:
    """A blank line between blocks when piped (in a terminal the table's box leaves one)."""
    if not out.is_terminal:
        out.print()


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def print_progress(report: ProgressReport, verdict_line: str, out: Console) -> None:
    years = _table(
        out,
        text("progress.title_years", scope=report.scope.name, date=long_date(report.as_of)),
        [
            (text("col.year"), "left"),
            (text("col.target"), "right"),
            (text("col.formed"), "right"),
            (text("col.cumulative"), "right"),
            (text("col.coverage"), "right"),
            (text("col.planned"), "right"),
            (text("col.target_status"), "left"),
        ],
    )
    for row in report.years:
        years.add_row(
            str(row.year),
            _cell(row.target) or "–",
            str(row.formed),
            str(row.cumulative),
            f"{percent(row.coverage_pct)}%",
            str(row.planned),
            text(f"status.{row.status.value}") if row.status else "–",
        )
    out.print(years)
    _gap(out)
    areas = _table(
        out,
        text("progress.title_areas"),
        [
            (text("col.kecamatan"), "left"),
            (text("col.villages", noun=report.village_noun.capitalize()), "right"),
            (text("col.formed"), "right"),
            (text("col.planned"), "right"),
            (text("col.none"), "right"),
            (text("col.coverage"), "right"),
        ],
    )
    for area in report.areas:
        areas.add_row(
            area.name,
            str(area.villages),
            str(area.formed),
            str(area.planned),
            str(area.none),
            f"{percent(area.coverage_pct)}%",
        )
    out.print(areas)
    _gap(out)
    out.print(verdict_line, soft_wrap=not out.is_terminal)


def print_kampung_list(rows: Iterable[dict[str, Any]], out: Console) -> int:
    """One line per kelurahan; returns how many were shown."""
    table = _table(
        out,
        None,
        [
            (text("col.code"), "left"),
            (text("col.kelurahan"), "left"),
            (text("col.kecamatan"), "left"),
            (text("col.status"), "left"),
            (text("col.year"), "right"),
            (text("col.date"), "left"),
            (text("col.name"), "left"),
        ],
    )
    count = 0
    for row in rows:
        count += 1
        table.add_row(
            row["kelurahan_code"],
            row["kelurahan"],
            row["kecamatan"],
            text(f"status.{row['status']}"),
            _cell(row["year"]),
            _cell(row["date"]),
            _cell(row["name"]),
        )
    if count:
        out.print(table)
    return count


def print_pairs(pairs: Sequence[tuple[str, str]], out: Console) -> None:
    """Label: value lines, for `kkb info`."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    for label, value in pairs:
        table.add_row(label, value)
    out.print(table)
