"""The command group every kkb command runs in: commands loaded when Click asks for them, help
in the language asked for, the command line checked before any command sees it, and the one
place a failure becomes a line on stderr and an exit code.

- Lazy commands, the documented Click way ("Lazily loading subcommands"): ``kkb progress``
  imports the module of ``progress`` only; ``kkb --help`` imports them all.
- Help is translated when it is shown, not when a command is built, so that ``--lang`` chosen
  at run time speaks in every help text, whatever was imported before.

- Arguments that are not UTF-8 text (raw bytes typed or pasted into a terminal) are refused
  as bad usage, before they could reach the database.
- A closed standard output (``kkb export csv >&-``) is refused before any work is done.
- ``KkbError`` → ``Error: …`` and its exit code; an ``OSError`` (disk full, permission) → exit
  1; out of memory → exit 1; the reader of the output going away → exit 141, as other Unix
  tools do; SIGTERM and SIGHUP → the command stops, undoing its transaction and removing its
  temporary files, exit 128 + the signal; Ctrl-C → exit 130. Anything else is a bug in kkb:
  one line and exit 3 (``KKB_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

import copy
import importlib
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click
import typer
from typer.core import TyperCommand, TyperGroup

from kkb_cli.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_REFUSED,
    EXIT_USAGE,
    KkbError,
)
from kkb_cli.messages import LANGUAGES, choose_language, is_message, set_language, text
from kkb_cli.render.terminal import terminal_safe

F = TypeVar("F", bound=Callable[..., Any])

# The commands, in the order `kkb --help` lists them, with the module (in kkb_cli.cli) that
# defines each on its `commands` Typer app.
COMMANDS = {
    "add": "records",
    "edit": "records",
    "remove": "records",
    "set": "records",
    "show": "records",
    "history": "records",
    "activity": "activities",
    "catalogue": "activities",
    "progress": "reports",
    "list": "reports",
    "export": "reports",
    "report": "report_page",
    "chart": "report_page",
    "target": "targets",
    "import": "imports",
    "region": "regions",
    "scope": "regions",
    "info": "database",
    "init": "database",
    "backup": "database",
    "check": "database",
    "upgrade": "database",
}

_LONGEST_LINE = 2000  # characters of one error line; a message quoting a huge value is cut


class Stopped(BaseException):
    """The command was asked to stop by a signal (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise Stopped(signum)


# The placeholders help shows for values, and the message that names each in the language.
METAVARS = {
    "[OPTIONS]": "metavar.options",
    "COMMAND [ARGS]...": "metavar.command",
    "ATTRIBUTE": "metavar.attribute",
    "ATTRIBUTE=VALUE...": "metavar.assignments",
    "COUNT|PERCENT%": "metavar.amount",
    "DATE": "metavar.date",
    "FILE": "metavar.file",
    "HASH": "metavar.hash",
    "KELURAHAN": "metavar.kelurahan",
    "KELURAHAN...": "metavar.kelurahan_many",
    "KELURAHAN... ATTRIBUTE=VALUE...": "metavar.set_words",
    "N": "metavar.count",
    "ID": "metavar.id",
    "KEGIATAN": "metavar.kegiatan",
    "OPD": "metavar.opd",
    "FUNGSI": "metavar.fungsi",
    "SASARAN": "metavar.sasaran",
    "NAME": "metavar.name",
    "NAME|CODE": "metavar.name_or_code",
    "PATH": "metavar.path",
    "TEXT": "metavar.text",
    "YEAR": "metavar.year",
    "YYYY": "metavar.yyyy",
}


@contextmanager
def _in_language(command: click.Command) -> Iterator[None]:
    """The command's help texts and placeholders, and its parameters', in the current
    language while its help is shown: help is given as message keys (``help.add``) and
    placeholders in English when the command is built."""
    params = [*command.params, *filter(None, [getattr(command, "_help_option", None)])]
    saved: list[tuple[Any, str, str | None]] = [
        (command, "help", command.help),
        (command, "options_metavar", command.options_metavar),
        *((p, "help", getattr(p, "help", None)) for p in params),
        *((p, "metavar", p.metavar) for p in params),
    ]
    if isinstance(command, click.Group):
        saved.append((command, "subcommand_metavar", command.subcommand_metavar))
    try:
        for owner, name, value in saved:
            if value and name == "help" and is_message(value):
                setattr(owner, name, text(value))
            elif value in METAVARS:
                setattr(owner, name, text(METAVARS[value]))
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


class _InLanguage(click.Command):
    """Help that speaks the language chosen when it is shown."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        made = getattr(self, "_help_option", None) is not None
        option = super().get_help_option(ctx)
        if option is not None and not made:
            option.help = "help.help_option"  # translated when shown, as every help text
        return option

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # --lang before --help, wherever it is typed (`kkb add --help --lang id`): Click's own
        # parser reads the options first, then they are processed in the order typed.
        try:
            options, _, _ = self.make_parser(ctx).parse_args(list(args))
        except click.UsageError:
            options = {}  # Click's real parse, next, reports the mistake
        if options.get("lang") in LANGUAGES:
            set_language(str(options["lang"]))
        # In the language too: a mistake's message names the placeholders (TAHUN, not YEAR)
        # and shows the usage line.
        with _in_language(self):
            try:
                return super().parse_args(ctx, args)
            except click.BadParameter as error:
                # Click names the parameter when the error is shown, after this: name it now,
                # while its placeholder is in the language.
                if error.param is not None and error.param_hint is None:
                    error.param_hint = error.param.get_error_hint(ctx)
                raise

    def get_usage(self, ctx: click.Context) -> str:
        with _in_language(self):
            return super().get_usage(ctx)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _in_language(self):
            super().format_help(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        # The whole first sentence, wrapped by the listing if need be: never cut with "…".
        with _in_language(self):
            return super().get_short_help_str(limit=1000)


class TranslatedCommand(_InLanguage, TyperCommand):
    """A command whose help speaks the language chosen when it is shown."""


class TranslatedGroup(_InLanguage, TyperGroup):
    """A group of commands whose help speaks the language chosen when it is shown."""


class CommandsApp(typer.Typer):
    """A Typer app for a group of commands (a module's, or a group such as `kkb export`),
    whose commands and groups translate their help when it is shown."""

    def __init__(self, **options: Any) -> None:
        super().__init__(
            cls=TranslatedGroup, no_args_is_help=True, rich_markup_mode=None, **options
        )

    def command(self, *args: Any, **options: Any) -> Callable[[F], F]:
        options.setdefault("cls", TranslatedCommand)
        decorator: Callable[[F], F] = super().command(*args, **options)
        return decorator


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        set_language(value)


def _with_language_option(command: click.Command) -> None:
    """``--lang`` after the command too (``kkb progress --lang id``), on it and every command
    below it: read before anything else, so that its help and errors speak it."""
    if not any(p.name == "lang" for p in command.params):
        command.params.append(
            click.Option(
                ["--lang"],
                type=click.Choice(LANGUAGES),
                is_eager=True,
                expose_value=False,
                callback=_choose_language,
                help="help.lang",
            )
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_language_option(sub)


def completion_options(params: Sequence[click.Parameter]) -> None:
    """Give Typer's two completion options kkb's help keys and callbacks (cli/completion.py,
    loaded only when one of them is given)."""
    keys = {
        "install_completion": "help.install_completion",
        "show_completion": "help.show_completion",
    }
    for param in params:
        if param.name in keys:
            param.help = keys[param.name]  # type: ignore[attr-defined]
            param.callback = _completion_option


def _completion_option(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    if not value:  # (Click calls it for every command)
        return value
    from kkb_cli.cli import completion

    if param.name == "install_completion":
        return completion.install_script(ctx, param, value)
    return completion.show_script(ctx, param, value)


class KkbGroup(TranslatedGroup):
    """kkb's root group (see the module docstring)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = COMMANDS.get(name)
        if module is None:
            return None
        commands = importlib.import_module(f"kkb_cli.cli.{module}").commands
        if self._listing:
            return _built(commands, ctx, name, listed=True)
        command = _built(commands, ctx, name)
        if command is not None:
            _with_language_option(command)
        return command

    _listing = False  # while `kkb --help` lists the commands

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # The list shows each command's name and the first sentence of its help: made from
        # the help alone, not from every parameter of every command.
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # The language of this run, before any help or command is built; --lang, parsed
        # next, may choose another.
        set_language(choose_language(os.environ))
        return super().make_context(info_name, args, parent, **extra)

    def main(self, args: Sequence[str] | None = None, *pargs: Any, **kwargs: Any) -> Any:
        given = list(sys.argv[1:] if args is None else args)
        for position, argument in enumerate(given, 1):
            if not _is_text(argument):
                shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                _refuse_now(
                    text("error.argument_not_utf8", position=position, shown=shown), EXIT_USAGE
                )
        if sys.stdout is None:  # Python's way of saying that descriptor 1 was closed
            _refuse_now(text("error.stdout_closed"), EXIT_REFUSED)
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), _stop)
        # Typer appends its completion options once the group is made: give them kkb's.
        completion_options(self.params)
        return super().main(given, *pargs, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a reader that went away is found out here, not at exit
            if _reader_gone():
                raise BrokenPipeError
            return result
        except KkbError as error:
            fail(error.message, error.exit_code, error.details)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            _quiet_stdout()
            raise click.exceptions.Exit(EXIT_BROKEN_PIPE) from None
        except Stopped as stopped:
            _quiet_stdout()
            raise click.exceptions.Exit(128 + stopped.signum) from None
        except KeyboardInterrupt:
            fail(text("error.interrupted"), 130)
        except MemoryError:
            fail(text("error.memory"), EXIT_REFUSED)
        except OSError as error:
            # The system refused a read or write (disk full, name too long…): not a kkb bug.
            where = f" ({error.filename})" if error.filename else ""
            fail(text("error.os", detail=error.strerror or error, where=where), EXIT_REFUSED)
        except Exception as error:
            # A bug in kkb. Writes are whole transactions, so the file is consistent; say so
            # in one line instead of a traceback, unless the user asks for the details.
            if os.environ.get("KKB_DEBUG"):
                raise
            fail(text("error.internal", kind=type(error).__name__, detail=error), EXIT_INTERNAL)


def _built(
    commands: typer.Typer, ctx: click.Context, name: str, *, listed: bool = False
) -> click.Command | None:
    """The command ``name`` of a module's Typer app, as ``typer.main.get_group(commands)``
    makes it, without making the module's other commands too (Typer reads every parameter of
    every command it makes, and `kkb --help` asks for each command in turn).

    ``listed``: the command as `kkb --help` lists it, its name, help and flags only, made
    without its parameters or, for a group, its commands."""
    from typer.main import get_command_name

    alone = copy.copy(commands)
    # The commands and groups that could be the one named so, in their order (a later one
    # wins, as in Typer's group); a group without a name of its own gives it its commands.
    alone.registered_commands = [
        info
        for info in commands.registered_commands
        if (info.name or get_command_name(info.callback.__name__)) == name  # type: ignore[union-attr]
    ]
    alone.registered_groups = [
        info
        for info in commands.registered_groups
        if not (isinstance(info.name, str) and info.name and info.name != name)
    ]
    if listed and all(isinstance(info.name, str) and info.name for info in alone.registered_groups):
        alone.registered_commands = [_bare(info) for info in alone.registered_commands]
        alone.registered_groups = [_bare_group(info) for info in alone.registered_groups]
    return typer.main.get_group(alone).get_command(ctx, name)


def _bare(info: Any) -> Any:
    """A command's registration with a callback that takes no parameters, of the same names
    and docstring (which Typer reads for its name and help)."""

    def bare() -> None:
        """Listed only, never run."""

    for name in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(bare, name, getattr(info.callback, name))
    listed = copy.copy(info)
    listed.callback = bare
    return listed


def _bare_group(info: Any) -> Any:
    """A group's registration without its commands (its help, callback and flags kept)."""
    listed = copy.copy(info)
    listed.typer_instance = copy.copy(info.typer_instance)
    listed.typer_instance.registered_commands = []
    listed.typer_instance.registered_groups = []
    return listed


def fail(message: str, exit_code: int, details: tuple[str, ...] = ()) -> NoReturn:
    """The one place a failure reaches the user: one line on stderr (then its details, such
    as each refused row of an import), then the exit code."""
    click.echo(f"{text('error.prefix')}: {_bounded(terminal_safe(message))}", err=True)
    for line in details:
        click.echo(f"  {_bounded(terminal_safe(line))}", err=True)
    raise click.exceptions.Exit(exit_code)


def _refuse_now(message: str, exit_code: int) -> NoReturn:
    """Refuse the command line itself, before Click runs (so with no Click to turn an exit
    into an exit code)."""
    if sys.stderr is not None:
        sys.stderr.write(f"{text('error.prefix')}: {_bounded(terminal_safe(message))}\n")
    raise SystemExit(exit_code)


def _bounded(line: str) -> str:
    return line if len(line) <= _LONGEST_LINE else line[: _LONGEST_LINE - 1] + "…"


def _is_text(argument: str) -> bool:
    """Whether an argument was UTF-8 text: Python keeps undecodable bytes as lone surrogates."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _reader_gone() -> bool:
    """Whether stdout is a pipe whose reader has gone (`kkb list | head -1`). A write into
    such a pipe may end short without an error on some systems, so the pipe is asked."""
    try:
        import select

        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows), or no real stdout
        return False


def _quiet_stdout() -> None:
    """Point stdout at nothing, so that the final flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
