"""The embedded seed: ``data/seed.sql``, shipped inside the package as ``kkb_cli/data/seed.sql``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

# In a source checkout (an editable install) the seed is read where it is kept, in data/.
_CHECKOUT_SEED = Path(__file__).resolve().parents[3] / "data" / "seed.sql"


def seed_text() -> str:
    """The seed's SQL: from the installed package, else from the source checkout."""
    packaged = resources.files("kkb_cli").joinpath("data", "seed.sql")
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return _CHECKOUT_SEED.read_text(encoding="utf-8")


def statements(sql: str) -> Iterator[str]:
    """Split an SQL script into complete statements.

    ``executescript`` would commit the caller's transaction first; running the statements one
    by one keeps the seed inside the same transaction as the schema it fills.
    """
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""
    if pending.strip() and not _only_comments(pending):
        raise ValueError("seed.sql ends with an incomplete statement")


def load_seed(conn: sqlite3.Connection) -> None:
    """Run the seed's statements, inside the caller's transaction."""
    for statement in statements(seed_text()):
        conn.execute(statement)


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())
