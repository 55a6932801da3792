#!/usr/bin/env python3
"""Time `kkb report` (issue 14, "Speed") on a kota, a kabupaten and a provinsi.

The issue asks for "the report of Kota Pekalongan, of Kabupaten Batang (248 desa with
boundaries) and of Jawa Tengah (8,563 desa; map at kab/kota level), each timed with its file
size; a kabupaten's report is a few seconds at most and under 2 MB". In a work folder, with the
kkb on PATH (or --kkb):

1. Kota Pekalongan: `kkb --db P.db init` (the seed ships its 27 kelurahan's boundaries), then
   `kkb --db P.db report --output p.html --force`, and `--output p.pdf` when a Chromium, Chrome
   or Edge is on PATH (kkb finds it itself).
2. Kabupaten Batang: `kkb --db B.db init --no-records`, `region import` of provinsi 33's rows of
   the national list, `scope set 33.25`, `import csv` of generated records for 60% of Batang's
   desa (fixed seed), `region boundaries batas_kabupaten_batang_desa.geojson` (timed, a fresh
   copy of the database each run), then `kkb report --scope 33.25` and `kkb chart map`.
3. Jawa Tengah: the same database plus records for 60% of the other desa of provinsi 33 and the
   boundaries of its kab/kota and of all its desa (each load timed the same way), then
   `kkb report --scope 33` (map at kab/kota level).

Every command runs as a whole process through a small launcher (fork, exec, os.wait4): the wall
time includes start-up, the peak RSS is the command's own (for a PDF, the largest single process
of kkb and the browser it waited for). One untimed warm-up run, then --runs timed runs; medians.
Every run is checked (exit code 0, the file written, one map shape per region with a boundary).

    python bench/report.py --regions ~/data/wilayah_indonesia.csv \\
        --boundaries ~/data --runs 3 --write bench/RESULTS-report.md

Standard library only; Linux (ru_maxrss is read as KiB). No test asserts any figure.
"""

from __future__ import annotations

import argparse
import csv
import gzip
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

PROVINSI, KABUPATEN, KOTA = "33", "33.25", "33.75"  # Jawa Tengah, Batang, Pekalongan
KOTA_BOUNDARIES = "batas_kota_pekalongan_kelurahan.geojson"  # what kkb's seed ships
KABUPATEN_BOUNDARIES = "batas_kabupaten_batang_desa.geojson"
PROVINSI_KABKOTA = "batas_jawa_tengah_kabupaten_kota.geojson.gz"
PROVINSI_DESA = "batas_jawa_tengah_desa.geojson.gz"
RECORDS_SEED = 14  # the generated records: the same files every run
RECORDS_SHARE = 0.6  # of the desa/kelurahan get a record
PLANNED_SHARE = 0.2  # of the records are planned, the others formed
FORMED_YEARS = (2022, 2025)
# The goal: "a kabupaten's report is a few seconds at most and under 2 MB", read as a median
# of at most 3 s and fewer than 2,000,000 bytes, for each report of a kabupaten/kota.
FEW_SECONDS, TWO_MB = 3.0, 2_000_000
BROWSERS = (  # as kkb_cli.render.pdf looks for them on PATH ($KKB_BROWSER first)
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "microsoft-edge-stable",
    "msedge",
)

# Starts the measured command from a fresh, small process (as in run.py): a child's ru_maxrss
# on Linux is at least that of the process it was forked from, so a command forked from this
# script would inherit this script's peak. It writes the exit code, the seconds from fork to
# wait4 and the child's ru_maxrss (KiB; the largest of it and the children it waited for).
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

# Run with kkb's own Python: what it is and where kkb and its libraries come from.
PROBE = """
import importlib.metadata as md, json, sqlite3, sys
found = {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version, "versions": {},
         "dont_write_bytecode": sys.dont_write_bytecode}
for dist in ("kkb", "matplotlib", "jinja2", "typer"):
    try:
        found["versions"][dist] = md.version(dist)
    except md.PackageNotFoundError:
        found["versions"][dist] = None
import kkb_cli
found["kkb_cli_file"] = kkb_cli.__file__
print(json.dumps(found))
"""


class BenchError(RuntimeError):
    """A command failed or did not do what it should have: its figures would mean nothing."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- running things --------------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    rss_kib: int


LOADS: list[float] = []  # the 1-minute load average after each command


def measure(argv: Sequence[str], work: Path, name: str) -> Measured:
    """Run argv (in work) through LAUNCHER; stdout and stderr to work/logs/NAME.*. An exit code
    other than 0 is a BenchError that quotes the command and the end of its stderr."""
    logs = work / "logs"
    logs.mkdir(exist_ok=True)
    result = logs / f"{name}.json"
    with (logs / f"{name}.out").open("wb") as out, (logs / f"{name}.err").open("wb") as err:
        subprocess.run(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *argv],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            cwd=work,
            check=True,
        )
    found = json.loads(result.read_text(encoding="utf-8"))
    LOADS.append(os.getloadavg()[0])
    if found["exit"] != 0:
        said = (logs / f"{name}.out").read_text(encoding="utf-8", errors="replace")
        said += (logs / f"{name}.err").read_text(encoding="utf-8", errors="replace")
        raise BenchError(
            f"exit code {found['exit']} from `{shown(argv)}` (in {work}):\n{said.strip()[-3000:]}"
        )
    return Measured(float(found["seconds"]), int(found["maxrss_kib"]))


def last_line(work: Path, name: str) -> str:
    said = (work / "logs" / f"{name}.out").read_text(encoding="utf-8", errors="replace").strip()
    return said.splitlines()[-1] if said else ""


def shown(argv: Sequence[str]) -> str:
    """A kkb command line as the report shows it: kkb's path as `kkb`."""
    return shlex.join(["kkb", *argv[1:]])


@dataclass
class Step:
    """A setup step, run once and measured."""

    what: str
    command: str
    seconds: float
    rss_mib: float
    said: str


STEPS: list[Step] = []


def step(argv: Sequence[str], what: str, work: Path) -> None:
    name = "setup-" + re.sub(r"\W+", "-", what).strip("-")
    measured = measure(argv, work, name)
    said = last_line(work, name)
    STEPS.append(Step(what, shown(argv), measured.seconds, measured.rss_kib / 1024, said))
    log(f"setup: {what}: {measured.seconds:.2f} s, {measured.rss_kib / 1024:.1f} MiB  {said}")


SCOPE_NAMES = {KOTA: "Kota Pekalongan", KABUPATEN: "Kabupaten Batang", PROVINSI: "Jawa Tengah"}


@dataclass
class Row:
    """One timed command of the results table."""

    scope: str
    villages: int
    boundaries: str
    command: str
    output: Path | None  # whose size is reported (None: none)
    check: Callable[[], None]
    note: str = ""  # after the command, e.g. "on a fresh copy of B.db each run"
    goal: bool = False  # a kabupaten/kota's HTML report: measured against the goal
    times: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)
    size: int | None = None

    @property
    def scope_name(self) -> str:
        return f"{SCOPE_NAMES[self.scope]} ({self.scope})"

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def rss_mib(self) -> float:
        return max(self.rss) / 1024


ROWS: list[Row] = []


def timed(
    row: Row,
    argv: Sequence[str],
    work: Path,
    runs: int,
    warmup: int,
    before: Callable[[], None] | None = None,
) -> Row:
    """Warm-up runs (untimed), then `runs` timed runs of argv; `before` (not timed) prepares
    each run, row.check checks it. The output's size is read after the last run."""
    for number in range(warmup + runs):
        if before:
            before()
        name = re.sub(r"\W+", "-", f"{row.scope}-{row.command}")[:80] + f"-{number}"
        measured = measure(argv, work, name)
        row.check()
        kind = "warm-up" if number < warmup else f"run {number - warmup + 1}"
        if number >= warmup:
            row.times.append(measured.seconds)
            row.rss.append(measured.rss_kib)
        log(f"  {kind}: {row.command}: {measured.seconds:.3f} s, {measured.rss_kib / 1024:.1f} MiB")
    if row.output:
        row.size = row.output.stat().st_size
    ROWS.append(row)
    return row


# -- checks ----------------------------------------------------------------------------------


def database_count(database: Path, sql: str, *params: object) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()


def boundary_codes(path: Path) -> set[str]:
    """The region codes of a GeoJSON file's features (property `code`, else `kode`)."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as file:
        features = json.load(file)["features"]
    codes = {str(f["properties"].get("code") or f["properties"]["kode"]) for f in features}
    if len(codes) != len(features):
        raise BenchError(f"{path}: {len(features):,} features but {len(codes):,} codes")
    return codes


def expect_html(path: Path, codes: set[str], says: str) -> Callable[[], None]:
    """The report was written, is HTML, names its scope and has one map shape
    (`id="shape-CODE"`) per region of `codes` and no other."""

    def check() -> None:
        if not path.is_file() or path.stat().st_size == 0:
            raise BenchError(f"{path} was not written")
        page = path.read_text(encoding="utf-8", errors="replace")
        if "<html" not in page[:2000].lower():
            raise BenchError(f"{path} is not an HTML page")
        if says not in page:
            raise BenchError(f"{path} does not say {says!r}")
        shapes = re.findall(r'id="shape-([^"]+)"', page)
        if len(shapes) != len(codes) or set(shapes) != codes:
            raise BenchError(
                f"{path}: {len(shapes):,} map shapes ({len(set(shapes) & codes):,} of the"
                f" expected regions), not one for each of the {len(codes):,} regions"
            )

    return check


def expect_file(path: Path, magic: bytes, kind: str) -> Callable[[], None]:
    def check() -> None:
        if not path.is_file():
            raise BenchError(f"{path} was not written")
        with path.open("rb") as file:
            if file.read(len(magic)) != magic:
                raise BenchError(f"{path} is not a {kind} file")

    return check


def expect_boundaries(database: Path, codes: set[str]) -> Callable[[], None]:
    """Every region of the file has a boundary in the database."""

    def check() -> None:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            stored = {code for (code,) in conn.execute("SELECT region_code FROM boundaries")}
        finally:
            conn.close()
        if missing := codes - stored:
            raise BenchError(f"{database}: {len(missing):,} regions of the file have no boundary")

    return check


def expect_records(database: Path, records: int) -> None:
    found = database_count(database, "SELECT count(*) FROM kampung_kb")
    if found != records:
        raise BenchError(f"{database}: {found:,} records, not {records:,}")


# -- data ------------------------------------------------------------------------------------


def provinsi_regions(regions: Path, out: Path) -> list[dict[str, str]]:
    """Write the rows of provinsi PROVINSI (codes `33` and `33.*`) of the national list to out;
    return them."""
    with regions.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["code"] == PROVINSI or r["code"].startswith(PROVINSI + ".")]
    if not rows:
        raise BenchError(f"{regions} has no rows of provinsi {PROVINSI}")
    with out.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def villages_of(rows: list[dict[str, str]], scope: str) -> list[str]:
    return sorted(
        r["code"]
        for r in rows
        if r["code"].startswith(scope + ".") and r["code"].count(".") == 3  # desa/kelurahan
    )


@dataclass
class Records:
    path: Path
    formed: int
    planned: int

    @property
    def rows(self) -> int:
        return self.formed + self.planned


def write_records(path: Path, villages: list[str], rng: random.Random) -> Records:
    """Records for RECORDS_SHARE of villages, by code: formed on a day of FORMED_YEARS (never
    after today), or planned (PLANNED_SHARE of them) for this year or the next."""
    today = date.today()
    chosen = sorted(rng.sample(villages, round(len(villages) * RECORDS_SHARE)))
    formed = planned = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["kode", "status", "tahun", "tanggal", "tahun_rencana"])
        for code in chosen:
            if rng.random() < PLANNED_SHARE:
                writer.writerow([code, "planned", "", "", rng.choice((today.year, today.year + 1))])
                planned += 1
            else:
                year = rng.randint(*FORMED_YEARS)
                day = min(date(year, 1, 1) + timedelta(days=rng.randrange(365)), today)
                writer.writerow([code, "formed", day.year, day.isoformat(), ""])
                formed += 1
    return Records(path, formed, planned)


# -- the machine -----------------------------------------------------------------------------


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
                return f"{int(line.split()[1]) / 2**20:.1f} GiB RAM"
    except (OSError, ValueError):
        pass
    return "RAM unknown"


def load_average() -> str:
    try:
        return ", ".join(f"{n:.2f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


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
    sys.exit(f"report.py: cannot tell which Python {script} runs with")


def first_line(argv: Sequence[str]) -> str:
    done = subprocess.run(list(argv), capture_output=True, text=True, stdin=subprocess.DEVNULL)
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "?"


def find_browser() -> str | None:
    chosen = os.environ.get("KKB_BROWSER")
    if chosen:
        return shutil.which(chosen)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def cautions(probe: dict[str, object], loads: Sequence[float]) -> list[str]:
    """What makes the times longer than on a quiet machine with a normal install."""
    found = []
    cpus = os.cpu_count() or 1
    if loads and max(loads) > cpus:
        found.append(
            f"The machine was busy: a 1-minute load average up to {max(loads):.1f} (median"
            f" {statistics.median(loads):.1f}) on {cpus} logical CPUs while this ran, so other"
            " work competed with kkb and the times are upper bounds; rerun on a quiet machine"
            " before reading them as kkb's."
        )
    if "/src/kkb_cli/" in str(probe["kkb_cli_file"]) and probe["dont_write_bytecode"]:
        found.append(
            "kkb runs from a source checkout (an editable install) with PYTHONDONTWRITEBYTECODE"
            " set: its modules are compiled again on every run, start-up included in each time."
        )
    return found


def machine_lines(kkb: str, probe: dict[str, object], browser: str | None, load: str) -> list[str]:
    versions: dict[str, str | None] = probe["versions"]  # type: ignore[assignment]
    package = str(probe["kkb_cli_file"])
    source = " (a source checkout: an editable install)" if "/src/kkb_cli/" in package else ""
    return [
        f"{platform.platform()}, {platform.machine()}",
        f"CPU: {cpu_model()}, {os.cpu_count()} logical CPUs; {memory_total()}; load average"
        f" (1, 5, 15 min) {load} at the start, {load_average()} at the end",
        f"kkb's Python: {probe['python']}, SQLite {probe['sqlite']}; this script's Python:"
        f" {platform.python_version()}",
        f"{first_line([kkb, '--version'])} ({kkb}; package at {package}{source});"
        f" matplotlib {versions.get('matplotlib')}, jinja2 {versions.get('jinja2')},"
        f" typer {versions.get('typer')}",
        f"PDF printed by: {first_line([browser, '--version'])} ({browser})"
        if browser
        else "PDF: no Chromium, Chrome or Edge on PATH, so no PDF row",
    ]


# -- the report ------------------------------------------------------------------------------


def size_text(size: int | None) -> str:
    if size is None:
        return "–"
    if size >= 1_000_000:
        return f"{size / 1e6:.2f} MB ({size:,} B)"
    return f"{size / 1e3:.0f} KB ({size:,} B)"


def goal_lines(rows: list[Row]) -> tuple[list[str], bool]:
    """One line per HTML report of a kabupaten/kota against the goal, and whether all pass."""
    lines, passed = [], True
    for row in (row for row in rows if row.goal):
        met = row.median <= FEW_SECONDS and row.size is not None and row.size < TWO_MB
        passed &= met
        lines.append(
            f"- {row.scope_name}: {row.median:.2f} s (≤ {FEW_SECONDS:g} s),"
            f" {size_text(row.size)} (< 2 MB): **{'PASS' if met else 'MISS'}**"
        )
    return lines, passed


def markdown(
    about: dict[str, list[str]], runs: int, warmup: int, data: list[str], checks: list[str]
) -> str:
    """The results file; about: date, command, machine, duration, cautions (lines)."""
    goals, passed = goal_lines(ROWS)
    out = [
        "# `kkb report`: speed and size (issue 14)",
        "",
        "Written by `bench/report.py`; the command, the machine and every figure are below.",
        f"Medians of {runs} timed run{'s' * (runs != 1)} after {warmup} untimed warm-up"
        f" run{'s' * (warmup != 1)}, each a whole"
        " process (start-up and imports included); peak RSS is the largest of the runs.",
        "",
        "## Goal",
        "",
        '"A kabupaten\'s report is a few seconds at most and under 2 MB" (read here as a median'
        f" of at most {FEW_SECONDS:g} s and fewer than 2,000,000 bytes, for the HTML report of"
        f" each kabupaten/kota): **{'PASS' if passed and goals else 'MISS'}**",
        "",
        *goals,
        "",
        *(f"**Note:** {line}\n" for line in about["cautions"]),
        "## Results",
        "",
        "| scope | villages | boundaries | command | median s (min–max) | peak RSS MiB |"
        " output size |",
        "|---|---:|---|---|---:|---:|---:|",
    ]
    for row in ROWS:
        command = f"`{row.command}`" + (f" ({row.note})" if row.note else "")
        out.append(
            f"| {row.scope_name} | {row.villages:,} | {row.boundaries} | {command} |"
            f" {row.median:.3f} ({min(row.times):.3f}–{max(row.times):.3f}) |"
            f" {row.rss_mib:.1f} | {size_text(row.size)} |"
        )
    out += [
        "",
        "## Setup steps (one run each, not part of the goal)",
        "",
        "| step | command | s | peak RSS MiB | kkb said |",
        "|---|---|---:|---:|---|",
    ]
    out += [
        f"| {s.what} | `{s.command}` | {s.seconds:.3f} | {s.rss_mib:.1f} | {s.said} |"
        for s in STEPS
    ]
    out += ["", "## Data", "", *(f"- {line}" for line in data)]
    out += ["", "## Checks (every run, warm-up included)", "", *(f"- {c}" for c in checks)]
    out += ["", "## Machine", "", *(f"- {line}" for line in about["machine"])]
    out += ["", "## Command", "", "```sh", *about["command"], "```", ""]
    out += [f"Run on {about['date'][0]}, {about['duration'][0]}.", ""]
    return "\n".join(out)


# -- the benchmark ---------------------------------------------------------------------------


def fresh_copy(base: Path, copy: Path) -> Callable[[], None]:
    """Before each run of a boundaries load: a fresh copy of the database without them."""
    return lambda: shutil.copyfile(base, copy)


def bench(args: argparse.Namespace, kkb: str, work: Path) -> tuple[list[str], list[str]]:
    """Run everything in work; the data lines and the checks made, for the report."""
    runs, warmup = args.runs, args.warmup
    data_dir: Path = args.boundaries
    rng = random.Random(RECORDS_SEED)

    def run(row: Row, argv: list[str], before: Callable[[], None] | None = None) -> None:
        timed(row, argv, work, runs, warmup, before)

    # 1. Kota Pekalongan, the seed.
    log("== Kota Pekalongan")
    step([kkb, "--db", "P.db", "init"], "Pekalongan: init (the seed)", work)
    kota_codes = boundary_codes(data_dir / KOTA_BOUNDARIES)
    kota_villages = database_count(
        work / "P.db",
        "SELECT count(*) FROM regions WHERE level = 'desa_kelurahan' AND code LIKE ? || '.%'",
        KOTA,
    )
    expect_boundaries(work / "P.db", kota_codes)()
    kota = {"villages": kota_villages, "boundaries": f"{len(kota_codes)} kelurahan (the seed's)"}
    html = work / "p.html"
    argv = [kkb, "--db", "P.db", "report", "--output", "p.html", "--force"]
    check = expect_html(html, kota_codes, "Pekalongan")
    run(Row(KOTA, command=shown(argv), output=html, check=check, goal=True, **kota), argv)
    browser = None if args.no_pdf else find_browser()
    if browser:
        pdf = work / "p.pdf"
        argv = [kkb, "--db", "P.db", "report", "--output", "p.pdf", "--force"]
        check = expect_file(pdf, b"%PDF", "PDF")
        note = "peak RSS: the largest process, kkb's or the browser's"
        run(Row(KOTA, command=shown(argv), output=pdf, check=check, note=note, **kota), argv)
    else:
        log("no Chromium, Chrome or Edge on PATH (or --no-pdf): no PDF row")

    # 2. Kabupaten Batang in a database of provinsi 33.
    log("== Kabupaten Batang")
    regions = provinsi_regions(args.regions, work / "jateng.csv")
    kab_villages = villages_of(regions, KABUPATEN)
    prov_villages = villages_of(regions, PROVINSI)
    db = ["--db", "B.db"]
    step([kkb, *db, "init", "--no-records"], "init --no-records", work)
    step([kkb, *db, "region", "import", "jateng.csv"], "region import (provinsi 33)", work)
    step([kkb, *db, "scope", "set", KABUPATEN], f"scope set {KABUPATEN}", work)
    kab_records = write_records(work / "batang.csv", kab_villages, rng)
    step([kkb, *db, "import", "csv", "batang.csv"], "import csv (Batang's records)", work)
    expect_records(work / "B.db", kab_records.rows)

    def load(scope: str, villages: int, file_name: str, what: str) -> set[str]:
        """`kkb region boundaries FILE` timed, each run into a fresh copy of B.db (without
        the file's boundaries); the last copy becomes B.db."""
        path = data_dir / file_name
        codes = boundary_codes(path)
        shutil.copyfile(work / "B.db", work / "B-before.db")
        argv = [kkb, *db, "region", "boundaries", str(path)]
        row = Row(
            scope,
            villages=villages,
            boundaries=f"{len(codes):,} {what} ({file_name}, {size_text(path.stat().st_size)})",
            command=shown(argv),
            output=None,
            check=expect_boundaries(work / "B.db", codes),
            note="into a fresh copy of B.db without them each run",
        )
        run(row, argv, before=fresh_copy(work / "B-before.db", work / "B.db"))
        (work / "B-before.db").unlink()
        return codes

    kab_codes = load(KABUPATEN, len(kab_villages), KABUPATEN_BOUNDARIES, "desa/kelurahan")
    kab = {"villages": len(kab_villages), "boundaries": f"{len(kab_codes):,} desa/kelurahan"}
    html = work / "b.html"
    argv = [kkb, *db, "report", "--scope", KABUPATEN, "--output", "b.html", "--force"]
    check = expect_html(html, kab_codes, "Batang")
    run(Row(KABUPATEN, command=shown(argv), output=html, check=check, goal=True, **kab), argv)
    png = work / "m.png"
    argv = [kkb, *db, "chart", "map", "--scope", KABUPATEN, "--output", "m.png", "--force"]
    check = expect_file(png, b"\x89PNG\r\n\x1a\n", "PNG")
    run(Row(KABUPATEN, command=shown(argv), output=png, check=check, **kab), argv)

    # 3. Jawa Tengah: the other desa's records, the boundaries of kab/kota and of all desa.
    log("== Jawa Tengah")
    others = [code for code in prov_villages if not code.startswith(KABUPATEN + ".")]
    prov_records = write_records(work / "jateng-records.csv", others, rng)
    argv = [kkb, *db, "import", "csv", "jateng-records.csv", "--scope", PROVINSI]
    step(argv, "import csv (the other records of provinsi 33)", work)
    expect_records(work / "B.db", kab_records.rows + prov_records.rows)
    kabkota_codes = load(PROVINSI, len(prov_villages), PROVINSI_KABKOTA, "kab/kota")
    desa_codes = load(PROVINSI, len(prov_villages), PROVINSI_DESA, "desa/kelurahan")
    html = work / "j.html"
    argv = [kkb, *db, "report", "--scope", PROVINSI, "--output", "j.html", "--force"]
    row = Row(
        PROVINSI,
        villages=len(prov_villages),
        boundaries=f"{len(desa_codes):,} desa/kelurahan, {len(kabkota_codes)} kab/kota"
        " (map at kab/kota level)",
        command=shown(argv),
        output=html,
        check=expect_html(html, kabkota_codes, "Jawa Tengah"),
    )
    run(row, argv)

    records = kab_records.rows + prov_records.rows
    data = [
        f"Regions: the {len(regions):,} rows of provinsi {PROVINSI} (codes `{PROVINSI}` and"
        f" `{PROVINSI}.*`) of `{args.regions.name}`: {len(prov_villages):,} desa/kelurahan,"
        f" {len(kab_villages)} of them in Kabupaten Batang",
        f"Boundaries: `{args.boundaries}` (see its SOURCE.md): {len(kab_codes)} desa of Batang,"
        f" {len(kabkota_codes)} kab/kota and {len(desa_codes):,} desa/kelurahan of Jawa Tengah;"
        f" Kota Pekalongan's {len(kota_codes)} kelurahan from kkb's seed",
        f"Records (generated, random seed {RECORDS_SEED}, by code, for {RECORDS_SHARE:.0%} of"
        f" the desa/kelurahan; formed on a day of {FORMED_YEARS[0]}–{FORMED_YEARS[1]}, about"
        f" {PLANNED_SHARE:.0%} planned for this year or the next): Batang {kab_records.rows}"
        f" ({kab_records.formed} formed, {kab_records.planned} planned) of"
        f" {len(kab_villages)}; the rest of Jawa Tengah {prov_records.rows:,}"
        f" ({prov_records.formed:,} formed, {prov_records.planned:,} planned) of {len(others):,};"
        f" {records:,} in B.db",
        f"Kota Pekalongan: kkb's seed as `kkb init` makes it ({kota_villages} kelurahan, its"
        " own records)",
        f"B.db at the end: {(work / 'B.db').stat().st_size / 2**20:.1f} MiB",
    ]
    checks = [
        "every command exits with 0 (else the script stops and says which command failed)",
        'each HTML report is an HTML page naming its scope, with one `id="shape-CODE"` element'
        f" per region of the map and no other: {len(kota_codes)} for Kota Pekalongan,"
        f" {len(kab_codes)} for Kabupaten Batang, {len(kabkota_codes)} kab/kota for Jawa Tengah",
        "the PDF starts with `%PDF`, the map with the PNG signature",
        "after each boundaries load, every code of the file has a boundary in the database;"
        " after each records import, the database holds the files' records",
    ]
    return data, checks


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="report.py", description=(__doc__ or "").splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--regions", type=Path, required=True, metavar="PATH", help="wilayah_indonesia.csv"
    )
    parser.add_argument(
        "--boundaries",
        type=Path,
        required=True,
        metavar="DIR",
        help=f"the folder with {KABUPATEN_BOUNDARIES}, {PROVINSI_KABKOTA}, {PROVINSI_DESA}",
    )
    parser.add_argument("--kkb", metavar="PATH", help="the kkb to measure (default: on PATH)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument(
        "--work", type=Path, metavar="DIR", help="work folder (default: a temporary one)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF even with a browser")
    parser.add_argument("--write", type=Path, metavar="FILE", help="write the Markdown here")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    if not args.regions.is_file():
        parser.error(f"{args.regions} is not a file")
    for name in (KOTA_BOUNDARIES, KABUPATEN_BOUNDARIES, PROVINSI_KABKOTA, PROVINSI_DESA):
        if not (args.boundaries / name).is_file():
            parser.error(f"{args.boundaries / name} is not a file")
    if args.work and args.work.exists() and any(args.work.iterdir()):
        parser.error(f"{args.work} is not empty")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    kkb = shutil.which(args.kkb or "kkb")
    if not kkb:
        sys.exit("report.py: no kkb on PATH (or --kkb PATH)")
    kkb = str(Path(kkb).resolve()) if args.kkb else kkb
    args.regions, args.boundaries = args.regions.resolve(), args.boundaries.resolve()
    python = python_of(kkb)
    if args.work:
        work, keep = args.work.resolve(), True
        work.mkdir(parents=True, exist_ok=True)
    else:
        work, keep = Path(tempfile.mkdtemp(prefix="kkb-bench-report-")), args.keep
    log(f"kkb: {kkb} (Python {python}); work folder: {work}")
    try:
        load = load_average()
        LOADS.append(os.getloadavg()[0])
        probe = json.loads(first_line([python, "-c", PROBE]))
        data, checks = bench(args, kkb, work)
        about = {
            "date": [datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")],
            "command": [shlex.join(["python", *sys.argv])],
            "machine": machine_lines(kkb, probe, None if args.no_pdf else find_browser(), load),
            "cautions": cautions(probe, LOADS),
            "duration": [f"{(time.perf_counter() - started) / 60:.1f} minutes in all"],
        }
        text = markdown(about, args.runs, args.warmup, data, checks)
    except (BenchError, subprocess.CalledProcessError, json.JSONDecodeError) as error:
        log(f"benchmark failed: {error}\nfiles kept in {work}")
        return 1
    except KeyboardInterrupt:
        log(f"interrupted; files kept in {work}")
        return 130
    if keep:
        log(f"files kept in {work}")
    else:
        shutil.rmtree(work)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        log(f"wrote {args.write}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
