"""One session's view of the database, by aggregate: records with their history, regions,
targets, the report read model, and the file itself. Made by ``database.session``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kkb_cli.storage.maintenance import FileStore
from kkb_cli.storage.records import RecordStore
from kkb_cli.storage.regions import RegionStore
from kkb_cli.storage.reports import ReportStore
from kkb_cli.storage.targets import TargetStore


class Store:
    def __init__(self, conn: sqlite3.Connection, command: str, path: Path | None) -> None:
        self.conn = conn
        self.records = RecordStore(conn, command)
        self.regions = RegionStore(conn)
        self.targets = TargetStore(conn)
        self.reports = ReportStore(conn)
        self.file = FileStore(conn, path)

    def read_snapshot(self) -> None:
        """Read all that follows from one snapshot of the file (a writing session already
        does); the session ends it."""
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
