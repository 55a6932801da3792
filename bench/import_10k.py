#!/usr/bin/env python3
"""Benchmark `kkb import csv` of 10,000 rows against `sqlite-utils insert --csv` of the same file.

Every tool runs as a whole process, as a user would run it, so the figures include interpreter
start-up and imports. Each run starts from a fresh copy of the same prepared database (kkb) or
a fresh empty file (sqlite-utils, sqlite3). Wall time is measured around the child process;
peak memory is the child's own ru_maxrss, read with os.wait4 by a small launcher process (see
LAUNCHER for why not by this script).

Standard library only. Usage (from the repository root, with kkb and sqlite-utils installed):

    python bench/import_10k.py                      # 5 runs each, table on stdout
    python bench/import_10k.py --runs 10 --write bench/RESULTS.md

Nothing here is asserted in the test suite: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROWS = 10_000
KOTA = "33.75"  # Kota Pekalongan, in kkb's seed
KECAMATAN = range(10, 60)  # 50 synthetic kecamatan: 33.75.10 … 33.75.59
VILLAGES_PER_KECAMATAN = 200  # 33.75.CC.1001 … 33.75.CC.1200
YEARS = range(2016, 2026)
SEED = 20261127
TABLE = "kampung_kb"
REFERENCE = "sqlite-utils insert --csv"  # the tool the ratios are taken against
SHELL_CSV_IMPORT = (3, 32)  # the sqlite3 shell learnt `.import --csv` in 3.32
HEADER = ("status", "year", "date", "name", "sk_number", "note")

# Names and notes with commas, quotes and non-ASCII text, so the CSV needs real quoting.
NAMES = (
    "Kampung KB Sejahtera",
    'Kampung KB "Harapan", RW 03',
    "Kampung KB Maju, Bersama",
    "Kampung KB Mawar",
    'KB "Melati"',
    "",
)
NOTES = (
    "",
    "Dicanangkan oleh Wali Kota",
    'Catatan: "SK menyusul", cek lagi',
    "Pokja aktif; rapat tiap bulan, RT 01–05",
    "Perlu pendampingan PKB/PLKB",
)


# Prepares one run in its own folder: returns the command line and the database it writes.
Command = Callable[[Path], tuple[list[str], Path]]
# Raises BenchError when a run's database does not hold what the run should have written.
Check = Callable[[Path], None]


@dataclass
class Tool:
    label: str
    command: Command
    check: Check
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)


class BenchError(RuntimeError):
    """A tool failed or did not import what it should have: the figures would mean nothing."""


# -- the data ------------------------------------------------------------------------------


def synthetic_villages() -> list[tuple[str, str, str]]:
    """(kecamatan code, village code, village name) for every synthetic village, in order."""
    villages = []
    for cc in KECAMATAN:
        for vvvv in range(1001, 1001 + VILLAGES_PER_KECAMATAN):
            villages.append((f"{KOTA}.{cc}", f"{KOTA}.{cc}.{vvvv}", f"Bench {cc}-{vvvv}"))
    return villages


def add_regions(database: Path) -> None:
    """Insert the synthetic kecamatan and villages straight into `regions`: kkb has no command
    to load regions yet (a later issue), so this is the only way to have 10,000 villages."""
    villages = synthetic_villages()
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, 'kecamatan', ?)",
            [(f"{KOTA}.{cc}", f"Kecamatan Bench {cc}", KOTA) for cc in KECAMATAN],
        )
        conn.executemany(
            "INSERT INTO regions (code, name, level, parent_code)"
            " VALUES (?, ?, 'desa_kelurahan', ?)",
            [(code, name, kecamatan) for kecamatan, code, name in villages],
        )
        orphans = conn.execute("PRAGMA foreign_key_check").fetchall()
    conn.close()
    if orphans:
        raise BenchError(f"{database}: regions without their parent: {orphans[:3]}")


def synthetic_rows(today: date) -> list[dict[str, str]]:
    """One row per synthetic village: mostly formed (about half of all rows with a date in
    their year), some planned; deterministic for a given SEED."""
    rng = random.Random(SEED)
    rows = []
    for _, code, name in synthetic_villages():
        year = rng.choice(YEARS)
        planned = rng.random() < 0.2
        day = sk_number = ""
        if not planned and rng.random() < 0.625:
            when = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            day = min(when, today).isoformat()
        if rng.random() < 0.5:
            sk_number = f"400/{rng.randrange(1, 1000):03d}/{year}"
        rows.append(
            {
                "code": code,
                "village": name,
                "status": "planned" if planned else rng.choice(("formed", "terbentuk")),
                "year": str(year),
                "date": day,
                "name": rng.choice(NAMES),
                "sk_number": sk_number,
                "note": rng.choice(NOTES),
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], village_column: str) -> None:
    """The rows as `kkb import csv` reads them; `village_column` is kelurahan_code or
    kelurahan (the village's name, the slower lookup)."""
    key = "code" if village_column == "kelurahan_code" else "village"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow((village_column, *HEADER))
        for row in rows:
            writer.writerow((row[key], *(row[column] for column in HEADER)))


# -- checks after each run -----------------------------------------------------------------


def count(database: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def check_kkb(rows: list[dict[str, str]]) -> Check:
    """A check that the kkb database holds exactly the file's 10,000 records, field by field,
    and 10,000 history rows written by the import."""
    expected = {
        row["code"]: (
            "planned" if row["status"] == "planned" else "formed",
            None if row["status"] == "planned" else int(row["year"]),
            row["date"] or None,
            int(row["year"]) if row["status"] == "planned" else None,
            row["name"] or None,
            row["sk_number"] or None,
            row["note"] or None,
        )
        for row in rows
    }

    def check(database: Path) -> None:
        records = count(database, f"SELECT count(*) FROM {TABLE}")  # noqa: S608
        logged = count(database, "SELECT count(*) FROM history WHERE command LIKE 'import csv%'")
        if records != ROWS or logged != ROWS:
            raise BenchError(
                f"{database}: {records} records and {logged} import history rows, not {ROWS}"
            )
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            stored = {
                code: tuple(values)
                for code, *values in conn.execute(
                    "SELECT village_code, status, formed_year, formed_date, planned_year, name,"
                    " sk_number, note FROM kampung_kb"
                )
            }
        finally:
            conn.close()
        if stored != expected:
            wrong = sorted(code for code in expected if stored.get(code) != expected[code])
            raise BenchError(f"{database}: {len(wrong)} records differ from the file: {wrong[:3]}")

    return check


def check_plain_table(database: Path) -> None:
    rows = count(database, f"SELECT count(*) FROM {TABLE}")  # noqa: S608
    if rows != ROWS:
        raise BenchError(f"{database}: {TABLE} holds {rows} rows, not {ROWS}")


# -- running and measuring -----------------------------------------------------------------


def executable(name: str) -> str | None:
    """`name` beside the running Python (its virtualenv) first, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


# Starts the measured command from a fresh, small process. On Linux a child's ru_maxrss is at
# least the peak RSS of the process it was started from (exec records the old memory's high
# water mark), so a child started straight from this script would inherit this script's own
# peak (the rows and the expected records). This launcher's forked child starts from a few MiB.
LAUNCHER = """
import os, sys, time
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
    out.write(f"{os.waitstatus_to_exitcode(status)} {elapsed!r} {usage.ru_maxrss}")
"""


def measure(argv: list[str], folder: Path) -> tuple[float, int]:
    """Run argv to completion; its wall time in seconds and its own peak RSS in KiB.

    Time and memory are taken by LAUNCHER around the command alone (fork to wait4), so the
    launcher's own start-up is not counted. The command's output goes to output.txt.
    """
    log, result = folder / "output.txt", folder / "measured.txt"
    with log.open("wb") as out:
        subprocess.run(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=out,
            check=True,
        )
    code, elapsed, maxrss = result.read_text(encoding="utf-8").split()
    if int(code) != 0:
        output = log.read_text(encoding="utf-8", errors="replace")
        raise BenchError(f"exit code {code} from {' '.join(argv)}:\n{output}")
    return float(elapsed), int(maxrss)  # ru_maxrss is in KiB on Linux (bytes on macOS)


def version(argv: list[str]) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[0]


# -- the report ----------------------------------------------------------------------------


def report(tools: list[Tool], about: list[str], runs: int, warmup: int) -> str:
    reference = next(tool for tool in tools if tool.label == REFERENCE)
    ref_time = statistics.median(reference.times)
    ref_rss = statistics.median(reference.rss_kib)
    lines = [
        f"# `kkb import csv` of {ROWS:,} rows",
        "",
        f"Generated by `python bench/import_10k.py --runs {runs} --warmup {warmup}`"
        f" on {date.today().isoformat()}. Wall time and peak RSS of each whole process, after"
        f" {warmup} untimed warm-up run(s) per tool. The last two columns divide each median"
        " by sqlite-utils'.",
        "",
        "| tool | runs | median s | min s | max s | peak RSS MiB (median) "
        "| time × sqlite-utils | RSS × sqlite-utils |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tool in tools:
        median = statistics.median(tool.times)
        rss = statistics.median(tool.rss_kib)
        lines.append(
            f"| {tool.label} | {len(tool.times)} | {median:.3f} | {min(tool.times):.3f}"
            f" | {max(tool.times):.3f} | {rss / 1024:.1f} | {median / ref_time:.2f}"
            f" | {rss / ref_rss:.2f} |"
        )
    lines += ["", *(f"- {line}" for line in about), ""]
    return "\n".join(lines)


def describe(rows: list[dict[str, str]], csv_file: Path) -> str:
    planned = sum(row["status"] == "planned" for row in rows)
    dated = sum(bool(row["date"]) for row in rows)
    return (
        f"Data: {len(rows):,} rows ({len(rows) - planned:,} formed, {dated:,} of them with a"
        f" date; {planned:,} planned), {csv_file.stat().st_size / 1024:.0f} KiB of CSV, each"
        " for a distinct synthetic kelurahan of the 10,000 added to the seed's Kota Pekalongan"
    )


def machine_lines(kkb: str, sqlite_utils: str, shell: str | None, work: Path) -> list[str]:
    floor = work / "floor"
    floor.mkdir()
    _, floor_kib = measure([sys.executable, "-I", "-S", "-c", "pass"], floor)
    lines = [
        f"Machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs",
        f"Python {platform.python_version()} ({sys.executable}),"
        f" SQLite {sqlite3.sqlite_version} (Python's sqlite3 module)",
        f"{version([kkb, '--version'])}; {version([sqlite_utils, '--version'])}",
    ]
    if shell:
        lines.append(f"sqlite3 shell {version([shell, '--version']).split()[0]}")
    else:
        lines.append("sqlite3 shell: not found or older than 3.32, skipped")
    lines.append(
        f"For scale: a bare `python -I -S -c pass` peaks at {floor_kib / 1024:.1f} MiB"
        " measured the same way"
    )
    return lines


# -- main ----------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per tool (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--write", type=Path, metavar="FILE", help="also write the Markdown here")
    parser.add_argument("--no-names", action="store_true", help="skip the by-name kkb variant")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    return args


def prepare(work: Path, kkb: str) -> tuple[Path, list[dict[str, str]], Path, Path]:
    """The prepared kkb database, the rows, and the CSV files by code and by name."""
    prepared = work / "prepared.db"
    subprocess.run(
        [kkb, "--db", str(prepared), "init", "--no-records"], check=True, capture_output=True
    )
    add_regions(prepared)
    # kkb's own checks must accept the synthetic regions before anything is timed.
    subprocess.run([kkb, "--db", str(prepared), "check"], check=True, capture_output=True)
    rows = synthetic_rows(date.today())
    by_code, by_name = work / "by_code.csv", work / "by_name.csv"
    write_csv(by_code, rows, "kelurahan_code")
    write_csv(by_name, rows, "kelurahan")
    return prepared, rows, by_code, by_name


def kkb_import(kkb: str, prepared: Path, csv_file: Path) -> Command:
    """`kkb import csv` into a fresh copy of the prepared database."""

    def command(run: Path) -> tuple[list[str], Path]:
        database = run / "kkb.db"
        shutil.copyfile(prepared, database)
        return [kkb, "--db", str(database), "import", "csv", str(csv_file)], database

    return command


def into_new_file(argv_for: Callable[[Path], list[str]]) -> Command:
    """A command that writes a new, empty database file."""

    def command(run: Path) -> tuple[list[str], Path]:
        database = run / "plain.db"
        return argv_for(database), database

    return command


def run_all(tools: list[Tool], work: Path, runs: int, warmup: int, keep: bool) -> None:
    """Round-robin, so that any drift in the machine's speed touches every tool alike."""
    for round_number in range(warmup + runs):
        timed = round_number >= warmup
        for number, tool in enumerate(tools):
            run = work / f"run-{round_number}-{number}"
            run.mkdir()
            argv, database = tool.command(run)
            elapsed, rss = measure(argv, run)
            tool.check(database)
            if timed:
                tool.times.append(elapsed)
                tool.rss_kib.append(rss)
            kind = f"run {round_number - warmup + 1}" if timed else f"warm-up {round_number + 1}"
            print(f"{kind}: {tool.label}: {elapsed:.3f} s, {rss / 1024:.1f} MiB", file=sys.stderr)
            if not keep:
                shutil.rmtree(run)


def shell_with_csv_import() -> str | None:
    """The sqlite3 shell, when there is one that knows `.import --csv`."""
    shell = executable("sqlite3")
    if shell is None:
        return None
    numbers = version([shell, "--version"]).split()[0].split(".")
    return shell if tuple(int(n) for n in numbers[:2]) >= SHELL_CSV_IMPORT else None


def build_tools(
    work: Path, kkb: str, sqlite_utils: str, shell: str | None, *, by_name: bool
) -> tuple[list[Tool], str]:
    """Prepare the data in `work`; the tools to measure (sqlite-utils being the reference) and
    a line describing the data."""
    prepared, rows, by_code_csv, by_name_csv = prepare(work, kkb)
    kkb_check = check_kkb(rows)
    tools = [
        Tool("kkb import csv (kelurahan_code)", kkb_import(kkb, prepared, by_code_csv), kkb_check)
    ]
    if by_name:
        tools.append(
            Tool(
                "kkb import csv (kelurahan name)", kkb_import(kkb, prepared, by_name_csv), kkb_check
            )
        )

    def sqlite_utils_insert(db: Path) -> list[str]:
        return [sqlite_utils, "insert", str(db), TABLE, str(by_code_csv), "--csv"]

    tools.append(Tool(REFERENCE, into_new_file(sqlite_utils_insert), check_plain_table))
    if shell:

        def shell_import(db: Path) -> list[str]:
            return [shell, str(db), f".import --csv {by_code_csv} {TABLE}"]

        tools.append(
            Tool("sqlite3 shell .import --csv", into_new_file(shell_import), check_plain_table)
        )
    return tools, describe(rows, by_code_csv)


def main() -> int:
    args = parse_args()
    kkb, sqlite_utils = executable("kkb"), executable("sqlite-utils")
    if not kkb or not sqlite_utils:
        sys.exit("kkb and sqlite-utils must be installed (beside this Python or on PATH)")
    shell = shell_with_csv_import()

    work = Path(tempfile.mkdtemp(prefix="kkb-bench-"))
    try:
        tools, data = build_tools(work, kkb, sqlite_utils, shell, by_name=not args.no_names)
        run_all(tools, work, args.runs, args.warmup, args.keep)
    except (BenchError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or ""
        print(f"benchmark failed: {error}\n{detail}files kept in {work}", file=sys.stderr)
        return 1
    about = [data, *machine_lines(kkb, sqlite_utils, shell, work)]
    if args.keep:
        print(f"files kept in {work}", file=sys.stderr)
    else:
        shutil.rmtree(work)

    markdown = report(tools, about, args.runs, args.warmup)
    print(markdown)
    if args.write:
        args.write.write_text(markdown, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
