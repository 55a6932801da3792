"""One session's view of the database, by aggregate: records with their history, regions and
their boundaries, targets, the report read model, and the file itself. Made by
``database.session``; each part is imported when a use case first asks for it (a report never
loads the import machinery)."""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kkb_cli.storage.activities import ActivityStore
    from kkb_cli.storage.boundaries import BoundaryStore
    from kkb_cli.storage.maintenance import FileStore
    from kkb_cli.storage.records import RecordStore
    from kkb_cli.storage.regions import RegionStore
    from kkb_cli.storage.reports import ReportStore
    from kkb_cli.storage.targets import TargetStore


class Store:
    def __init__(self, conn: sqlite3.Connection, command: str, path: Path | None) -> None:
        self.conn = conn
        self.command = command  # what history says made the changes ("add", "import csv x")
        self.path = path

    @cached_property
    def records(self) -> RecordStore:
        from kkb_cli.storage.records import RecordStore

        return RecordStore(self.conn, self.command)

    @cached_property
    def activities(self) -> ActivityStore:
        from kkb_cli.storage.activities import ActivityStore

        return ActivityStore(self.conn, self.command)

    @cached_property
    def regions(self) -> RegionStore:
        from kkb_cli.storage.regions import RegionStore

        return RegionStore(self.conn)

    @cached_property
    def boundaries(self) -> BoundaryStore:
        from kkb_cli.storage.boundaries import BoundaryStore

        return BoundaryStore(self.conn)

    @cached_property
    def targets(self) -> TargetStore:
        from kkb_cli.storage.targets import TargetStore

        return TargetStore(self.conn)

    @cached_property
    def reports(self) -> ReportStore:
        from kkb_cli.storage.reports import ReportStore

        return ReportStore(self.conn)

    @cached_property
    def file(self) -> FileStore:
        from kkb_cli.storage.maintenance import FileStore

        return FileStore(self.conn, self.path)

    def read_snapshot(self) -> None:
        """Read all that follows from one snapshot of the file (a writing session already
        does); the session ends it."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
