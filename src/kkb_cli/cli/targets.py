"""`kkb target`: the office's own targets, for its scope or any region in it, of any subject."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from kkb_cli.cli.app import (
    JsonFlag,
    NoteOption,
    ScopeOption,
    app,
    in_scope,
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
RegionOption = Annotated[
    str | None, typer.Option("--region", metavar="NAME|CODE", help=text("help.target.region"))
]
AttributeOption = Annotated[
    str | None, typer.Option(metavar="ATTRIBUTE", help=text("help.target.attribute"))
]


def _region(
    repo: Repository, kecamatan: str | None, region: str | None, scope: str | None
) -> tuple[Region, int]:
    """The region a target is for: the scope, a kecamatan in it (``--kecamatan``), or any
    region in it down to a kecamatan (``--region``), each by name or code; with how many
    desa/kelurahan it has."""
    from kkb_cli.domain.regions import (
        INDONESIA,
        Level,
        ListLookup,
        find_region,
        is_region_code,
        level_of,
    )

    area = in_scope(repo, scope)
    query, levels = (kecamatan, [Level.KECAMATAN]) if kecamatan is not None else (region, [])
    if query is not None:
        levels = levels or [Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN]
        code = query.strip()
        if code.casefold() in ("id", "indonesia"):
            code = INDONESIA
        elif is_region_code(code):
            if level_of(code) not in levels:
                raise RefusedError("error.target_level", code=code)
            if not code.startswith(area.code + ".") and area.code != INDONESIA:
                raise RefusedError("error.target_outside", code=code, scope=area.name)
        else:
            below = [r for level in levels for r in repo.regions_below(area, level)]
            code = find_region(query, ListLookup(below, text("word.region"), levels[0])).code
        area = repo.scope(code)
    if area.code == INDONESIA:
        raise RefusedError("error.target_indonesia")
    return area, sum(repo.village_kinds(area))


def _subject(attribute: str | None) -> str:
    from kkb_cli.domain.attributes import parse_attribute
    from kkb_cli.domain.targets import FORMED

    return parse_attribute(attribute).value if attribute else FORMED


def _described(target: Target, region: Region) -> str:
    from kkb_cli.render.text import target_summary

    return target_summary(target, region.name)


@target_app.command(name="set", help=text("help.target.set"))
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
    region_: RegionOption = None,
    attribute: AttributeOption = None,
    note: NoteOption = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.regions import village_noun
    from kkb_cli.domain.targets import Target, check_new_target, parse_amount
    from kkb_cli.storage.database import Mode

    count, percent = parse_amount(amount)
    subject = _subject(attribute)
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        region, villages = _region(repo, kecamatan, region_, scope)
        target = Target(region.code, year, subject, count, percent, note)
        formed_before = repo.formed_before(region, year)
        noun = village_noun(*repo.village_kinds(region))
        check_new_target(target, region, villages, formed_before, date.today(), noun)
        replaced = repo.save_target(target)
    if replaced is None:
        say(text("done.target_set", target=_described(target, region)))
    else:
        old = _described(replaced, region)
        say(text("done.target_replaced", old=old, target=_described(target, region)))


@target_app.command(name="list", help=text("help.target.list"))
def target_list(ctx: typer.Context, scope: ScopeOption = None, json_: JsonFlag = False) -> None:
    from kkb_cli.domain.progress import build_report
    from kkb_cli.render.fields import target_row

    today = date.today()
    checks = []
    with repository(ctx) as repo:
        area = in_scope(repo, scope)
        repo.begin_read()
        # Each target is checked in the report of its own region, at any depth in the scope.
        for code in sorted(
            {t.region_code for t in repo.all_targets(area)}, key=lambda c: (c != area.code, c)
        ):
            region = repo.scope(code)
            report = build_report(repo.snapshot(region, today), today)
            checks += [c for c in report.targets if c.region.code == code]
    if json_:
        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array((target_row(check) for check in checks), out)
        return
    from kkb_cli.render.tables import console, print_targets

    say_count(print_targets(checks, console(), title=None), "target")


@target_app.command(name="remove", help=text("help.target.remove"))
def target_remove(
    ctx: typer.Context,
    year: YearArgument,
    kecamatan: KecamatanOption = None,
    region_: RegionOption = None,
    attribute: AttributeOption = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.storage.database import Mode

    subject = _subject(attribute)
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        region, _ = _region(repo, kecamatan, region_, scope)
        removed = repo.remove_target(region.code, year, subject)
    if removed is None:
        from kkb_cli.render.text import subject_label

        raise RefusedError(
            "error.no_target", region=region.name, year=year, subject=subject_label(subject)
        )
    say(text("done.target_removed", target=_described(removed, region)))
