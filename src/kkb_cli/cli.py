"""The command line: a thin Typer shell over the domain, storage and rendering layers.

Each command parses its options, opens the database through ``storage``, asks ``domain`` for the
answer and hands it to ``render``. Every ``KkbError`` raised below is turned into one
``Error: …`` line on stderr and its exit code in one place, ``_reported``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator
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
    UsageError,
)
from kkb_cli.messages import text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
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
            _fail(error.message, error.exit_code)
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


def _fail(message: str, exit_code: int) -> NoReturn:
    """The one place a failure reaches the user: one line on stderr, then the exit code."""
    typer.echo(f"Error: {terminal_safe(message)}", err=True)
    raise typer.Exit(exit_code)


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
    """The command's database session (reading unless ``mode`` says otherwise)."""
    from kkb_cli.storage.database import Mode, session

    settings: Settings = ctx.obj

    def created() -> None:
        # Said out loud, so that a mistyped --db path does not go unnoticed.
        typer.echo(text("done.created", path=settings.db_path), err=True)

    with session(
        settings.db_path,
        settings.busy_timeout,
        mode=mode or Mode.READ,
        on_created=created,
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
            repo.save_record(registration.record, new=existing is None)
        formed = repo.count_formed(scope)
    coverage = sentences.coverage(formed, len(villages), noun)
    typer.echo(sentences.registration(registration, village, coverage))


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
    typer.echo(
        text("list.count", count=shown, noun=noun) if shown else text("list.empty"), err=True
    )


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
    typer.echo(text("done.export", rows=len(rows), path=output), err=True)


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
    typer.echo(
        text(
            "done.init",
            path=settings.db_path,
            villages=len(villages),
            noun=village_noun(villages),
            formed=counts["formed"],
            planned=counts["planned"],
        )
    )
