"""Loading a Kemendagri region list in bulk: its rows streamed into a temporary table, compared
with the loaded regions in SQL, and written all at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kkb_cli.domain.region_list import (
    RECORD,
    SCOPE,
    TARGET,
    KeptRegion,
    RegionRow,
    keep_in_use,
    parent_left_out,
    parent_missing,
    repeated,
)
from kkb_cli.domain.regions import Level, name_key
from kkb_cli.errors import KkbError
from kkb_cli.storage.counts import recount_all
from kkb_cli.storage.names import forget_names, refresh_name_keys


@dataclass
class RegionChanges:
    """What loading a region list would change, counted; the rows themselves stay in the
    temporary table and are read from it when shown or written."""

    added: int = 0
    renamed: int = 0
    removed: int = 0
    unchanged: int = 0
    kept: list[KeptRegion] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.added or self.renamed or self.removed)


class RegionListLoad:
    """A region list on its way in. Its rows are streamed into a temporary table (SQLite keeps
    it on disk with a small cache, so memory stays flat whatever the file's size), then
    compared with the loaded regions in SQL: codes given twice, parents missing, what would
    be added, renamed, removed, or kept because something uses it. Nothing is written to the
    regions until ``apply``; the table goes with the connection, or with ``close``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        conn.execute("DROP TABLE IF EXISTS temp.incoming")
        conn.execute(
            "CREATE TEMP TABLE incoming (line INTEGER PRIMARY KEY, code TEXT NOT NULL,"
            " name TEXT, level TEXT, parent_code TEXT, name_key TEXT, good INTEGER NOT NULL)"
        )
        self.changes = RegionChanges()

    def add(self, rows: Iterable[tuple[int, str, RegionRow | None]]) -> None:
        """Rows as (line, code, the region when the row is good); a bad row with a readable
        code still counts as present for its children."""
        self.conn.executemany(
            "INSERT INTO incoming VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (line, code, *region[1:], name_key(region[1], Level(region[2])), 1)
                if region is not None
                else (line, code, None, None, None, None, 0)
                for line, code, region in rows
            ),
        )

    def problems(self, limit: int) -> tuple[list[tuple[int, KkbError]], int]:
        """What is wrong between the rows, or with the loaded regions: up to ``limit`` by
        line, and how many in all."""
        self.conn.execute("CREATE INDEX temp.incoming_by_code ON incoming (code)")
        found: list[tuple[int, KkbError]] = []
        total = 0
        for query, problem in (
            (_REPEATED, repeated),
            (_PARENT_MISSING, parent_missing),
            (_PARENT_LEFT_OUT, parent_left_out),
        ):
            rows = self.conn.execute(query).fetchmany(limit)
            found += [(line, problem(*values)) for line, *values in rows]
            total += self.conn.execute(f"SELECT count(*) FROM ({query})").fetchone()[0]  # noqa: S608
        found.sort(key=lambda pair: pair[0])
        return found[:limit], total

    def plan(self) -> RegionChanges:
        """Count what would change, and find what must be kept (see ``keep_in_use``)."""
        conn = self.conn
        conn.execute("DROP TABLE IF EXISTS temp.doomed")
        conn.execute(f"CREATE TEMP TABLE doomed AS {_DOOMED}")
        conn.execute("CREATE UNIQUE INDEX temp.doomed_by_code ON doomed (code)")
        in_use: dict[str, list[str]] = {}
        for query, reason in (
            ("SELECT village_code FROM main.kampung_kb", RECORD),
            ("SELECT DISTINCT region_code FROM main.targets", TARGET),
            ("SELECT value FROM main._settings WHERE key = 'scope'", SCOPE),
        ):
            for (code,) in conn.execute(
                f"SELECT code FROM doomed WHERE code IN ({query})"  # noqa: S608 (constant text)
            ):
                in_use.setdefault(code, []).append(reason)
        holders = dict(conn.execute("SELECT code, name FROM doomed WHERE length(code) < 13"))
        kept = keep_in_use(in_use, holders)
        if kept:
            conn.executemany("DELETE FROM doomed WHERE code = ?", [(code,) for code in kept])
            names = {
                code: name
                for code in kept
                for (name,) in conn.execute("SELECT name FROM main.regions WHERE code = ?", (code,))
            }
            self.changes.kept = [
                KeptRegion(code, names.get(code, ""), tuple(kept[code])) for code in sorted(kept)
            ]
        (added,) = conn.execute(f"SELECT count(*) FROM ({_ADDED})").fetchone()  # noqa: S608
        (renamed,) = conn.execute(f"SELECT count(*) FROM ({_RENAMED})").fetchone()  # noqa: S608
        (removed,) = conn.execute("SELECT count(*) FROM doomed").fetchone()
        (rows,) = conn.execute("SELECT count(*) FROM incoming").fetchone()
        self.changes.added, self.changes.renamed, self.changes.removed = added, renamed, removed
        self.changes.unchanged = rows - added - renamed
        return self.changes

    def lines(self) -> Iterator[tuple[str, str, str, str | None]]:
        """Each change, in code order: (what, code, name, old name)."""
        yield from self.conn.execute(
            f"SELECT 'add', code, name, NULL FROM ({_ADDED})"  # noqa: S608 (constant text)
            f" UNION ALL SELECT 'rename', code, new, old FROM ({_RENAMED})"
            " UNION ALL SELECT 'remove', code, name, NULL FROM doomed ORDER BY 2"
        )

    def apply(self) -> None:
        """Add (parents first), rename and remove regions, then recount the derived counts;
        the caller holds the write transaction."""
        conn = self.conn
        doomed = [code for (code,) in conn.execute("SELECT code FROM doomed")]
        renamed = [code for (code, _, _) in conn.execute(_RENAMED)]
        if doomed:
            # The derived counts point to regions; recount_all rebuilds them below. The
            # foreign keys are checked at the end of the statement, so children and their
            # parents go together.
            conn.execute("DELETE FROM main._village_counts")
            conn.execute("DELETE FROM main.regions WHERE code IN (SELECT code FROM doomed)")
            forget_names(conn, doomed)
        if renamed:
            conn.execute(_RENAME)
            refresh_name_keys(conn, renamed)
        bulk = self.changes.added > _row_count(conn)
        # The table's two CHECKs (a known level; no parent exactly for a provinsi) hold by
        # construction: the domain derives both from the code. Evaluating them takes a third
        # of the national list's insert time, so they are skipped for this statement; NOT
        # NULL, STRICT types and the foreign key to the parent are still enforced, and `kkb
        # check` verifies levels and parents. (A flag pragma expires the compiled statements,
        # so nothing else runs without the checks.)
        conn.execute(_INDEX_ADDED_NAMES)  # before they are added, while _ADDED still finds them
        conn.execute("PRAGMA ignore_check_constraints = ON")
        try:
            with _indexes_rebuilt_after(conn, bulk=bulk):
                conn.execute(_ADD)
        finally:
            conn.execute("PRAGMA ignore_check_constraints = OFF")
        recount_all(conn)

    def close(self) -> None:
        self.conn.execute("DROP TABLE IF EXISTS temp.incoming")
        self.conn.execute("DROP TABLE IF EXISTS temp.doomed")


# A code given on more than one line: every line after the first.
_REPEATED = """
    SELECT later.line, later.code, first.line FROM incoming AS later
    JOIN incoming AS first ON first.code = later.code AND first.line < later.line
    WHERE NOT EXISTS (SELECT 1 FROM incoming AS earlier
                      WHERE earlier.code = later.code AND earlier.line < first.line)
    ORDER BY later.line
"""
# A good row whose parent is neither in the file nor loaded.
_PARENT_MISSING = """
    SELECT line, code, parent_code FROM incoming AS child
    WHERE good AND parent_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM incoming WHERE code = child.parent_code)
        AND NOT EXISTS (SELECT 1 FROM main.regions WHERE code = child.parent_code)
    ORDER BY line
"""
# A good village whose kecamatan is loaded but left out of a file that lists its
# kabupaten/kota: loading it would remove the kecamatan from under the village.
_PARENT_LEFT_OUT = """
    SELECT line, code, parent_code FROM incoming AS child
    WHERE good AND length(parent_code) = 8
        AND NOT EXISTS (SELECT 1 FROM incoming WHERE code = child.parent_code)
        AND EXISTS (SELECT 1 FROM main.regions WHERE code = child.parent_code)
        AND EXISTS (SELECT 1 FROM incoming WHERE code = substr(child.parent_code, 1, 5))
    ORDER BY line
"""
_ADDED = """
    SELECT * FROM incoming
    WHERE NOT EXISTS (SELECT 1 FROM main.regions WHERE regions.code = incoming.code)
"""
_RENAMED = """
    SELECT incoming.code, regions.name AS old, incoming.name AS new
    FROM incoming JOIN main.regions ON regions.code = incoming.code
    WHERE regions.name <> incoming.name
"""
_RENAME = f"""
    UPDATE main.regions SET name = (SELECT name FROM incoming WHERE incoming.code = regions.code)
    WHERE code IN (SELECT code FROM ({_RENAMED}))
"""  # noqa: S608 (constant text)
_ADD = f"""
    INSERT INTO main.regions (code, name, level, parent_code, name_key)
    SELECT code, name, level, parent_code, name_key FROM ({_ADDED}) ORDER BY code
"""  # noqa: S608 (constant text)
_INDEX_ADDED_NAMES = f"""
    INSERT INTO main._region_names (rowid, name_key)
    SELECT CAST(replace(code, '.', '') AS INTEGER), name_key FROM ({_ADDED})
"""  # noqa: S608 (constant text)
# A kabupaten/kota in the file speaks for all of its kecamatan and villages, a kecamatan for
# its villages: loaded regions below them that the file leaves out go. A provinsi row removes
# nothing, and regions under parents the file does not list are left alone.
_DOOMED = """
    SELECT code, name FROM main.regions
    WHERE NOT EXISTS (SELECT 1 FROM incoming WHERE incoming.code = regions.code)
        AND ((length(code) > 5 AND substr(code, 1, 5) IN
                (SELECT code FROM incoming WHERE level = 'kabupaten_kota'))
            OR (length(code) = 13 AND substr(code, 1, 8) IN
                (SELECT code FROM incoming WHERE level = 'kecamatan')))
"""


def _row_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM regions").fetchone()[0]
    return count


@contextmanager
def _indexes_rebuilt_after(conn: sqlite3.Connection, *, bulk: bool) -> Iterator[None]:
    """For a bulk load (more rows than the table holds, e.g. the national list into a new
    file), drop the table's secondary indexes and build them again afterwards from the same
    SQL: quicker than updating them row by row. All inside the caller's transaction."""
    if not bulk:
        yield
        return
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master"
        " WHERE type = 'index' AND tbl_name = 'regions' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')  # a name from the schema itself, not user text
    yield
    for _, sql in indexes:
        conn.execute(sql)
