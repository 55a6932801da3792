"""Write docs/help.md: the output of `kkb --help` and of every command's --help.

Run `python docs/generate_help.py` after changing a command or its help; a test fails while the
file is out of date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from kkb_cli.cli import app

HELP_FILE = Path(__file__).with_name("help.md")


def commands(command: Any, path: list[str]) -> list[list[str]]:
    """Every command and group under ``command`` (a Click command), in the order `--help`
    lists them."""
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += commands(sub, [*path, name])
    return found


COMMANDS = commands(typer.main.get_command(app), [])


def render() -> str:
    runner = CliRunner()
    parts = [
        "# kkb command reference\n\n",
        "Generated from `--help` by `python docs/generate_help.py`; do not edit by hand.\n",
    ]
    for command in COMMANDS:
        result = runner.invoke(app, [*command, "--help"], prog_name="kkb", terminal_width=100)
        parts.append(f"\n## kkb {' '.join(command)}".rstrip() + "\n\n```\n")
        parts.append(result.stdout.rstrip() + "\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    HELP_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {HELP_FILE}")
