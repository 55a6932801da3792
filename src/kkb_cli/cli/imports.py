"""`kkb import csv`: a spreadsheet's rows in, all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from kkb_cli.cli.app import (
    DryRunFlag,
    InputFileArgument,
    ScopeOption,
    collector_paused,
    import_app,
    in_scope,
    refused_rows,
    reported,
    repository,
    say,
)
from kkb_cli.domain.regions import INDONESIA
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.domain.imports import RowChange
    from kkb_cli.domain.records import KampungRecord
    from kkb_cli.domain.regions import Region, VillageIndex
    from kkb_cli.storage.repository import Repository

T = TypeVar("T")


# -- kkb import ------------------------------------------------------------------------------

_PROGRESS_BAR_ROWS = 2000  # smaller files are checked faster than a bar could be drawn


@import_app.command(name="csv", help=text("help.import.csv"))
@reported
def import_csv(
    ctx: typer.Context,
    file: InputFileArgument,
    dry_run: DryRunFlag = False,
    update: Annotated[bool, typer.Option("--update", help=text("help.import.update"))] = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.imports import plan_import, read_header
    from kkb_cli.domain.regions import VillageIndex
    from kkb_cli.render.csvin import read_bytes, split_rows
    from kkb_cli.storage.database import Mode

    with collector_paused():
        # Read and split the file before opening the database: a bad file never waits for a lock.
        header, rows = split_rows(read_bytes(file), file)
        columns = read_header(header)
        stdin = str(file) == "-"
        shown = "stdin" if stdin else file.name
        source = text("import.stdin") if stdin else str(file)
        with repository(
            ctx,
            Mode.READ if dry_run else Mode.WRITE,
            must_exist=True,
            command=f"import csv {shown}",
        ) as repo:
            region = in_scope(repo, scope)
            index = VillageIndex(repo.villages(region), elsewhere=repo.village)
            plan = plan_import(
                columns,
                _with_progress_bar(rows),
                index,
                _RecordsAnywhere(repo, region),
                update=update,
                today=date.today(),
            )
            if plan.problems:
                problems = [(p.line, p.error.message) for p in plan.problems]
                raise refused_rows("error.import_refused", plan.rows, source, problems)
            if not dry_run:
                repo.apply(row.change for row in plan.changes)
    counts = {"added": plan.added, "updated": plan.updated, "unchanged": plan.unchanged}
    if dry_run:
        _print_planned_changes(plan.changes, index)
        say(text("done.import_dry_run", path=source, **counts))
    else:
        say(text("done.import", path=source, **counts))


class _RecordsAnywhere(dict[str, "KampungRecord"]):
    """The scope's records, read ahead; a village elsewhere (given by its code) is looked up
    when asked for."""

    def __init__(self, repo: Repository, scope: Region) -> None:
        super().__init__(repo.records(scope))
        self.repo = repo
        self.inside = scope.code + "." if scope.code != INDONESIA else ""

    def get(self, code: str, default: Any = None) -> Any:
        if code in self or code.startswith(self.inside):
            return super().get(code, default)
        return self.repo.record(code) or default


def _with_progress_bar(rows: Sequence[T]) -> Iterator[T]:
    """The rows, drawing a progress bar on stderr while a large file is checked, when a
    person is watching (stdout is a terminal)."""
    if len(rows) < _PROGRESS_BAR_ROWS or not sys.stdout.isatty():
        yield from rows
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        rows, description=text("import.progress"), console=Console(stderr=True), transient=True
    )


def _print_planned_changes(changes: list[RowChange], index: VillageIndex) -> None:
    from kkb_cli.render.text import planned_change

    for row in changes:
        say(planned_change(row.line, row.change, index.find(row.change.village_code).name))
