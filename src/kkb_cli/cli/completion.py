"""Shell completion: what kkb offers when Tab is pressed.

Typer's own machinery installs the shell's script (``kkb --install-completion``, for bash, zsh,
fish and PowerShell) and completes commands, options and choices. This module adds the values
only the database knows: the desa/kelurahan of the scope by name, regions by name for
``--scope``, ``--region`` and ``--kecamatan``, attribute names, and ``ATTRIBUTE=VALUE`` words.

A completion reads the file as it is (never creating or upgrading one) through the
application layer, and never prints an error: whatever goes wrong, it offers nothing.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from kkb_cli.domain.attributes import ALL_ATTRIBUTES
from kkb_cli.domain.regions import Level, RegionCode, level_word

LIMIT = 100  # names offered at most; type more letters to narrow them
_BUSY_TIMEOUT = 0.5  # seconds: a completion never makes the shell wait on another kkb
_SCOPE_LEVELS = (Level.PROVINSI, Level.KABUPATEN_KOTA, Level.KECAMATAN)
_KECAMATAN_WORD = "Kec. "

# Each completer is Click's `shell_complete` (given as `app.completer(NAME)`, which loads this
# module when Tab is pressed): Typer's own `autocompletion` keeps only the words that start
# with exactly what was typed, which would lose "Kuripan Kertoharjo" for "kur", and every name
# with a space once bash has it escaped. (Typer's warning about `shell_complete` is silenced in
# app.py.)

Offered = list[CompletionItem]
Completer = Callable[[click.Context, click.Parameter, str], Offered]


def _quiet(complete: Completer) -> Completer:
    """A completer that offers nothing rather than fail: Tab must never print a traceback
    (a missing, locked or foreign file offers nothing; KKB_DEBUG=1 shows why)."""

    def safely(ctx: click.Context, param: click.Parameter, incomplete: str) -> Offered:
        try:
            return complete(ctx, param, incomplete)
        except Exception:
            if os.environ.get("KKB_DEBUG"):  # the one way to see why nothing was offered
                raise
            return []

    return functools.wraps(complete)(safely)


def _database(ctx: click.Context) -> Path:
    """The file the command would use: --db, $KKB_DB, else the per-user one (not created)."""
    given = ctx.find_root().params.get("db")
    if given:
        return Path(given).expanduser()
    from typer import get_app_dir

    return Path(get_app_dir("kkb")) / "kkb.db"


def _names(
    ctx: click.Context, incomplete: str, levels: Sequence[Level], *, scope: bool = True
) -> Offered:
    from kkb_cli.application.office import Office

    # A level's word typed first ("Kab. Bat", "Kec. ") narrows to that level, and stays; a
    # kabupaten's word keeps out the kota, and a kota's the kabupaten.
    level, kind, rest = level_word(incomplete)
    word = ""
    if level is not None and level in levels:
        levels, word, incomplete = (level,), incomplete[: len(incomplete) - len(rest)], rest
    office = Office.open(_database(ctx), busy_timeout=_BUSY_TIMEOUT)
    chosen = ctx.params.get("scope") if scope else "ID"
    found = office.suggest(incomplete, levels, scope=chosen, limit=LIMIT)
    seen: set[str] = set()
    items: Offered = []
    if kind in ("kabupaten", "kota"):
        found = [r for r in found if level_word(r.name)[1] in (kind, None)]
    for region in found:
        # "Kabupaten Batang" says its level already; the kecamatan Batang gets the word typed,
        # or "Kec." among several levels (else "Batang" would be both).
        name = region.name
        if word and not level_word(name)[0]:
            name = word + name
        elif len(levels) > 1 and RegionCode(region.code).level is Level.KECAMATAN:
            name = _KECAMATAN_WORD + name
        if name in seen:  # two Sidorejo: one name; --kecamatan tells them apart
            continue
        seen.add(name)
        items.append(CompletionItem(_shell_word(name), help=region.within))
    if incomplete[:1].isdigit():  # a code being typed
        items = [CompletionItem(r.code, help=r.name) for r in found]
    return items


def _shell_word(name: str) -> str:
    """Bash inserts what it is offered as it is: a space in a name must come escaped
    (``Kuripan\\ Kertoharjo``). The other shells quote what they insert themselves."""
    if os.environ.get("_KKB_COMPLETE", "").endswith("bash"):
        return name.replace("\\", "\\\\").replace(" ", "\\ ").replace("'", "\\'")
    return name


@_quiet
def villages(ctx: click.Context, param: click.Parameter, incomplete: str) -> Offered:
    """The desa/kelurahan of the scope (--scope, else the file's) whose name starts so."""
    return _names(ctx, incomplete, (Level.DESA_KELURAHAN,))


@_quiet
def regions(ctx: click.Context, param: click.Parameter, incomplete: str) -> Offered:
    """Provinsi, kabupaten/kota and kecamatan anywhere, by name (--scope, scope set…)."""
    return _names(ctx, incomplete, _SCOPE_LEVELS, scope=False)


@_quiet
def kecamatan(ctx: click.Context, param: click.Parameter, incomplete: str) -> Offered:
    """The kecamatan of the scope, by name (--kecamatan)."""
    return _names(ctx, incomplete, (Level.KECAMATAN,))


def attributes(ctx: click.Context, param: click.Parameter, incomplete: str) -> Offered:
    """The attributes' names (dashat, pokja…)."""
    return [CompletionItem(key) for key in _attribute_keys(incomplete)]


def _attribute_keys(incomplete: str) -> list[str]:
    typed = incomplete.strip().casefold()
    return [a.value for a in ALL_ATTRIBUTES if a.value.startswith(typed)]


def set_words(ctx: click.Context, param: click.Parameter, incomplete: str) -> Offered:
    """``kkb set``: villages and ``ATTRIBUTE=`` while no = is typed, then the answers."""
    from kkb_cli.messages import LANGUAGE

    name, sign, _ = incomplete.partition("=")
    if sign:
        answers = ("ya", "tidak", "tidak_tahu") if LANGUAGE == "id" else ("yes", "no", "unknown")
        words = [f"{name}={answer}" for answer in answers]
        return [CompletionItem(word) for word in words if word.startswith(incomplete)]
    offered = [CompletionItem(f"{key}=") for key in _attribute_keys(incomplete)]
    return offered + villages(ctx, param, incomplete)


# -- kkb --install-completion and --show-completion ----------------------------------------
# Typer adds both options and writes the scripts; kkb gives them help in the user's language,
# finds the shell the same way (shellingham, then $SHELL), and says in that language what it
# did, or which shells it knows when it cannot tell.

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_PROG = "kkb"
_COMPLETE_VAR = "_KKB_COMPLETE"


def _shell() -> str:
    """The shell kkb runs in, or a refusal that names the shells kkb completes in."""
    from kkb_cli.cli.group import fail
    from kkb_cli.errors import EXIT_USAGE
    from kkb_cli.messages import text

    name = ""
    try:
        import shellingham  # type: ignore[import-untyped]  # Typer's own way of asking

        name = shellingham.detect_shell()[0]
    except Exception:  # (shellingham missing, or no shell found above kkb)
        name = Path(os.environ.get("SHELL", "")).name
    name = name.lower()
    if name not in SHELLS:
        fail(
            text("error.completion_shell", shell=name or "?", shells="bash, zsh, fish, powershell"),
            EXIT_USAGE,
        )
    return name


def install_script(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """``--install-completion`` (the option's callback, see ``group.completion_options``)."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import install  # type: ignore[attr-defined]  # what Typer calls

    from kkb_cli.messages import text

    shell, path = install(shell=_shell(), prog_name=_PROG, complete_var=_COMPLETE_VAR)
    click.echo(text("done.completion_installed", shell=shell, path=path))
    ctx.exit(0)


def show_script(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """``--show-completion`` (the option's callback, see ``group.completion_options``)."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import get_completion_script  # type: ignore[attr-defined]

    script = get_completion_script(prog_name=_PROG, complete_var=_COMPLETE_VAR, shell=_shell())
    click.echo(script)
    ctx.exit(0)
