"""What every command shares: the root Typer app and its global options, the ``Office`` a
command works on, printing for people, the output flags of every listing, and the arguments
and options several commands declare alike.

The commands live beside this module, one file per group, and are loaded only when Click asks
for them (``group.KkbGroup``).
"""

from __future__ import annotations

import functools
import inspect
import io
import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO, TypeVar

import click
import typer

from kkb_cli import __version__
from kkb_cli.cli.group import KkbGroup
from kkb_cli.domain.dates import parse_date, parse_year
from kkb_cli.domain.status import Status, parse_status
from kkb_cli.errors import DatabaseError, UsageError
from kkb_cli.messages import choose_language, plural, set_language, text
from kkb_cli.render.terminal import terminal_safe

if TYPE_CHECKING:
    from kkb_cli.application.base import OfficeBase
    from kkb_cli.application.office import Office
    from kkb_cli.application.outcomes import Notice

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")
U = TypeVar("U", bound="OfficeBase")

app = typer.Typer(
    name="kkb",
    cls=KkbGroup,
    help="help.app",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (cli/completion.py)
    pretty_exceptions_enable=False,
    # Plain Click help and errors: a usage mistake prints one "Error: …" line, no box art.
    rich_markup_mode=None,
)

DEFAULT_BUSY_TIMEOUT = 10.0
MAX_BUSY_TIMEOUT = 3600.0  # SQLite counts the wait in milliseconds in a C int; an hour is plenty


class Settings:
    """What the global options say; read only when a command opens the database. (A plain
    class: a dataclass is made at import, by every command, at a cost.)"""

    def __init__(self, db: Path | None) -> None:
        self.db = db  # --db or $KKB_DB; None means the per-user default

    @functools.cached_property
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

    @functools.cached_property
    def busy_timeout(self) -> float:
        """Seconds to wait for another kkb: $KKB_BUSY_TIMEOUT, else 10."""
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


class Language(StrEnum):
    EN = "en"
    ID = "id"


def _language(value: Language | None) -> Language | None:
    """--lang takes effect as soon as it is read, before any help is shown."""
    if value is not None:
        set_language(value.value)
    return value


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
            help="help.db",
            show_default=False,
            readable=False,  # kkb checks the file itself, with a message that says what to do
        ),
    ] = None,
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="help.version"),
    ] = None,
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang", help="help.lang", show_default=False, is_eager=True, callback=_language
        ),
    ] = None,
) -> None:
    # The language of this command: --lang, else the environment's (chosen again here, so
    # that nothing an earlier command in the same process chose carries over).
    set_language(lang.value if lang else choose_language(os.environ))
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot show a character (cp437, cp1252) gets "?", not a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    ctx.obj = Settings(db=db)


def office(ctx: typer.Context, command: str | None = None) -> Office:
    """The office the command works on. History names the command (``edit``, ``target
    set``) unless ``command`` says more."""
    from kkb_cli.application.office import Office

    return Office.open(**_opening(ctx, command))


def using(ctx: typer.Context, use_cases: type[U]) -> U:
    """Only some of the office's use cases (``ReportUseCases``…), opened as ``office`` opens
    them: a command that needs no others does not load the code of every use case."""
    return use_cases(**_opening(ctx, None))


def _opening(ctx: typer.Context, command: str | None) -> dict[str, Any]:
    settings: Settings = ctx.find_root().obj
    return {
        "path": settings.db_path,
        "busy_timeout": settings.busy_timeout,
        "command": command or ctx.command_path.partition(" ")[2],
        "notify": _said,
    }


def _said(notice: Notice) -> None:
    """Say on stderr that the file was created or upgraded, so that a mistyped --db path
    does not go unnoticed."""
    from kkb_cli.application.outcomes import Created

    if isinstance(notice, Created):
        say(text("done.created", path=notice.path), err=True)
    else:
        say(
            text(
                "done.upgraded",
                path=notice.path,
                old=notice.old,
                new=notice.new,
                backup=notice.backup,
            ),
            err=True,
        )


def say(message: str, *, err: bool = False) -> None:
    """Print a sentence for a person; names and notes in it are shown, never obeyed, by the
    terminal."""
    typer.echo(terminal_safe(message), err=err)


def say_count(count: int, key: str) -> None:
    """How many rows a listing showed, on stderr: ``{key}.empty``, or ``{key}.count_one`` in
    the language's plural form."""
    if not count:
        say(text(f"{key}.empty"), err=True)
    else:
        say(plural(f"{key}.count_one", f"{key}.count", count), err=True)


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


# -- the output flags every listing shares ----------------------------------------------------


class Output:
    """How a listing is printed: tables for people, or ``--json`` for programs (streamed)."""

    def __init__(self, json: bool) -> None:
        self.json = json

    def array(self, rows: Iterable[dict[str, Any]]) -> None:
        from kkb_cli.render.jsonout import write_array

        with utf8_stdout() as out:
            write_array(rows, out)

    def object(self, value: dict[str, Any]) -> None:
        from kkb_cli.render.jsonout import write_object

        with utf8_stdout() as out:
            write_object(value, out)


JsonFlag = Annotated[bool, typer.Option("--json", help="help.json")]


def output_options(command: F) -> F:
    """Give a listing command the output flags every listing shares (``--json``), declared
    once; the command receives them as one ``output: Output`` argument."""
    signature = inspect.signature(command, eval_str=True)
    parameters = [p for name, p in signature.parameters.items() if name != "output"]
    parameters.append(
        inspect.Parameter(
            "json_", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=JsonFlag
        )
    )

    @functools.wraps(command)
    def with_output(*args: Any, json_: bool = False, **kwargs: Any) -> Any:
        return command(*args, output=Output(json=json_), **kwargs)

    with_output.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_output.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_output  # type: ignore[return-value]


# -- arguments and options several commands share, declared once ------------------------------


def completer(name: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """The completer ``name`` of cli/completion.py, for an option's ``shell_complete``: the
    module is loaded when Tab is pressed, not by every command."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from kkb_cli.cli import completion

        offered: list[Any] = getattr(completion, name)(ctx, param, incomplete)
        return offered

    return complete


# Typer 0.25 warns, as each parameter given a `shell_complete` is made, that it may drop
# `shell_complete` some day (cli/completion.py says why kkb uses it); pyproject.toml pins Typer
# below 0.26 for another reason already.
warnings.filterwarnings(
    "ignore", message="In Typer, only the parameter 'autocompletion'", category=DeprecationWarning
)


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

KelurahanArgument = Annotated[
    str,
    typer.Argument(
        metavar="KELURAHAN",
        help="help.add.kelurahan",
        show_default=False,
        shell_complete=completer("villages"),
    ),
]
VillageKecamatanOption = Annotated[
    str | None,
    typer.Option(
        "--kecamatan",
        metavar="NAME|CODE",
        help="help.village_kecamatan",
        show_default=False,
        shell_complete=completer("kecamatan"),
    ),
]
DateOption = Annotated[
    date | None,
    typer.Option("--date", parser=date_option, metavar="DATE", help="help.add.date"),
]
NameOption = Annotated[str | None, typer.Option(metavar="TEXT", help="help.add.name")]
SkOption = Annotated[str | None, typer.Option(metavar="TEXT", help="help.add.sk")]
NoteOption = Annotated[str | None, typer.Option(metavar="TEXT", help="help.add.note")]
InputFileArgument = Annotated[
    Path,
    typer.Argument(
        metavar="FILE",
        help="help.import.file",
        show_default=False,
        readable=False,  # kkb says itself what is wrong with the file
    ),
]
DryRunFlag = Annotated[bool, typer.Option("--dry-run", help="help.import.dry_run")]
VerboseFlag = Annotated[bool, typer.Option("--verbose", help="help.import.verbose")]
SHOWN_CHANGES = 20  # changes a dry run lists, unless --verbose
ScopeOption = Annotated[
    str | None,
    typer.Option(
        "--scope",
        metavar="NAME|CODE",
        help="help.scope",
        show_default=False,
        shell_complete=completer("regions"),
    ),
]


class StatusWords(click.ParamType):  # type: ignore[type-arg]
    """A status as people write it, in English or Indonesian (``formed``, ``terbentuk``,
    ``belum``), shown in the language of the help."""

    name = "status"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "[" + "|".join(text(f"status.{s.value}") for s in Status) + "]"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[Any]:
        """Tab offers the words of kkb's language, each one word (``belum``, not ``belum
        ada``)."""
        from click.shell_completion import CompletionItem

        from kkb_cli import messages

        words: tuple[str, ...] = ("terbentuk", "direncanakan", "belum")
        if messages.LANGUAGE != "id":
            words = tuple(status.value for status in Status)
        typed = incomplete.casefold()
        return [CompletionItem(word) for word in words if word.startswith(typed)]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Status):
            return value
        found = parse_status(str(value))
        if found is None:
            words = ", ".join(text(f"status.{s.value}") for s in Status)
            self.fail(text("error.status_word", value=value, words=words), param, ctx)
        return found


_YES = frozenset({"y", "ya", "yes"})
_NO = frozenset({"t", "n", "tidak", "no", ""})


def confirmed(question: str) -> bool:
    """Ask a yes/no question on the terminal; y/ya/yes or t/n/tidak/no in either language,
    no by default."""
    while True:
        answer = click.prompt(
            terminal_safe(question) + " " + text("confirm.choices"),
            default="",
            show_default=False,
            prompt_suffix=" ",
        )
        word = answer.strip().casefold()
        if word in _YES:
            return True
        if word in _NO:
            return False
        say(text("confirm.again"), err=True)


def chosen(candidates: Sequence[Any]) -> Any | None:
    """Which of several regions a person at a terminal means; None off a terminal."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()) or not candidates:
        return None
    from kkb_cli.domain.regions import described

    for number, candidate in enumerate(candidates, 1):
        say(f"{number}) {described(candidate)}")
    answer = click.prompt(
        text("confirm.which", count=len(candidates)),
        type=click.IntRange(1, len(candidates)),
        prompt_suffix=" ",
    )
    return candidates[answer - 1]
