"""``kkb report`` (the head of office's report, HTML or PDF) and ``kkb chart`` (one chart or
the map, PNG or SVG). matplotlib and Jinja2 are imported by these commands only."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kkb_cli.cli.app import ScopeOption, date_option, office, say, usage_parser
from kkb_cli.cli.group import CommandsApp
from kkb_cli.errors import UsageError
from kkb_cli.messages import text

commands = CommandsApp()

ForceFlag = Annotated[bool, typer.Option("--force", help="help.export.force")]
AsOfOption = Annotated[
    date | None, typer.Option(parser=date_option, metavar="DATE", help="help.as_of")
]
SinceOption = Annotated[
    date | None, typer.Option(parser=date_option, metavar="DATE", help="help.progress.since")
]


class ChartName(StrEnum):
    PROGRESS = "progress"
    AREAS = "areas"
    ATTRIBUTES = "attributes"
    MAP = "map"


def _length(value: str) -> str:
    """A width or height as written (``1600``, ``1600px``, ``12cm``, ``12,5cm``), checked
    here and worked out in inches by ``render.charts.inches``."""
    from kkb_cli.render.charts import inches

    inches(value)
    return value


LengthOption = usage_parser(_length)


@commands.command(help="help.report")
def report(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", readable=False, help="help.report.output"),
    ] = None,
    force: ForceFlag = False,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.render.report_page import default_name

    today = date.today()
    target = output if output is not None else Path(default_name(today))
    kind = target.suffix.lower()
    if kind not in (".html", ".htm", ".pdf"):
        raise UsageError("error.report_suffix", path=target)
    browser = None
    if kind == ".pdf":
        from kkb_cli.render.pdf import find_browser

        browser = find_browser()  # before any work: say at once when none is there
    page = office(ctx).report_page(scope=scope, as_of=as_of, since=since, today=today)

    from kkb_cli.files import atomic_path, temporary_folder
    from kkb_cli.render.report_page import render_html

    html = render_html(page, today)
    with atomic_path(target, force=force, mode_limit=page.file_mode) as temp:
        if browser is None:
            temp.write_text(html, encoding="utf-8")
        else:
            from kkb_cli.render.pdf import print_pdf

            with temporary_folder(temp) as scratch:
                source = scratch / "page.html"
                source.write_text(html, encoding="utf-8")
                print_pdf(browser, source, temp, scratch)
        size = temp.stat().st_size
    say(text("done.report", path=target, size=_size(size)), err=True)


@commands.command(help="help.chart")
def chart(
    ctx: typer.Context,
    name: Annotated[ChartName, typer.Argument(help="help.chart.name", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", readable=False, help="help.chart.output"),
    ] = None,
    width: Annotated[
        str | None, typer.Option(parser=LengthOption, metavar="SIZE", help="help.chart.width")
    ] = None,
    height: Annotated[
        str | None, typer.Option(parser=LengthOption, metavar="SIZE", help="help.chart.height")
    ] = None,
    force: ForceFlag = False,
    as_of: AsOfOption = None,
    since: SinceOption = None,
    scope: ScopeOption = None,
) -> None:
    today = date.today()
    target = (
        output
        if output is not None
        else Path(text("chart.file_name", name=name.value, date=today.isoformat()) + ".png")
    )
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise UsageError("error.chart_suffix", path=target)
    page = office(ctx).report_page(scope=scope, as_of=as_of, since=since, today=today)

    from kkb_cli.errors import RefusedError
    from kkb_cli.files import atomic_path
    from kkb_cli.render import charts

    size = charts.figure_size(name.value, width, height)
    figure = charts.chart(name.value, page.report, page.map, size)
    if figure is None:
        raise RefusedError("error.chart_no_map", noun=charts.map_noun(page.map, page.report))
    with atomic_path(target, force=force, mode_limit=page.file_mode) as temp:
        charts.save(figure, temp, kind)
        written = temp.stat().st_size
    say(text("done.chart", path=target, size=_size(written)), err=True)


def _size(count: int) -> str:
    """A file's size as people read it: 412 KB, 1,3 MB."""
    from kkb_cli.messages import grouped, percent

    if count < 1_000_000:
        return text("size.kb", size=grouped(max(1, round(count / 1000))))
    return text("size.mb", size=percent(count / 1_000_000))
