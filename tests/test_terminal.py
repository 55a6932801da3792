"""What a person sees in a terminal: Rich tables (drawn only when stdout is a terminal), run
for real in a pseudo-terminal, and through Rich's recording console."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Kkb, read_terminal


def run_in_terminal(
    db: Path, *args: str, columns: int = 100, env: dict[str, str] | None = None
) -> str:
    """kkb run with its stdout on a pseudo-terminal of ``columns`` columns; what it showed."""
    import pty

    leader, follower = pty.openpty()
    environment = {**os.environ, "COLUMNS": str(columns), "LINES": "50", **(env or {})}
    environment.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kkb_cli", "--db", str(db), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(follower)
    shown = read_terminal(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    os.close(leader)
    return shown.decode("utf-8").replace("\r\n", "\n")


def test_progress_in_a_terminal_is_a_rich_table(seeded: Kkb) -> None:
    shown = run_in_terminal(seeded.db_path, "progress", "--as-of", "2023-07-17")
    assert "─" in shown  # Rich draws a rule under the headings; a pipe gets plain text
    for words in ("Pekalongan Utara", "100.0%", "19 of 27 kelurahan (70.4%)"):
        assert words in shown


def test_a_recording_console_draws_every_column(seeded: Kkb) -> None:
    from rich.console import Console

    from kkb_cli import Office
    from kkb_cli.render.tables import print_progress
    from kkb_cli.render.text import verdict

    report = Office.open(seeded.db_path).progress()
    console = Console(record=True, width=100, force_terminal=True, color_system=None)
    print_progress(report, verdict(report), console, None)
    text = console.export_text()
    for heading in ("Year", "Target", "Formed", "Cumulative", "Coverage", "Planned", "Status"):
        assert heading in text
    assert "Pekalongan Selatan" in text


def _words(grid_rows: list[list[str]]) -> set[str]:
    return {word for row in grid_rows for cell in row for word in cell.split()}


@pytest.mark.parametrize("width", [60, 80])
@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize(
    "command",
    [["list", "--status", "formed"], ["history"], ["progress", "--attribute", "dashat"]],
    ids=["list", "history", "progress"],
)
def test_a_narrow_terminal_never_drops_a_column_or_cuts_a_value(
    seeded: Kkb, monkeypatch: pytest.MonkeyPatch, width: int, language: str, command: list[str]
) -> None:
    """At 60 and 80 columns a table wraps within its cells, or shows one record per block:
    every heading and every word of every cell is on the screen, whole."""
    from rich.console import Console

    from kkb_cli.render import tables

    assert seeded("edit", "Krapyak", "--name", "Kampung KB Krapyak Sejahtera Selalu").exit_code == 0
    assert seeded("set", "Krapyak", "dashat=ya").exit_code == 0
    drawn: list[tables.Grid] = []
    real_show = tables.show

    def recorded(out: object, shown: object) -> None:
        if isinstance(shown, tables.Grid):
            drawn.append(shown)
        real_show(out, shown)  # type: ignore[arg-type]

    screen = Console(width=width, record=True, force_terminal=True, color_system=None, markup=False)
    monkeypatch.setattr(tables, "console", lambda: screen)
    monkeypatch.setattr(tables, "show", recorded)
    result = seeded("--lang", language, *command)
    assert result.exit_code == 0, result.stderr
    shown = screen.export_text()
    assert drawn
    for grid in drawn:
        headings = [heading for heading, _ in grid.columns]
        for word in _words([headings, *map(list, grid.rows)]):
            assert word in shown, (word, shown)
    assert max(len(line) for line in shown.splitlines()) <= width


# kkb importing with the check of its second chunk of rows held up: it says so in a file.
_HELD_IMPORT = """
import os, sys, time
import kkb_cli.domain.activity_import as rows
real, calls = rows._decide, []
def held(*args):
    calls.append(1)
    if len(calls) == 2:
        open(os.environ["KKB_TEST_HELD"], "w").close()
        time.sleep(60)
    return real(*args)
rows._decide = held
from kkb_cli.cli import app
app(sys.argv[1:], prog_name="kkb")
"""


def test_ctrl_c_during_an_import_takes_its_progress_bar_off_before_the_error(
    seeded: Kkb, tmp_path: Path
) -> None:
    """A large file is checked under a progress bar (stderr, when a person watches). Ctrl-C
    part-way: the bar is taken off the screen, then the one error line is printed on a line
    of its own (not glued to the end of the bar), and nothing is imported."""
    import pty
    import signal
    import time

    sheet = tmp_path / "besar.csv"
    sheet.write_text(
        "tanggal;judul;kelurahan\n"
        + "".join(
            f"{1 + i % 28:02d}/0{1 + i % 9}/2024;Kegiatan {i};Krapyak\n" for i in range(5000)
        ),
        encoding="utf-8",
    )
    held = tmp_path / "held"
    argv = ["--lang", "en", "--db", str(seeded.db_path), "activity", "import", str(sheet)]
    pid, leader = pty.fork()
    if pid == 0:  # the child: kkb on the terminal
        os.environ["KKB_TEST_HELD"] = str(held)
        os.execv(sys.executable, [sys.executable, "-c", _HELD_IMPORT, *argv])
    shown = b""
    try:
        deadline = time.monotonic() + 30
        while not held.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert held.exists(), "the import never reached its second chunk"
        os.kill(pid, signal.SIGINT)
        shown = read_terminal(leader)
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(leader)
    assert os.waitstatus_to_exitcode(status) == 130
    assert b"Checking rows" in shown  # the bar was drawn
    before, error, after = shown.partition(b"Error: Interrupted")
    assert error and b"Traceback" not in shown
    last_line = before.rsplit(b"\n", 1)[-1]
    assert b"Checking rows" not in last_line and last_line.endswith(b"\x1b[2K")  # erased
    assert after.strip(b"\r\n").endswith(b"undone.") and b"Checking" not in after
    assert seeded.json("activity", "list") == []
