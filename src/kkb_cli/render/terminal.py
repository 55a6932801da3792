"""Text that is safe to show on a terminal: a leaf module, cheap to import at start-up."""

from __future__ import annotations

import unicodedata


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
