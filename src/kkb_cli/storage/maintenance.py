"""The file itself: what it holds, copies of it, checks, recounts and the history's seal."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from kkb_cli.domain.regions import Level
from kkb_cli.domain.status import Status
from kkb_cli.storage import counts, history
from kkb_cli.storage.migrations import user_version

if TYPE_CHECKING:
    from kkb_cli.storage.checks import Finding


class FileStore:
    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path  # the database file, when there is one

    def counts(self) -> dict[str, int]:
        """How many rows of each kind the file holds, for ``kkb info``."""
        regions = dict(self.conn.execute("SELECT level, count(*) FROM regions GROUP BY level"))
        records = dict(self.conn.execute("SELECT status, count(*) FROM kampung_kb GROUP BY 1"))
        targets: int = self.conn.execute("SELECT count(*) FROM targets").fetchone()[0]
        logged: int = self.conn.execute("SELECT count(*) FROM history").fetchone()[0]
        return {
            **{level.value: regions.get(level.value, 0) for level in Level},
            **{
                status.value: records.get(status.value, 0)
                for status in (Status.FORMED, Status.PLANNED)
            },
            "targets": targets,
            "history": logged,
        }

    def mode(self) -> int:
        """Who may read the database file: a copy or export of it never allows more."""
        from kkb_cli.files import file_mode

        return file_mode(self.path) if self.path is not None else 0o600

    def backup(self, target: Path, *, force: bool) -> None:
        """A consistent, checked copy of the database at ``target``."""
        from kkb_cli.storage.backup import save_backup

        save_backup(self.conn, target, force=force, mode_limit=self.mode())

    def recount(self) -> None:
        """Count again every kept count, and the name keys of the regions (after another
        program changed the records or the names)."""
        from kkb_cli.storage.names import refresh_name_keys

        counts.recount_all(self.conn)
        refresh_name_keys(self.conn)

    def problems(self, seal: str | None = None) -> list[Finding]:
        """What `kkb check` finds wrong in the file; empty when it is sound. ``seal``: a
        history seal that must still be in the chain."""
        from kkb_cli.storage.checks import find_problems

        return find_problems(self.conn, seal)

    def seal(self) -> history.Seal:
        """The head of the history chain, to be kept outside the file."""
        return history.seal(self.conn)

    def sealed_entries(self, seal: str) -> int | None:
        """How many entries the history had when ``seal`` was its head (None: not in it)."""
        row = self.conn.execute(
            "SELECT count(*) FROM history WHERE id <= (SELECT id FROM history WHERE hash = ?)",
            (seal,),
        ).fetchone()
        return row[0] or None

    def schema_version(self) -> int:
        return user_version(self.conn)

    def journal_mode(self) -> str:
        mode: str = self.conn.execute("PRAGMA journal_mode").fetchone()[0]
        return mode
