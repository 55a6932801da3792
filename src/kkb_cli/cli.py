"""The command line: a thin Typer shell over the domain, storage and rendering layers.

Each command parses its options, opens the database through ``storage``, asks ``domain`` for the
answer and hands it to ``render``. Every ``KkbError`` raised below is turned into one
``Error: …`` line on stderr and its exit code in one place, ``_reported``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO, TypeVar

import typer

from kkb_cli import __version__
from kkb_cli.domain.dates import parse_date, parse_year
from kkb_cli.domain.records import Status
from kkb_cli.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_REFUSED,
    DatabaseError,
    KkbError,
    RefusedError,
    UsageError,
)
from kkb_cli.messages import text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
    from kkb_cli.domain.imports import RowChange
    from kkb_cli.domain.records import KampungRecord
    from kkb_cli.domain.regions import Village, VillageIndex
    from kkb_cli.storage.database import Mode
    from kkb_cli.storage.repository import Repository

app = typer.Typer(
    name="kkb",
    help=text("help.app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    # Plain Click help and errors: a usage mistake prints one "Error: …" line, no box art.
    rich_markup_mode=None,
)
export_app = typer.Typer(help=text("help.export"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")
import_app = typer.Typer(help=text("help.import"), no_args_is_help=True, rich_markup_mode=None)
app.add_typer(import_app, name="import")

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What the global options say; read only when a command opens the database."""

    db: Path | None  # --db or $KKB_DB; None means the per-user default

    @cached_property
    def db_path(self) -> Path:
        """The database file; the default one's folder is created when first needed."""
        if self.db is not None:
            return self.db.expanduser()
        folder = Path(typer.get_app_dir("kkb"))
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError("error.app_dir", folder=folder, detail=error.strerror) from None
        return folder / "kkb.db"

    @cached_property
    def busy_timeout(self) -> float:
        """Seconds to wait for another kkb: $KKB_BUSY_TIMEOUT, else 10."""
        from kkb_cli.storage.database import DEFAULT_BUSY_TIMEOUT, MAX_BUSY_TIMEOUT

        raw = os.environ.get("KKB_BUSY_TIMEOUT")
        if raw is None or not raw.strip():
            return DEFAULT_BUSY_TIMEOUT
        try:
            seconds = float(raw)
        except ValueError:
            raise UsageError("error.bad_timeout", value=raw, limit=MAX_BUSY_TIMEOUT) from None
        if not 0 <= seconds <= MAX_BUSY_TIMEOUT:  # also refuses NaN and inf
            raise UsageError("error.bad_timeout", value=raw, limit=MAX_BUSY_TIMEOUT)
        return seconds


def _reported(function: F) -> F:
    """Turn a KkbError into one ``Error: …`` line on stderr and its exit code, in one place."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except KkbError as error:
            _fail(error.message, error.exit_code, error.details)
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except OSError as error:
            # The system refused a read or write (disk full, name too long…): not a kkb bug.
            where = f" ({error.filename})" if error.filename else ""
            _fail(text("error.os", detail=error.strerror or error, where=where), EXIT_REFUSED)
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            # A bug in kkb. Writes are whole transactions, so the file is consistent; say so
            # in one line instead of a traceback, unless the user asks for the details.
            if os.environ.get("KKB_DEBUG"):
                raise
            _fail(text("error.internal", kind=type(error).__name__, detail=error), EXIT_INTERNAL)

    return wrapper  # type: ignore[return-value]


def _fail(message: str, exit_code: int, details: tuple[str, ...] = ()) -> NoReturn:
    """The one place a failure reaches the user: one line on stderr (then its details, such
    as each refused row of an import), then the exit code."""
    typer.echo(f"Error: {terminal_safe(message)}", err=True)
    for line in details:
        typer.echo(f"  {terminal_safe(line)}", err=True)
    raise typer.Exit(exit_code)


def _say(message: str, *, err: bool = False) -> None:
    """Print a sentence for a person; names and notes in it are shown, never obeyed, by the
    terminal."""
    typer.echo(terminal_safe(message), err=err)


def _usage_parser(parse: Callable[[str], T]) -> Callable[[str], T]:
    """A Typer option parser from a domain parser: its UsageError becomes Typer's bad-value
    error, so the usage message and exit code 2 come from Typer as for any other option."""

    def parser(value: str) -> T:
        try:
            return parse(value)
        except UsageError as error:
            raise typer.BadParameter(error.message) from None

    return parser


_date_option = _usage_parser(parse_date)
_year_option = _usage_parser(parse_year)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kkb {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="KKB_DB",
            metavar="PATH",
            help=text("help.db"),
            show_default=False,
            readable=False,  # kkb checks the file itself, with a message that says what to do
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help=text("help.version")),
    ] = None,
) -> None:
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (cp437, cp1252) gets "?", not a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    ctx.obj = Settings(db=db)


@contextmanager
def _repository(
    ctx: typer.Context, mode: Mode | None = None, **options: Any
) -> Iterator[Repository]:
    """The command's database session (reading unless ``mode`` says otherwise). History
    names the command (``edit``, ``import csv``) unless ``command`` says more."""
    from kkb_cli.storage.database import Mode, session
    from kkb_cli.storage.migrations import SCHEMA_VERSION

    settings: Settings = ctx.obj

    def created() -> None:
        # Said out loud, so that a mistyped --db path does not go unnoticed.
        _say(text("done.created", path=settings.db_path), err=True)

    def upgraded(old: int, backup: Path) -> None:
        _say(
            text(
                "done.upgraded", path=settings.db_path, old=old, new=SCHEMA_VERSION, backup=backup
            ),
            err=True,
        )

    options.setdefault("command", ctx.command_path.partition(" ")[2])
    with session(
        settings.db_path,
        settings.busy_timeout,
        mode=mode or Mode.READ,
        on_created=created,
        on_upgraded=upgraded,
        **options,
    ) as repository:
        yield repository


@contextmanager
def _utf8_stdout() -> Iterator[TextIO]:
    """stdout as UTF-8 with no newline translation, whatever the console's own encoding."""
    try:
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    except AttributeError:  # a stdout with no bytes underneath: use it as it is
        yield sys.stdout
        return
    sys.stdout.flush()
    try:
        yield stream
        stream.flush()
    finally:
        stream.detach()


# -- kkb add ---------------------------------------------------------------------------------


@app.command(help=text("help.add"))
@_reported
def add(
    ctx: typer.Context,
    kelurahan: Annotated[
        str,
        typer.Argument(metavar="KELURAHAN", help=text("help.add.kelurahan"), show_default=False),
    ],
    year: Annotated[
        int | None,
        typer.Option(parser=_year_option, metavar="YYYY", help=text("help.add.year")),
    ] = None,
    date_: Annotated[
        date | None,
        typer.Option("--date", parser=_date_option, metavar="DATE", help=text("help.add.date")),
    ] = None,
    planned: Annotated[
        int | None,
        typer.Option(parser=_year_option, metavar="YYYY", help=text("help.add.planned")),
    ] = None,
    name: Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.name"))] = None,
    sk: Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.sk"))] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.note"))] = None,
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
    with _repository(ctx, Mode.WRITE) as repo:
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
    _say(sentences.registration(registration, village, coverage))


# -- kkb progress ----------------------------------------------------------------------------


@app.command(help=text("help.progress"))
@_reported
def progress(
    ctx: typer.Context,
    as_of: Annotated[
        date | None,
        typer.Option(parser=_date_option, metavar="DATE", help=text("help.as_of")),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help=text("help.json"))] = False,
) -> None:
    from kkb_cli.domain.dates import check_as_of
    from kkb_cli.domain.progress import build_report
    from kkb_cli.render import text as sentences
    from kkb_cli.render.fields import report_dict

    today = date.today()
    if as_of is not None:
        check_as_of(as_of, today)
    with _repository(ctx) as repo:
        report = build_report(repo.snapshot(), as_of or today)
    summary = sentences.verdict(report)
    if json_:
        from kkb_cli.render.jsonout import write_object

        with _utf8_stdout() as out:
            write_object({**report_dict(report), "summary": summary}, out)
    else:
        from kkb_cli.render.tables import console, print_progress

        print_progress(report, summary, console())


# -- kkb list --------------------------------------------------------------------------------


@app.command(name="list", help=text("help.list"))
@_reported
def list_(
    ctx: typer.Context,
    status: Annotated[Status | None, typer.Option(help=text("help.list.status"))] = None,
    kecamatan: Annotated[
        str | None, typer.Option(metavar="NAME|CODE", help=text("help.list.kecamatan"))
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help=text("help.json"))] = False,
) -> None:
    from kkb_cli.domain.regions import find_region, village_noun
    from kkb_cli.render.fields import kampung_rows

    with _repository(ctx) as repo:
        data = repo.snapshot()
    villages = data.villages
    if kecamatan is not None:
        area = find_region(kecamatan, data.areas, "kecamatan")
        villages = [v for v in villages if v.kecamatan_code == area.code]
    noun = village_noun(villages) if villages else "kelurahan"
    rows = kampung_rows(villages, data.records)
    if status is not None:
        rows = (row for row in rows if row["status"] == status.value)
    if json_:
        from kkb_cli.render.jsonout import write_array

        with _utf8_stdout() as out:
            write_array(rows, out)
        return
    from kkb_cli.render.tables import console, print_kampung_list

    shown = print_kampung_list(rows, console())
    _say(text("list.count", count=shown, noun=noun) if shown else text("list.empty"), err=True)


# -- kkb export ------------------------------------------------------------------------------


class ExportTable(StrEnum):
    KAMPUNG = "kampung"
    PROGRESS = "progress"
    AREAS = "areas"


@export_app.command(name="csv", help=text("help.export.csv"))
@_reported
def export_csv(
    ctx: typer.Context,
    table: Annotated[
        ExportTable, typer.Option(help=text("help.export.table"))
    ] = ExportTable.KAMPUNG,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", readable=False, help=text("help.export.output")
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=text("help.export.force"))] = False,
) -> None:
    from kkb_cli.render import fields
    from kkb_cli.render.csvout import atomic_output, write_csv

    with _repository(ctx) as repo:
        data = repo.snapshot()
    columns: tuple[str, ...]
    if table is ExportTable.KAMPUNG:
        columns = fields.KAMPUNG_COLUMNS
        rows = list(fields.kampung_rows(data.villages, data.records))
    else:
        from kkb_cli.domain.progress import build_report

        report = build_report(data, date.today())
        if table is ExportTable.PROGRESS:
            columns = fields.YEAR_COLUMNS
            rows = [fields.year_row(row) for row in report.years]
        else:
            columns = fields.AREA_COLUMNS
            rows = [fields.area_row(row) for row in report.areas]
    if output is None or str(output) == "-":
        with _utf8_stdout() as out:
            write_csv(columns, rows, out)
        return
    with atomic_output(output, force=force) as out:
        write_csv(columns, rows, out)
    _say(text("done.export", rows=len(rows), path=output), err=True)


# -- kkb info / kkb init ---------------------------------------------------------------------


@app.command(help=text("help.info"))
@_reported
def info(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help=text("help.json"))] = False,
) -> None:
    from kkb_cli.render.fields import info_dict

    settings: Settings = ctx.obj
    with _repository(ctx) as repo:
        facts = info_dict(
            path=str(settings.db_path.resolve()),
            schema_version=repo.schema_version(),
            journal_mode=repo.journal_mode(),
            scope=repo.scope(),
            counts=repo.counts(),
        )
    if json_:
        from kkb_cli.render.jsonout import write_object

        with _utf8_stdout() as out:
            write_object(facts, out)
        return
    from kkb_cli.render.tables import console, print_pairs

    counts, scope = facts["counts"], facts["scope"]
    print_pairs(
        [
            (text("info.path"), facts["path"]),
            (text("info.version"), str(facts["schema_version"])),
            (text("info.journal"), facts["journal_mode"]),
            (text("info.scope"), f"{scope['name']} ({scope['code']})"),
            (text("info.regions"), text("info.regions_value", **counts)),
            (text("info.records"), text("info.records_value", **counts)),
            (text("info.targets"), str(counts["targets"])),
            (text("info.history"), str(counts["history"])),
            (text("info.kkb"), __version__),
        ],
        console(),
    )


@app.command(help=text("help.init"))
@_reported
def init(
    ctx: typer.Context,
    records: Annotated[
        bool, typer.Option("--records/--no-records", help=text("help.init.records"))
    ] = True,
) -> None:
    from kkb_cli.domain.regions import village_noun
    from kkb_cli.storage.database import Mode

    settings: Settings = ctx.obj
    with _repository(ctx, Mode.CREATE, with_records=records) as repo:
        villages = repo.villages(repo.scope())
        counts = repo.counts()
    _say(
        text(
            "done.init",
            path=settings.db_path,
            villages=len(villages),
            noun=village_noun(villages),
            formed=counts["formed"],
            planned=counts["planned"],
        )
    )


# -- kkb edit / kkb remove -------------------------------------------------------------------


@app.command(help=text("help.edit"))
@_reported
def edit(
    ctx: typer.Context,
    kelurahan: Annotated[
        str,
        typer.Argument(metavar="KELURAHAN", help=text("help.add.kelurahan"), show_default=False),
    ],
    year: Annotated[
        int | None,
        typer.Option(parser=_year_option, metavar="YYYY", help=text("help.edit.year")),
    ] = None,
    date_: Annotated[
        date | None,
        typer.Option("--date", parser=_date_option, metavar="DATE", help=text("help.add.date")),
    ] = None,
    planned: Annotated[
        int | None,
        typer.Option(parser=_year_option, metavar="YYYY", help=text("help.edit.planned")),
    ] = None,
    name: Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.name"))] = None,
    sk: Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.sk"))] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.note"))] = None,
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
    with _repository(ctx, Mode.WRITE, must_exist=True) as repo:
        scope = repo.scope()
        villages = repo.villages(scope)
        noun = village_noun(villages)
        village = find_region(kelurahan, villages, noun)
        change = rules.edit_record(repo.record(village.code), village, wanted, date.today())
        if change.changed:
            repo.apply([change])
        formed = repo.count_formed(scope)
    if not change.changed:
        _say(text("done.edit_unchanged", village=village.name, code=village.code))
        return
    _say(
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
@_reported
def remove(
    ctx: typer.Context,
    kelurahan: Annotated[
        str,
        typer.Argument(metavar="KELURAHAN", help=text("help.add.kelurahan"), show_default=False),
    ],
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
        with _repository(ctx, must_exist=True) as repo:
            village, confirmed = found(repo)
        was = sentences.record_summary(record_values(confirmed))
        if not _interactive():
            raise RefusedError("error.remove_needs_yes", village=village.name, code=village.code)
        question = text("confirm.remove", village=village.name, code=village.code, was=was)
        if not typer.confirm(terminal_safe(question), default=False):
            _say(text("done.remove_declined"), err=True)
            return
    with _repository(ctx, Mode.WRITE, must_exist=True) as repo:
        village, record = found(repo)  # as it is now, under the write lock
        if confirmed is not None and record != confirmed:
            raise RefusedError("error.remove_changed", village=village.name, code=village.code)
        repo.apply([Change(village.code, record, None)])
        scope = repo.scope()
        villages = repo.villages(scope)
        formed = repo.count_formed(scope)
    _say(
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
@_reported
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
    json_: Annotated[bool, typer.Option("--json", help=text("help.json"))] = False,
) -> None:
    from kkb_cli.domain.regions import find_region, village_noun

    with _repository(ctx, must_exist=True) as repo:
        code = None
        if kelurahan is not None:
            villages = repo.villages(repo.scope())
            code = find_region(kelurahan, villages, village_noun(villages)).code
        rows = repo.history(code, limit)
    if json_:
        from dataclasses import asdict

        from kkb_cli.render.jsonout import write_array

        with _utf8_stdout() as out:
            write_array((asdict(row) for row in rows), out)
        return
    from kkb_cli.render.tables import console, print_history

    shown = print_history(rows, console())
    if not shown:
        _say(text("history.empty"), err=True)
    else:
        _say(text("history.count_one" if shown == 1 else "history.count", count=shown), err=True)


# -- kkb backup / kkb check ------------------------------------------------------------------


@app.command(help=text("help.backup"))
@_reported
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help=text("help.backup.file"), show_default=False),
    ],
    force: Annotated[bool, typer.Option("--force", help=text("help.backup.force"))] = False,
) -> None:
    settings: Settings = ctx.obj
    with _repository(ctx, must_exist=True) as repo:
        # Checked once the session has the file open (a new one exists only from now on).
        if file.exists() and file.samefile(settings.db_path):
            raise RefusedError("error.backup_is_database", path=file)
        repo.backup(file, force=force)
        counts = repo.counts()
    _say(
        text(
            "done.backup",
            path=settings.db_path,
            backup=file,
            records=counts["formed"] + counts["planned"],
            history=counts["history"],
        )
    )


@app.command(help=text("help.check"))
@_reported
def check(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help=text("help.json"))] = False,
) -> None:
    from kkb_cli.domain.regions import Level

    settings: Settings = ctx.obj
    with _repository(ctx, must_exist=True) as repo:
        problems = repo.problems()
        counts = repo.counts() if not problems else {}
    messages = [text(p.key, **p.params) for p in problems]
    if json_:
        from kkb_cli.render.jsonout import write_object

        with _utf8_stdout() as out:
            write_object(
                {
                    "path": str(settings.db_path.resolve()),
                    "ok": not problems,
                    "problems": [
                        {"check": p.key.removeprefix("check."), "message": m}
                        for p, m in zip(problems, messages, strict=True)
                    ],
                },
                out,
            )
    elif not problems:
        _say(
            text(
                "done.check",
                path=settings.db_path,
                records=counts["formed"] + counts["planned"],
                history=counts["history"],
                regions=sum(counts[level.value] for level in Level),
            )
        )
    if problems:
        raise RefusedError(
            "error.check_failed",
            count=len(problems),
            path=settings.db_path,
            details=tuple(messages) if not json_ else (),
        )


# -- kkb import ------------------------------------------------------------------------------

_PROGRESS_BAR_ROWS = 2000  # smaller files are checked faster than a bar could be drawn


@import_app.command(name="csv", help=text("help.import.csv"))
@_reported
def import_csv(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help=text("help.import.file"),
            show_default=False,
            readable=False,  # kkb says itself what is wrong with the file
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=text("help.import.dry_run"))] = False,
    update: Annotated[bool, typer.Option("--update", help=text("help.import.update"))] = False,
) -> None:
    from kkb_cli.domain.imports import plan_import, read_header
    from kkb_cli.domain.regions import VillageIndex
    from kkb_cli.render.csvin import read_bytes, split_rows
    from kkb_cli.storage.database import Mode

    # Read and split the file before opening the database: a bad file never waits for a lock.
    header, rows = split_rows(read_bytes(file), file)
    columns = read_header(header)
    stdin = str(file) == "-"
    shown = "stdin" if stdin else file.name
    source = text("import.stdin") if stdin else str(file)
    with _repository(
        ctx, Mode.READ if dry_run else Mode.WRITE, must_exist=True, command=f"import csv {shown}"
    ) as repo:
        scope = repo.scope()
        index = VillageIndex(repo.villages(scope))
        plan = plan_import(
            columns,
            _with_progress_bar(rows),
            index,
            repo.records(scope),
            update=update,
            today=date.today(),
        )
        if plan.problems:
            raise RefusedError(
                "error.import_refused",
                refused=len(plan.problems),
                rows=plan.rows,
                path=source,
                details=tuple(
                    text("import.line_problem", line=p.line, message=p.error.message)
                    for p in plan.problems
                ),
            )
        if not dry_run:
            repo.apply(row.change for row in plan.changes)
    counts = {"added": plan.added, "updated": plan.updated, "unchanged": plan.unchanged}
    if dry_run:
        _print_planned_changes(plan.changes, index)
        _say(text("done.import_dry_run", path=source, **counts))
    else:
        _say(text("done.import", path=source, **counts))


def _with_progress_bar(rows: Sequence[T]) -> Iterator[T]:
    """The rows, drawing a progress bar on stderr while a large file is checked, when a
    person is watching (stdout is a terminal)."""
    if len(rows) < _PROGRESS_BAR_ROWS or not sys.stdout.isatty():
        yield from rows
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(
        rows, description=text("import.progress"), console=Console(stderr=True), transient=True
    )


def _print_planned_changes(changes: list[RowChange], index: VillageIndex) -> None:
    from kkb_cli.render.text import planned_change

    names = {v.code: v.name for v in index.villages}
    for row in changes:
        _say(planned_change(row.line, row.change, names[row.change.village_code]))
