"""The command line: a thin Typer shell over the application layer (``kkb_cli.application``).

Each command parses its options, calls one ``Office`` method and hands the result to
``render``. ``app`` holds what they share; ``group`` loads each command's module only when
Click asks for that command, and turns every failure into one line and an exit code.
"""

from kkb_cli.cli.app import app

__all__ = ["app"]
