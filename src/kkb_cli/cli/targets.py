"""`kkb target`: the office's own targets, for the kota or a kecamatan, of any subject."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from kkb_cli.cli.app import (
    JsonFlag,
    NoteOption,
    app,
    reported,
    repository,
    say,
    say_count,
    utf8_stdout,
    year_option,
)
from kkb_cli.errors import RefusedError
from kkb_cli.messages import text

if TYPE_CHECKING:
    from kkb_cli.domain.regions import Region
    from kkb_cli.domain.targets import Target
    from kkb_cli.storage.repository import Repository

target_app = typer.Typer(help=text("help.target"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(target_app, name="target")

YearArgument = Annotated[
    int, typer.Argument(parser=year_option, metavar="YEAR", help=text("help.target.year"))
]
KecamatanOption = Annotated[
    str | None, typer.Option(metavar="NAME|CODE", help=text("help.target.kecamatan"))
]
AttributeOption = Annotated[
    str | None, typer.Option(metavar="ATTRIBUTE", help=text("help.target.attribute"))
]


def _region(repo: Repository, kecamatan: str | None) -> tuple[Region, int]:
    """The kota, or the kecamatan named; with how many kelurahan it has."""
    from kkb_cli.domain.regions import find_region

    scope = repo.scope()
    villages = repo.villages(scope)
    if kecamatan is None:
        return scope, len(villages)
    area = find_region(kecamatan, repo.areas(scope), "kecamatan")
    return area, sum(1 for v in villages if v.kecamatan_code == area.code)


def _subject(attribute: str | None) -> str:
    from kkb_cli.domain.attributes import parse_attribute
    from kkb_cli.domain.targets import FORMED

    return parse_attribute(attribute).value if attribute else FORMED


def _described(target: Target, region: Region) -> str:
    from kkb_cli.render.text import target_summary

    return target_summary(target, region.name)


@target_app.command(name="set", help=text("help.target.set"))
@reported
def target_set(
    ctx: typer.Context,
    year: YearArgument,
    amount: Annotated[
        str,
        typer.Argument(
            metavar="COUNT|PERCENT%", help=text("help.target.amount"), show_default=False
        ),
    ],
    kecamatan: KecamatanOption = None,
    attribute: AttributeOption = None,
    note: NoteOption = None,
) -> None:
    from kkb_cli.domain.targets import Target, check_new_target, parse_amount
    from kkb_cli.storage.database import Mode

    count, percent = parse_amount(amount)
    subject = _subject(attribute)
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        region, villages = _region(repo, kecamatan)
        target = Target(region.code, year, subject, count, percent, note)
        formed_before = repo.formed_before(region, year)
        check_new_target(target, region, villages, formed_before, date.today())
        replaced = repo.save_target(target)
    if replaced is None:
        say(text("done.target_set", target=_described(target, region)))
    else:
        old = _described(replaced, region)
        say(text("done.target_replaced", old=old, target=_described(target, region)))


@target_app.command(name="list", help=text("help.target.list"))
@reported
def target_list(ctx: typer.Context, json_: JsonFlag = False) -> None:
    from kkb_cli.domain.progress import build_report
    from kkb_cli.render.fields import target_row

    with repository(ctx) as repo:
        report = build_report(repo.snapshot(), date.today())
    if json_:
        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array((target_row(check) for check in report.targets), out)
        return
    from kkb_cli.render.tables import console, print_targets

    say_count(print_targets(report.targets, console(), title=None), "target")


@target_app.command(name="remove", help=text("help.target.remove"))
@reported
def target_remove(
    ctx: typer.Context,
    year: YearArgument,
    kecamatan: KecamatanOption = None,
    attribute: AttributeOption = None,
) -> None:
    from kkb_cli.storage.database import Mode

    subject = _subject(attribute)
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        region, _ = _region(repo, kecamatan)
        removed = repo.remove_target(region.code, year, subject)
    if removed is None:
        from kkb_cli.render.text import subject_label

        raise RefusedError(
            "error.no_target", region=region.name, year=year, subject=subject_label(subject)
        )
    say(text("done.target_removed", target=_described(removed, region)))
