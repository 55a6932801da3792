"""`kkb import csv`: a spreadsheet's rows in, all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kkb_cli.cli.app import (
    SHOWN_CHANGES,
    DryRunFlag,
    InputFileArgument,
    ScopeOption,
    VerboseFlag,
    office,
    say,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.messages import text

if TYPE_CHECKING:
    from rich.progress import Progress

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
    verbose: VerboseFlag = False,
) -> None:
    from kkb_cli.render.csvin import CsvFile

    with CsvFile(file) as source, ProgressBar() as bar:
        plan = office(ctx).import_records(
            source,
            update=update,
            dry_run=dry_run,
            scope=scope,
            progress=bar,
            shown=None if verbose else SHOWN_CHANGES,
        )
    from kkb_cli.render.text import planned_change

    lines = (planned_change(row.line, row.change, row.village_name) for row in plan.changes)
    say_import(plan, source.name, lines, "done.import_dry_run" if dry_run else "done.import")


def say_import(plan: Any, path: str, lines: Iterable[str], done: str) -> None:
    """What an import did (``done``: its message), or in a dry run would do: then first the
    changes kept to show (``lines``; a real import keeps none) and how many more."""
    from kkb_cli.messages import grouped

    counts = {
        "added": grouped(plan.added),
        "updated": grouped(plan.updated),
        "unchanged": grouped(plan.unchanged),
    }
    if plan.changes:
        for line in lines:
            say(line)
        more = plan.added + plan.updated - len(plan.changes)
        if more > 0:
            say(text("import.more_changes", count=grouped(more)))
    say(text(done, path=path, **counts))


class ProgressBar:
    """A progress bar on stderr while a large file's rows are checked, when a person is
    watching (stdout is a terminal): the ``progress`` of an import. Used as a context
    manager around the import, it is taken off the screen as the import ends, however it
    ends: before the error of an interrupted import is printed, not glued after it."""

    def __init__(self) -> None:
        self._shown: Progress | None = None

    def __call__(self, rows: Iterable[T], total: int) -> Iterable[T]:
        if total < _PROGRESS_BAR_ROWS or not sys.stdout.isatty():
            return rows
        from rich.console import Console
        from rich.progress import Progress

        shown = Progress(
            *Progress.get_default_columns(), console=Console(stderr=True), transient=True
        )
        shown.start()
        self._shown = shown
        return shown.track(rows, total=total, description=text("import.progress"))

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._shown is not None:
            self._shown.stop()
            self._shown = None
