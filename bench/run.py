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
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATE = HERE / "generate.py"
SHELL_CSV_IMPORT = (3, 32)  # the sqlite3 shell learnt `.import --csv` in 3.32
RSS_GROWTH_LIMIT = 1.2  # "does not grow": at most this much more memory for 10x the rows
DEFAULT_RUNS, QUICK_RUNS = 7, 2

# The framework's floor: a minimal Typer program that prints one Rich table (the text).
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
for name in ("kkb_cli", "kkb_cli.storage.repository", "typer", "rich.console"):
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
from kkb_cli.storage import counts, repository
queries, problems = [], []
for module, names in (
    (counts, ("GROUPED_RECORDS", "GROUPED_ATTRIBUTES", "GROUPED_VILLAGES")),
    (repository, ("_FORMED_LATER", "_ANSWERS_OF_FORMED_LATER", "_ANSWERED_LATER")),
):
    for name in names:
        sql = getattr(module, name, None)
        label = module.__name__.rsplit(".", 1)[-1] + "." + name
        if isinstance(sql, str):
            queries.append((label, sql))
        else:
            problems.append(label + " not found")
try:
    tree = ast.parse(textwrap.dedent(inspect.getsource(repository.Repository._read_snapshot)))
    strings = {}
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            strings[node.targets[0].id] = node.value.value
    calls = sorted(
        (node for node in ast.walk(tree) if isinstance(node, ast.Call)
         and isinstance(node.func, ast.Attribute) and node.func.attr == "execute"
         and node.args and isinstance(node.args[0], ast.JoinedStr)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    for call in calls:
        parts = []
        for value in call.args[0].values:
            if isinstance(value, ast.Constant):
                parts.append(value.value)
            elif (isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name)
                    and value.value.id in strings):
                parts.append(strings[value.value.id])
            else:
                parts = None
                break
        if parts:
            sql = "".join(parts)
            table = re.search(r"\\bFROM\\s+(\\w+)", sql, re.IGNORECASE)
            queries.append(("counted ahead: " + (table.group(1) if table else "?"), sql))
    if not calls:
        problems.append("no counted-ahead reads found in Repository._read_snapshot")
except Exception as error:
    problems.append(f"counted-ahead reads: {type(error).__name__}: {error}")
scopes = {"ID": {"low": "0", "high": ":", "length": 2},
          "33": {"low": "33.", "high": "33/", "length": 5}}
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


def measure(argv: Sequence[str], run: Path, cwd: Path) -> Measured:
    """Run argv through LAUNCHER; stdout to run/stdout.txt, stderr to run/stderr.txt."""
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
    if found["exit"] != 0:
        error = (run / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        raise BenchError(f"exit code {found['exit']} from {shlex.join(argv)}:\n{error[-2000:]}")
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
            measured = measure(argv, run, work)
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

    @property
    def file_records(self) -> int:
        return int(self.summary["records"])  # type: ignore[call-overload]

    @property
    def file_regions(self) -> int:
        return sum(self.summary["regions"].values())  # type: ignore[attr-defined,no-any-return]


def generate(folder: Path, regions: Path | None, scale: int, work: Path) -> dict[str, object]:
    argv = [sys.executable, str(GENERATE), str(folder)]
    if regions:
        argv += ["--regions", str(regions)]
    if scale != 1:
        argv += ["--scale", str(scale)]
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
    the way of the file's when the region list is the real one."""
    database = folder / "national.db"
    regions_csv, records_csv = folder / "regions.csv", folder / "records.csv"
    db = ["--db", str(database)]
    setup_run([kkb, *db, "init", "--no-records"], f"{folder.name} init --no-records", work)
    setup_run([kkb, *db, "region", "import", str(regions_csv)], f"{folder.name} regions", work)
    setup_run([kkb, *db, "scope", "set", "ID"], f"{folder.name} scope ID", work)
    setup_run([kkb, *db, "import", "csv", str(records_csv)], f"{folder.name} records", work)
    data = Data(
        folder=folder,
        summary=summary,
        database=database,
        villages=count(database, "SELECT count(*) FROM regions WHERE level = 'desa_kelurahan'"),
        records=table_rows(database, "kampung_kb"),
        regions_csv=regions_csv,
        records_csv=records_csv,
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
    goal: int  # the goal number; 6: "queries use indexes"
    what: str
    value: float | None  # None: not measured
    limit: float  # PASS when value <= limit
    target: str
    measured: str = ""  # how value is shown, when not a plain ratio
    versus: str = ""  # what a ratio is taken against, for the goal tables

    @property
    def goal_label(self) -> str:
        return str(self.goal) if self.goal <= 5 else "also"

    @property
    def result(self) -> str:
        if self.value is None:
            return "not measured"
        return "PASS" if self.value <= self.limit else "MISS"

    def shown(self) -> str:
        if self.measured:
            return self.measured
        if self.value is None:
            return "–"
        text = f"{self.value:.2f}"
        return f"{self.value:.3f}" if text == f"{self.limit:.2f}" else text


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
                    "; ".join(f"{c.shown()}× {c.versus}" for c in criteria),
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
        return lines, Criterion(6, "queries use indexes", None, 0, "no full table scan")
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
        6,
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


MIN = "minimal Typer program"


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
    every = [c for cs in criteria.values() for c in cs] + [memory, index_criterion]
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
        "",
        *plan_text,
    ]
    return "\n".join(lines)


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
    data: dict[int, Data], regions: Path | None, seed_villages: int, import_regions: int
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
    return lines


def method_lines(probe: dict[str, object]) -> list[str]:
    compiled: dict[str, bool] = probe["compiled"]  # type: ignore[assignment]
    dont_write = os.environ.get("PYTHONDONTWRITEBYTECODE")
    return [
        "Each command is forked and exec'd by a small launcher (`python -I -S -c …`) that times"
        " it from fork to `os.wait4` and reads its `ru_maxrss` there, so the peak RSS is the"
        " command's own, not this script's. The launcher's start-up is not in the time.",
        "Stdout goes to a file in the temporary folder (read back to check it), stderr to"
        " another; every run, warm-up included, is checked before its figures count: exit code"
        " 0; progress and help print something; export files have one line per village of the"
        " scope plus the header (kkb writes villages without a record too), `sqlite-utils rows`"
        " one per record plus the header; imports leave exactly the file's rows in the table"
        " (kkb region import: the file's regions and the seed's).",
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
        "--quick", action="store_true", help=f"smoke run: {QUICK_RUNS} runs, no scale 10"
    )
    parser.add_argument("--no-scale10", action="store_true", help="skip the scale-10 export")
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
    work: Path,
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
    return Results(startup, exports, imports, regions, shell)


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
            summary = generate(folder, args.regions if scale == 1 else None, scale, work)
            data[scale] = national_database(kkb, folder, summary, seed_codes, work)
        empty, empty_regions = empty_national(kkb, data[1], work)
        region_rows = data[1].file_regions
        if empty_regions != len(file_codes(data[1].regions_csv) | seed_codes):
            raise BenchError(f"{empty}: {empty_regions:,} regions, not the file's and the seed's")

        results = build_groups(tools, minimal, seed, data, empty, empty_regions, region_rows, work)
        for group in (results.startup, *results.exports.values(), results.imports,
                      results.regions):  # fmt: skip
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
            "data": data_lines(data, args.regions, seed_villages, empty_regions),
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
