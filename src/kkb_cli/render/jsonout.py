"""JSON for scripts: stable keys, UTF-8, rows streamed one at a time."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO


def write_object(obj: dict[str, Any], out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2))
    out.write("\n")


def write_array(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write a JSON array one row at a time, so a long list never sits whole in memory."""
    separator = "\n  "
    out.write("[")
    for row in rows:
        out.write(separator)
        out.write(json.dumps(row, ensure_ascii=False))
        separator = ",\n  "
    out.write("\n]\n" if separator != "\n  " else "]\n")
