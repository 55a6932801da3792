"""Commands that report: progress, list, export."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkb_cli.cli.app import (
    JsonFlag,
    Language,
    app,
    date_option,
    export_app,
    reported,
    repository,
    say,
    utf8_stdout,
)
from kkb_cli.domain.records import Status
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.domain.progress import ScopeData

# -- kkb progress ----------------------------------------------------------------------------


@app.command(help=text("help.progress"))
@reported
def progress(
    ctx: typer.Context,
    as_of: Annotated[
        date | None,
        typer.Option(parser=date_option, metavar="DATE", help=text("help.as_of")),
    ] = None,
    attribute: Annotated[
        str | None, typer.Option(metavar="ATTRIBUTE", help=text("help.progress.attribute"))
    ] = None,
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
    with repository(ctx) as repo:
        report = build_report(repo.snapshot(), as_of or today)
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
@reported
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option(help=text("help.list.status"))] = None,
    kecamatan: Annotated[
        str | None, typer.Option(metavar="NAME|CODE", help=text("help.list.kecamatan"))
    ] = None,
    missing: Annotated[
        str | None, typer.Option(metavar="ATTRIBUTE", help=text("help.list.missing"))
    ] = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.attributes import parse_attribute
    from kkb_cli.domain.regions import find_region, village_noun
    from kkb_cli.render.fields import kampung_rows

    lacking = parse_attribute(missing) if missing is not None else None

    with repository(ctx) as repo:
        data = repo.snapshot()
    villages = data.villages
    if kecamatan is not None:
        area = find_region(kecamatan, data.areas, "kecamatan")
        villages = [v for v in villages if v.kecamatan_code == area.code]
    noun = village_noun(villages) if villages else "kelurahan"
    rows = kampung_rows(villages, data.records)
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

    shown = print_kampung_list(rows, console(), lacking)
    say(text("list.count", count=shown, noun=noun) if shown else text("list.empty"), err=True)


# -- kkb export ------------------------------------------------------------------------------


class ExportTable(StrEnum):
    KAMPUNG = "kampung"
    PROGRESS = "progress"
    AREAS = "areas"
    ATTRIBUTES = "attributes"
    TARGETS = "targets"


def _tables(data: ScopeData) -> dict[ExportTable, tuple[tuple[str, ...], list[dict[str, Any]]]]:
    """Every table kkb exports, as (columns, rows), with the same keys in every format."""
    from kkb_cli.domain.progress import build_report
    from kkb_cli.render import fields

    report = build_report(data, date.today())
    return {
        ExportTable.KAMPUNG: (
            fields.KAMPUNG_COLUMNS,
            list(fields.kampung_rows(data.villages, data.records)),
        ),
        ExportTable.PROGRESS: (fields.YEAR_COLUMNS, [fields.year_row(r) for r in report.years]),
        ExportTable.AREAS: (fields.AREA_COLUMNS, [fields.area_row(r) for r in report.areas]),
        ExportTable.ATTRIBUTES: (fields.ATTRIBUTE_COLUMNS, fields.attribute_rows(report)),
        ExportTable.TARGETS: (
            fields.TARGET_COLUMNS,
            [fields.target_row(c) for c in report.targets],
        ),
    }


OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", readable=False, help=text("help.export.output")),
]
ForceFlag = Annotated[bool, typer.Option("--force", help=text("help.export.force"))]


@export_app.command(name="csv", help=text("help.export.csv"))
@reported
def export_csv(
    ctx: typer.Context,
    table: Annotated[
        ExportTable, typer.Option(help=text("help.export.table"))
    ] = ExportTable.KAMPUNG,
    output: OutputOption = None,
    force: ForceFlag = False,
    headers: Annotated[Language, typer.Option(help=text("help.export.headers"))] = Language.EN,
) -> None:
    from kkb_cli.render.csvout import atomic_output, write_csv
    from kkb_cli.render.fields import HEADERS_ID

    with repository(ctx) as repo:
        data = repo.snapshot()
    columns, rows = _tables(data)[table]
    names = [HEADERS_ID.get(c, c) for c in columns] if headers is Language.ID else None
    if output is None or str(output) == "-":
        with utf8_stdout() as out:
            write_csv(columns, rows, out, names)
        return
    with atomic_output(output, force=force) as out:
        write_csv(columns, rows, out, names)
    say(text("done.export", rows=len(rows), path=output), err=True)


@export_app.command(name="json", help=text("help.export.json"))
@reported
def export_json(ctx: typer.Context, output: OutputOption = None, force: ForceFlag = False) -> None:
    from kkb_cli.render.jsonout import write_object

    with repository(ctx) as repo:
        data = repo.snapshot()
    tables = {name.value: rows for name, (_, rows) in _tables(data).items()}
    document = {"scope": {"code": data.scope.code, "name": data.scope.name}, **tables}
    if output is None or str(output) == "-":
        with utf8_stdout() as out:
            write_object(document, out)
        return
    from kkb_cli.files import atomic_path

    with atomic_path(output, force=force) as temp, temp.open("w", encoding="utf-8") as out:
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
@reported
def export_xlsx(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar="FILE", readable=False, help=text("help.export.xlsx_output")
        ),
    ],
    force: ForceFlag = False,
) -> None:
    from kkb_cli.files import atomic_path
    from kkb_cli.render.fields import spreadsheet_columns
    from kkb_cli.render.xlsxout import Sheet, write_workbook

    with repository(ctx) as repo:
        data = repo.snapshot()
    sheets = [
        Sheet(_SHEETS[table], *spreadsheet_columns(columns, rows))
        for table, (columns, rows) in _tables(data).items()
    ]
    with atomic_path(output, force=force) as temp:
        write_workbook(temp, sheets)
    say(text("done.export_xlsx", path=output, sheets=len(sheets)), err=True)
