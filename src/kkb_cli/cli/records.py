"""Commands that change one kelurahan's record: add, edit, remove; and its history."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from kkb_cli.cli.app import (
    DateOption,
    JsonFlag,
    KelurahanArgument,
    NameOption,
    NoteOption,
    ScopeOption,
    SkOption,
    app,
    date_option,
    in_scope,
    repository,
    say,
    say_count,
    utf8_stdout,
    year_option,
)
from kkb_cli.errors import RefusedError, UsageError
from kkb_cli.messages import text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
    from kkb_cli.domain.records import KampungRecord
    from kkb_cli.domain.regions import Region, Village
    from kkb_cli.storage.repository import Repository


@dataclass(frozen=True)
class _Place:
    """A desa/kelurahan a user named, and the region its coverage is told for: the scope, or
    the village's own kabupaten/kota when it lies outside the scope."""

    area: Region
    village: Village


def _locate(repo: Repository, kelurahan: str, scope: str | None) -> _Place:
    """The desa/kelurahan ``kelurahan`` means: a code anywhere in the loaded regions, or a
    name within the scope."""
    from kkb_cli.domain.regions import CODE_LENGTH, INDONESIA, Level, find_region

    region = in_scope(repo, scope)
    village = find_region(kelurahan, repo.village_lookup(region))
    inside = region.code == INDONESIA or village.code.startswith(region.code + ".")
    area = region if inside else repo.scope(village.code[: CODE_LENGTH[Level.KABUPATEN_KOTA]])
    return _Place(area, village)


def _coverage_now(repo: Repository, place: _Place) -> str:
    """The area's coverage after this command's change: 20 of 27 kelurahan (74.1%)."""
    from kkb_cli.domain.regions import village_noun
    from kkb_cli.render.text import coverage

    kelurahan, desa = repo.village_kinds(place.area)
    noun = village_noun(kelurahan, desa)
    return coverage(repo.count_formed(place.area), kelurahan + desa, noun)


# -- kkb add ---------------------------------------------------------------------------------


@app.command(help=text("help.add"))
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
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain import records as rules
    from kkb_cli.render import text as sentences
    from kkb_cli.storage.database import Mode

    if planned is not None and (year is not None or date_ is not None):
        raise UsageError("error.planned_with_formation")
    today = date.today()
    details = rules.Details(name=name, sk_number=sk, note=note)
    formation = rules.formation_when(year, date_, today) if planned is None else None
    # One transaction: on a new file the seed and this registration land together or not at all.
    with repository(ctx, Mode.WRITE) as repo:
        place = _locate(repo, kelurahan, scope)
        village = place.village
        existing = repo.record(village.code)
        if formation is not None:
            registration = rules.register_formation(existing, village, *formation, details)
        else:
            registration = rules.register_plan(existing, village, planned or 0, details, today)
        if registration.changed:
            repo.apply([registration.change])
        coverage = _coverage_now(repo, place)
    say(sentences.registration(registration, village, coverage))


# -- kkb edit / kkb remove -------------------------------------------------------------------


@app.command(help=text("help.edit"))
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
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain import records as rules
    from kkb_cli.domain.records import record_values
    from kkb_cli.render import text as sentences
    from kkb_cli.storage.database import Mode

    if planned is not None and (year is not None or date_ is not None):
        raise UsageError("error.planned_with_formation")
    wanted = rules.Edit(year, date_, planned, name, sk, note)
    if wanted.empty:
        raise UsageError("error.edit_nothing")
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        place = _locate(repo, kelurahan, scope)
        village = place.village
        change = rules.edit_record(repo.record(village.code), village, wanted, date.today())
        if change.changed:
            repo.apply([change])
        coverage = _coverage_now(repo, place)
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
            coverage=coverage,
        )
    )


def _interactive() -> bool:
    """Whether a person can answer a question: both stdin and stdout are terminals."""
    return sys.stdin.isatty() and sys.stdout.isatty()


@app.command(help=text("help.remove"))
def remove(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=text("help.remove.yes"))] = False,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain.records import Change, record_values
    from kkb_cli.render import text as sentences
    from kkb_cli.storage.database import Mode

    def found(repo: Repository) -> tuple[_Place, KampungRecord]:
        place = _locate(repo, kelurahan, scope)
        record = repo.record(place.village.code)
        if record is None:
            raise RefusedError(
                "error.no_record", village=place.village.name, code=place.village.code
            )
        return place, record

    confirmed = None
    if not yes:
        # Ask before taking the write lock: nobody else should wait on a person's answer.
        with repository(ctx, must_exist=True) as repo:
            place, confirmed = found(repo)
        village = place.village
        was = sentences.record_summary(record_values(confirmed))
        if not _interactive():
            raise RefusedError("error.remove_needs_yes", village=village.name, code=village.code)
        question = text("confirm.remove", village=village.name, code=village.code, was=was)
        if not typer.confirm(terminal_safe(question), default=False):
            say(text("done.remove_declined"), err=True)
            return
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        place, record = found(repo)  # as it is now, under the write lock
        village = place.village
        if confirmed is not None and record != confirmed:
            raise RefusedError("error.remove_changed", village=village.name, code=village.code)
        repo.apply([Change(village.code, record, None)])
        coverage = _coverage_now(repo, place)
    say(
        text(
            "done.removed",
            village=village.name,
            code=village.code,
            kecamatan=village.kecamatan_name,
            was=sentences.record_summary(record_values(record)),
            coverage=coverage,
        )
    )


# -- kkb history -----------------------------------------------------------------------------


@app.command(help=text("help.history"))
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
    scope: ScopeOption = None,
) -> None:
    if kelurahan is not None and kelurahan.strip().casefold() == "seal":
        _print_seal(ctx, json_)
        return
    with repository(ctx, must_exist=True) as repo:
        code = _history_code(repo, kelurahan, scope) if kelurahan is not None else None
        rows = repo.history(code, limit)
    if json_:
        from dataclasses import asdict

        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array((asdict(row) for row in rows), out)
        return
    from kkb_cli.render.tables import console, print_history

    say_count(print_history(rows, console()), "history")


def _history_code(repo: Repository, kelurahan: str, scope: str | None) -> str:
    """The village whose history is asked for: as any command finds it, or, for a village a
    newer region list removed, its code alone (its history stays)."""
    from kkb_cli.domain.regions import Level, is_region_code, level_of

    try:
        return _locate(repo, kelurahan, scope).village.code
    except RefusedError:
        code = kelurahan.strip()
        if (
            is_region_code(code)
            and level_of(code) is Level.DESA_KELURAHAN
            and repo.history(code, 1)
        ):
            return code
        raise


def _print_seal(ctx: typer.Context, json_: bool) -> None:
    """`kkb history seal`: the head of the history chain, to keep outside the file."""
    from kkb_cli.cli.app import Settings

    settings: Settings = ctx.obj
    with repository(ctx, must_exist=True) as repo:
        seal = repo.seal()
    if json_:
        from kkb_cli.render.jsonout import write_object

        with utf8_stdout() as out:
            write_object(
                {
                    "path": str(settings.db_path.resolve()),
                    "entries": seal.entries,
                    "hash": seal.hash,
                    "last_changed_at": seal.changed_at,
                },
                out,
            )
        return
    from kkb_cli.render.tables import local_time

    when = local_time(seal.changed_at) if seal.changed_at else "–"
    say(text("history.seal", path=settings.db_path, entries=seal.entries, when=when))
    say(seal.hash)
    say(text("history.seal_keep", seal=seal.hash, entries=seal.entries), err=True)


# -- kkb set ---------------------------------------------------------------------------------


@app.command(name="set", help=text("help.set"))
def set_(
    ctx: typer.Context,
    kelurahan: KelurahanArgument,
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="ATTRIBUTE=VALUE...", help=text("help.set.assignments"), show_default=False
        ),
    ],
    date_: Annotated[
        date | None,
        typer.Option("--date", parser=date_option, metavar="DATE", help=text("help.set.date")),
    ] = None,
    scope: ScopeOption = None,
) -> None:
    from kkb_cli.domain import records as rules
    from kkb_cli.domain.attributes import parse_assignment
    from kkb_cli.domain.records import record_values
    from kkb_cli.render.text import change_summary
    from kkb_cli.storage.database import Mode

    given = [parse_assignment(assignment) for assignment in assignments]
    with repository(ctx, Mode.WRITE, must_exist=True) as repo:
        place = _locate(repo, kelurahan, scope)
        village = place.village
        change = rules.set_attributes(
            repo.record(village.code), village, given, date_, date.today()
        )
        if change.changed:
            repo.apply([change])
    if not change.changed:
        say(text("done.edit_unchanged", village=village.name, code=village.code))
        return
    summary = change_summary(record_values(change.before), record_values(change.after))
    say(text("done.set", village=village.name, code=village.code, change=summary))
