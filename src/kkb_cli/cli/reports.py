"""Commands that report: progress, list, export."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from kkb_cli.cli.app import (
    Language,
    Output,
    ScopeOption,
    StatusWords,
    completer,
    date_option,
    office,
    output_options,
    say,
    using,
    utf8_stdout,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.domain.status import Status
from kkb_cli.errors import UsageError
from kkb_cli.messages import grouped, text

if TYPE_CHECKING:
    from kkb_cli.application.reports import ReportUseCases, Tables

commands = CommandsApp()
export_app = CommandsApp(help="help.export")
commands.add_typer(export_app, name="export")


def reports(ctx: typer.Context) -> ReportUseCases:
    """The office's report use cases: all that these commands need but ``export datasette``
    (the code of the others is not loaded)."""
    from kkb_cli.application.reports import ReportUseCases

    return using(ctx, ReportUseCases)


@commands.command(help="help.progress")
@output_options
def progress(
    ctx: typer.Context,
    as_of: Annotated[
        date | None,
        typer.Option(parser=date_option, metavar="DATE", help="help.as_of"),
    ] = None,
    attribute: Annotated[
        str | None,
        typer.Option(
            metavar="ATTRIBUTE",
            help="help.progress.attribute",
            shell_complete=completer("attributes"),
        ),
    ] = None,
    since: Annotated[
        date | None,
        typer.Option(parser=date_option, metavar="DATE", help="help.progress.since"),
    ] = None,
    scope: ScopeOption = None,
    *,
    output: Output,
) -> None:
    from kkb_cli.domain.attributes import parse_attribute
    from kkb_cli.render import text as sentences

    by_area = parse_attribute(attribute) if attribute is not None else None
    report = reports(ctx).progress(scope=scope, as_of=as_of, since=since)
    summary = sentences.verdict(report)
    if output.json:
        from kkb_cli.render.activities import activity_report_dict
        from kkb_cli.render.fields import report_dict

        document = {**report_dict(report), "summary": summary}
        if report.activities is not None:
            document["activities"] = activity_report_dict(report.activities)
        output.object(document)
        return
    from kkb_cli.render.tables import console, print_progress

    print_progress(report, summary, console(), by_area)


@commands.command(name="list", help="help.list")
@output_options
def list_(
    ctx: typer.Context,
    status: Annotated[
        Status | None,
        typer.Option(click_type=StatusWords(), help="help.list.status", show_default=False),
    ] = None,
    kecamatan: Annotated[
        str | None, typer.Option(metavar="NAME|CODE", help="help.list.kecamatan")
    ] = None,
    missing: Annotated[
        str | None,
        typer.Option(
            metavar="ATTRIBUTE", help="help.list.missing", shell_complete=completer("attributes")
        ),
    ] = None,
    no_activity_since: Annotated[
        date | None,
        typer.Option(
            "--no-activity-since", parser=date_option, metavar="DATE", help="help.list.quiet"
        ),
    ] = None,
    scope: ScopeOption = None,
    *,
    output: Output,
) -> None:
    with reports(ctx).listing(
        scope=scope,
        kecamatan=kecamatan,
        status=status,
        missing=missing,
        no_activity_since=no_activity_since,
    ) as listing:
        if output.json:
            output.array(listing.rows)
            return
        from kkb_cli.render.tables import console, print_kampung_list

        shown = print_kampung_list(listing.rows, console(), listing.attribute, listing.noun)
    say(
        text("list.count", count=grouped(shown), noun=listing.noun)
        if shown
        else text("list.empty"),
        err=True,
    )


# -- kkb export ------------------------------------------------------------------------------


class ExportTable(StrEnum):
    KAMPUNG = "kampung"
    PROGRESS = "progress"
    AREAS = "areas"
    ATTRIBUTES = "attributes"
    TARGETS = "targets"
    ACTIVITIES = "activities"
    AGENCIES = "agencies"
    LINTAS_SEKTOR = "lintas_sektor"


def _table(tables: Tables, table: ExportTable) -> tuple[tuple[str, ...], Iterable[dict[str, Any]]]:
    """One table as (columns, rows), with the same keys in every format."""
    from kkb_cli.domain.records import KAMPUNG_COLUMNS
    from kkb_cli.render import fields

    report = tables.report
    if table is ExportTable.KAMPUNG:
        return KAMPUNG_COLUMNS, tables.kampung_rows()
    if table is ExportTable.PROGRESS:
        return fields.YEAR_COLUMNS, [fields.year_row(r) for r in report.years]
    if table is ExportTable.AREAS:
        return fields.AREA_COLUMNS, [fields.area_row(r) for r in report.areas]
    if table is ExportTable.ATTRIBUTES:
        return fields.ATTRIBUTE_COLUMNS, fields.attribute_rows(report)
    if table is ExportTable.TARGETS:
        return fields.TARGET_COLUMNS, [fields.target_row(c) for c in report.targets]
    from kkb_cli.render import activities

    if table is ExportTable.ACTIVITIES:
        rows = tables.store.activities.listing(tables.region.region_code)
        return activities.ACTIVITY_COLUMNS, activities.activity_rows(rows)
    assert report.activities is not None
    if table is ExportTable.AGENCIES:
        return activities.AGENCY_COLUMNS, activities.agency_rows(report.activities)
    return activities.BUCKET_COLUMNS, activities.bucket_rows(report.activities)


def to_stdout(output: Path | None) -> bool:
    """Whether ``--output`` means standard output: not given, ``-`` or ``/dev/stdout``."""
    return output is None or str(output) in ("-", "/dev/stdout")


class Delimiter(StrEnum):
    """What separates the cells of a CSV export."""

    COMMA = ","
    SEMICOLON = ";"
    TAB = "tab"


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", readable=False, help="help.export.output"),
]
ForceFlag = Annotated[bool, typer.Option("--force", help="help.export.force")]


@export_app.command(name="csv", help="help.export.csv")
def export_csv(
    ctx: typer.Context,
    table: Annotated[ExportTable, typer.Option(help="help.export.table")] = ExportTable.KAMPUNG,
    output: OutputOption = None,
    force: ForceFlag = False,
    headers: Annotated[Language, typer.Option(help="help.export.headers")] = Language.EN,
    delimiter: Annotated[
        Delimiter, typer.Option(help="help.export.delimiter", show_default=False)
    ] = Delimiter.COMMA,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.records import KAMPUNG_COLUMNS
    from kkb_cli.render.csvout import FORMULA_START, atomic_output, write_csv, write_rows
    from kkb_cli.render.fields import HEADERS_ID
    from kkb_cli.render.terminal import terminal_safe_row

    separator = "\t" if delimiter is Delimiter.TAB else delimiter.value

    def write(tables: Tables, out: TextIO, *, terminal: bool = False) -> int:
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
            write_rows(names, counted(tables.kampung(FORMULA_START)), out, separator)
        else:
            columns, rows = _table(tables, table)
            translated = [HEADERS_ID.get(c, c) for c in columns] if headers is Language.ID else None
            write_csv(columns, counted(rows), out, translated, separator)
        return written

    with reports(ctx).tables(scope=scope) as tables:
        if to_stdout(output):
            with utf8_stdout() as out:
                write(tables, out, terminal=sys.stdout.isatty())
            return
        assert output is not None
        with atomic_output(output, force=force, mode_limit=tables.file_mode) as out:
            rows = write(tables, out)
    say(text("done.export", rows=grouped(rows), path=output), err=True)


@export_app.command(name="json", help="help.export.json")
def export_json(
    ctx: typer.Context,
    output: OutputOption = None,
    force: ForceFlag = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.render.jsonout import write_object

    with reports(ctx).tables(scope=scope) as tables:
        document = {
            "scope": {"code": tables.region.code, "name": tables.region.name},
            **{name.value: list(_table(tables, name)[1]) for name in ExportTable},
        }
        mode = tables.file_mode
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


@export_app.command(name="xlsx", help="help.export.xlsx")
def export_xlsx(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", readable=False, help="help.export.xlsx_output"
        ),
    ],
    force: ForceFlag = False,
    headers: Annotated[
        Language | None,
        typer.Option(help="help.export.xlsx_headers", show_default=False),
    ] = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.files import atomic_path, temporary_folder
    from kkb_cli.messages import LANGUAGE, speaking
    from kkb_cli.render.tables import area_word
    from kkb_cli.render.workbook import Part, workbook_sheets
    from kkb_cli.render.xlsxout import write_workbook

    if to_stdout(output):  # a workbook is a file to open, not text for a screen or a pipe
        raise UsageError("error.xlsx_stdout")
    # People read a workbook: by default it speaks kkb's language (--lang).
    with reports(ctx).tables(scope=scope) as tables, speaking(headers or LANGUAGE):
        report = tables.report
        parts = [Part(table.value, *_table(tables, table)) for table in ExportTable]
        sheets = workbook_sheets(parts, noun=report.village_noun, area_word=area_word(report))
        with (
            atomic_path(output, force=force, mode_limit=tables.file_mode) as temp,
            temporary_folder(temp) as scratch,
        ):
            write_workbook(temp, sheets, scratch)
    say(text("done.export_xlsx", path=output, sheets=len(sheets)), err=True)


@export_app.command(name="datasette", help="help.export.datasette")
def export_datasette(
    ctx: typer.Context,
    output: OutputOption = None,
    force: ForceFlag = False,
) -> None:
    from kkb_cli.files import atomic_path
    from kkb_cli.render.datasette import metadata
    from kkb_cli.render.jsonout import write_object

    kkb = office(ctx)
    scope = kkb.scope()
    document = metadata(kkb.path.stem, scope.region.name)
    if to_stdout(output):
        with utf8_stdout() as out:
            write_object(document, out)
        return
    assert output is not None
    with (
        atomic_path(output, force=force, mode_limit=0o644) as temp,
        temp.open("w", encoding="utf-8") as out,
    ):
        write_object(document, out)
    say(text("done.export_datasette", path=output, database=kkb.path), err=True)
