"""`kkb target`: the office's own targets, for its scope or any region in it, of any subject."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from kkb_cli.cli import completion
from kkb_cli.cli.app import (
    NoteOption,
    Output,
    ScopeOption,
    office,
    output_options,
    say,
    say_count,
    year_option,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.domain.regions import Region
    from kkb_cli.domain.targets import Target

commands = CommandsApp()
target_app = CommandsApp(help="help.target")
commands.add_typer(target_app, name="target")

YearArgument = Annotated[
    int, typer.Argument(parser=year_option, metavar="YEAR", help="help.target.year")
]
KecamatanOption = Annotated[
    str | None, typer.Option(metavar="NAME|CODE", help="help.target.kecamatan")
]
RegionOption = Annotated[
    str | None,
    typer.Option(
        "--region",
        metavar="NAME|CODE",
        help="help.target.region",
        shell_complete=completion.regions,
    ),
]
AttributeOption = Annotated[
    str | None,
    typer.Option(
        metavar="ATTRIBUTE", help="help.target.attribute", shell_complete=completion.attributes
    ),
]


def _described(target: Target, region: Region) -> str:
    from kkb_cli.domain.regions import written_with_level
    from kkb_cli.render.text import target_summary

    return target_summary(target, written_with_level(region))


@target_app.command(name="set", help="help.target.set")
def target_set(
    ctx: typer.Context,
    year: YearArgument,
    amount: Annotated[
        str,
        typer.Argument(metavar="COUNT|PERCENT%", help="help.target.amount", show_default=False),
    ],
    kecamatan: KecamatanOption = None,
    region_: RegionOption = None,
    attribute: AttributeOption = None,
    agencies: Annotated[
        int | None,
        typer.Option("--agencies", metavar="N", help="help.target.agencies", show_default=False),
    ] = None,
    note: NoteOption = None,
    scope: ScopeOption = None,
) -> None:
    done = office(ctx).set_target(
        year,
        amount,
        kecamatan=kecamatan,
        region=region_,
        attribute=attribute,
        agencies=agencies,
        note=note,
        scope=scope,
    )
    target = _described(done.target, done.region)
    if done.replaced == done.target:
        say(text("done.target_unchanged", target=target))
    elif done.replaced is None:
        say(text("done.target_set", target=target))
    else:
        old = _described(done.replaced, done.region)
        say(text("done.target_replaced", old=old, target=target))


@target_app.command(name="list", help="help.target.list")
@output_options
def target_list(ctx: typer.Context, scope: ScopeOption = None, *, output: Output) -> None:
    checks = office(ctx).target_checks(scope=scope)
    if output.json:
        from kkb_cli.render.fields import target_row

        output.array(target_row(check) for check in checks)
        return
    from kkb_cli.render.tables import console, print_targets

    say_count(print_targets(checks, console(), title=None), "target")


@target_app.command(name="remove", help="help.target.remove")
def target_remove(
    ctx: typer.Context,
    year: YearArgument,
    kecamatan: KecamatanOption = None,
    region_: RegionOption = None,
    attribute: AttributeOption = None,
    agencies: Annotated[
        bool, typer.Option("--agencies", help="help.target.remove_agencies")
    ] = False,
    scope: ScopeOption = None,
) -> None:
    done = office(ctx).remove_target(
        year,
        kecamatan=kecamatan,
        region=region_,
        attribute=attribute,
        agencies=agencies,
        scope=scope,
    )
    say(text("done.target_removed", target=_described(done.target, done.region)))
