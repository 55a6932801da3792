"""The command line: a thin Typer shell over the domain, storage and rendering layers.

Each command parses its options, opens the database through ``storage``, asks ``domain`` for
the answer and hands it to ``render``. ``app`` holds what they share; each other module holds
one group of commands and registers them on import, in the order ``kkb --help`` lists them.

Only the module of the command being run is imported: Typer builds every registered command
before it runs one, and that would cost each run tens of milliseconds. ``kkb --help``, a
mistyped command and the tests import them all.
"""

import importlib
import os
import sys
from collections.abc import Sequence

from kkb_cli import messages

# The modules that define commands, in the order `kkb --help` lists them, with their commands.
COMMAND_MODULES = {
    "records": ("add", "edit", "remove", "history", "set"),
    "reports": ("progress", "list", "export"),
    "targets": ("target",),
    "imports": ("import",),
    "regions": ("region", "scope"),
    "database": ("info", "init", "backup", "check"),
}
_GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--lang")


def command_in(argv: Sequence[str]) -> str | None:
    """The command named on a command line (``progress`` in ``kkb --db x progress``)."""
    arguments = iter(argv)
    for argument in arguments:
        if argument in _GLOBAL_OPTIONS_WITH_VALUES:
            next(arguments, None)
        elif not argument.startswith("-"):
            return argument
    return None


def _modules_for(argv: Sequence[str]) -> list[str]:
    command = command_in(argv)
    for module, commands in COMMAND_MODULES.items():
        if command in commands:
            return [module]
    return list(COMMAND_MODULES)


# The help texts are built as the commands are defined, so the language is chosen first.
messages.set_language(messages.choose_language(sys.argv[1:], os.environ))

for _module in _modules_for(sys.argv[1:]):
    importlib.import_module(f"kkb_cli.cli.{_module}")  # registers its commands

from kkb_cli.cli.app import app  # noqa: E402

__all__ = ["COMMAND_MODULES", "app", "command_in"]
