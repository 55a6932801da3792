"""Commands that report: progress, list, export."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer

from kkb_cli.cli.app import (
    JsonFlag,
    Language,
    ScopeOption,
    app,
    date_option,
    export_app,
    in_scope,
    repository,
    say,
    utf8_stdout,
)
from kkb_cli.domain.records import Status
from kkb_cli.messages import text

T = TypeVar("T")

if TYPE_CHECKING:
    from kkb_cli.domain.regions import Region
    from kkb_cli.storage.repository import Repository

# -- kkb progress ----------------------------------------------------------------------------


@app.command(help=text("help.progress"))
def progress(
    ctx: typer.Context,
    as_of: Annotated[
        date | None,
        typer.Option(parser=date_option, metavar="DATE", help=text("help.as_of")),
    ] = None,
    attribute: Annotated[
        str | None, typer.Option(metavar="ATTRIBUTE", help=text("help.progress.attribute"))
    ] = None,
    scope: ScopeOption = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.attributes import parse_attribute
    from kkb_cli.domain.dates import check_as_of
    from kkb_cli.domain.progress import build_report
    from kkb_cli.render import text as sentences
    from kkb_cli.render.fields import report_dict

    today = date.today()
    if as_of is not None:
        check_as_of(as_of, today)
    by_area = parse_attribute(attribute) if attribute is not None else None
    as_of = as_of or today
    with repository(ctx) as repo:
        report = build_report(repo.snapshot(in_scope(repo, scope), as_of), as_of)
    summary = sentences.verdict(report)
    if json_:
        from kkb_cli.render.jsonout import write_object

        with utf8_stdout() as out:
            write_object({**report_dict(report), "summary": summary}, out)
    else:
        from kkb_cli.render.tables import console, print_progress

        print_progress(report, summary, console(), by_area)


# -- kkb list --------------------------------------------------------------------------------


@app.command(name="list", help=text("help.list"))
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option(help=text("help.list.status"))] = None,
    kecamatan: Annotated[
        str | None, typer.Option(metavar="NAME|CODE", help=text("help.list.kecamatan"))
    ] = None,
    missing: Annotated[
        str | None, typer.Option(metavar="ATTRIBUTE", help=text("help.list.missing"))
    ] = None,
    scope: ScopeOption = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.attributes import parse_attribute
    from kkb_cli.domain.records import KAMPUNG_COLUMNS
    from kkb_cli.domain.regions import village_kind, village_noun

    lacking = parse_attribute(missing) if missing is not None else None
    with repository(ctx) as repo:
        region = in_scope(repo, scope)
        if kecamatan is not None:
            region = _kecamatan(repo, region, kecamatan)
        table = [dict(zip(KAMPUNG_COLUMNS, row, strict=True)) for row in repo.kampung_table(region)]
    kinds = [village_kind(row["kelurahan_code"]) for row in table]
    noun = village_noun(kinds.count("kelurahan"), kinds.count("desa"))
    rows: Iterator[dict[str, Any]] = iter(table)
    if status is not None:
        rows = (row for row in rows if row["status"] == status.value)
    if lacking is not None:  # formed, and the attribute is "no" or not known
        rows = (r for r in rows if r["status"] == Status.FORMED and r[lacking.value] != "yes")
    if json_:
        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array(rows, out)
        return
    from kkb_cli.render.tables import console, print_kampung_list

    shown = print_kampung_list(rows, console(), lacking, noun)
    say(text("list.count", count=shown, noun=noun) if shown else text("list.empty"), err=True)


def _kecamatan(repo: Repository, scope: Region, kecamatan: str) -> Region:
    """The kecamatan a user named (a name within the scope, or a code anywhere)."""
    from kkb_cli.domain.regions import Level, find_region

    found: Region = find_region(kecamatan, repo.region_lookup(scope, Level.KECAMATAN, "kecamatan"))
    return found


# -- kkb export ------------------------------------------------------------------------------


class ExportTable(StrEnum):
    KAMPUNG = "kampung"
    PROGRESS = "progress"
    AREAS = "areas"
    ATTRIBUTES = "attributes"
    TARGETS = "targets"


def _tables(
    repo: Repository, scope: Region
) -> dict[ExportTable, tuple[tuple[str, ...], Iterable[dict[str, Any]]]]:
    """Every table kkb exports, as (columns, rows), with the same keys in every format. The
    kampung table is streamed from the database, the others come from today's report."""
    from kkb_cli.domain.progress import build_report
    from kkb_cli.domain.records import KAMPUNG_COLUMNS
    from kkb_cli.render import fields

    today = date.today()
    report = build_report(repo.snapshot(scope, today), today)
    return {
        ExportTable.KAMPUNG: (
            KAMPUNG_COLUMNS,
            (dict(zip(KAMPUNG_COLUMNS, row, strict=True)) for row in repo.kampung_table(scope)),
        ),
        ExportTable.PROGRESS: (fields.YEAR_COLUMNS, [fields.year_row(r) for r in report.years]),
        ExportTable.AREAS: (fields.AREA_COLUMNS, [fields.area_row(r) for r in report.areas]),
        ExportTable.ATTRIBUTES: (fields.ATTRIBUTE_COLUMNS, fields.attribute_rows(report)),
        ExportTable.TARGETS: (
            fields.TARGET_COLUMNS,
            [fields.target_row(c) for c in report.targets],
        ),
    }


def to_stdout(output: Path | None) -> bool:
    """Whether ``--output`` means standard output: not given, ``-`` or ``/dev/stdout``."""
    return output is None or str(output) in ("-", "/dev/stdout")


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", readable=False, help=text("help.export.output")),
]
ForceFlag = Annotated[bool, typer.Option("--force", help=text("help.export.force"))]


@export_app.command(name="csv", help=text("help.export.csv"))
def export_csv(
    ctx: typer.Context,
    table: Annotated[
        ExportTable, typer.Option(help=text("help.export.table"))
    ] = ExportTable.KAMPUNG,
    output: OutputOption = None,
    force: ForceFlag = False,
    headers: Annotated[Language, typer.Option(help=text("help.export.headers"))] = Language.EN,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.imports import FORMULA_START
    from kkb_cli.domain.records import KAMPUNG_COLUMNS
    from kkb_cli.render.csvout import atomic_output, write_csv, write_rows
    from kkb_cli.render.fields import HEADERS_ID
    from kkb_cli.render.terminal import terminal_safe_row

    def write(out: TextIO, *, terminal: bool = False) -> int:
        """Write the table; returns how many rows it had. On a terminal, control and bidi
        characters in stored text are shown escaped, never obeyed; a file or a pipe gets the
        data exactly."""
        written = 0

        def counted(rows: Iterable[Any]) -> Iterator[Any]:
            nonlocal written
            for written, row in enumerate(rows, 1):  # noqa: B007 (counted as they stream)
                yield terminal_safe_row(row) if terminal else row

        if table is ExportTable.KAMPUNG:
            # Streamed straight from the cursor: the one table that can be national-size.
            names = (
                [HEADERS_ID.get(c, c) for c in KAMPUNG_COLUMNS]
                if headers is Language.ID
                else KAMPUNG_COLUMNS
            )
            write_rows(names, counted(repo.kampung_table(region, FORMULA_START)), out)
        else:
            columns, rows = _tables(repo, region)[table]
            translated = [HEADERS_ID.get(c, c) for c in columns] if headers is Language.ID else None
            write_csv(columns, counted(rows), out, translated)
        return written

    with repository(ctx) as repo:
        region = in_scope(repo, scope)
        repo.begin_read()  # one snapshot for the whole file, even while another kkb writes
        if to_stdout(output):
            with utf8_stdout() as out:
                write(out, terminal=sys.stdout.isatty())
            return
        assert output is not None
        with atomic_output(output, force=force, mode_limit=repo.file_mode()) as out:
            rows = write(out)
    say(text("done.export", rows=rows, path=output), err=True)


@export_app.command(name="json", help=text("help.export.json"))
def export_json(
    ctx: typer.Context,
    output: OutputOption = None,
    force: ForceFlag = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.render.jsonout import write_object

    with repository(ctx) as repo:
        region = in_scope(repo, scope)
        repo.begin_read()
        tables = {name.value: list(rows) for name, (_, rows) in _tables(repo, region).items()}
        mode = repo.file_mode()
    document = {"scope": {"code": region.code, "name": region.name}, **tables}
    if to_stdout(output):
        with utf8_stdout() as out:
            write_object(document, out)
        return
    assert output is not None
    from kkb_cli.files import atomic_path

    with (
        atomic_path(output, force=force, mode_limit=mode) as temp,
        temp.open("w", encoding="utf-8") as out,
    ):
        write_object(document, out)
    say(text("done.export_json", path=output), err=True)


_SHEETS = {
    ExportTable.KAMPUNG: "Kampung KB",
    ExportTable.PROGRESS: "Progress by year",
    ExportTable.AREAS: "Coverage by kecamatan",
    ExportTable.ATTRIBUTES: "Attributes",
    ExportTable.TARGETS: "Targets",
}


@export_app.command(name="xlsx", help=text("help.export.xlsx"))
def export_xlsx(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", readable=False, help=text("help.export.xlsx_output")
        ),
    ],
    force: ForceFlag = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.files import atomic_path, temporary_folder
    from kkb_cli.render.fields import spreadsheet_columns
    from kkb_cli.render.xlsxout import Sheet, write_workbook

    with repository(ctx) as repo:
        region = in_scope(repo, scope)
        repo.begin_read()
        sheets = [
            Sheet(_SHEETS[table], *spreadsheet_columns(columns, rows))
            for table, (columns, rows) in _tables(repo, region).items()
        ]
        with (
            atomic_path(output, force=force, mode_limit=repo.file_mode()) as temp,
            temporary_folder(temp) as scratch,
        ):
            write_workbook(temp, sheets, scratch)
    say(text("done.export_xlsx", path=output, sheets=len(sheets)), err=True)
