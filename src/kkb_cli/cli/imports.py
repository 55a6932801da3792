"""`kkb import csv`: a spreadsheet's rows in, all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Annotated, TypeVar

import typer

from kkb_cli.cli.app import DryRunFlag, InputFileArgument, ScopeOption, office, say
from kkb_cli.cli.group import CommandsApp
from kkb_cli.messages import text

T = TypeVar("T")

commands = CommandsApp()
import_app = CommandsApp(help="help.import")
commands.add_typer(import_app, name="import")

_PROGRESS_BAR_ROWS = 2000  # smaller files are checked faster than a bar could be drawn


@import_app.command(name="csv", help="help.import.csv")
def import_csv(
    ctx: typer.Context,
    file: InputFileArgument,
    dry_run: DryRunFlag = False,
    update: Annotated[bool, typer.Option("--update", help="help.import.update")] = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.render.csvin import CsvFile

    with CsvFile(file) as source:
        plan = office(ctx).import_records(
            source, update=update, dry_run=dry_run, scope=scope, progress=_with_progress_bar
        )
    counts = {"added": plan.added, "updated": plan.updated, "unchanged": plan.unchanged}
    if dry_run:
        from kkb_cli.render.text import planned_change

        for row in plan.changes:
            say(planned_change(row.line, row.change, row.village_name))
        say(text("done.import_dry_run", path=source.name, **counts))
    else:
        say(text("done.import", path=source.name, **counts))


def _with_progress_bar(rows: Iterable[T], total: int) -> Iterable[T]:
    """The rows, drawing a progress bar on stderr while a large file is checked, when a
    person is watching (stdout is a terminal)."""
    if total < _PROGRESS_BAR_ROWS or not sys.stdout.isatty():
        return rows
    return _tracked(rows, total)


def _tracked(rows: Iterable[T], total: int) -> Iterator[T]:
    from rich.console import Console
    from rich.progress import track

    yield from track(
        rows,
        total=total,
        description=text("import.progress"),
        console=Console(stderr=True),
        transient=True,
    )
