"""The command line: a thin Typer shell over the domain, storage and rendering layers.

Each command parses its options, opens the database through ``storage``, asks ``domain`` for
the answer and hands it to ``render``. ``app`` holds what they share; each other module holds
one group of commands and registers them on import, in the order ``kkb --help`` lists them.
"""

import os
import sys

from kkb_cli import messages

# The help texts are built as the commands are defined, so the language is chosen first.
messages.set_language(messages.choose_language(sys.argv[1:], os.environ))

from kkb_cli.cli import records, reports, targets, imports, database  # noqa: E402, F401, I001 (registers commands, in order)
from kkb_cli.cli.app import app  # noqa: E402

__all__ = ["app"]
