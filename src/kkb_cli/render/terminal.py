"""Text that is safe to show on a terminal: a leaf module, cheap to import at start-up."""

from __future__ import annotations

import unicodedata
from typing import Any


def terminal_safe(value: str) -> str:
    """Show control characters (escape sequences, newlines, bidi overrides) as ``\\x1b``-style
    escapes, so text stored as typed can never drive the terminal it is shown on."""
    if value.isprintable():
        return value
    return "".join(
        ch
        if ch.isprintable() or unicodedata.category(ch) == "Zs"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in value
    )


def terminal_safe_row(row: Any) -> Any:
    """A row (a tuple or a dict of cells) with its text made terminal-safe."""
    if isinstance(row, dict):
        return {k: terminal_safe(v) if isinstance(v, str) else v for k, v in row.items()}
    return tuple(terminal_safe(v) if isinstance(v, str) else v for v in row)
