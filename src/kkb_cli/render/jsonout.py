"""JSON for scripts: stable keys, UTF-8, rows streamed one at a time.

Text is written as it is stored, except the characters that change how text looks without
being seen: control characters (DEL and the C1 range too), format characters such as the
bidirectional overrides (U+202E, U+2066-2069) and zero-width spaces (U+200B), and the line and
paragraph separators. These are written as ``\\u202e``-style escapes, which every JSON reader
turns back into the same text, so a stored name can never reorder or hide what a person reads
in a JSON file or a terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

# Unicode categories Cc (but the newline that lays out the document), Cf, Zl and Zp, as of
# Unicode 14 (Python 3.11); inside a string json.dumps has escaped the ASCII controls already.
_INVISIBLE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # as a UTF-16 surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def dumps(value: Any, indent: int | None = None) -> str:
    """JSON text with every invisible character escaped (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if text.isprintable() else _INVISIBLE.sub(_escaped, text)


def write_object(obj: dict[str, Any], out: TextIO) -> None:
    out.write(dumps(obj, indent=2))
    out.write("\n")


def write_array(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write a JSON array one row at a time, so a long list never sits whole in memory."""
    separator = "\n  "
    out.write("[")
    for row in rows:
        out.write(separator)
        out.write(dumps(row))
        separator = ",\n  "
    out.write("\n]\n" if separator != "\n  " else "]\n")
