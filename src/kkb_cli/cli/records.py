"""Commands on desa/kelurahan's Kampung KB: add, edit, remove, set, show, history."""

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
    VillageKecamatanOption,
    completer,
    confirmed,
    date_option,
    office,
    output_options,
    say,
    say_count,
    year_option,
)
from kkb_cli.cli.group import CommandsApp
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import text

commands = CommandsApp()

YearOption = Annotated[
    int | None, typer.Option(parser=year_option, metavar="YYYY", help="help.add.year")
]


@commands.command(help="help.add")
def add(
    ctx: typer.Context,
    kelurahan: Annotated[
        list[str],
        typer.Argument(
            metavar="KELURAHAN...",
            help="help.add.kelurahan",
            show_default=False,
            shell_complete=completer("villages"),
        ),
    ],
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
    kecamatan: VillageKecamatanOption = None,
) -> None:
    from kkb_cli.domain.records import Details
    from kkb_cli.render import text as sentences

    registered = office(ctx).register_all(
        kelurahan,
        year=year,
        day=date_,
        planned=planned,
        details=Details(name=name, sk_number=sk, note=note),
        scope=scope,
        kecamatan=kecamatan,
    )
    for done in registered:  # one line per village, each with the coverage after it
        coverage = sentences.coverage_of(done.coverage)
        say(sentences.registration(done.registration, done.village, coverage))


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
    kecamatan: VillageKecamatanOption = None,
) -> None:
    from kkb_cli.domain.records import Edit
    from kkb_cli.render import text as sentences

    wanted = Edit(year, date_, planned, name, sk, note)
    done = office(ctx).edit(kelurahan, wanted, scope=scope, kecamatan=kecamatan)
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
    kecamatan: VillageKecamatanOption = None,
) -> None:
    from kkb_cli.render import text as sentences

    kkb = office(ctx)
    record = None
    if not yes:
        # Ask before taking the write lock: nobody else should wait on a person's answer.
        village, record = kkb.record(kelurahan, scope=scope, kecamatan=kecamatan)
        if not _interactive():
            raise RefusedError("error.remove_needs_yes", village=village.name, code=village.code)
        was = sentences.summary_of(record)
        if not confirmed(text("confirm.remove", village=village.name, code=village.code, was=was)):
            say(text("done.remove_declined"), err=True)
            return
    done = kkb.remove(kelurahan, scope=scope, kecamatan=kecamatan, expected=record)
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
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="KELURAHAN... ATTRIBUTE=VALUE...",
            help="help.set.words",
            show_default=False,
            shell_complete=completer("set_words"),
        ),
    ],
    date_: Annotated[
        date | None,
        typer.Option("--date", parser=date_option, metavar="DATE", help="help.set.date"),
    ] = None,
    scope: ScopeOption = None,
    kecamatan: VillageKecamatanOption = None,
) -> None:
    from kkb_cli.domain.status import Status
    from kkb_cli.render.text import change_of

    # The villages come first, then what they have (each ATTRIBUTE=VALUE holds an =).
    villages = [word for word in words if "=" not in word]
    assignments = [word for word in words if "=" in word]
    changes = office(ctx).set_attributes_all(
        villages, assignments, since=date_, scope=scope, kecamatan=kecamatan
    )
    for done in changes:
        village = done.village
        if not done.change.changed:
            say(text("done.edit_unchanged", village=village.name, code=village.code))
            continue
        planned = done.change.after is not None and done.change.after.status is Status.PLANNED
        key = "done.set_planned" if planned else "done.set"
        say(text(key, village=village.name, code=village.code, change=change_of(done.change)))


@commands.command(help="help.show")
@output_options
def show(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    scope: ScopeOption = None,
    kecamatan: VillageKecamatanOption = None,
    *,
    output: Output,
) -> None:
    profile = office(ctx).show(kelurahan, scope=scope, kecamatan=kecamatan)
    if output.json:
        from kkb_cli.render.fields import profile_dict

        output.object(profile_dict(profile))
        return
    from kkb_cli.render.tables import console, print_profile

    print_profile(profile, console())


@commands.command(help="help.history")
@output_options
def history(
    ctx: typer.Context,
    kelurahan: Annotated[
        str | None,
        typer.Argument(
            metavar="KELURAHAN",
            help="help.history.kelurahan",
            show_default=False,
            shell_complete=completer("villages"),
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(metavar="N", help="help.history.limit")] = None,
    scope: ScopeOption = None,
    kecamatan: VillageKecamatanOption = None,
    *,
    output: Output,
) -> None:
    if kelurahan is not None and kelurahan.strip().casefold() == "seal":
        _print_seal(ctx, output)
        return
    if limit is not None and limit < 1:
        raise UsageError("error.limit", limit=limit)
    rows = office(ctx).history(kelurahan, limit=limit, scope=scope, kecamatan=kecamatan)
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
