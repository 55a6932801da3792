"""The embedded seed: ``data/seed.sql``, shipped inside the package as ``kkb_cli/data/seed.sql``,
and the boundaries of its 27 kelurahan, ``data/batas_kota_pekalongan_kelurahan.geojson``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

# In a source checkout (an editable install) the seed is read where it is kept, in data/.
_CHECKOUT_DATA = Path(__file__).resolve().parents[3] / "data"
SEED_BOUNDARIES = "batas_kota_pekalongan_kelurahan.geojson"


def seed_text() -> str:
    """The seed's SQL: from the installed package, else from the source checkout."""
    return _data_bytes("seed.sql").decode("utf-8")


def _data_bytes(name: str) -> bytes:
    packaged = resources.files("kkb_cli").joinpath("data", name)
    if packaged.is_file():
        return packaged.read_bytes()
    return (_CHECKOUT_DATA / name).read_bytes()


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
    """Run the seed's statements, then load its boundaries, inside the caller's transaction."""
    for statement in statements(seed_text()):
        conn.execute(statement)
    load_seed_boundaries(conn)


def load_seed_boundaries(conn: sqlite3.Connection) -> None:
    """The kelurahan outlines of the seed's kota, read and checked as `kkb region boundaries`
    reads a file (about 40 KB: a few milliseconds)."""
    from kkb_cli.domain.boundaries import FeatureChecker, features, text_chunks
    from kkb_cli.storage.boundaries import BoundaryLoad

    checker = FeatureChecker()
    text = text_chunks([_data_bytes(SEED_BOUNDARIES)], SEED_BOUNDARIES)
    checked = [
        checker.check(number, feature) for number, feature in features(text, SEED_BOUNDARIES)
    ]
    load = BoundaryLoad(conn)
    load.add(checked)
    wrong = [feature.number for feature in checked if feature.errors]
    if wrong or load.refused(1)[1]:
        raise ValueError(f"{SEED_BOUNDARIES}: features {wrong} are wrong, or not seed regions")
    load.apply()
    load.close()


def _only_comments(sql: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in sql.splitlines())
