"""The command line: a thin Typer shell over the domain, storage and rendering layers.

Each command parses its options, opens the database through ``storage``, asks ``domain`` for
the answer and hands it to ``render``. ``app`` holds what they share; each other module holds
one group of commands and registers them on import, in the order ``kkb --help`` lists them.
"""

from kkb_cli.cli import records, reports, targets, imports, database  # noqa: F401, I001 (registers commands, in order)
from kkb_cli.cli.app import app

__all__ = ["app"]
