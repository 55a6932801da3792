"""Commands that report: progress, list, export."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kkb_cli.cli.app import (
    JsonFlag,
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

# -- kkb progress ----------------------------------------------------------------------------


@app.command(help=text("help.progress"))
@reported
def progress(
    ctx: typer.Context,
    as_of: Annotated[
        date | None,
        typer.Option(parser=date_option, metavar="DATE", help=text("help.as_of")),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.dates import check_as_of
    from kkb_cli.domain.progress import build_report
    from kkb_cli.render import text as sentences
    from kkb_cli.render.fields import report_dict

    today = date.today()
    if as_of is not None:
        check_as_of(as_of, today)
    with repository(ctx) as repo:
        report = build_report(repo.snapshot(), as_of or today)
    summary = sentences.verdict(report)
    if json_:
        from kkb_cli.render.jsonout import write_object

        with utf8_stdout() as out:
            write_object({**report_dict(report), "summary": summary}, out)
    else:
        from kkb_cli.render.tables import console, print_progress

        print_progress(report, summary, console())


# -- kkb list --------------------------------------------------------------------------------


@app.command(name="list", help=text("help.list"))
@reported
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option(help=text("help.list.status"))] = None,
    kecamatan: Annotated[
        str | None, typer.Option(metavar="NAME|CODE", help=text("help.list.kecamatan"))
    ] = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.regions import find_region, village_noun
    from kkb_cli.render.fields import kampung_rows

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
    if json_:
        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array(rows, out)
        return
    from kkb_cli.render.tables import console, print_kampung_list

    shown = print_kampung_list(rows, console())
    say(text("list.count", count=shown, noun=noun) if shown else text("list.empty"), err=True)


# -- kkb export ------------------------------------------------------------------------------


class ExportTable(StrEnum):
    KAMPUNG = "kampung"
    PROGRESS = "progress"
    AREAS = "areas"


@export_app.command(name="csv", help=text("help.export.csv"))
@reported
def export_csv(
    ctx: typer.Context,
    table: Annotated[
        ExportTable, typer.Option(help=text("help.export.table"))
    ] = ExportTable.KAMPUNG,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", readable=False, help=text("help.export.output")
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=text("help.export.force"))] = False,
) -> None:
    from kkb_cli.render import fields
    from kkb_cli.render.csvout import atomic_output, write_csv

    with repository(ctx) as repo:
        data = repo.snapshot()
    columns: tuple[str, ...]
    if table is ExportTable.KAMPUNG:
        columns = fields.KAMPUNG_COLUMNS
        rows = list(fields.kampung_rows(data.villages, data.records))
    else:
        from kkb_cli.domain.progress import build_report

        report = build_report(data, date.today())
        if table is ExportTable.PROGRESS:
            columns = fields.YEAR_COLUMNS
            rows = [fields.year_row(row) for row in report.years]
        else:
            columns = fields.AREA_COLUMNS
            rows = [fields.area_row(row) for row in report.areas]
    if output is None or str(output) == "-":
        with utf8_stdout() as out:
            write_csv(columns, rows, out)
        return
    with atomic_output(output, force=force) as out:
        write_csv(columns, rows, out)
    say(text("done.export", rows=len(rows), path=output), err=True)
