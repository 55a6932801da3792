#!/usr/bin/env python3
"""Benchmark kkb on national-size data against the floors and tools it should beat.

With the full national region list and one Kampung KB record for most villages, it measures,
each as whole processes side by side in the same run:

1. `kkb progress` for all of Indonesia and for one provinsi, against a minimal Typer program
   that prints one Rich table (the framework's own floor): at most 1.25 times its time.
2. `kkb export csv` of every village against `sqlite-utils rows DB kampung_kb --csv`: at most
   half its time, at about 84,000 villages and at ten times that; kkb's peak memory must not
   grow with the number of rows.
3. `kkb import csv` of the records into a database with the national regions and no records:
   at least 3 times faster than `sqlite-utils insert --csv` of the same file, and within 10
   times the sqlite3 shell's `.import --csv` (left out without a sqlite3 shell >= 3.32).
4. `kkb region import` of the national list into a new database: at least 3 times faster than
   `sqlite-utils insert --csv` of the same file.
5. `kkb --help` and `kkb progress` on the seed database: at most 1.2 times the minimal program.

And two goals of the hardening issue, measured the same way:

- misspelt names (item 5): an import of 1,000 unknown names, or of 1,000 village names with a
  typo (which get "Did you mean …"), is refused in under 5 s and 200 MiB; the figures of 1,000
  rows of one name shared by many villages and of 300,000 unknown names in one kota.
- bounded input (item 6): an import's peak memory does not grow with its file (1M rows against
  100k, scale 10 against scale 1, records and regions) and stays under 100 MiB;
  `kkb import csv /dev/zero` is refused at once.

And the goals of the activities issue (unless --no-activities), on generate.py's activities
(2,000,000 by default; 200,000 with --quick):

- progress with activities: `kkb progress --scope 33` and `--scope ID` on the national database
  with every activity, within 1.25 times the minimal program once the per-kabupaten summaries
  are kept ("warm"); the first report of a period ("cold", summaries dropped before each run)
  is reported beside it without a target.
- activity import: 100,000 activities into a copy of the national database faster than
  `sqlite-utils insert --csv` of the same file, under 100 MiB; the import of every activity
  (the setup of the progress goal, run once) under 100 MiB too, and at most 1.2 times the
  100,000 rows' peak.
- records import memory: goal 3's `kkb import csv` under 100 MiB.
- activity list streams: `kkb activity list --scope 33` of a year peaks at most 1.2 times a
  month's, under 100 MiB, and prints one line per activity of the period.

It also runs EXPLAIN QUERY PLAN for the queries behind `kkb progress` on the national database.

Standard library only; Linux (ru_maxrss is read as KiB). Install what is measured first, in a
virtualenv, as a normal (not editable) install so that kkb's bytecode is compiled:

    python -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install . sqlite-utils
    PATH=/tmp/benchvenv/bin:$PATH python bench/run.py --quick          # smoke run
    PATH=/tmp/benchvenv/bin:$PATH python bench/run.py \\
        --regions ~/data/wilayah_indonesia.csv --write bench/RESULTS.md

The figures depend on the machine: nothing here is asserted in the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
SHELL_CSV_IMPORT = (3, 32)  # the sqlite3 shell learnt `.import --csv` in 3.32
RSS_GROWTH_LIMIT = 1.2  # "does not grow": at most this much more memory for 10x the rows
DEFAULT_RUNS, QUICK_RUNS = 7, 2

# The hardening issue's goals and the activities issue's, numbered after the performance
# issue's 1-5 in report order.
MISSPELT, BOUNDED = 6, 7
ACTIVITY_PROGRESS, ACTIVITY_IMPORT, RECORDS_MEMORY, ACTIVITY_LIST, INDEXES = 8, 9, 10, 11, 12
GOAL_LABELS = {
    MISSPELT: "misspelt names",
    BOUNDED: "bounded input",
    ACTIVITY_PROGRESS: "activities: progress",
    ACTIVITY_IMPORT: "activities: import",
    RECORDS_MEMORY: "records import memory",
    ACTIVITY_LIST: "activities: list",
    INDEXES: "also",
}
REFUSED = 1  # kkb's exit code when an import is refused whole
LISTED_REFUSALS = 100  # kkb lists this many refused rows, then "… and N more rows refused"
NAMES_SEED = 20261127  # the made-up names and the sample of villages: the same files every run
NAME_ROWS = 1000  # rows of unknown.csv, typos.csv and ambiguous.csv
MADE_UP_LETTERS = 9  # a made-up name: this many random lowercase letters, capitalised
KOTA, KOTA_ROWS = "33.75", 300_000  # kkb's seed is Kota Pekalongan: a small scope, many rows
BIG_ROWS = (100_000, 1_000_000)  # bigN.csv: the village codes over and over
NAMES_SECONDS, NAMES_RSS_MIB = 5.0, 200.0  # misspelt names: one refused file of 1,000 rows
BOUNDED_RSS_MIB = 100.0  # bounded input: an import's peak RSS, whatever the file's size
DEVICE_SECONDS = 1.0  # `kkb import csv /dev/zero` is refused without reading

# The activities issue's goals.
ACTIVITIES, QUICK_ACTIVITIES = 2_000_000, 200_000  # generate.py --activities N
PROGRESS_LIMIT = 1.25  # warm `kkb progress` with activities ÷ the minimal program
ACTIVITY_RSS_MIB = 100.0  # an activity import, the records import, an activity list: under it
PROGRESS_SCOPES = ("33", "ID")  # a provinsi (Jawa Tengah) and all of Indonesia
SUMMARIES = "_activity_summaries"  # kkb's kept sums (kabupaten/kota, provinsi), dropped when cold
DROP_SUMMARIES = "DELETE FROM _activity_summaries"  # before each cold run, not timed
LIST_SCOPE = "33"
LIST_PERIODS = {  # `kkb activity list --from --to`: a month, and a year ending before it
    "a month": (date(2025, 12, 1), date(2025, 12, 31)),
    "a year": (date(2024, 12, 1), date(2025, 11, 30)),
}

# The framework's floor: a minimal Typer program that prints one Rich table (the issue's text).
MINIMAL_PROGRAM = """\
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main():
    t = Table("year", "formed")
    t.add_row("2024", "8")
    Console().print(t)


app()
"""
# Started like kkb's console script: a small script that imports a precompiled module.
MINIMAL_WRAPPER = """\
import sys

sys.path.insert(0, {folder!r})
import minimal_typer  # noqa: E402,F401  (runs the program: app() ends the module)
"""

# Starts the measured command from a fresh, small process. On Linux a child's ru_maxrss is at
# least the peak RSS of the process it was forked from, so a command started straight from
# this script would inherit this script's own peak. The launcher (python -I -S) is a few MiB;
# it times the command from fork to wait4 (its own start-up is not counted) and writes the
# exit code, the seconds and the child's own ru_maxrss (KiB on Linux) as JSON.
LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    except OSError as error:
        print(f"cannot run {sys.argv[2]}: {error}", file=sys.stderr, flush=True)
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"exit": os.waitstatus_to_exitcode(status), "seconds": elapsed,
               "maxrss_kib": usage.ru_maxrss}, out)
"""

# Run with kkb's own Python: what that Python and its packages are.
PROBE = """
import importlib.metadata as md, importlib.util, json, os, sqlite3, sys
found = {"python": sys.version.split()[0], "executable": sys.executable,
         "sqlite": sqlite3.sqlite_version, "dont_write_bytecode": sys.dont_write_bytecode,
         "versions": {}, "compiled": {}}
for dist in ("kkb", "typer", "click", "rich"):
    try:
        found["versions"][dist] = md.version(dist)
    except md.PackageNotFoundError:
        found["versions"][dist] = None
import kkb_cli
found["kkb_cli_file"] = kkb_cli.__file__
for name in ("kkb_cli", "kkb_cli.storage.reports", "typer", "rich.console"):
    origin = importlib.util.find_spec(name).origin
    found["compiled"][name] = os.path.exists(importlib.util.cache_from_source(origin))
print(json.dumps(found))
"""

# Run with kkb's own Python on the national database: EXPLAIN QUERY PLAN of the queries behind
# `kkb progress`, taken from kkb itself (module-level SQL, and the counted-ahead reads as
# written in Repository._read_snapshot).
PLANS = """
import ast, inspect, json, re, sqlite3, sys, textwrap
database, year, day = sys.argv[1], int(sys.argv[2]), sys.argv[3]
from kkb_cli.storage import counts, reports
queries, problems = [], []
for module, names in (
    (counts, ("GROUPED_RECORDS", "GROUPED_ATTRIBUTES", "GROUPED_VILLAGES")),
    (reports, ("_FORMED_LATER", "_ANSWERS_OF_FORMED_LATER", "_ANSWERED_LATER",
               "_KEPT_VILLAGES", "_KEPT_RECORDS", "_KEPT_ANSWERS", "_KEPT_VILLAGES_NATIONAL",
               "_KEPT_RECORDS_NATIONAL", "_KEPT_ANSWERS_NATIONAL")),
):
    for name in names:
        sql = getattr(module, name, None)
        label = module.__name__.rsplit(".", 1)[-1] + "." + name
        if isinstance(sql, str):
            queries.append((label, sql))
        else:
            problems.append(label + " not found")
scopes = {"ID": {"low": "0", "high": ":", "length": 2, "level": "provinsi"},
          "33": {"low": "33.", "high": "33/", "length": 5, "level": "provinsi"}}
conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
out = []
for label, sql in queries:
    plans = {}
    for scope, params in scopes.items():
        try:
            rows = conn.execute("EXPLAIN QUERY PLAN " + sql, {**params, "year": year, "date": day})
            plans[scope] = [list(row[:2]) + [row[-1]] for row in rows]
        except sqlite3.Error as error:
            plans[scope] = [[0, 0, f"ERROR: {error}"]]
    out.append({"name": label, "sql": textwrap.dedent(sql).strip(), "plans": plans})
print(json.dumps({"sqlite": sqlite3.sqlite_version, "scopes": scopes, "queries": out,
                  "problems": problems}))
"""


class BenchError(RuntimeError):
    """A command failed or did not do what it should have: its figures would mean nothing."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


WARNINGS: list[str] = []  # also written into the report


def warn(message: str) -> None:
    WARNINGS.append(message)
    log(f"warning: {message}")


# -- running things --------------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    rss_kib: int


def measure(argv: Sequence[str], run: Path, cwd: Path, exit_code: int = 0) -> Measured:
    """Run argv through LAUNCHER; stdout to run/stdout.txt, stderr to run/stderr.txt. Any exit
    code but `exit_code` is a BenchError: a refused import (exit 1) is measured as such, and a
    crash or a refusal where none was due must never pass for figures."""
    result = run / "measured.json"
    with (run / "stdout.txt").open("wb") as out, (run / "stderr.txt").open("wb") as err:
        subprocess.run(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=cwd,
            check=True,
        )
    found = json.loads(result.read_text(encoding="utf-8"))
    if found["exit"] != exit_code:
        error = (run / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        raise BenchError(
            f"exit code {found['exit']}, not {exit_code}, from {shlex.join(argv)}:\n{error[-2000:]}"
        )
    return Measured(float(found["seconds"]), int(found["maxrss_kib"]))


def setup_run(argv: Sequence[str], what: str, cwd: Path) -> str:
    """Run a setup step (not measured); its stdout and stderr, or BenchError."""
    started = time.perf_counter()
    done = subprocess.run(
        list(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=cwd
    )
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise BenchError(f"{what} failed (exit {done.returncode}): {shlex.join(argv)}\n{output}")
    last = output.splitlines()[-1] if output else ""
    log(f"setup: {what}: {time.perf_counter() - started:.1f} s  {last}")
    return output


def measured_step(argv: Sequence[str], what: str, work: Path) -> Measured:
    """Run a setup step once through LAUNCHER, so that its time and peak RSS are known: goal
    "bounded input" compares the imports that build the scale-1 and scale-10 databases."""
    run = work / "runs" / ("setup " + what).replace(" ", "-")
    run.mkdir(parents=True)
    measured = measure(argv, run, work)
    output = (run / "stdout.txt").read_text(encoding="utf-8", errors="replace").strip()
    last = output.splitlines()[-1] if output else ""
    log(f"setup: {what}: {measured.seconds:.1f} s, {measured.rss_kib / 1024:.1f} MiB  {last}")
    shutil.rmtree(run)
    return measured


def count(database: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def table_rows(database: Path, table: str) -> int:
    return count(database, f'SELECT count(*) FROM "{table}"')  # noqa: S608 (constant names)


def line_count(path: Path) -> int:
    lines, last = 0, b"\n"
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def executable(name: str, given: str | None) -> str | None:
    """The tool to use: --NAME if given, else NAME on PATH, else beside this Python."""
    if given:
        found = shutil.which(given)
        if not found:
            sys.exit(f"run.py: {given} is not an executable")
        return str(Path(found).resolve()) if "/" not in given else given
    on_path = shutil.which(name)
    if on_path:
        return on_path
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def python_of(script: str) -> str:
    """The Python a console script (kkb) runs with: its #! line, else `python` beside it."""
    with Path(script).open("rb") as file:
        first = file.readline().decode("utf-8", "replace").strip()
    if first.startswith("#!"):
        words = first[2:].split()
        if words and "python" in Path(words[0]).name:
            return words[0]
    beside = Path(script).parent / "python"
    if beside.exists():
        return str(beside)
    sys.exit(f"run.py: cannot tell which Python {script} runs with")


def version_line(argv: Sequence[str]) -> str:
    done = subprocess.run(list(argv), capture_output=True, text=True)
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "?"


def shell_version(shell: str) -> tuple[int, ...]:
    try:
        return tuple(int(n) for n in version_line([shell, "--version"]).split()[0].split(".")[:3])
    except ValueError:
        return ()


# -- what is measured ------------------------------------------------------------------------


@dataclass
class Command:
    label: str
    shown: str  # the command line as the report shows it
    build: Callable[[Path], list[str]]  # a fresh run folder -> argv (prepares its files)
    check: Callable[[Path], None]  # the run folder, after the run -> raises BenchError
    exit_code: int = 0  # what a correct run ends with: REFUSED for an import that must fail
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def rss_mib(self) -> float:
        return statistics.median(self.rss) / 1024


@dataclass
class Group:
    """Commands compared with each other, measured round-robin in the same run."""

    name: str
    commands: list[Command]

    def __getitem__(self, label: str) -> Command:
        return next(command for command in self.commands if command.label == label)


def run_group(group: Group, runs: int, warmup: int, work: Path) -> None:
    """Warm-up rounds (untimed), then timed rounds; each round runs every command once, in
    turn, so that drift in the machine's speed touches them alike. Every run is checked."""
    log(f"== {group.name}: {warmup} warm-up + {runs} timed rounds of {len(group.commands)}")
    for round_number in range(warmup + runs):
        timed = round_number >= warmup
        for number, command in enumerate(group.commands):
            run = work / "runs" / f"{group.name}-{round_number}-{number}"
            run.mkdir(parents=True)
            argv = command.build(run)
            measured = measure(argv, run, work, command.exit_code)
            command.check(run)
            if timed:
                command.times.append(measured.seconds)
                command.rss.append(measured.rss_kib)
            kind = f"run {round_number - warmup + 1}" if timed else "warm-up"
            log(
                f"  {kind}: {command.label}: {measured.seconds:.3f} s,"
                f" {measured.rss_kib / 1024:.1f} MiB"
            )
            shutil.rmtree(run)  # outputs are checked; at scale 10 they are large


def expect_stdout(run: Path) -> None:
    if (run / "stdout.txt").stat().st_size == 0:
        raise BenchError(f"{run}: the command printed nothing")


def expect_lines(path_in_run: str, lines: int) -> Callable[[Path], None]:
    def check(run: Path) -> None:
        found = line_count(run / path_in_run)
        if found != lines:
            raise BenchError(f"{run / path_in_run}: {found:,} lines, not {lines:,}")

    return check


def expect_rows(database_in_run: str, table: str, rows: int) -> Callable[[Path], None]:
    def check(run: Path) -> None:
        found = table_rows(run / database_in_run, table)
        if found != rows:
            raise BenchError(f"{run / database_in_run}: {table} holds {found:,} rows, not {rows:,}")

    return check


def error_lines(run: Path) -> list[str]:
    """The run's stderr, whose first line must be kkb's `Error: …` line."""
    lines = (run / "stderr.txt").read_text(encoding="utf-8", errors="replace").splitlines()
    if not lines or not lines[0].startswith("Error: "):
        raise BenchError(f"{run}: stderr does not start with 'Error: ': {lines[:1]}")
    return lines


def expect_error(database_in_run: str, records: int, says: str) -> Callable[[Path], None]:
    """A command refused at once: `Error: …` saying `says`, and the records left as they were."""

    def check(run: Path) -> None:
        first = error_lines(run)[0]
        if says not in first:
            raise BenchError(f"{run}: the error does not say {says!r}: {first}")
        expect_rows(database_in_run, "kampung_kb", records)(run)

    return check


def expect_refused(
    database_in_run: str, records: int, rows: int, refused_at_least: int, says: str = ""
) -> Callable[[Path], None]:
    """An import refused whole after reading every row: `Error: FILE: R of ROWS rows refused`
    (so no row was skipped), R at least `refused_at_least`, the last line `… and R-100 more
    rows refused` for those beyond the hundred listed, `says` somewhere (a "Did you mean"),
    and the records left as they were (nothing written)."""

    def check(run: Path) -> None:
        lines = error_lines(run)
        counted = re.search(r"(\d+) of (\d+) rows refused", lines[0])
        if not counted or int(counted[2]) != rows or int(counted[1]) < refused_at_least:
            raise BenchError(
                f"{run}: not a refusal of at least {refused_at_least:,} of {rows:,} rows:"
                f" {lines[0][:300]}"
            )
        more = int(counted[1]) - LISTED_REFUSALS
        if more > 0 and not lines[-1].strip().startswith(f"… and {more} more rows refused"):
            raise BenchError(f"{run}: the last line is not '… and {more} more rows refused …'")
        if says and not any(says in line for line in lines):
            raise BenchError(f"{run}: stderr never says {says!r}")
        expect_rows(database_in_run, "kampung_kb", records)(run)

    return check


# -- setup -----------------------------------------------------------------------------------


@dataclass
class Data:
    """One generated data set and the kkb database made from it."""

    folder: Path
    summary: dict[str, object]
    database: Path  # regions, scope ID, the records
    villages: int  # desa/kelurahan in the database (the file's and the seed's)
    records: int  # Kampung KB records in the database
    regions_csv: Path
    records_csv: Path
    steps: dict[str, Measured]  # "region import", "import csv": the setup steps, run once

    @property
    def file_records(self) -> int:
        return int(self.summary["records"])  # type: ignore[call-overload]

    @property
    def file_regions(self) -> int:
        return sum(self.summary["regions"].values())  # type: ignore[attr-defined,no-any-return]


def generate(
    folder: Path, regions: Path | None, scale: int, work: Path, activities: int = 0
) -> dict[str, object]:
    argv = [sys.executable, str(GENERATE), str(folder)]
    if regions:
        argv += ["--regions", str(regions)]
    if scale != 1:
        argv += ["--scale", str(scale)]
    if activities:
        argv += ["--activities", str(activities)]
    setup_run(argv, f"generate.py {folder.name}", work)
    summary: dict[str, object] = json.loads((folder / "summary.json").read_text("utf-8"))
    return summary


def file_codes(regions_csv: Path) -> set[str]:
    with regions_csv.open(encoding="utf-8", newline="") as file:
        return {row["code"] for row in csv.DictReader(file)}


def database_codes(database: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return {code for (code,) in conn.execute("SELECT code FROM regions")}
    finally:
        conn.close()


def national_database(
    kkb: str, folder: Path, summary: dict[str, object], seed_codes: set[str], work: Path
) -> Data:
    """`kkb init --no-records`, `kkb region import`, `kkb scope set ID`, `kkb import csv` into
    folder/national.db. Without --no-records the seed's records (Kota Pekalongan) would be in
    the way of the file's when the region list is the real one. The two imports run through
    the launcher, their peak RSS kept for goal "bounded input"."""
    database = folder / "national.db"
    regions_csv, records_csv = folder / "regions.csv", folder / "records.csv"
    db = ["--db", str(database)]
    setup_run([kkb, *db, "init", "--no-records"], f"{folder.name} init --no-records", work)
    steps = {
        "region import": measured_step(
            [kkb, *db, "region", "import", str(regions_csv)], f"{folder.name} regions", work
        )
    }
    setup_run([kkb, *db, "scope", "set", "ID"], f"{folder.name} scope ID", work)
    steps["import csv"] = measured_step(
        [kkb, *db, "import", "csv", str(records_csv)], f"{folder.name} records", work
    )
    data = Data(
        folder=folder,
        summary=summary,
        database=database,
        villages=count(database, "SELECT count(*) FROM regions WHERE level = 'desa_kelurahan'"),
        records=table_rows(database, "kampung_kb"),
        regions_csv=regions_csv,
        records_csv=records_csv,
        steps=steps,
    )
    if data.records != data.file_records:
        raise BenchError(f"{database}: {data.records:,} records, not {data.file_records:,}")
    expected = file_codes(regions_csv) | seed_codes
    if database_codes(database) != expected:
        raise BenchError(f"{database}: the regions are not the file's and the seed's")
    return data


def empty_national(kkb: str, data: Data, work: Path) -> tuple[Path, int]:
    """A database with the national regions, scope ID and no records; its region count."""
    database = work / "empty.db"
    db = ["--db", str(database)]
    setup_run([kkb, *db, "init", "--no-records"], "empty: init --no-records", work)
    setup_run([kkb, *db, "region", "import", str(data.regions_csv)], "empty: regions", work)
    setup_run([kkb, *db, "scope", "set", "ID"], "empty: scope ID", work)
    if table_rows(database, "kampung_kb"):
        raise BenchError(f"{database} has records")
    return database, table_rows(database, "regions")


@dataclass
class HardeningFiles:
    """The inputs of goals "misspelt names" and "bounded input", written by hardening_files."""

    unknown: Path  # NAME_ROWS made-up names
    typos: Path  # NAME_ROWS village names with one letter dropped
    left_out: int  # sampled names whose typo kkb would still find (part of a real name)
    ambiguous: Path  # NAME_ROWS times the most repeated village name
    ambiguous_name: str
    ambiguous_villages: int  # villages of the region file with that name
    kota: Path | None  # KOTA_ROWS made-up names for --scope KOTA; None without KOTA
    big: dict[int, Path]  # rows -> `kode,status,tahun` file cycling over the village codes
    villages: int  # the village codes the big files cycle over


def short_count(rows: int) -> str:
    """100000 -> 100k, 1000000 -> 1m: the files' names."""
    return f"{rows // 10**6}m" if rows % 10**6 == 0 else f"{rows // 1000}k"


def name_key(name: str) -> str:
    """A name as kkb compares names (case, accents, spaces and punctuation ignored): near
    enough to keep out of typos.csv the typos that kkb would find anyway."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def write_names(path: Path, names: Iterable[str]) -> None:
    """A by-name import file, `kelurahan,tahun`, every row in 2024."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["kelurahan", "tahun"])
        writer.writerows((name, 2024) for name in names)


def typo_names(names: Sequence[str], rows: int, rng: random.Random) -> tuple[list[str], int]:
    """`rows` village names, a fixed sample, each with one inner letter dropped ("Sidomulyo"
    -> "Sidomlyo"), and how many sampled names were left out: those whose typo is still part
    of a real name (kkb finds a name by a part of it), which would not be refused as unknown."""
    keys = "\n".join(sorted({name_key(name) for name in names}))
    pool = sorted(set(names))
    rng.shuffle(pool)
    typos: list[str] = []
    left_out = 0
    for name in pool:
        inner = [i for i in range(1, len(name) - 1) if name[i].isalpha()]
        if not inner:
            continue
        drop = rng.choice(inner)
        typo = name[:drop] + name[drop + 1 :]
        if name_key(typo) in keys:
            left_out += 1
            continue
        typos.append(typo)
        if len(typos) == rows:
            return typos, left_out
    raise BenchError(f"only {len(typos):,} village names make a typo kkb cannot find")


def hardening_files(folder: Path, national: Data, empty: Path) -> HardeningFiles:
    """Write the files of goals "misspelt names" and "bounded input" into folder. The names
    come from the scale-1 region file, the codes from its national database (the file's
    villages and the seed's); the random draws from NAMES_SEED, so every run reads the same."""
    started = time.perf_counter()
    folder.mkdir()
    rng = random.Random(NAMES_SEED)
    letters = "abcdefghijklmnopqrstuvwxyz"
    unknown = folder / "unknown.csv"
    write_names(
        unknown,
        ("".join(rng.choices(letters, k=MADE_UP_LETTERS)).capitalize() for _ in range(NAME_ROWS)),
    )
    with national.regions_csv.open(encoding="utf-8", newline="") as file:
        names = [row["name"] for row in csv.DictReader(file) if row["level"] == "desa_kelurahan"]
    typos = folder / "typos.csv"
    typo_list, left_out = typo_names(names, NAME_ROWS, rng)
    write_names(typos, typo_list)
    # The real list's most repeated village name is Sidomulyo (98 villages); generate.py's
    # synthetic list repeats it as often. Ties go to the first name in alphabetical order.
    ambiguous_name, ambiguous_villages = min(
        Counter(names).items(), key=lambda item: (-item[1], item[0])
    )
    ambiguous = folder / "ambiguous.csv"
    write_names(ambiguous, [ambiguous_name] * NAME_ROWS)
    kota = None
    if count(empty, f"SELECT count(*) FROM regions WHERE code = '{KOTA}'"):  # noqa: S608
        kota = folder / f"unknown{short_count(KOTA_ROWS)}.csv"
        write_names(kota, (f"Tidakada {n}" for n in range(1, KOTA_ROWS + 1)))
    conn = sqlite3.connect(f"file:{national.database}?mode=ro", uri=True)
    try:
        codes = [
            code
            for (code,) in conn.execute(
                "SELECT code FROM regions WHERE level = 'desa_kelurahan' ORDER BY code"
            )
        ]
    finally:
        conn.close()
    big = {}
    for rows in BIG_ROWS:
        big[rows] = folder / f"big{short_count(rows)}.csv"
        with big[rows].open("w", encoding="utf-8", newline="") as file:
            file.write("kode,status,tahun\n")
            for start in range(0, rows, len(codes)):
                file.writelines(f"{code},formed,2023\n" for code in codes[: rows - start])
    log(
        f"setup: hardening files: {time.perf_counter() - started:.1f} s  {ambiguous_name!r}"
        f" {ambiguous_villages} times, {left_out} typos left out, {len(codes):,} village codes"
    )
    return HardeningFiles(
        unknown,
        typos,
        left_out,
        ambiguous,
        ambiguous_name,
        ambiguous_villages,
        kota,
        big,
        len(codes),
    )


@dataclass
class ActivityData:
    """The activities of goals "activities: …": generate.py's files, and the national database
    with every one of them imported (the setup of goal "activities: progress", run once)."""

    csv: Path  # activities.csv: every activity
    sample_csv: Path  # activities100k.csv: its first rows
    rows: int
    sample_rows: int
    summary: dict[str, object]  # generate.py's figures of the activities
    database: Path  # the national database (regions, records) plus every activity
    step: Measured  # `kkb activity import activities.csv` into it, once
    kabupaten: dict[str, int]  # scope -> kabupaten/kota in it (a kept summary each)
    kept: dict[str, int]  # scope -> summaries a report on it keeps (Indonesia: + provinsi)
    progress_since: date  # the period `kkb progress` reports on today: since … today
    in_progress: dict[str, int]  # scope -> the file's activities in that period
    in_list: dict[str, int]  # LIST_PERIODS' name -> the file's activities in LIST_SCOPE


def scope_bounds(scope: str) -> tuple[str, str]:
    """The codes inside a scope, as kkb bounds them: low < code < high."""
    return ("0", ":") if scope == "ID" else (f"{scope}.", f"{scope}/")


def progress_since(today: date) -> date:
    """The first day of `kkb progress`'s default activities period: the 12 months before
    today (today's day a year earlier, plus one), as kkb's `default_since` has it."""
    try:
        year_before = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_before = today.replace(year=today.year - 1, day=28)
    return date.fromordinal(year_before.toordinal() + 1)


def count_activities(path: Path, windows: dict[str, tuple[str, str, date, date]]) -> dict[str, int]:
    """The file's activities in each window (low < village code < high, since ≤ date ≤
    until), counted from the CSV itself, not from kkb."""
    bounds = {
        name: (low, high, since.isoformat(), until.isoformat())
        for name, (low, high, since, until) in windows.items()
    }
    found = dict.fromkeys(windows, 0)
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        code_at, date_at = header.index("kode_kelurahan"), header.index("tanggal")
        for row in reader:
            code, day = row[code_at], row[date_at]
            for name, (low, high, since, until) in bounds.items():
                if low < code < high and since <= day <= until:
                    found[name] += 1
    return found


def activity_setup(kkb: str, national: Data, work: Path) -> ActivityData:
    """Copy the national database and import every activity into it, once, through the
    launcher (its time and peak RSS go into the report); check that the file's activities are
    all there, and count from the file what the progress and list checks must see."""
    summary = national.summary
    if "activities" not in summary:
        raise BenchError(f"{national.folder}: generate.py wrote no activities")
    rows, sample_rows = int(summary["activities"]), int(summary["activities_sample"])  # type: ignore[call-overload]
    last = date.fromisoformat(str(summary["activities_to"]))
    today = date.today()
    if last > today:
        raise BenchError(
            f"the activities run to {last}, after today ({today}): kkb refuses future dates"
        )
    database = work / "activities.db"
    shutil.copyfile(national.database, database)
    activities_csv = national.folder / "activities.csv"
    step = measured_step(
        [kkb, "--db", str(database), "activity", "import", str(activities_csv)],
        f"activities import ({rows:,} rows)",
        work,
    )
    if table_rows(database, "activities") != rows:
        raise BenchError(
            f"{database}: {table_rows(database, 'activities'):,} activities, not {rows:,}"
        )
    kabupaten, kept = {}, {}
    for scope in PROGRESS_SCOPES:
        low, high = scope_bounds(scope)
        kabupaten[scope] = count(
            database,
            "SELECT count(*) FROM regions WHERE level = 'kabupaten_kota'"  # noqa: S608
            f" AND code > '{low}' AND code < '{high}'",
        )
        provinsi = count(
            database,
            "SELECT count(*) FROM regions WHERE level = 'provinsi'"  # noqa: S608
            f" AND code > '{low}' AND code < '{high}'",
        )
        kept[scope] = kabupaten[scope] + (provinsi if scope == "ID" else 0)
    since = progress_since(today)
    started = time.perf_counter()
    windows = {
        f"progress {scope}": (*scope_bounds(scope), since, today) for scope in PROGRESS_SCOPES
    }
    windows |= {
        name: (*scope_bounds(LIST_SCOPE), first, end) for name, (first, end) in LIST_PERIODS.items()
    }
    counted = count_activities(activities_csv, windows)
    log(
        f"setup: activities counted from the file: {time.perf_counter() - started:.1f} s "
        + ", ".join(f"{name} {n:,}" for name, n in counted.items())
    )
    for name in LIST_PERIODS:
        if not counted[name]:
            raise BenchError(f"no activity in {LIST_SCOPE} in {name}: give more --activities")
    return ActivityData(
        csv=activities_csv,
        sample_csv=national.folder / "activities100k.csv",
        rows=rows,
        sample_rows=sample_rows,
        summary=summary,
        database=database,
        step=step,
        kabupaten=kabupaten,
        kept=kept,
        progress_since=since,
        in_progress={scope: counted[f"progress {scope}"] for scope in PROGRESS_SCOPES},
        in_list={name: counted[name] for name in LIST_PERIODS},
    )


def minimal_program(python: str, work: Path) -> list[str]:
    """Write the minimal Typer program as a module, compile it, and return the command that
    runs it the way kkb's console script runs kkb."""
    folder = work / "minimal"
    folder.mkdir()
    module = folder / "minimal_typer.py"
    module.write_text(MINIMAL_PROGRAM, encoding="utf-8")
    subprocess.run([python, "-m", "py_compile", str(module)], check=True)
    from importlib.util import cache_from_source

    if not Path(cache_from_source(str(module))).exists():
        warn(f"{module} was not compiled to bytecode")
    wrapper = folder / "minimal-typer"
    wrapper.write_text(MINIMAL_WRAPPER.format(folder=str(folder)), encoding="utf-8")
    return [python, str(wrapper)]


# -- the report ------------------------------------------------------------------------------


@dataclass
class Criterion:
    goal: int  # the performance issue's goal number, or MISSPELT, BOUNDED, INDEXES
    what: str
    value: float | None  # None: not measured
    limit: float | None  # PASS when value <= limit; None: a figure reported, no target
    target: str
    measured: str = ""  # how value is shown, when not a plain ratio
    versus: str = ""  # what a ratio is taken against, for the goal tables
    strict: bool = False  # PASS only when value < limit ("under", "faster than")

    @property
    def goal_label(self) -> str:
        return GOAL_LABELS.get(self.goal, str(self.goal))

    @property
    def result(self) -> str:
        if self.value is None:
            return "not measured"
        if self.limit is None:
            return "reported"
        met = self.value < self.limit if self.strict else self.value <= self.limit
        return "PASS" if met else "MISS"

    def shown(self) -> str:
        if self.measured:
            return self.measured
        if self.value is None:
            return "–"
        text = f"{self.value:.2f}"
        if self.limit is not None and text == f"{self.limit:.2f}":
            return f"{self.value:.3f}"
        return text


def ratio(command: Command, reference: Command | None) -> float | None:
    if reference is None or not command.times or not reference.times:
        return None
    return command.median / reference.median


def time_row(command: Command, ratio_text: str, target: str, result: str) -> str:
    t = command.times
    return (
        f"| {command.label} | {len(t)} | {command.median:.3f} | {min(t):.3f} | {max(t):.3f}"
        f" | {command.rss_mib:.1f} | {ratio_text} | {target} | {result} |"
    )


TABLE_HEAD = [
    "| command | runs | median s | min s | max s | peak RSS MiB (median) | ratio of medians"
    " | goal | result |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|",
]


def goal_table(rows: list[tuple[Command, list[Criterion], str]]) -> list[str]:
    """One line per command: its criteria (if any) or its role."""
    lines = list(TABLE_HEAD)
    for command, criteria, role in rows:
        if criteria:
            lines.append(
                time_row(
                    command,
                    "; ".join(
                        f"{c.shown()}× {c.versus}" if c.versus else c.shown() for c in criteria
                    ),
                    "; ".join(c.target for c in criteria),
                    "; ".join(f"**{c.result}**" for c in criteria),
                )
            )
        else:
            lines.append(time_row(command, "–", role, ""))
    return lines


def commands_list(group: Group | None, labels: Sequence[str]) -> list[str]:
    if group is None:
        return []
    lines = ["", "Commands:", ""]
    lines += [f"- {label}: `{group[label].shown}`" for label in labels]
    return lines


def plan_lines(rows: list[list[object]]) -> list[str]:
    """EXPLAIN QUERY PLAN rows (id, parent, detail) drawn as the sqlite3 shell draws them."""
    children: dict[object, list[list[object]]] = {}
    for row in rows:
        children.setdefault(row[1], []).append(row)
    lines = ["QUERY PLAN"]

    def walk(parent: object, prefix: str) -> None:
        kids = children.get(parent, [])
        for index, row in enumerate(kids):
            last = index == len(kids) - 1
            lines.append(f"{prefix}{'`--' if last else '|--'}{row[2]}")
            if row[0] != parent:
                walk(row[0], prefix + ("   " if last else "|  "))

    walk(0, "")
    return lines


def full_scans(rows: list[list[object]]) -> list[str]:
    """The plan's table reads that use no index (SCAN of a table, not of an index)."""
    scans = []
    for _, _, detail in rows:
        text = str(detail)
        if text.startswith("SCAN ") and "INDEX" not in text and "CONSTANT ROW" not in text:
            scans.append(text)
        if text.startswith("ERROR"):
            scans.append(text)
    return scans


def plans_section(plans: dict[str, object] | None) -> tuple[list[str], Criterion]:
    if plans is None:
        lines = ["## Query plans", "", "Not run: the national database was not built.", ""]
        return lines, Criterion(INDEXES, "queries use indexes", None, 0, "no full table scan")
    queries: list[dict[str, object]] = plans["queries"]  # type: ignore[assignment]
    scopes: dict[str, dict[str, object]] = plans["scopes"]  # type: ignore[assignment]
    lines = [
        "## Query plans",
        "",
        f"`EXPLAIN QUERY PLAN` of the queries behind `kkb progress`, run by kkb's own Python"
        f" (SQLite {plans['sqlite']}) on the national database of goal 1. The SQL is read from"
        " kkb itself: the module-level strings, and the counted-ahead reads as"
        " `Repository._read_snapshot` writes them. Parameters: "
        + "; ".join(
            f"scope {scope}: " + ", ".join(f":{k} = {v!r}" for k, v in params.items())
            for scope, params in scopes.items()
        )
        + "; :year and :date are today's.",
        "",
        "| query | " + " | ".join(f"scope {scope}" for scope in scopes) + " |",
        "|---|" + "---|" * len(scopes),
    ]
    any_scan = False
    for query in queries:
        cells = []
        for scope in scopes:
            scans = full_scans(query["plans"][scope])  # type: ignore[index]
            any_scan = any_scan or bool(scans)
            cells.append("full scan: " + "; ".join(scans) if scans else "indexes only")
        lines.append(f"| `{query['name']}` | " + " | ".join(cells) + " |")
    for problem in plans["problems"]:  # type: ignore[attr-defined]
        lines += ["", f"Not found in kkb: {problem}."]
    for query in queries:
        lines += ["", f"### `{query['name']}`", "", "```sql", str(query["sql"]), "```"]
        for scope in scopes:
            lines += ["", f"Scope {scope}:", "", "```", *plan_lines(query["plans"][scope]), "```"]  # type: ignore[index]
    lines.append("")
    criterion = Criterion(
        INDEXES,
        "queries use indexes",
        1.0 if any_scan or not queries else 0.0,
        0.5,
        "no full table scan",
        "a full table scan" if any_scan else ("no query found" if not queries else "none"),
    )
    return lines, criterion


@dataclass
class Results:
    startup: Group
    exports: dict[int, Group]  # scale -> group
    imports: Group
    regions: Group
    shell: str | None
    names: Group  # misspelt names
    bounded: Group  # bounded input
    files: HardeningFiles
    steps: dict[int, dict[str, Measured]]  # scale -> the setup imports, run once
    activities: ActivityResults | None  # None: --no-activities


MIN = "minimal Typer program"
# Goal "misspelt names" has no target for these two, only the figures before the hardening.
AMBIGUOUS_BEFORE, KOTA_BEFORE = "117 s", "60 s and 1.8 GB"


def seconds_under(goal: int, command: Command, limit: float) -> Criterion:
    return Criterion(
        goal,
        f"{command.label}: seconds",
        command.median,
        limit,
        f"under {limit:g} s",
        f"{command.median:.2f} s",
    )


def rss_under(goal: int, command: Command, limit: float, word: str = "under") -> Criterion:
    return Criterion(
        goal,
        f"{command.label}: peak RSS",
        command.rss_mib,
        limit,
        f"{word} {limit:g} MiB",
        f"{command.rss_mib:.1f} MiB",
    )


def reported(goal: int, command: Command, before: str) -> Criterion:
    """Figures without a target, next to what they were before."""
    return Criterion(
        goal,
        f"{command.label}: seconds, peak RSS",
        command.median,
        None,
        f"no target (was {before})",
        f"{command.median:.2f} s, {command.rss_mib:.1f} MiB",
    )


def hardening_criteria(results: Results) -> dict[str, list[Criterion]]:
    """The per-command criteria of goals "misspelt names" and "bounded input", keyed by label
    (the big files' peak RSS, one size against the other, is in growths)."""
    files, names = results.files, results.names
    out: dict[str, list[Criterion]] = {}
    for path in (files.unknown, files.typos):
        command = names[import_label(path)]
        out[command.label] = [
            seconds_under(MISSPELT, command, NAMES_SECONDS),
            rss_under(MISSPELT, command, NAMES_RSS_MIB),
        ]
    ambiguous = names[import_label(files.ambiguous)]
    out[ambiguous.label] = [reported(MISSPELT, ambiguous, AMBIGUOUS_BEFORE)]
    if files.kota:
        kota = names[import_label(files.kota, "--scope", KOTA)]
        out[kota.label] = [reported(MISSPELT, kota, KOTA_BEFORE)]
    device = results.bounded[DEVICE_LABEL]
    out[device.label] = [
        seconds_under(BOUNDED, device, DEVICE_SECONDS),
        rss_under(BOUNDED, device, BOUNDED_RSS_MIB, "≤"),
    ]
    return out


@dataclass
class Growth:
    """Goal "bounded input" for one import of a smaller and a larger file: the peak RSS must
    not grow with the file (at most RSS_GROWTH_LIMIT times) and stays within BOUNDED_RSS_MIB."""

    what: str  # the import
    how: str  # where the figures come from
    sizes: tuple[str, str]  # the smaller and the larger file
    rss_mib: tuple[float, float] | None  # their peak RSS; None: not measured
    goal: int = BOUNDED
    strict: bool = False  # the cap: under it (<), not at most (≤)
    grows: str = "the file"  # what the peak must not grow with
    cap: float = BOUNDED_RSS_MIB  # the larger one's peak RSS: at most (or under) this

    def criteria(self) -> list[Criterion]:
        small, large = self.sizes
        growth_target = f"≤ {RSS_GROWTH_LIMIT:.2f} (does not grow with {self.grows})"
        cap_target = f"{'<' if self.strict else '≤'} {self.cap:g} MiB"
        if self.rss_mib is None:
            return [
                Criterion(
                    self.goal,
                    f"{self.what} peak RSS, {large} ÷ {small}",
                    None,
                    RSS_GROWTH_LIMIT,
                    growth_target,
                ),
                Criterion(
                    self.goal,
                    f"{self.what} peak RSS, {large}",
                    None,
                    self.cap,
                    cap_target,
                    strict=self.strict,
                ),
            ]
        before, after = self.rss_mib
        return [
            Criterion(
                self.goal,
                f"{self.what} peak RSS, {large} ÷ {small}",
                after / before,
                RSS_GROWTH_LIMIT,
                growth_target,
                f"{after / before:.2f} ({before:.1f} → {after:.1f} MiB)",
            ),
            Criterion(
                self.goal,
                f"{self.what} peak RSS, {large}",
                after,
                self.cap,
                cap_target,
                f"{after:.1f} MiB",
                strict=self.strict,
            ),
        ]


def growths(results: Results) -> list[Growth]:
    """The three pairs of goal "bounded input": the big files (medians of the timed runs), and
    the record and region imports that build the scale-1 and scale-10 databases (one run
    each, in the setup; not measured without a scale-10 run)."""
    small, large = (
        results.bounded[import_label(results.files.big[rows], "--update")] for rows in BIG_ROWS
    )
    out = [
        Growth(
            "kkb import csv bigN.csv --update",
            f"median of {len(large.times)} timed run{'s' if len(large.times) != 1 else ''}",
            (f"{BIG_ROWS[0]:,} rows", f"{BIG_ROWS[1]:,} rows"),
            (small.rss_mib, large.rss_mib),
        )
    ]
    for step, shown in (
        ("import csv", "kkb import csv records.csv"),
        ("region import", "kkb region import regions.csv"),
    ):
        measured = [results.steps[scale][step] for scale in (1, 10) if scale in results.steps]
        out.append(
            Growth(
                shown,
                "setup, one run each",
                ("scale 1", "scale 10"),
                (measured[0].rss_kib / 1024, measured[1].rss_kib / 1024)
                if len(measured) == 2
                else None,
            )
        )
    return out


def criteria_of(results: Results) -> dict[str, list[Criterion]]:
    """Every goal's criteria, keyed by the label of the command they judge."""
    s = results.startup
    floor = s["minimal Typer program"]
    out: dict[str, list[Criterion]] = {}
    for label in ("kkb progress --scope ID", "kkb progress --scope 33"):
        out[label] = [
            Criterion(1, f"{label} ÷ minimal", ratio(s[label], floor), 1.25, "≤ 1.25", versus=MIN)
        ]
    for label in ("kkb --help", "kkb progress (seed database)"):
        out[label] = [
            Criterion(5, f"{label} ÷ minimal", ratio(s[label], floor), 1.2, "≤ 1.20", versus=MIN)
        ]
    for scale, group in results.exports.items():
        label = f"kkb export csv (scale {scale})"
        reference = group[f"sqlite-utils rows --csv (scale {scale})"]
        out[label] = [
            Criterion(
                2,
                f"{label} ÷ sqlite-utils",
                ratio(group[label], reference),
                0.5,
                "≤ 0.50",
                versus="sqlite-utils",
            )
        ]
    i = results.imports
    kkb_import = i["kkb import csv"]
    out["kkb import csv"] = [
        Criterion(
            3,
            "kkb import csv ÷ sqlite-utils",
            ratio(kkb_import, i["sqlite-utils insert --csv"]),
            1 / 3,
            "≤ 0.33 (3× faster)",
            versus="sqlite-utils",
        )
    ]
    if results.shell:
        out["kkb import csv"].append(
            Criterion(
                3,
                "kkb import csv ÷ sqlite3 shell",
                ratio(kkb_import, i["sqlite3 shell .import --csv"]),
                10,
                "≤ 10",
                versus="sqlite3 shell",
            )
        )
    r = results.regions
    out["kkb region import"] = [
        Criterion(
            4,
            "kkb region import ÷ sqlite-utils",
            ratio(r["kkb region import"], r["sqlite-utils insert --csv"]),
            1 / 3,
            "≤ 0.33 (3× faster)",
            versus="sqlite-utils",
        )
    ]
    out.update(hardening_criteria(results))
    return out


def memory_criterion(results: Results) -> tuple[Criterion, str]:
    """kkb export's peak RSS at scale 10 over scale 1; and sqlite-utils' for comparison."""
    if 10 not in results.exports:
        target = f"≤ {RSS_GROWTH_LIMIT:.2f} (does not grow with rows)"
        return Criterion(2, "kkb export peak RSS, scale 10 ÷ scale 1", None, 0, target), ""
    small, large = results.exports[1], results.exports[10]
    kkb_small, kkb_large = small["kkb export csv (scale 1)"], large["kkb export csv (scale 10)"]
    su_small = small["sqlite-utils rows --csv (scale 1)"]
    su_large = large["sqlite-utils rows --csv (scale 10)"]
    growth = kkb_large.rss_mib / kkb_small.rss_mib
    criterion = Criterion(
        2,
        "kkb export peak RSS, scale 10 ÷ scale 1",
        growth,
        RSS_GROWTH_LIMIT,
        f"≤ {RSS_GROWTH_LIMIT:.2f} (does not grow with rows)",
        f"{growth:.2f} ({kkb_small.rss_mib:.1f} → {kkb_large.rss_mib:.1f} MiB)",
    )
    su_text = (
        f"sqlite-utils rows, for comparison: {su_large.rss_mib / su_small.rss_mib:.2f}"
        f" ({su_small.rss_mib:.1f} → {su_large.rss_mib:.1f} MiB)"
    )
    return criterion, su_text


def report(
    results: Results,
    about: dict[str, list[str]],
    plans: dict[str, object] | None,
    runs: int,
    warmup: int,
) -> str:
    criteria = criteria_of(results)
    memory, su_memory = memory_criterion(results)
    plan_text, index_criterion = plans_section(plans)
    growth = [c for g in growths(results) for c in g.criteria()]
    records = records_memory(results)
    if results.activities:
        criteria |= activity_criteria(results.activities)
        growth += [c for g in activity_growths(results.activities).values() for c in g.criteria()]
    else:
        growth += skipped_activity_criteria()
    every = [c for cs in criteria.values() for c in cs] + [memory, index_criterion, *growth]
    every.append(records)
    every.sort(key=lambda c: c.goal)

    lines = [
        "# kkb on national-size data",
        "",
        f"Generated on {about['date'][0]} by:",
        "",
        "```sh",
        about["command"][0],
        "```",
        "",
        f"Each command ran as a whole process, round-robin with the others of its goal:"
        f" {warmup} untimed warm-up round, then {runs} timed rounds. Times are wall-clock"
        " seconds from start to exit (interpreter start-up and imports included); peak RSS is"
        " the process's own. Ratios divide medians. A MISS is a goal not met on this machine."
        f" The whole run, setup included, took {about['duration'][0]}.",
        "",
        "## Summary",
        "",
        "| goal | measured | value | target | result |",
        "|---:|---|---:|---|---|",
    ]
    for c in every:
        lines.append(f"| {c.goal_label} | {c.what} | {c.shown()} | {c.target} | **{c.result}** |")
    if WARNINGS:
        lines += ["", "## Warnings", "", *(f"- {line}" for line in WARNINGS)]
    lines += ["", "## Machine", "", *(f"- {line}" for line in about["machine"])]
    lines += ["", "## Data", "", *(f"- {line}" for line in about["data"])]
    lines += ["", "## How it was measured", "", *(f"- {line}" for line in about["method"])]

    s = results.startup
    lines += [
        "",
        "## Goal 1: `kkb progress` national and provinsi, within 1.25× a minimal Typer program",
        "",
        *goal_table(
            [
                (s["minimal Typer program"], [], "reference"),
                (s["kkb progress --scope ID"], criteria["kkb progress --scope ID"], ""),
                (s["kkb progress --scope 33"], criteria["kkb progress --scope 33"], ""),
            ]
        ),
        *commands_list(
            s, ["minimal Typer program", "kkb progress --scope ID", "kkb progress --scope 33"]
        ),
        "",
        "## Goal 2: `kkb export csv` at most half the time of `sqlite-utils rows --csv`,"
        " memory flat in the number of rows",
        "",
    ]
    rows: list[tuple[Command, list[Criterion], str]] = []
    for scale, group in results.exports.items():
        rows.append((group[f"sqlite-utils rows --csv (scale {scale})"], [], "reference"))
        kkb_label = f"kkb export csv (scale {scale})"
        rows.append((group[kkb_label], criteria[kkb_label], ""))
    lines += goal_table(rows)
    lines.append("")
    if memory.value is None:
        lines.append("Peak memory against the number of rows: not measured (no scale-10 run).")
    else:
        lines.append(
            f"Peak memory: kkb export at scale 10 ÷ scale 1: {memory.shown()}, goal"
            f" {memory.target}: **{memory.result}**. {su_memory}."
        )
    lines += ["", "Commands:", ""]
    for scale, group in results.exports.items():
        for label in (
            f"kkb export csv (scale {scale})",
            f"sqlite-utils rows --csv (scale {scale})",
        ):
            lines.append(f"- {label}: `{group[label].shown}`")
    i = results.imports
    import_rows: list[tuple[Command, list[Criterion], str]] = [
        (i["sqlite-utils insert --csv"], [], "reference (3×)"),
        (i["kkb import csv"], criteria["kkb import csv"], ""),
    ]
    import_labels = ["kkb import csv", "sqlite-utils insert --csv"]
    if results.shell:
        import_rows.insert(1, (i["sqlite3 shell .import --csv"], [], "reference (10×)"))
        import_labels.append("sqlite3 shell .import --csv")
    lines += [
        "",
        "## Goal 3: `kkb import csv` 3× faster than `sqlite-utils insert --csv`, within 10× the"
        " sqlite3 shell",
        "",
        *goal_table(import_rows),
    ]
    if not results.shell:
        lines += ["", "The sqlite3 shell row is left out: no sqlite3 shell of 3.32 or later."]
    lines += commands_list(i, import_labels)
    r = results.regions
    lines += [
        "",
        "## Goal 4: `kkb region import` 3× faster than `sqlite-utils insert --csv`",
        "",
        *goal_table(
            [
                (r["sqlite-utils insert --csv"], [], "reference"),
                (r["kkb region import"], criteria["kkb region import"], ""),
            ]
        ),
        *commands_list(r, ["kkb region import", "sqlite-utils insert --csv"]),
        "",
        "## Goal 5: `kkb --help` and `kkb progress` on the seed within 1.2× a minimal Typer"
        " program",
        "",
        *goal_table(
            [
                (s["minimal Typer program"], [], "reference"),
                (s["kkb --help"], criteria["kkb --help"], ""),
                (s["kkb progress (seed database)"], criteria["kkb progress (seed database)"], ""),
            ]
        ),
        "",
        "The minimal program's runs are the same as in goal 1 (one round-robin).",
        *commands_list(s, ["kkb --help", "kkb progress (seed database)"]),
        *misspelt_section(results, criteria),
        *bounded_section(results, criteria),
        *activities_sections(results, criteria, records),
        "",
        *plan_text,
    ]
    return "\n".join(lines)


LIMITS_HEAD = [
    "| command | runs | median s | min s | max s | peak RSS MiB (median) | peak RSS MiB (max)"
    " | goal | result |",
    "|---|---:|---:|---:|---:|---:|---:|---|---|",
]


def limits_table(rows: list[tuple[Command, list[Criterion], str]]) -> list[str]:
    """The hardening goals' table: one line per command, judged against fixed limits rather
    than against another command, so the worst peak RSS is shown beside the median."""
    lines = list(LIMITS_HEAD)
    for command, criteria, role in rows:
        t = command.times
        goal = "; ".join(c.target for c in criteria) if criteria else role
        result = "; ".join(f"**{c.result}**" for c in criteria)
        lines.append(
            f"| {command.label} | {len(t)} | {command.median:.3f} | {min(t):.3f} | {max(t):.3f}"
            f" | {command.rss_mib:.1f} | {max(command.rss) / 1024:.1f} | {goal} | {result} |"
        )
    return lines


def misspelt_section(results: Results, criteria: dict[str, list[Criterion]]) -> list[str]:
    files, names = results.files, results.names
    kota = (
        f"- `{files.kota.name}`: {KOTA_ROWS:,} made-up names `Tidakada 1` … `Tidakada"
        f" {KOTA_ROWS}`, imported with `--scope {KOTA}` (Kota Pekalongan, from kkb's seed)."
        if files.kota
        else f"- `unknown{short_count(KOTA_ROWS)}.csv`: not measured, the database has no {KOTA}."
    )
    return [
        "",
        f"## Misspelt names (hardening issue, item 5): {NAME_ROWS:,} unknown or misspelt names"
        f" refused in under {NAMES_SECONDS:g} s and {NAMES_RSS_MIB:g} MiB",
        "",
        "Each file goes into a fresh copy of goal 3's database (the national regions, scope ID,"
        f" no records) and must be refused whole: exit code {REFUSED}, stderr `Error: FILE: R of"
        f" R rows refused …`, the first {LISTED_REFUSALS} rows listed and a last line `… and"
        f" R-{LISTED_REFUSALS} more rows refused …`, and still no record. Every run is checked"
        " so. The files have the header `kelurahan,tahun` and the year 2024 on every row; the"
        f" random draws are seeded with {NAMES_SEED}, the same files every run.",
        "",
        f"- `{files.unknown.name}`: {NAME_ROWS:,} made-up names, {MADE_UP_LETTERS} random"
        " lowercase letters capitalised (kkb: `No desa/kelurahan named …`).",
        f"- `{files.typos.name}`: {NAME_ROWS:,} village names of the scale-1 region file, a fixed"
        " random sample, each with one inner letter dropped (kkb: `Did you mean …`, checked);"
        f" {files.left_out} sampled names were passed over because their typo is still part of"
        " a village name, which kkb would find.",
        f"- `{files.ambiguous.name}`: {NAME_ROWS:,} times `{files.ambiguous_name}`, the region"
        f" file's most repeated village name ({files.ambiguous_villages} villages; kkb: `There"
        " are N desa/kelurahan named …, in different kecamatan …`, checked).",
        kota,
        "",
        *limits_table([(c, criteria[c.label], "") for c in names.commands]),
        *commands_list(names, [c.label for c in names.commands]),
    ]


def growth_table(pairs: Sequence[Growth], what: str, missing: str) -> list[str]:
    """One line per pair: the peak RSS of the smaller and the larger, and both criteria."""
    lines = [
        f"| {what} | figures | sizes | peak RSS MiB | ratio | goal | result |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for pair in pairs:
        growth, cap = pair.criteria()
        sizes = " → ".join(pair.sizes)
        if pair.rss_mib is None:
            lines.append(
                f"| `{pair.what}` | {pair.how} | {sizes} | – | – | {growth.target};"
                f" {cap.target} | {missing} |"
            )
            continue
        lines.append(
            f"| `{pair.what}` | {pair.how} | {sizes}"
            f" | {pair.rss_mib[0]:.1f} → {pair.rss_mib[1]:.1f} | {growth.value:.2f}"
            f" | {growth.target}; {cap.target} | **{growth.result}**; **{cap.result}** |"
        )
    return lines


def bounded_section(results: Results, criteria: dict[str, list[Criterion]]) -> list[str]:
    files, bounded = results.files, results.bounded
    small, large = (bounded[import_label(files.big[rows], "--update")] for rows in BIG_ROWS)
    pairs = growths(results)
    lines = [
        "",
        "## Bounded input (hardening issue, item 6): an import's peak RSS does not grow with"
        f" its file and stays within {BOUNDED_RSS_MIB:g} MiB",
        "",
        f"{' and '.join(f'`{path.name}`' for path in files.big.values())}: the header"
        f" `kode,status,tahun`, then {' and '.join(f'{rows:,}' for rows in files.big)} rows"
        f" `CODE,formed,2023` cycling over the national database's {files.villages:,} village"
        " codes in code order, imported with `--update` into a fresh copy of that database."
        " Both repeat codes, so both must be refused after every row is read: exit code"
        f" {REFUSED}, `R of N rows refused` with N the file's rows and R at least N −"
        f" {files.villages:,} (every repeat), and the records unchanged. `/dev/zero` goes into a"
        f" fresh copy of goal 3's database and must be refused at once (exit code {REFUSED},"
        " `… is a device …`).",
        "",
        *limits_table(
            [
                (small, [], "smaller file"),
                (large, pairs[0].criteria(), ""),
                (bounded[DEVICE_LABEL], criteria[DEVICE_LABEL], ""),
            ]
        ),
        "",
        "Peak RSS of the same import for a larger file:",
        "",
        *growth_table(pairs, "import", "not measured (no scale-10 run)"),
        "",
        "The setup steps (one run each, through the same launcher, each into a new database"
        " after `kkb init --no-records`; the records after the regions and `scope set ID`):",
        "",
        "| setup step | scale | seconds | peak RSS MiB |",
        "|---|---:|---:|---:|",
    ]
    for scale, steps in results.steps.items():
        for step, measured in steps.items():
            lines.append(
                f"| kkb {step} | {scale} | {measured.seconds:.1f} | {measured.rss_kib / 1024:.1f} |"
            )
    labels = [small.label, large.label, DEVICE_LABEL]
    return lines + commands_list(bounded, labels)


# -- the activities issue's goals ----------------------------------------------------------


def activity_criteria(a: ActivityResults) -> dict[str, list[Criterion]]:
    """Goals "activities: progress" (warm against the minimal program; cold reported) and
    "activities: import" (100,000 rows against sqlite-utils, and its peak RSS), by label."""
    p = a.progress
    floor = p[MIN]
    out: dict[str, list[Criterion]] = {}
    for scope in PROGRESS_SCOPES:
        warm, cold = p[progress_label(scope, True)], p[progress_label(scope, False)]
        out[warm.label] = [
            Criterion(
                ACTIVITY_PROGRESS,
                f"{warm.label} ÷ minimal",
                ratio(warm, floor),
                PROGRESS_LIMIT,
                f"≤ {PROGRESS_LIMIT:.2f}",
                versus=MIN,
            )
        ]
        out[cold.label] = [
            Criterion(
                ACTIVITY_PROGRESS,
                f"{cold.label} ÷ minimal",
                ratio(cold, floor),
                None,
                "no target (the first report of a period)",
                versus=MIN,
            )
        ]
    k, reference = a.imports[KKB_ACTIVITY_IMPORT], a.imports[SU_ACTIVITY_IMPORT]
    out[k.label] = [
        Criterion(
            ACTIVITY_IMPORT,
            f"{k.label} ÷ sqlite-utils",
            ratio(k, reference),
            1.0,
            "< 1.00 (faster)",
            versus="sqlite-utils",
            strict=True,
        ),
        Criterion(
            ACTIVITY_IMPORT,
            f"{k.label}: peak RSS",
            k.rss_mib,
            ACTIVITY_RSS_MIB,
            f"< {ACTIVITY_RSS_MIB:g} MiB",
            f"{k.rss_mib:.1f} MiB",
            strict=True,
        ),
    ]
    return out


def activity_growths(a: ActivityResults) -> dict[int, Growth]:
    """The activity import's peak RSS, every activity (setup, once) against 100,000 rows
    (median); and the activity list's, a year against a month (medians)."""
    d = a.data
    small = a.imports[KKB_ACTIVITY_IMPORT]
    month, year = (a.lists[list_label(name)] for name in LIST_PERIODS)
    runs = f"median of {len(month.times)} timed run{'s' if len(month.times) != 1 else ''}"
    (month_name, _), (year_name, _) = LIST_PERIODS.items()
    return {
        ACTIVITY_IMPORT: Growth(
            "kkb activity import",
            f"{d.sample_rows:,} rows: {runs}; all: the setup, one run",
            (f"{d.sample_rows:,} rows", f"{d.rows:,} rows"),
            (small.rss_mib, d.step.rss_kib / 1024),
            goal=ACTIVITY_IMPORT,
            strict=True,
            cap=ACTIVITY_RSS_MIB,
        ),
        ACTIVITY_LIST: Growth(
            f"kkb activity list --scope {LIST_SCOPE}",
            runs,
            (
                f"{month_name}, {d.in_list[month_name]:,} activities",
                f"{year_name}, {d.in_list[year_name]:,} activities",
            ),
            (month.rss_mib, year.rss_mib),
            goal=ACTIVITY_LIST,
            strict=True,
            cap=ACTIVITY_RSS_MIB,
            grows="the period",
        ),
    }


def records_memory(results: Results) -> Criterion:
    """Goal "records import memory": goal 3's `kkb import csv` (its timed runs)."""
    command = results.imports["kkb import csv"]
    return Criterion(
        RECORDS_MEMORY,
        "kkb import csv records.csv (goal 3): peak RSS",
        command.rss_mib,
        ACTIVITY_RSS_MIB,
        f"< {ACTIVITY_RSS_MIB:g} MiB",
        f"{command.rss_mib:.1f} MiB",
        strict=True,
    )


def skipped_activity_criteria() -> list[Criterion]:
    """The activities goals' lines of the summary when --no-activities."""
    cap = f"< {ACTIVITY_RSS_MIB:g} MiB"
    growth = f"≤ {RSS_GROWTH_LIMIT:.2f}"
    return [
        Criterion(ACTIVITY_PROGRESS, "warm kkb progress ÷ minimal", None, PROGRESS_LIMIT,
                  f"≤ {PROGRESS_LIMIT:.2f}"),
        Criterion(ACTIVITY_IMPORT, "kkb activity import ÷ sqlite-utils", None, 1.0, "< 1.00"),
        Criterion(ACTIVITY_IMPORT, "kkb activity import: peak RSS", None, 0, cap),
        Criterion(ACTIVITY_IMPORT, "kkb activity import peak RSS, all ÷ 100,000 rows", None, 0,
                  growth),
        Criterion(ACTIVITY_LIST, "kkb activity list peak RSS, a year ÷ a month", None, 0, growth),
        Criterion(ACTIVITY_LIST, "kkb activity list peak RSS, a year", None, 0, cap),
    ]  # fmt: skip


def activities_sections(
    results: Results, criteria: dict[str, list[Criterion]], records: Criterion
) -> list[str]:
    a = results.activities
    lines = []
    if a is None:
        lines += [
            "",
            "## Activities (progress, import, list)",
            "",
            "Not measured: the run was given `--no-activities`.",
        ]
    else:
        lines += activity_progress_section(a, criteria)
        lines += activity_import_section(a, criteria)
    lines += [
        "",
        f"## Records import memory: goal 3's `kkb import csv` under {ACTIVITY_RSS_MIB:g} MiB",
        "",
        f"The runs of goal 3 (`{results.imports['kkb import csv'].shown}`, a fresh copy of a"
        " database with the national regions and no records each run), their peak RSS:",
        "",
        *limits_table([(results.imports["kkb import csv"], [records], "")]),
        "",
        "The same import in the setup (into the national database, one run each): "
        + "; ".join(
            f"scale {scale} {steps['import csv'].rss_kib / 1024:.1f} MiB"
            for scale, steps in results.steps.items()
        )
        + ".",
    ]
    if a is not None:
        lines += activity_list_section(a)
    return lines


def activity_progress_section(
    a: ActivityResults, criteria: dict[str, list[Criterion]]
) -> list[str]:
    d, p = a.data, a.progress
    rows: list[tuple[Command, list[Criterion], str]] = [(p[MIN], [], "reference")]
    for scope in PROGRESS_SCOPES:
        for warm in (True, False):
            label = progress_label(scope, warm)
            rows.append((p[label], criteria[label], ""))
    today = date.today()
    return [
        "",
        f"## Activities: `kkb progress` with {d.rows:,} activities{fewer(d)} within"
        f" {PROGRESS_LIMIT:g}× a minimal Typer program once the summaries are kept",
        "",
        f"The national database of goal 1 (regions, records), copied, with generate.py's"
        f" {d.rows:,} activities imported by `kkb activity import activities.csv` once, in the"
        f" setup: {d.step.seconds:.1f} s, peak RSS {d.step.rss_kib / 1024:.1f} MiB, through the"
        f" same launcher; {table_rows(d.database, 'activities'):,} activities and"
        f" {d.database.stat().st_size / 2**20:,.0f} MiB after it. `kkb progress` reports on the"
        f" 12 months to today ({d.progress_since} to {today}): "
        + ", ".join(f"{d.in_progress[s]:,} activities in scope {s}" for s in PROGRESS_SCOPES)
        + ", as counted from the file. For a provinsi kkb sums one summary per"
        " kabupaten/kota, for Indonesia one per provinsi (each summed from its"
        f" kabupaten/kota's), kept in `{SUMMARIES}` between reports on the same period. **Cold**:"
        f" before each run (not timed) `{DROP_SUMMARIES}` on the database, so the run"
        " computes and keeps every summary, as the first report of a new period does; no"
        " target, the figures are what that first report costs. **Warm**: the summaries kept"
        " (checked before the run); the target applies to it. In each round the cold runs come"
        " before the warm ones. Every run is checked: it prints the period's number of"
        " activities of its scope, and afterwards the summaries of every kabupaten/kota of the"
        " scope, and for Indonesia of every provinsi, are kept ("
        + ", ".join(f"{d.kept[s]} for {s}" for s in PROGRESS_SCOPES)
        + "). The minimal program is measured again in this round-robin.",
        "",
        *goal_table(rows),
        *commands_list(p, [command.label for command, _, _ in rows]),
        f"- the setup, once: `{a.setup_shown}`",
    ]


def fewer(d: ActivityData) -> str:
    """Said wherever the number of activities shows, when it is not the goals' (--quick)."""
    return f" (**fewer than the goals' {ACTIVITIES:,}**)" if d.rows < ACTIVITIES else ""


def activity_import_section(a: ActivityResults, criteria: dict[str, list[Criterion]]) -> list[str]:
    d, i = a.data, a.imports
    growth = activity_growths(a)[ACTIVITY_IMPORT]
    return [
        "",
        "## Activities: `kkb activity import` faster than `sqlite-utils insert --csv`, under"
        f" {ACTIVITY_RSS_MIB:g} MiB whatever the file's size",
        "",
        f"`{d.sample_csv.name}`: the first {d.sample_rows:,} rows of `{d.csv.name}`. kkb imports"
        " it into a fresh copy of the national database (regions and records, no activity) each"
        " run and must leave exactly the file's activities; sqlite-utils inserts it into a new"
        " file, one row per line. kkb checks every row (its Kampung KB formed by that day, the"
        " catalogue names, repeats) and keeps a history entry per activity; sqlite-utils only"
        " stores the text.",
        "",
        *goal_table(
            [
                (i[SU_ACTIVITY_IMPORT], [], "reference"),
                (i[KKB_ACTIVITY_IMPORT], criteria[KKB_ACTIVITY_IMPORT], ""),
            ]
        ),
        "",
        f"Peak RSS of the import of every activity ({d.rows:,} rows{fewer(d)}, the setup of the"
        " progress goal, one run) against the 100,000-row file's:",
        "",
        *growth_table([growth], "import", "not measured"),
        *commands_list(i, [KKB_ACTIVITY_IMPORT, SU_ACTIVITY_IMPORT]),
    ]


def activity_list_section(a: ActivityResults) -> list[str]:
    d, lists = a.data, a.lists
    growth = activity_growths(a)[ACTIVITY_LIST]
    month, year = (lists[list_label(name)] for name in LIST_PERIODS)
    return [
        "",
        f"## Activities: `kkb activity list` streams: a year's peak RSS ≤ {RSS_GROWTH_LIMIT:g}×"
        f" a month's, under {ACTIVITY_RSS_MIB:g} MiB",
        "",
        f"On the database of the progress goal ({d.rows:,} activities{fewer(d)}), scope"
        f" {LIST_SCOPE}, stdout"
        " to a file: "
        + "; ".join(
            f"{name} {since} to {until}, {d.in_list[name]:,} activities"
            for name, (since, until) in LIST_PERIODS.items()
        )
        + " (counted from the file). Every run is checked: one line per activity plus the"
        " header on stdout, and `N activities` on stderr with that number (hence `--lang en`).",
        "",
        *limits_table([(month, [], "the shorter period"), (year, [], "the longer period")]),
        "",
        *growth_table([growth], "listing", "not measured"),
        *commands_list(lists, [month.label, year.label]),
    ]


# -- description of the machine and the data ------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except (OSError, ValueError):
        pass
    return "RAM unknown"


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_lines(
    probe: dict[str, object], tools: dict[str, str | None], floor_rss_mib: float, load: str
) -> list[str]:
    versions: dict[str, str | None] = probe["versions"]  # type: ignore[assignment]
    shell = tools["sqlite3"]
    lines = [
        f"{platform.platform()}, {platform.machine()}",
        f"CPU: {cpu_model()}, {os.cpu_count()} logical CPUs; {memory_total()};"
        f" load average (1, 5, 15 min) {load} at the start, {load_average()} at the end"
        " (other work on the machine shows as spread between min and max)",
        f"kkb's Python: {probe['python']} ({probe['executable']}), SQLite {probe['sqlite']};"
        f" this script's Python: {platform.python_version()} ({sys.executable})",
        "kkb " + str(versions.get("kkb")) + f" ({tools['kkb']}, package at"
        f" {probe['kkb_cli_file']}); typer {versions.get('typer')}, click"
        f" {versions.get('click')}, rich {versions.get('rich')}",
        f"{version_line([str(tools['sqlite-utils']), '--version'])} ({tools['sqlite-utils']})",
        (
            f"sqlite3 shell {version_line([shell, '--version']).split()[0]} ({shell})"
            if shell
            else "sqlite3 shell: none of 3.32 or later, its row is left out"
        ),
        f"For scale: a bare `python -I -S -c pass` peaks at {floor_rss_mib:.1f} MiB measured"
        " the same way",
    ]
    return lines


def data_lines(
    data: dict[int, Data],
    regions: Path | None,
    seed_villages: int,
    import_regions: int,
    act: ActivityData | None,
) -> list[str]:
    lines = []
    for scale, d in data.items():
        summary = d.summary
        levels: dict[str, int] = summary["regions"]  # type: ignore[assignment]
        source = "synthetic" if summary["source"] == "synthetic" else f"`{summary['source']}`"
        lines.append(
            f"Scale {scale} (`generate.py{' --scale ' + str(scale) if scale != 1 else ''}`,"
            f" regions {source}, seed {summary['seed']}): {d.file_regions:,} regions"
            f" ({', '.join(f'{n:,} {level}' for level, n in levels.items())}),"
            f" {d.file_records:,} records ({summary['formed']:,} formed, {summary['planned']:,}"
            f" planned) for {summary['records_share']} of the villages;"
            f" regions.csv {d.regions_csv.stat().st_size / 2**20:.1f} MiB,"
            f" records.csv {d.records_csv.stat().st_size / 2**20:.1f} MiB"
        )
        lines.append(
            f"Scale {scale} national database (`init --no-records`, `region import`,"
            f" `scope set ID`, `import csv`): {d.villages:,} desa/kelurahan (the file's"
            f" {summary['villages']:,} plus {d.villages - int(summary['villages']):,} of the"  # type: ignore[call-overload]
            f" {seed_villages:,} kelurahan in kkb's seed that the file lacks) and"
            f" {d.records:,} records (the file's); {d.database.stat().st_size / 2**20:.0f} MiB"
        )
    if regions is None:
        lines.append("No --regions given: the national region list is generate.py's synthetic one")
    lines.append(
        f"Goal 3's database: `init --no-records`, `region import` of scale 1's regions.csv,"
        f" `scope set ID`: {import_regions:,} regions and no records, copied fresh for every run"
    )
    if act is None:
        lines.append("Activities: none (`--no-activities`)")
        return lines
    summary = act.summary
    years: dict[str, int] = summary["activities_by_year"]  # type: ignore[assignment]
    lines.append(
        f"Activities (`generate.py --activities {act.rows}`, scale 1, seed {summary['seed']}):"
        f" {act.rows:,} activities of the {summary['activities_kampung_kb']:,} formed Kampung KB of"
        f" records.csv, {summary['activities_from']} to {summary['activities_to']}"
        f" ({', '.join(f'{n:,} in {year}' for year, n in years.items())}), at most one a day"
        f" per Kampung KB; activities.csv {act.csv.stat().st_size / 2**20:.1f} MiB,"
        f" {act.sample_csv.name} (its first {act.sample_rows:,} rows)"
        f" {act.sample_csv.stat().st_size / 2**20:.1f} MiB"
        + (" (**a smaller number than the goals' 2,000,000**)" if act.rows < ACTIVITIES else "")
    )
    lines.append(
        f"Activities database: a copy of scale 1's national database with every activity"
        f" imported (`kkb activity import`): {act.database.stat().st_size / 2**20:,.0f} MiB"
    )
    return lines


def method_lines(probe: dict[str, object]) -> list[str]:
    compiled: dict[str, bool] = probe["compiled"]  # type: ignore[assignment]
    dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return [
        "Each command is forked and exec'd by a small launcher (`python -I -S -c …`) that times"
        " it from fork to `os.wait4` and reads its `ru_maxrss` there, so the peak RSS is the"
        " command's own, not this script's. The launcher's start-up is not in the time.",
        "Stdout goes to a file in the temporary folder (read back to check it), stderr to"
        " another; every run, warm-up included, is checked before its figures count: its"
        f" expected exit code (0, or {REFUSED} for the imports the hardening goals must see"
        " refused, checked as their sections say); progress and help print something; export"
        " files have one line per village of the scope plus the header (kkb writes villages"
        " without a record too), `sqlite-utils rows` one per record plus the header; imports"
        " leave exactly the file's rows in the table (kkb region import: the file's regions"
        " and the seed's).",
        "The minimal Typer program is the issue's (`Typer()`, one command printing a two-column"
        " Rich `Table`), written as a module, compiled with `python -m py_compile` by kkb's"
        " Python, and started by a three-line script that imports it, as kkb's console script"
        " imports kkb: same Python, same environment"
        f" (PYTHONDONTWRITEBYTECODE={dont_write!r} here), bytecode for both."
        " Bytecode present for: "
        + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in compiled.items()),
        "`kkb import csv` goes into a fresh copy of a database holding the national regions"
        " (scope ID) and no records; sqlite-utils and the sqlite3 shell into a new empty file."
        " `kkb region import` goes into a new file (kkb makes it from its seed first).",
        "kkb export writes with `--output FILE`; `sqlite-utils rows` writes to stdout, a file.",
    ]


# -- main ------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="run.py", description=(__doc__ or "").splitlines()[0] if __doc__ else None
    )
    parser.add_argument("--regions", type=Path, metavar="PATH", help="a real region list CSV")
    parser.add_argument("--runs", type=int, help=f"timed rounds (default {DEFAULT_RUNS})")
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first (default 1)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke run: {QUICK_RUNS} runs, no scale 10, {QUICK_ACTIVITIES:,} activities",
    )
    parser.add_argument("--no-scale10", action="store_true", help="skip the scale-10 export")
    parser.add_argument(
        "--activities",
        type=int,
        metavar="N",
        help=f"activities for the activities goals (default {ACTIVITIES:,};"
        f" {QUICK_ACTIVITIES:,} with --quick)",
    )
    parser.add_argument(
        "--no-activities", action="store_true", help="skip the activities issue's goals"
    )
    parser.add_argument("--kkb", metavar="PATH", help="the kkb to measure (default: on PATH)")
    parser.add_argument("--sqlite-utils", metavar="PATH", help="default: on PATH")
    parser.add_argument("--sqlite3", metavar="PATH", help="the sqlite3 shell (default: on PATH)")
    parser.add_argument("--write", type=Path, metavar="FILE", help="write the Markdown here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = QUICK_RUNS if args.quick else DEFAULT_RUNS
    if args.quick:
        args.no_scale10 = True
    if args.activities is None:
        args.activities = QUICK_ACTIVITIES if args.quick else ACTIVITIES
    if args.activities < 1:
        parser.error("--activities must be at least 1 (--no-activities skips those goals)")
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    if args.regions and not args.regions.is_file():
        parser.error(f"{args.regions} is not a file")
    return args


def probe_kkb(python: str, work: Path) -> dict[str, object]:
    done = subprocess.run(
        [python, "-c", PROBE], capture_output=True, text=True, cwd=work, check=False
    )
    if done.returncode != 0:
        raise BenchError(f"kkb's Python {python} cannot import kkb_cli:\n{done.stderr}")
    found: dict[str, object] = json.loads(done.stdout)
    location = Path(str(found["kkb_cli_file"]))
    compiled: dict[str, bool] = found["compiled"]  # type: ignore[assignment]
    if "site-packages" not in location.parts and location.parent.parent.name == "src":
        warn(
            f"kkb runs from a source checkout ({location}), an editable install;"
            " with PYTHONDONTWRITEBYTECODE set, kkb is recompiled on every run and start-up"
            " times are distorted. Measure a normal install: pip install . sqlite-utils"
        )
    if not all(compiled.values()):
        warn(f"modules without bytecode (start-up times will suffer): {compiled}")
    return found


def build_groups(
    tools: dict[str, str | None],
    minimal: list[str],
    seed: Path,
    data: dict[int, Data],
    empty: Path,
    empty_regions: int,
    region_rows: int,
    files: HardeningFiles,
    work: Path,
    act: ActivityData | None,
) -> Results:
    kkb, su = str(tools["kkb"]), str(tools["sqlite-utils"])
    shell = tools["sqlite3"]
    national = data[1]

    def show(argv: Sequence[str]) -> str:
        text = shlex.join(argv)
        for path, name in ((str(work), "TMP"), (kkb, "kkb"), (su, "sqlite-utils")):
            text = text.replace(path, name)
        if shell:
            text = text.replace(shell, "sqlite3")
        return text.replace(minimal[0], "python")

    def fixed(label: str, argv: list[str], check: Callable[[Path], None]) -> Command:
        return Command(label, show(argv), lambda run: argv, check)

    nat = ["--db", str(national.database)]
    startup = Group(
        "startup",
        [
            fixed("minimal Typer program", minimal, expect_stdout),
            fixed(
                "kkb progress --scope ID", [kkb, *nat, "progress", "--scope", "ID"], expect_stdout
            ),
            fixed(
                "kkb progress --scope 33", [kkb, *nat, "progress", "--scope", "33"], expect_stdout
            ),
            fixed("kkb --help", [kkb, "--help"], expect_stdout),
            fixed(
                "kkb progress (seed database)", [kkb, "--db", str(seed), "progress"], expect_stdout
            ),
        ],
    )

    exports = {}
    for scale, d in data.items():

        def kkb_export(run: Path, database: Path = d.database) -> list[str]:
            output = run / "export.csv"
            return [kkb, "--db", str(database), "export", "csv", "--scope", "ID", "--output",
                    str(output)]  # fmt: skip

        kkb_shown = show(
            [kkb, "--db", str(d.database), "export", "csv", "--scope", "ID", "--output", "FILE"]
        )
        su_argv = [su, "rows", str(d.database), "kampung_kb", "--csv"]
        exports[scale] = Group(
            f"export-scale{scale}",
            [
                Command(
                    f"kkb export csv (scale {scale})",
                    kkb_shown,
                    kkb_export,
                    expect_lines("export.csv", d.villages + 1),
                ),
                Command(
                    f"sqlite-utils rows --csv (scale {scale})",
                    show(su_argv) + " > FILE",
                    lambda run, argv=su_argv: argv,
                    expect_lines("stdout.txt", d.records + 1),
                ),
            ],
        )

    records_csv = str(national.records_csv)

    def kkb_import(run: Path) -> list[str]:
        shutil.copyfile(empty, run / "kkb.db")
        return [kkb, "--db", str(run / "kkb.db"), "import", "csv", records_csv]

    import_commands = [
        Command(
            "kkb import csv",
            show([kkb, "--db", "COPY.db", "import", "csv", records_csv]),
            kkb_import,
            expect_rows("kkb.db", "kampung_kb", national.file_records),
        ),
        Command(
            "sqlite-utils insert --csv",
            show([su, "insert", "NEW.db", "kampung_kb", records_csv, "--csv"]),
            lambda run: [su, "insert", str(run / "new.db"), "kampung_kb", records_csv, "--csv"],
            expect_rows("new.db", "kampung_kb", national.file_records),
        ),
    ]
    if shell:
        dot_import = f".import --csv {records_csv} kampung_kb"
        import_commands.append(
            Command(
                "sqlite3 shell .import --csv",
                show([shell, "NEW.db", dot_import]),
                lambda run: [shell, str(run / "new.db"), dot_import],
                expect_rows("new.db", "kampung_kb", national.file_records),
            )
        )
    imports = Group("import", import_commands)

    regions_csv = str(national.regions_csv)
    regions = Group(
        "region-import",
        [
            Command(
                "kkb region import",
                show([kkb, "--db", "NEW.db", "region", "import", regions_csv]),
                lambda run: [kkb, "--db", str(run / "new.db"), "region", "import", regions_csv],
                expect_rows("new.db", "regions", empty_regions),
            ),
            Command(
                "sqlite-utils insert --csv",
                show([su, "insert", "NEW.db", "regions", regions_csv, "--csv"]),
                lambda run: [su, "insert", str(run / "new.db"), "regions", regions_csv, "--csv"],
                expect_rows("new.db", "regions", region_rows),
            ),
        ],
    )
    names = names_group(kkb, show, empty, files)
    bounded = bounded_group(kkb, show, empty, national, files)
    steps = {scale: d.steps for scale, d in data.items()}
    activities = activity_groups(kkb, su, show, minimal, national, act) if act else None
    return Results(
        startup, exports, imports, regions, shell, names, bounded, files, steps, activities
    )


DEVICE_LABEL = "kkb import csv /dev/zero"


def import_label(path: Path, *options: str) -> str:
    return " ".join(["kkb import csv", path.name, *options])


def refused_import(
    kkb: str,
    show: Callable[[Sequence[str]], str],
    label: str,
    database: Path,
    arguments: list[str],
    check: Callable[[Path], None],
) -> Command:
    """`kkb import csv ARGUMENTS` into a fresh copy of database, which must refuse it (exit 1).
    With `--lang en`, so that the checks read kkb's English messages whatever the locale."""

    def argv(db: str) -> list[str]:
        return [kkb, "--lang", "en", "--db", db, "import", "csv", *arguments]

    def build(run: Path) -> list[str]:
        shutil.copyfile(database, run / "kkb.db")
        return argv(str(run / "kkb.db"))

    return Command(label, show(argv("COPY.db")), build, check, exit_code=REFUSED)


def names_group(
    kkb: str, show: Callable[[Sequence[str]], str], empty: Path, files: HardeningFiles
) -> Group:
    """Goal "misspelt names": each file into a fresh copy of goal 3's database (the national
    regions, scope ID, no records), refused whole with every row counted."""
    commands = [
        refused_import(
            kkb,
            show,
            import_label(path),
            empty,
            [str(path)],
            expect_refused("kkb.db", 0, NAME_ROWS, NAME_ROWS, says),
        )
        for path, says in (
            (files.unknown, "No desa/kelurahan named"),
            (files.typos, "Did you mean"),
            (files.ambiguous, "in different kecamatan"),
        )
    ]
    if files.kota:
        commands.append(
            refused_import(
                kkb,
                show,
                import_label(files.kota, "--scope", KOTA),
                empty,
                [str(files.kota), "--scope", KOTA],
                expect_refused("kkb.db", 0, KOTA_ROWS, KOTA_ROWS, "No kelurahan named"),
            )
        )
    return Group("misspelt-names", commands)


def bounded_group(
    kkb: str,
    show: Callable[[Sequence[str]], str],
    empty: Path,
    national: Data,
    files: HardeningFiles,
) -> Group:
    """Goal "bounded input": the big files into a fresh copy of the national database, with
    --update (every repeat of a code is refused, after all rows are read), and /dev/zero into
    a copy of goal 3's, refused before a byte is read."""
    commands = [
        refused_import(
            kkb,
            show,
            import_label(path, "--update"),
            national.database,
            [str(path), "--update"],
            expect_refused("kkb.db", national.records, rows, rows - files.villages),
        )
        for rows, path in files.big.items()
    ]
    commands.append(
        refused_import(
            kkb,
            show,
            DEVICE_LABEL,
            empty,
            ["/dev/zero"],
            expect_error("kkb.db", 0, "is a device"),
        )
    )
    return Group("bounded-input", commands)


@dataclass
class ActivityResults:
    """The groups of the activities goals, and their data."""

    data: ActivityData
    setup_shown: str  # the import of every activity, as the report shows it
    progress: Group  # minimal program; kkb progress per scope, cold then warm
    imports: Group  # activities100k.csv: kkb activity import, sqlite-utils insert
    lists: Group  # kkb activity list --scope LIST_SCOPE, per LIST_PERIODS


def progress_label(scope: str, warm: bool) -> str:
    return f"kkb progress --scope {scope} ({'warm' if warm else 'cold'})"


def list_label(period: str) -> str:
    return f"kkb activity list --scope {LIST_SCOPE}, {period}"


KKB_ACTIVITY_IMPORT = "kkb activity import activities100k.csv"
SU_ACTIVITY_IMPORT = "sqlite-utils insert --csv activities100k.csv"


def kept_summaries(database: Path, scope: str) -> int:
    low, high = scope_bounds(scope)
    where = f"region_code > '{low}' AND region_code < '{high}'"
    return count(database, f"SELECT count(*) FROM {SUMMARIES} WHERE {where}")  # noqa: S608


def drop_summaries(database: Path) -> None:
    """What makes the next report on a provinsi or Indonesia cold: no kept summaries."""
    conn = sqlite3.connect(database)
    try:
        with conn:
            conn.execute(DROP_SUMMARIES)
    finally:
        conn.close()


def expect_progress(act: ActivityData, scope: str) -> Callable[[Path], None]:
    """`kkb progress` with activities: it printed the period's activities of the scope as
    counted from the file (grouped either way: 12,345 or 12.345), and the summaries of every
    kabupaten/kota of the scope are kept afterwards, so that the next report is warm."""

    def check(run: Path) -> None:
        expect_stdout(run)
        shown = act.in_progress[scope]
        out = (run / "stdout.txt").read_text(encoding="utf-8", errors="replace")
        if shown and f"{shown:,}" not in out and f"{shown:,}".replace(",", ".") not in out:
            raise BenchError(f"{run}: the report does not show the period's {shown:,} activities")
        kept = kept_summaries(act.database, scope)
        if kept != act.kept[scope]:
            raise BenchError(f"{run}: {kept:,} summaries kept for {scope}, not {act.kept[scope]:,}")

    return check


def expect_listed(rows: int) -> Callable[[Path], None]:
    """`kkb activity list`: a header line and one line per activity on stdout, and the count
    on stderr (`N activities`, with --lang en)."""

    def check(run: Path) -> None:
        expect_lines("stdout.txt", rows + 1)(run)
        said = (run / "stderr.txt").read_text(encoding="utf-8", errors="replace").strip()
        counted = re.fullmatch(
            r"([\d,]+) activit(?:y|ies)\.?", said.splitlines()[-1] if said else ""
        )
        if not counted or int(counted[1].replace(",", "")) != rows:
            raise BenchError(f"{run}: stderr does not say {rows:,} activities: {said[-300:]!r}")

    return check


def always(argv: list[str]) -> Callable[[Path], list[str]]:
    """A Command's build for a command line that is the same every run."""
    return lambda run: argv


def activity_groups(
    kkb: str,
    su: str,
    show: Callable[[Sequence[str]], str],
    minimal: list[str],
    national: Data,
    act: ActivityData,
) -> ActivityResults:
    db = ["--db", str(act.database)]
    progress = [Command(MIN, show(minimal), lambda run: minimal, expect_stdout)]
    for warm in (False, True):  # the cold runs first: each round's warm runs follow them
        for scope in PROGRESS_SCOPES:
            argv = [kkb, *db, "progress", "--scope", scope]

            def build(
                run: Path, argv: list[str] = argv, warm: bool = warm, scope: str = scope
            ) -> list[str]:
                if not warm:
                    drop_summaries(act.database)
                elif kept_summaries(act.database, scope) != act.kept[scope]:
                    raise BenchError(f"{act.database}: the summaries of {scope} are not kept")
                return argv

            shown = show(argv)
            if not warm:
                shown = f"sqlite3 DB '{DROP_SUMMARIES}' (not timed), then {shown}"
            progress.append(
                Command(progress_label(scope, warm), shown, build, expect_progress(act, scope))
            )

    sample = str(act.sample_csv)

    def kkb_import(run: Path) -> list[str]:
        shutil.copyfile(national.database, run / "kkb.db")
        return [kkb, "--db", str(run / "kkb.db"), "activity", "import", sample]

    imports = Group(
        "activity-import",
        [
            Command(
                KKB_ACTIVITY_IMPORT,
                show([kkb, "--db", "COPY.db", "activity", "import", sample]),
                kkb_import,
                expect_rows("kkb.db", "activities", act.sample_rows),
            ),
            Command(
                SU_ACTIVITY_IMPORT,
                show([su, "insert", "NEW.db", "activities", sample, "--csv"]),
                lambda run: [su, "insert", str(run / "new.db"), "activities", sample, "--csv"],
                expect_rows("new.db", "activities", act.sample_rows),
            ),
        ],
    )
    lists = []
    for name, (since, until) in LIST_PERIODS.items():
        argv = [kkb, "--lang", "en", *db, "activity", "list", "--scope", LIST_SCOPE,
                "--from", since.isoformat(), "--to", until.isoformat()]  # fmt: skip
        lists.append(
            Command(
                list_label(name),
                show(argv) + " > FILE",
                always(argv),
                expect_listed(act.in_list[name]),
            )
        )
    setup = show([kkb, *db, "activity", "import", str(act.csv)])
    return ActivityResults(
        act, setup, Group("activity-progress", progress), imports, Group("activity-list", lists)
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    if platform.system() != "Linux":
        warn("ru_maxrss is read as KiB, which holds on Linux only")
    kkb = executable("kkb", args.kkb)
    su = executable("sqlite-utils", args.sqlite_utils)
    if not kkb or not su:
        sys.exit(
            "run.py: kkb and sqlite-utils must be installed, e.g. in a virtualenv:"
            " pip install . sqlite-utils (a normal install, not -e), then put its bin on PATH"
            " or pass --kkb and --sqlite-utils"
        )
    shell = executable("sqlite3", args.sqlite3)
    if shell and shell_version(shell)[:2] < SHELL_CSV_IMPORT:
        log(f"note: {shell} is older than 3.32 (no .import --csv); its row is left out")
        shell = None
    tools = {"kkb": kkb, "sqlite-utils": su, "sqlite3": shell}
    python = python_of(kkb)
    log(f"kkb: {kkb} (Python {python}); sqlite-utils: {su}; sqlite3 shell: {shell}")

    work = Path(tempfile.mkdtemp(prefix="kkb-bench-run-"))
    keep = args.keep
    try:
        load_at_start = load_average()
        probe = probe_kkb(python, work)
        minimal = minimal_program(python, work)
        seed = work / "seed.db"
        setup_run([kkb, "--db", str(seed), "init"], "seed database", work)
        seed_codes = database_codes(seed)
        seed_villages = count(seed, "SELECT count(*) FROM regions WHERE level = 'desa_kelurahan'")

        data: dict[int, Data] = {}
        scales = [1] if args.no_scale10 else [1, 10]
        for scale in scales:
            folder = work / f"gen{scale}"
            activities = args.activities if scale == 1 and not args.no_activities else 0
            summary = generate(
                folder, args.regions if scale == 1 else None, scale, work, activities
            )
            data[scale] = national_database(kkb, folder, summary, seed_codes, work)
        empty, empty_regions = empty_national(kkb, data[1], work)
        region_rows = data[1].file_regions
        if empty_regions != len(file_codes(data[1].regions_csv) | seed_codes):
            raise BenchError(f"{empty}: {empty_regions:,} regions, not the file's and the seed's")

        files = hardening_files(work / "hardening", data[1], empty)
        act = None if args.no_activities else activity_setup(kkb, data[1], work)
        results = build_groups(
            tools, minimal, seed, data, empty, empty_regions, region_rows, files, work, act
        )
        groups = [results.startup, *results.exports.values(), results.imports, results.regions,
                  results.names, results.bounded]  # fmt: skip
        if results.activities:
            a = results.activities
            groups += [a.progress, a.imports, a.lists]
        for group in groups:
            run_group(group, args.runs, args.warmup, work)

        floor_run = work / "runs" / "floor"
        floor_run.mkdir(parents=True)
        floor_rss = statistics.median(
            measure([python, "-I", "-S", "-c", "pass"], floor_run, work).rss_kib for _ in range(3)
        )
        log("== query plans")
        done = subprocess.run(
            [python, "-c", PLANS, str(data[1].database), str(date.today().year),
             date.today().isoformat()],
            capture_output=True, text=True, cwd=work,
        )  # fmt: skip
        plans = json.loads(done.stdout) if done.returncode == 0 else None
        if plans is None:
            warn(f"the query plans could not be read: {done.stderr.strip()[-500:]}")
        about = {
            "date": [datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")],
            "command": [shlex.join(["python", *sys.argv])],
            "machine": machine_lines(probe, tools, floor_rss / 1024, load_at_start),
            "data": data_lines(data, args.regions, seed_villages, empty_regions, act),
            "method": method_lines(probe),
            "duration": [f"{(time.perf_counter() - started) / 60:.1f} minutes"],
        }
        markdown = report(results, about, plans, args.runs, args.warmup)
    except (BenchError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or ""
        log(f"benchmark failed: {error}\n{detail}files kept in {work}")
        return 1
    except KeyboardInterrupt:
        log(f"interrupted; files kept in {work}")
        return 130
    if keep:
        log(f"files kept in {work}")
    else:
        shutil.rmtree(work)
    if args.write:
        args.write.write_text(markdown, encoding="utf-8")
        log(f"wrote {args.write}")
    else:
        print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
