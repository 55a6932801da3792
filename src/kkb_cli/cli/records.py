"""Commands that change one kelurahan's record: add, edit, remove; and its history."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from kkb_cli.cli.app import (
    DateOption,
    JsonFlag,
    KelurahanArgument,
    NameOption,
    NoteOption,
    SkOption,
    app,
    reported,
    repository,
    say,
    utf8_stdout,
    year_option,
)
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
    from kkb_cli.domain.records import KampungRecord
    from kkb_cli.domain.regions import Village
    from kkb_cli.storage.repository import Repository


# -- kkb add ---------------------------------------------------------------------------------


@app.command(help=text("help.add"))
@reported
def add(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    year: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help=text("help.add.year")),
    ] = None,
    date_: DateOption = None,
    planned: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help=text("help.add.planned")),
    ] = None,
    name: NameOption = None,
    sk: SkOption = None,
    note: NoteOption = None,
) -> None:
    from kkb_cli.domain import records as rules
    from kkb_cli.domain.regions import find_region, village_noun
    from kkb_cli.render import text as sentences
    from kkb_cli.storage.database import Mode

    if planned is not None and (year is not None or date_ is not None):
        raise UsageError("error.planned_with_formation")
    today = date.today()
    details = rules.Details(name=name, sk_number=sk, note=note)
    formation = rules.formation_when(year, date_, today) if planned is None else None
    # One transaction: on a new file the seed and this registration land together or not at all.
    with repository(ctx, Mode.WRITE) as repo:
        scope = repo.scope()
        villages = repo.villages(scope)
        noun = village_noun(villages)
        village = find_region(kelurahan, villages, noun)
        existing = repo.record(village.code)
        if formation is not None:
            registration = rules.register_formation(existing, village, *formation, details)
        else:
            registration = rules.register_plan(existing, village, planned or 0, details, today)
        if registration.changed:
            repo.apply([registration.change])
        formed = repo.count_formed(scope)
    coverage = sentences.coverage(formed, len(villages), noun)
    say(sentences.registration(registration, village, coverage))


# -- kkb edit / kkb remove -------------------------------------------------------------------


@app.command(help=text("help.edit"))
@reported
def edit(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    year: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help=text("help.edit.year")),
    ] = None,
    date_: DateOption = None,
    planned: Annotated[
        int | None,
        typer.Option(parser=year_option, metavar="YYYY", help=text("help.edit.planned")),
    ] = None,
    name: NameOption = None,
    sk: SkOption = None,
    note: NoteOption = None,
) -> None:
    from kkb_cli.domain import records as rules
    from kkb_cli.domain.regions import find_region, village_noun
    from kkb_cli.render import text as sentences
    from kkb_cli.storage.database import Mode
    from kkb_cli.storage.history import record_values

    if planned is not None and (year is not None or date_ is not None):
        raise UsageError("error.planned_with_formation")
    wanted = rules.Edit(year, date_, planned, name, sk, note)
    if wanted.empty:
        raise UsageError("error.edit_nothing")
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        scope = repo.scope()
        villages = repo.villages(scope)
        noun = village_noun(villages)
        village = find_region(kelurahan, villages, noun)
        change = rules.edit_record(repo.record(village.code), village, wanted, date.today())
        if change.changed:
            repo.apply([change])
        formed = repo.count_formed(scope)
    if not change.changed:
        say(text("done.edit_unchanged", village=village.name, code=village.code))
        return
    say(
        text(
            "done.edited",
            village=village.name,
            code=village.code,
            kecamatan=village.kecamatan_name,
            change=sentences.change_summary(
                record_values(change.before), record_values(change.after)
            ),
            coverage=sentences.coverage(formed, len(villages), noun),
        )
    )


def _interactive() -> bool:
    """Whether a person can answer a question: both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command(help=text("help.remove"))
@reported
def remove(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=text("help.remove.yes"))] = False,
) -> None:
    from kkb_cli.domain.records import Change
    from kkb_cli.domain.regions import find_region, village_noun
    from kkb_cli.render import text as sentences
    from kkb_cli.storage.database import Mode
    from kkb_cli.storage.history import record_values

    def found(repo: Repository) -> tuple[Village, KampungRecord]:
        villages = repo.villages(repo.scope())
        village = find_region(kelurahan, villages, village_noun(villages))
        record = repo.record(village.code)
        if record is None:
            raise RefusedError("error.no_record", village=village.name, code=village.code)
        return village, record

    confirmed = None
    if not yes:
        # Ask before taking the write lock: nobody else should wait on a person's answer.
        with repository(ctx, must_exist=True) as repo:
            village, confirmed = found(repo)
        was = sentences.record_summary(record_values(confirmed))
        if not _interactive():
            raise RefusedError("error.remove_needs_yes", village=village.name, code=village.code)
        question = text("confirm.remove", village=village.name, code=village.code, was=was)
        if not typer.confirm(terminal_safe(question), default=False):
            say(text("done.remove_declined"), err=True)
            return
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        village, record = found(repo)  # as it is now, under the write lock
        if confirmed is not None and record != confirmed:
            raise RefusedError("error.remove_changed", village=village.name, code=village.code)
        repo.apply([Change(village.code, record, None)])
        scope = repo.scope()
        villages = repo.villages(scope)
        formed = repo.count_formed(scope)
    say(
        text(
            "done.removed",
            village=village.name,
            code=village.code,
            kecamatan=village.kecamatan_name,
            was=sentences.record_summary(record_values(record)),
            coverage=sentences.coverage(formed, len(villages), village_noun(villages)),
        )
    )


# -- kkb history -----------------------------------------------------------------------------


@app.command(help=text("help.history"))
@reported
def history(
    ctx: typer.Context,
    kelurahan: Annotated[
        str | None,
        typer.Argument(
            metavar="KELURAHAN", help=text("help.history.kelurahan"), show_default=False
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, metavar="N", help=text("help.history.limit"))
    ] = None,
    json_: JsonFlag = False,
) -> None:
    from kkb_cli.domain.regions import find_region, village_noun

    with repository(ctx, must_exist=True) as repo:
        code = None
        if kelurahan is not None:
            villages = repo.villages(repo.scope())
            code = find_region(kelurahan, villages, village_noun(villages)).code
        rows = repo.history(code, limit)
    if json_:
        from dataclasses import asdict

        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array((asdict(row) for row in rows), out)
        return
    from kkb_cli.render.tables import console, print_history

    shown = print_history(rows, console())
    if not shown:
        say(text("history.empty"), err=True)
    else:
        say(text("history.count_one" if shown == 1 else "history.count", count=shown), err=True)
