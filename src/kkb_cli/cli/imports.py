"""`kkb import csv`: a spreadsheet's rows in, all or nothing."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from kkb_cli.cli.app import (
    DryRunFlag,
    InputFileArgument,
    ScopeOption,
    collector_paused,
    import_app,
    in_scope,
    refused_rows,
    repository,
    say,
)
from kkb_cli.domain.imports import RowChange
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.domain.records import Change
    from kkb_cli.storage.repository import Repository

T = TypeVar("T")


# -- kkb import ------------------------------------------------------------------------------

_PROGRESS_BAR_ROWS = 2000  # smaller files are checked faster than a bar could be drawn


@import_app.command(name="csv", help=text("help.import.csv"))
def import_csv(
    ctx: typer.Context,
    file: InputFileArgument,
    dry_run: DryRunFlag = False,
    update: Annotated[bool, typer.Option("--update", help=text("help.import.update"))] = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.imports import ImportPlan, check_rows, read_header
    from kkb_cli.domain.regions import CODE_LENGTH, Level, VillageFinder
    from kkb_cli.render.csvin import CsvFile
    from kkb_cli.storage.database import Mode

    stdin = str(file) == "-"
    shown = "stdin" if stdin else file.name
    source = text("import.stdin") if stdin else str(file)
    plan = ImportPlan()
    with CsvFile(file) as csv_file, collector_paused():
        # Read and check the file's form before opening the database: a bad file never waits
        # for a lock. Then read it again, a row at a time, under the write lock.
        columns = read_header(csv_file.check())
        with repository(
            ctx,
            Mode.READ if dry_run else Mode.WRITE,
            must_exist=True,
            command=f"import csv {shown}",
        ) as repo:
            region = in_scope(repo, scope)
            repo.begin_read()
            finder = VillageFinder(
                repo.village_lookup(region),
                repo.region_lookup(region, Level.KECAMATAN, "kecamatan"),
                lambda area: repo.village_lookup(area),
            )
            outcomes = check_rows(
                columns,
                _with_progress_bar(csv_file.rows(), csv_file.rows_checked),
                finder,
                repo.record,
                update=update,
                today=date.today(),
                suggesting=lambda: plan.suggesting,
                seen=repo.seen_codes(),
            )
            batch: list[Change] = []
            touched: set[str] = set()  # the kabupaten/kota written in, to recount
            kabupaten = CODE_LENGTH[Level.KABUPATEN_KOTA]
            for outcome in outcomes:
                plan.count(outcome, keep_change=dry_run)
                if dry_run or plan.refused or not isinstance(outcome, RowChange):
                    continue
                batch.append(outcome.change)
                if len(batch) >= _BATCH:
                    touched.update(c[:kabupaten] for c in repo.apply(batch, recount=False))
                    batch.clear()
            if plan.refused:
                problems = [(p.line, p.error.message) for p in plan.problems]
                raise refused_rows(
                    "error.import_refused", plan.rows, plan.refused, source, problems
                )
            if batch:
                touched.update(c[:kabupaten] for c in repo.apply(batch, recount=False))
            if touched:
                repo.recount_villages(sorted(touched))
            if dry_run:
                _print_planned_changes(plan.changes, repo)
    counts = {"added": plan.added, "updated": plan.updated, "unchanged": plan.unchanged}
    if dry_run:
        say(text("done.import_dry_run", path=source, **counts))
    else:
        say(text("done.import", path=source, **counts))


_BATCH = 2000  # rows written at a time, inside the one transaction


def _with_progress_bar(rows: Iterable[T], total: int) -> Iterator[T]:
    """The rows, drawing a progress bar on stderr while a large file is checked, when a
    person is watching (stdout is a terminal)."""
    if total < _PROGRESS_BAR_ROWS or not sys.stdout.isatty():
        yield from rows
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        rows,
        total=total,
        description=text("import.progress"),
        console=Console(stderr=True),
        transient=True,
    )


def _print_planned_changes(changes: list[RowChange], repo: Repository) -> None:
    from kkb_cli.render.text import planned_change

    for row in changes:
        village = repo.village(row.change.village_code)
        name = village.name if village else row.change.village_code
        say(planned_change(row.line, row.change, name))
