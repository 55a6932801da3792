"""The shell every command shares: the Typer app, the global options, the database session,
and the one place where a ``KkbError`` becomes an ``Error: …`` line and an exit code.

The commands themselves live beside this module, one file per group: ``records`` (add, edit,
remove, history), ``reports`` (progress, list, export), ``imports`` (import csv) and
``database`` (init, info, backup, check).
"""

from __future__ import annotations

import gc
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import typer

from kkb_cli import __version__
from kkb_cli.cli.group import KkbGroup
from kkb_cli.domain.dates import parse_date, parse_year
from kkb_cli.errors import (
    DatabaseError,
    KkbError,
    RefusedError,
    UsageError,
)
from kkb_cli.messages import choose_language, set_language, text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
    from kkb_cli.domain.regions import Region
    from kkb_cli.storage.database import Mode
    from kkb_cli.storage.repository import Repository

app = typer.Typer(
    name="kkb",
    cls=KkbGroup,
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


def say(message: str, *, err: bool = False) -> None:
    """Print a sentence for a person; names and notes in it are shown, never obeyed, by the
    terminal."""
    typer.echo(terminal_safe(message), err=err)


def say_count(count: int, key: str) -> None:
    """How many rows a listing showed, on stderr: ``{key}.empty``, ``{key}.count_one`` or
    ``{key}.count``."""
    if not count:
        say(text(f"{key}.empty"), err=True)
    else:
        say(text(f"{key}.count_one" if count == 1 else f"{key}.count", count=count), err=True)


def usage_parser(parse: Callable[[str], T]) -> Callable[[str], T]:
    """A Typer option parser from a domain parser: its UsageError becomes Typer's bad-value
    error, so the usage message and exit code 2 come from Typer as for any other option."""

    def parser(value: str) -> T:
        try:
            return parse(value)
        except UsageError as error:
            raise typer.BadParameter(error.message) from None

    return parser


date_option = usage_parser(parse_date)
year_option = usage_parser(parse_year)


class Language(StrEnum):
    EN = "en"
    ID = "id"


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
    lang: Annotated[
        Language | None,
        typer.Option("--lang", help=text("help.lang"), show_default=False),
    ] = None,
) -> None:
    # Chosen again for each command (the help was already built in it, see cli/__init__).
    set_language(lang.value if lang else choose_language([], os.environ))
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (cp437, cp1252) gets "?", not a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    ctx.obj = Settings(db=db)


@contextmanager
def repository(
    ctx: typer.Context, mode: Mode | None = None, **options: Any
) -> Iterator[Repository]:
    """The command's database session (reading unless ``mode`` says otherwise). History
    names the command (``edit``, ``import csv``) unless ``command`` says more."""
    from kkb_cli.storage.database import Mode, session
    from kkb_cli.storage.migrations import SCHEMA_VERSION

    settings: Settings = ctx.obj

    def created() -> None:
        # Said out loud, so that a mistyped --db path does not go unnoticed.
        say(text("done.created", path=settings.db_path), err=True)

    also = options.pop("on_upgraded", None)

    def upgraded(old: int, backup: Path) -> None:
        if also is not None:
            also(old, backup)
        say(
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


def in_scope(repo: Repository, scope: str | None) -> Region:
    """The region a command works in: its --scope, else the one stored in the file."""
    from kkb_cli.domain.regions import parse_scope

    return repo.scope(parse_scope(scope) if scope is not None else None)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk load. A national file is tens of
    thousands of small rows and records that live until the command ends and hold no cycles;
    the collector would walk them again and again while they are made (a tenth of a region
    import's time, an eighth of a record import's)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def utf8_stdout() -> Iterator[TextIO]:
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


def refused_rows(
    key: str, rows: int, refused: int, source: str, problems: Iterable[tuple[int, str]]
) -> KkbError:
    """An import refused whole: one line saying so, then each wrong row shown with its line
    (the first hundred), then how many more there are."""
    details = tuple(text("import.line_problem", line=line, message=m) for line, m in problems)
    if refused > len(details):
        details += (text("import.more_problems", count=refused - len(details)),)
    return RefusedError(key, refused=refused, rows=rows, path=source, details=details)


# Arguments and options several commands share, declared once.
KelurahanArgument = Annotated[
    str, typer.Argument(metavar="KELURAHAN", help=text("help.add.kelurahan"), show_default=False)
]
DateOption = Annotated[
    date | None,
    typer.Option("--date", parser=date_option, metavar="DATE", help=text("help.add.date")),
]
NameOption = Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.name"))]
SkOption = Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.sk"))]
NoteOption = Annotated[str | None, typer.Option(metavar="TEXT", help=text("help.add.note"))]
JsonFlag = Annotated[bool, typer.Option("--json", help=text("help.json"))]
InputFileArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help=text("help.import.file"),
        show_default=False,
        readable=False,  # kkb says itself what is wrong with the file
    ),
]
DryRunFlag = Annotated[bool, typer.Option("--dry-run", help=text("help.import.dry_run"))]
ScopeOption = Annotated[
    str | None,
    typer.Option("--scope", metavar="CODE", help=text("help.scope"), show_default=False),
]
