"""Commands on one desa/kelurahan's Kampung KB: add, edit, remove, set, history."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from kkb_cli.cli.app import (
    DateOption,
    KelurahanArgument,
    NameOption,
    NoteOption,
    Output,
    ScopeOption,
    SkOption,
    date_option,
    office,
    output_options,
    say,
    say_count,
    year_option,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.errors import RefusedError
from kkb_cli.messages import text
from kkb_cli.render.terminal import terminal_safe

commands = CommandsApp()

YearOption = Annotated[
    int | None, typer.Option(parser=year_option, metavar="YYYY", help="help.add.year")
]


@commands.command(help="help.add")
def add(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    year: YearOption = None,
    date_: DateOption = None,
    planned: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help="help.add.planned"),
    ] = None,
    name: NameOption = None,
    sk: SkOption = None,
    note: NoteOption = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.records import Details
    from kkb_cli.render import text as sentences

    done = office(ctx).register(
        kelurahan,
        year=year,
        day=date_,
        planned=planned,
        details=Details(name=name, sk_number=sk, note=note),
        scope=scope,
    )
    say(
        sentences.registration(
            done.registration, done.village, sentences.coverage_of(done.coverage)
        )
    )


@commands.command(help="help.edit")
def edit(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    year: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help="help.edit.year"),
    ] = None,
    date_: DateOption = None,
    planned: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help="help.edit.planned"),
    ] = None,
    name: NameOption = None,
    sk: SkOption = None,
    note: NoteOption = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.records import Edit
    from kkb_cli.render import text as sentences

    done = office(ctx).edit(kelurahan, Edit(year, date_, planned, name, sk, note), scope=scope)
    village = done.village
    if not done.change.changed:
        say(text("done.edit_unchanged", village=village.name, code=village.code))
        return
    say(
        text(
            "done.edited",
            village=village.name,
            code=village.code,
            kecamatan=village.kecamatan_name,
            change=sentences.change_of(done.change),
            coverage=sentences.coverage_of(done.coverage),
        )
    )


def _interactive() -> bool:
    """Whether a person can answer a question: both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@commands.command(help="help.remove")
def remove(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="help.remove.yes")] = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.render import text as sentences

    kkb = office(ctx)
    confirmed = None
    if not yes:
        # Ask before taking the write lock: nobody else should wait on a person's answer.
        village, confirmed = kkb.record(kelurahan, scope=scope)
        if not _interactive():
            raise RefusedError("error.remove_needs_yes", village=village.name, code=village.code)
        was = sentences.summary_of(confirmed)
        question = text("confirm.remove", village=village.name, code=village.code, was=was)
        if not typer.confirm(terminal_safe(question), default=False):
            say(text("done.remove_declined"), err=True)
            return
    done = kkb.remove(kelurahan, scope=scope, expected=confirmed)
    say(
        text(
            "done.removed",
            village=done.village.name,
            code=done.village.code,
            kecamatan=done.village.kecamatan_name,
            was=sentences.summary_of(done.change.before),
            coverage=sentences.coverage_of(done.coverage),
        )
    )


@commands.command(name="set", help="help.set")
def set_(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="ATTRIBUTE=VALUE...", help="help.set.assignments", show_default=False
        ),
    ],
    date_: Annotated[
        date | None,
        typer.Option("--date", parser=date_option, metavar="DATE", help="help.set.date"),
    ] = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.render.text import change_of

    done = office(ctx).set_attributes(kelurahan, assignments, since=date_, scope=scope)
    village = done.village
    if not done.change.changed:
        say(text("done.edit_unchanged", village=village.name, code=village.code))
        return
    say(text("done.set", village=village.name, code=village.code, change=change_of(done.change)))


@commands.command(help="help.history")
@output_options
def history(
    ctx: typer.Context,
    kelurahan: Annotated[
        str | None,
        typer.Argument(metavar="KELURAHAN", help="help.history.kelurahan", show_default=False),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="help.history.limit")
    ] = None,
    scope: ScopeOption = None,
    *,
    output: Output,
) -> None:
    if kelurahan is not None and kelurahan.strip().casefold() == "seal":
        _print_seal(ctx, output)
        return
    rows = office(ctx).history(kelurahan, limit=limit, scope=scope)
    if output.json:
        from dataclasses import asdict

        output.array(asdict(row) for row in rows)
        return
    from kkb_cli.render.tables import console, print_history

    say_count(print_history(rows, console()), "history")


def _print_seal(ctx: typer.Context, output: Output) -> None:
    """`kkb history seal`: the head of the history chain, to keep outside the file."""
    kkb = office(ctx)
    seal = kkb.seal()
    if output.json:
        output.object(
            {
                "path": str(kkb.path.resolve()),
                "entries": seal.entries,
                "hash": seal.hash,
                "last_changed_at": seal.changed_at,
            }
        )
        return
    from kkb_cli.render.tables import local_time

    when = local_time(seal.changed_at) if seal.changed_at else "–"
    say(text("history.seal", path=kkb.path, entries=seal.entries, when=when))
    say(seal.hash)
    say(text("history.seal_keep", seal=seal.hash, entries=seal.entries), err=True)
