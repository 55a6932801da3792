"""`kkb region` (load a Kemendagri region list, list the regions below one) and `kkb scope`
(show or set the region commands work in by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkb_cli import messages
from kkb_cli.cli.app import (
    DryRunFlag,
    InputFileArgument,
    JsonFlag,
    app,
    collector_paused,
    refused_rows,
    repository,
    say,
    say_count,
    utf8_stdout,
)
from kkb_cli.domain.imports import SHOWN_PROBLEMS
from kkb_cli.errors import RefusedError
from kkb_cli.messages import text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kkb_cli.domain.region_list import KeptRegion, RegionSummary
    from kkb_cli.domain.regions import Region
    from kkb_cli.storage.regions import RegionListLoad
    from kkb_cli.storage.repository import Repository

region_app = typer.Typer(help=text("help.region"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(region_app, name="region")
scope_app = typer.Typer(help=text("help.scope_app"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(scope_app, name="scope")


def _number(count: int) -> str:
    """12,345 in English, 12.345 in Indonesian."""
    shown = f"{count:,}"
    return shown.replace(",", ".") if messages.LANGUAGE == "id" else shown


def _level(code: str) -> str:
    """What a region is, in words: provinsi, kabupaten/kota, kecamatan, kelurahan or desa."""
    from kkb_cli.domain.regions import Level, level_of, village_kind

    level = level_of(code)
    if level is Level.DESA_KELURAHAN and code[-4] in "123":
        return village_kind(code)
    return text(f"level.{level.value}")


# -- kkb region import ------------------------------------------------------------------------


@region_app.command(name="import", help=text("help.region.import"))
def import_regions(
    ctx: typer.Context,
    file: InputFileArgument,
    dry_run: DryRunFlag = False,
) -> None:
    from kkb_cli.domain.region_list import RowChecker, read_region_header
    from kkb_cli.render.csvin import CsvFile
    from kkb_cli.storage.database import Mode

    source = text("import.stdin") if str(file) == "-" else str(file)
    with CsvFile(file, empty="error.region_empty") as csv_file, collector_paused():
        # Read and check the file's form before opening the database: a bad file never waits
        # for a lock.
        checker = RowChecker(read_region_header(csv_file.check()))
        # No must_exist: a new file is made from the seed first, in the same transaction.
        with repository(ctx, Mode.READ if dry_run else Mode.WRITE) as repo:
            repo.begin_read()  # a dry run reads one snapshot too
            load = repo.region_list_load()
            bad: list[tuple[int, str]] = []
            refused = rows = 0

            def checked() -> Iterator[tuple[int, str, Any]]:
                nonlocal refused, rows
                for line, cells in csv_file.rows():
                    rows += 1
                    region, code, errors = checker.check(line, cells)
                    if errors:
                        refused += 1
                        if len(bad) < SHOWN_PROBLEMS:
                            bad.append((line, " ".join(error.message for error in errors)))
                    if code is not None:
                        yield line, code, region

            load.add(checked())
            between, count = load.problems(SHOWN_PROBLEMS)
            if bad or count:
                problems = _merged(bad, [(line, e.message) for line, e in between])
                raise refused_rows("error.region_refused", rows, refused + count, source, problems)
            changes = load.plan()
            if dry_run:
                _print_planned_changes(load)
            elif changes.any:
                load.apply()
            load.close()
    for kept in changes.kept:
        say(_kept_line(kept), err=True)
    counts = {
        "added": _number(changes.added),
        "renamed": _number(changes.renamed),
        "removed": _number(changes.removed),
        "unchanged": _number(changes.unchanged),
        "kept": _number(len(changes.kept)),
    }
    key = "done.region_dry_run" if dry_run else "done.region_import"
    say(text(f"{key}_kept" if changes.kept else key, path=source, **counts))


def _merged(*problems: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Problems found row by row and between rows, one line each, in line order."""
    by_line: dict[int, list[str]] = {}
    for line, message in sorted(p for found in problems for p in found):
        by_line.setdefault(line, []).append(message)
    return [(line, " ".join(messages)) for line, messages in by_line.items()][:SHOWN_PROBLEMS]


def _print_planned_changes(load: RegionListLoad) -> None:
    """One line per region the import would add, rename or remove, in code order."""
    from kkb_cli.render.terminal import terminal_safe

    for what, code, name, old in load.lines():
        if what == "add":
            line = text("region.line_add", code=code, name=name, level=_level(code))
        elif what == "rename":
            line = text("region.line_rename", code=code, old=old, name=name)
        else:
            line = text("region.line_remove", code=code, name=name, level=_level(code))
        typer.echo(terminal_safe(line))


def _kept_line(kept: KeptRegion) -> str:
    why = "; ".join(text(f"region.kept_{reason}") for reason in kept.reasons)
    return text("region.kept", code=kept.code, name=kept.name, level=_level(kept.code), why=why)


# -- kkb region list --------------------------------------------------------------------------


@region_app.command(name="list", help=text("help.region.list"))
def list_regions(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(metavar="CODE", help=text("help.region.code"), show_default=False)
    ] = "ID",
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.region_list import parse_region, summarise

    wanted = parse_region(code)
    with repository(ctx) as repo:
        repo.begin_read()  # the children and their counts from one snapshot
        region = repo.region(wanted)
        if region is None:
            raise RefusedError("error.region_unknown", code=wanted)
        rows = summarise(repo.children(region.code), repo.tree_counts(region.code))
    if json_:
        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array((_json_row(row) for row in rows), out)
        return
    from kkb_cli.render.tables import console, print_regions

    say_count(print_regions(region, rows, console()), "region.list")


def _json_row(row: RegionSummary) -> dict[str, Any]:
    """Stable English keys: code, name, level, then a count for every lower level (and the
    kelurahan and desa among the villages), or a village's kind."""
    shown: dict[str, Any] = {"code": row.code, "name": row.name, "level": row.level.value}
    shown.update((level.value, count) for level, count in row.below.items())
    if row.below:
        shown.update(kelurahan=row.kelurahan, desa=row.desa)
    if row.kind is not None:
        shown["kind"] = row.kind
    return shown


# -- kkb scope set / show ---------------------------------------------------------------------


@scope_app.command(name="set", help=text("help.scope_app.set"))
def set_scope(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(metavar="CODE", help=text("help.scope_app.code"), show_default=False),
    ],
) -> None:
    from kkb_cli.domain.regions import parse_scope
    from kkb_cli.storage.database import Mode

    wanted = parse_scope(code)  # a malformed or village code is bad usage (exit 2)
    with repository(ctx, Mode.WRITE) as repo:
        region = repo.scope(wanted)  # an unknown region is refused (exit 1)
        repo.set_scope(region)
        sentence = _scope_sentence("done.scope_set", repo, region)
    say(sentence)


@scope_app.command(name="show", help=text("help.scope_app.show"))
def show_scope(ctx: typer.Context) -> None:
    with repository(ctx) as repo:
        repo.begin_read()
        sentence = _scope_sentence("done.scope_show", repo, repo.scope())
    say(sentence)


def _scope_sentence(key: str, repo: Repository, region: Region) -> str:
    """The scope Jawa Tengah (33): 8,562 desa/kelurahan."""
    from kkb_cli.domain.regions import village_noun

    kelurahan, desa = repo.village_kinds(region)
    return text(
        key,
        name=region.name,
        code=region.code,
        count=_number(kelurahan + desa),
        noun=village_noun(kelurahan, desa),
    )
