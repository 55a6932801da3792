"""`kkb region` (load a Kemendagri region list or the regions' boundaries, list the regions
below one) and `kkb scope` (show or set the region commands work in by default)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkb_cli.cli import completion
from kkb_cli.cli.app import (
    SHOWN_CHANGES,
    DryRunFlag,
    InputFileArgument,
    Output,
    VerboseFlag,
    office,
    output_options,
    say,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.application.boundaries import BoundaryLoad
    from kkb_cli.application.regions import ScopeInfo
    from kkb_cli.domain.region_list import KeptRegion, RegionSummary

commands = CommandsApp()
region_app = CommandsApp(help="help.region")
commands.add_typer(region_app, name="region")
scope_app = CommandsApp(help="help.scope_app")
commands.add_typer(scope_app, name="scope")


@region_app.command(name="import", help="help.region.import")
def import_regions(
    ctx: typer.Context,
    file: InputFileArgument,
    dry_run: DryRunFlag = False,
    verbose: VerboseFlag = False,
) -> None:
    from kkb_cli.messages import grouped
    from kkb_cli.render.csvin import CsvFile
    from kkb_cli.render.text import region_change

    shown = 0

    def show(*change: Any) -> None:  # the first changes, or all with --verbose
        nonlocal shown
        shown += 1
        if verbose or shown <= SHOWN_CHANGES:
            say(region_change(*change))

    with CsvFile(file, empty="error.region_empty") as source:
        done = office(ctx).import_regions(source, dry_run=dry_run, show=show if dry_run else None)
    if shown > SHOWN_CHANGES and not verbose:
        say(text("import.more_changes", count=grouped(shown - SHOWN_CHANGES)))
    for kept in done.kept:
        say(_kept_line(kept), err=True)
    counts = {
        "added": grouped(done.added),
        "renamed": grouped(done.renamed),
        "removed": grouped(done.removed),
        "unchanged": grouped(done.unchanged),
        "kept": grouped(len(done.kept)),
    }
    key = "done.region_dry_run" if dry_run else "done.region_import"
    say(text(f"{key}_kept" if done.kept else key, path=source.name, **counts))


def _kept_line(kept: KeptRegion) -> str:
    from kkb_cli.domain.regions import level_name

    why = "; ".join(text(f"region.kept_{reason}") for reason in kept.reasons)
    return text("region.kept", code=kept.code, name=kept.name, level=level_name(kept.code), why=why)


@region_app.command(name="boundaries", help="help.region.boundaries")
def load_boundaries(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="help.region.boundaries_file",
            show_default=False,
            readable=False,  # kkb says itself what is wrong with the file
        ),
    ],
    code_property: Annotated[
        str | None,
        typer.Option(
            "--property",
            metavar="NAME",
            help="help.region.boundaries_property",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunFlag = False,
) -> None:
    done = office(ctx).load_boundaries(file, code_property=code_property, dry_run=dry_run)
    say(_boundaries_sentence(done))


def _boundaries_sentence(done: BoundaryLoad) -> str:
    """Loaded the boundaries of 27 kelurahan in Kota Pekalongan from FILE: 27 new, …"""
    from kkb_cli.domain.regions import LEVELS_BY_DEPTH, Level, village_noun
    from kkb_cli.messages import grouped

    loaded = []
    for level in LEVELS_BY_DEPTH:
        count = done.by_level.get(level, 0)
        if count:
            noun = (
                village_noun(done.kelurahan, done.desa)
                if level is Level.DESA_KELURAHAN
                else text(f"level.{level.value}")
            )
            loaded.append(f"{grouped(count)} {noun}")
    return text(
        "done.boundaries_dry_run" if done.dry_run else "done.boundaries",
        what=", ".join(loaded),
        area=done.area.name if done.area else "Indonesia",
        path=done.path,
        added=grouped(done.added),
        replaced=grouped(done.replaced),
        unchanged=grouped(done.unchanged),
    )


@region_app.command(name="list", help="help.region.list")
@output_options
def list_regions(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(
            metavar="NAME|CODE",
            help="help.region.code",
            show_default=False,
            shell_complete=completion.regions,
        ),
    ] = "ID",
    *,
    output: Output,
) -> None:
    from kkb_cli.cli.app import say_count

    region, rows = office(ctx).region_children(code)
    if output.json:
        output.array(_json_row(row) for row in rows)
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


@region_app.command(name="find", help="help.region.find")
@output_options
def find_regions(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="help.region.name", show_default=False)
    ],
    limit: Annotated[int, typer.Option(metavar="N", help="help.region.find_limit")] = 50,
    *,
    output: Output,
) -> None:
    from kkb_cli.cli.app import say, say_count
    from kkb_cli.domain.regions import level_name
    from kkb_cli.errors import UsageError

    if limit < 1:
        raise UsageError("error.limit", limit=limit)
    found = office(ctx).find_regions(name, limit=limit + 1)
    if len(found) > limit:  # more than shown: say so, on stderr, whatever the format
        found = found[:limit]
        say(text("region.find_more", limit=limit), err=True)
    if output.json:
        output.array(
            {
                "code": f.region.code,
                "name": f.region.name,
                "level": f.level.value,
                "kind": level_name(f.region.code),
                "in": [{"code": r.code, "name": r.name} for r in f.path],
            }
            for f in found
        )
        return
    from kkb_cli.render.tables import console, print_found_regions

    say_count(print_found_regions(found, console()), "region.find")


@scope_app.command(name="set", help="help.scope_app.set")
def set_scope(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(
            metavar="NAME|CODE",
            help="help.scope_app.code",
            show_default=False,
            shell_complete=completion.regions,
        ),
    ],
) -> None:
    from kkb_cli.cli.app import chosen
    from kkb_cli.errors import AmbiguousError

    kkb = office(ctx)
    try:
        scope = kkb.set_scope(code)
    except AmbiguousError as error:  # `kkb scope set Batang`: the kabupaten, or the kecamatan?
        picked = chosen(error.candidates)
        if picked is None:
            raise
        scope = kkb.set_scope(picked.code)
    say(_scope_sentence("done.scope_set", scope))


@scope_app.command(name="show", help="help.scope_app.show")
def show_scope(ctx: typer.Context) -> None:
    say(_scope_sentence("done.scope_show", office(ctx).scope()))


def _scope_sentence(key: str, scope: ScopeInfo) -> str:
    """The scope Jawa Tengah (33): 8,562 desa/kelurahan."""
    from kkb_cli.messages import grouped

    region = scope.region
    return text(
        key, name=region.name, code=region.code, count=grouped(scope.villages), noun=scope.noun
    )
