"""Many rows written at once, as an import writes them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from itertools import chain
from typing import Any

ROWS_A_STATEMENT = 100


def insert_rows(conn: sqlite3.Connection, insert: str, rows: Sequence[Sequence[Any]]) -> None:
    """``insert`` (``INSERT INTO t (a, b…)``, without its values) run for ``rows``, a hundred
    rows a statement: the same rows, in the same order, through the same checks.

    Each run of a statement costs something whatever its rows (opening the table, its
    indexes, its foreign keys' tables…), which an import would pay for each of its
    thousands of rows. A statement of many rows keeps a journal of its own in case one of
    its rows is refused after others were written (in memory during an import, see
    ``database._begin``; elsewhere, past 64 KiB, in a temporary file that SQLite deletes as
    it opens it, readable by this user only): the statement is undone
    whole, and the command's transaction with it."""
    if not rows:
        return
    one = "(" + ", ".join("?" * len(rows[0])) + ")"
    size = ROWS_A_STATEMENT
    whole = len(rows) - len(rows) % size
    if whole:
        many = f"{insert} VALUES {', '.join([one] * size)}"
        flat = chain.from_iterable
        conn.executemany(many, (list(flat(rows[i : i + size])) for i in range(0, whole, size)))
    if whole < len(rows):
        conn.executemany(f"{insert} VALUES {one}", rows[whole:])
