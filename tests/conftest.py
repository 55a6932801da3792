"""Shared fixtures: every test gets its own database file and user folder."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kkb_cli.cli import app


@pytest.fixture(autouse=True)
def isolated_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's kkb database or settings."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.delenv("KKB_DB", raising=False)
    monkeypatch.delenv("KKB_BUSY_TIMEOUT", raising=False)
    monkeypatch.delenv("KKB_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # English unless a test asks otherwise
        monkeypatch.setenv(name, "C.UTF-8")
    # A command run in-process with --lang id leaves kkb speaking Indonesian; a test that uses
    # the Python API after it (with no --lang of its own) expects the default, English.
    from kkb_cli import messages

    monkeypatch.setattr(messages, "LANGUAGE", "en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kkb.db"


class Kkb:
    """Runs kkb in-process against one database file, as a user would type it."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.runner = CliRunner()

    def __call__(
        self, *args: str, env: dict[str, str] | None = None, input: str | bytes | None = None
    ) -> Any:
        return self.runner.invoke(app, ["--db", str(self.db_path), *args], env=env, input=input)

    def refused(self, *args: str, words: str, exit_code: int = 1) -> Any:
        """Run a command that must be refused: the exit code, an ``Error`` naming ``words``,
        no traceback, and not one stored row changed. Returns the result for more checks."""
        before = table_rows(self.db_path)
        result = self(*args)
        assert result.exit_code == exit_code, (result.stdout, result.stderr)
        assert "Error" in result.stderr
        assert words in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        if exit_code == 1:  # a refusal is one line; a usage error comes with Typer's usage text
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
            assert result.stderr.startswith("Error: ")
        assert table_rows(self.db_path) == before
        return result

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def kkb(db_path: Path) -> Kkb:
    return Kkb(db_path)


@pytest.fixture
def seeded(kkb: Kkb) -> Kkb:
    """A database created from the embedded seed."""
    result = kkb("init")
    assert result.exit_code == 0, result.stderr
    return kkb


def file_digest(path: Path) -> str:
    """The exact bytes of a file, so a test can show nothing at all was written."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, for comparing what a database holds."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        conn.close()


def run_kkb_process(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run kkb as a separate process (python -m kkb_cli), as the shell would."""
    return subprocess.run(
        [sys.executable, "-m", "kkb_cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def empty(kkb: Kkb) -> Kkb:
    """A database with the seed's regions and targets but no Kampung KB records."""
    result = kkb("init", "--no-records")
    assert result.exit_code == 0, result.stderr
    return kkb


def add_villages(db_path: Path, count: int) -> list[str]:
    """Add ``count`` synthetic kelurahan to the seed's kota (200 per synthetic kecamatan,
    from 33.75.10), straight into the file, as a region list would; returns their codes."""
    from kkb_cli.storage.counts import recount_all
    from kkb_cli.storage.names import refresh_name_keys

    conn = sqlite3.connect(db_path)
    codes = []
    with conn:
        for index in range(count):
            kecamatan = f"33.75.{10 + index // 200}"
            if index % 200 == 0:
                conn.execute(
                    "INSERT INTO regions (code, name, level, parent_code)"
                    " VALUES (?, ?, 'kecamatan', '33.75')",
                    (kecamatan, f"Kecamatan Uji {10 + index // 200}"),
                )
            code = f"{kecamatan}.{1001 + index % 200}"
            conn.execute(
                "INSERT INTO regions (code, name, level, parent_code)"
                " VALUES (?, ?, 'desa_kelurahan', ?)",
                (code, f"Uji {code}", kecamatan),
            )
            codes.append(code)
        recount_all(conn)  # as `kkb region import` does, in the same transaction
        refresh_name_keys(conn)
    conn.close()
    return codes


def records(db_path: Path) -> dict[str, tuple[Any, ...]]:
    """Every Kampung KB record's stored values by village code (without timestamps)."""
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT village_code, status, formed_year, formed_date, planned_year, name,"
            " sk_number, note FROM kampung_kb"
        )
        return {row[0]: row[1:] for row in rows}
    finally:
        conn.close()


# Runs kkb in a real process that pauses at a chosen point inside its write transaction (a
# stand-in for a slow disk), so a test can act there every time, not by luck of timing.
_PAUSED_KKB = """
import sys, time
from kkb_cli.render import csvout
from kkb_cli.storage import counts, database, records, seed
where = sys.argv[1]
# seed: the new file's seed is loaded; add: the record is saved; import: every record, its
# history and the counts are written; upgrade: the backup is saved and the schema upgraded.
# In each case the commit has not happened yet. export: the rows are in the temporary file,
# not yet in place.
target = {
    "seed": seed, "add": records.RecordStore, "import": counts, "upgrade": database,
    "export": csvout,
}[where]
name = {
    "seed": "load_seed", "add": "count_formed", "import": "recount", "upgrade": "migrate",
    "export": "write_rows",
}[where]
real = getattr(target, name)
def paused(*args):
    result = real(*args)
    print("inside the transaction", flush=True)
    time.sleep(60)
    return result
setattr(target, name, paused)
from kkb_cli.cli import app
app(sys.argv[2:], prog_name="kkb")
"""


def _signals_as_a_terminal_gives_them() -> None:
    """Deliver SIGTERM and SIGHUP to the child as a shell would: a test harness may run the
    suite with them blocked or ignored (nohup), which the child would otherwise inherit."""
    import signal

    wanted = {signal.SIGTERM, signal.SIGHUP}
    signal.pthread_sigmask(signal.SIG_UNBLOCK, wanted)
    for signum in wanted:
        signal.signal(signum, signal.SIG_DFL)


@contextmanager
def paused_inside_transaction(where: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """A kkb process (``args`` as typed) held inside its transaction at ``where``; it is
    killed afterwards unless the test has ended it already."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _PAUSED_KKB, where, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_signals_as_a_terminal_gives_them,
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "inside the transaction"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()


def read_terminal(leader: int) -> bytes:
    """All a pseudo-terminal showed, read from its leader side until the program on it has
    closed it (Linux then reports an error instead of an end of file)."""
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    return shown
