"""Every word kkb shows a person, in one table.

A second language (Bahasa Indonesia) is a second table with the same keys. Machine-readable
names (JSON keys, CSV headers, status values) are not here: they never change with language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

EN: dict[str, str] = {
    # -- help ------------------------------------------------------------------------------
    "help.app": (
        "Plan, register and report Kampung KB (Kampung Keluarga Berkualitas) per kelurahan, "
        "with yearly targets and coverage of all kelurahan.\n\n"
        "Exit codes: 0 success (an empty result is success), 1 refused (unknown or ambiguous "
        "kelurahan, already formed, a date in the future or before 2016, an existing output "
        "file, a locked, corrupt or read-only database), 2 bad usage (unknown option, "
        "unparseable date), 3 an internal error (a bug in kkb: please report it)."
    ),
    "help.db": "The database file. Default: $KKB_DB, else kkb.db in your user data folder.",
    "help.version": "Show the version and exit.",
    "help.add": (
        "Register or plan a Kampung KB.\n\nRecords a Kampung KB formed in a kelurahan (today, "
        "or on --date, or in --year), or with --planned YYYY a plan to form one. KELURAHAN is a "
        "Kemendagri code (33.75.03.1002) or a name ('kandangpanjang', 'Kel. Sokoduwet')."
    ),
    "help.add.kelurahan": "Kelurahan code or name.",
    "help.add.year": "Year of formation, when the exact date is not known.",
    "help.add.date": "Date of formation (pencanangan): 2023-07-17, 17-07-2023 or 17/07/2023.",
    "help.add.planned": "Plan a Kampung KB for this year instead (re-planning moves the year).",
    "help.add.name": "Name of the Kampung KB.",
    "help.add.sk": "Number of the decree (SK) that formed it.",
    "help.add.note": "A note, e.g. where a fact comes from.",
    "help.progress": (
        "Show progress against the targets.\n\nA table by year (target, formed, cumulative, "
        "coverage of all kelurahan, planned, target status), a table by kecamatan, and a "
        "one-line verdict."
    ),
    "help.as_of": "Show the state as it was on this date (default: today).",
    "help.json": "Print JSON for scripts instead of tables.",
    "help.list": (
        "List kelurahan and their Kampung KB.\n\nOne row per kelurahan in scope, including "
        "those with none yet."
    ),
    "help.list.status": "Only kelurahan with this status.",
    "help.list.kecamatan": "Only kelurahan in this kecamatan (name or code).",
    "help.export": "Export the current state for reports.",
    "help.export.csv": (
        "Export a table as CSV.\n\nUTF-8 with a header row, to stdout or (atomically) to a "
        "file. Text a spreadsheet would run as a formula is prefixed with '."
    ),
    "help.export.table": "Which table: one row per kelurahan, per year, or per kecamatan.",
    "help.export.output": "Write to this file (atomically) instead of stdout; - means stdout.",
    "help.export.force": "Replace the output file if it exists.",
    "help.info": "Show the database file, its schema version and what it holds.",
    "help.init": (
        "Create a new database from the seed.\n\nThe seed is Kota Pekalongan as of 17 July "
        "2023. With --no-records the database holds its regions and targets but no Kampung KB "
        "records, for an office to register its own."
    ),
    "help.init.records": "Include the seed's Kampung KB records (as of 17 July 2023).",
    # -- errors ----------------------------------------------------------------------------
    "error.empty_name": "Give a {what} name or code, e.g. {name} or {code}.",
    "error.ambiguous_name": (
        "'{query}' matches several {what}: {candidates}. Type more of the name, or give the code."
    ),
    "error.unknown_name_suggest": (
        "No {what} named '{query}'. Did you mean {suggestions}? Type the name as it is, "
        "or give the code (`kkb list` shows them all)."
    ),
    "error.unknown_name": (
        "No {what} named '{query}': check the spelling, or give the code (`kkb list` shows "
        "every kelurahan with its code)."
    ),
    "error.unknown_name_choices": "No {what} named '{query}'. The {what} here are: {choices}.",
    "error.undotted_code": (
        "'{query}' is not a Kemendagri code: write it with dots, e.g. 33.75.03.1002 "
        "(BPS statistics codes are another system and are not accepted)."
    ),
    "error.malformed_code": (
        "'{query}' is not a Kemendagri code: they look like 33.75.03 (kecamatan) or 33.75.03.1002."
    ),
    "error.code_wrong_level": (
        "{query} is a {level} code, not a {what} code; a {what} code looks like {example}."
    ),
    "error.unknown_code": (
        "No {what} has the code {query} here: check it (`kkb list` shows every kelurahan with "
        "its code)."
    ),
    "error.unknown_code_choices": "No {what} has the code {query} here. The {what} here are: "
    "{choices}.",
    "error.year_format": "'{text}' is not a year: write it with four digits, e.g. 2024.",
    "error.date_format": (
        "'{text}' is not a date: write it as 2023-07-17, 17-07-2023 or 17/07/2023 (day first)."
    ),
    "error.date_impossible": "'{text}' is not a real date: check the day and the month.",
    "error.before_programme": (
        "{when} is before {first}, when the Kampung KB programme began: check the year."
    ),
    "error.future": (
        "{when} is in the future (today is {today}): to record a plan, use --planned YEAR."
    ),
    "error.plan_too_far": (
        "A plan for {year} is too far ahead (the latest is {limit}): check the year."
    ),
    "error.as_of_future": "--as-of {day} is in the future (today is {today}): give a past date.",
    "error.year_date_disagree": (
        "--year {year} and --date {day} disagree: give only one, or make them match."
    ),
    "error.planned_with_formation": (
        "--planned cannot go with --year or --date: a Kampung KB is either planned or formed."
    ),
    "error.already_formed": (
        "{village} ({code}) already has a Kampung KB, formed in {year}, so nothing was changed. "
        "A kelurahan has one Kampung KB: check the name, or see the record with "
        "`kkb list --status formed`."
    ),
    "error.plan_already_formed": (
        "{village} ({code}) already has a Kampung KB, formed in {year}, so it needs no plan; "
        "nothing was changed."
    ),
    "error.db_locked": (
        "The database {path} is busy: another program has held it for more than {seconds} s, "
        "so nothing was changed. Try again in a moment, or close the other program "
        "(KKB_BUSY_TIMEOUT sets how many seconds to wait)."
    ),
    "error.db_corrupt": (
        "{path} is not a readable kkb database (the file is damaged, or not SQLite); it was "
        "left as it is. Restore it from a backup, or choose another file with --db."
    ),
    "error.db_readonly": (
        "The database {path} is read-only, so nothing was changed. Ask for write access, or "
        "copy it somewhere writable and use --db."
    ),
    "error.db_cannot_open": (
        "Cannot open the database {path}: check that you may read and write the file and its "
        "folder, or choose another file with --db."
    ),
    "error.db_io": (
        "The disk or network share refused to read or write {path}, so nothing was changed: "
        "check the connection to the drive and try again."
    ),
    "error.db_full": (
        "The disk holding {path} is full, so nothing was changed: free some space and try again."
    ),
    "error.db_is_folder": (
        "{path} is a folder, not a database file: give a file path with --db or KKB_DB, "
        "e.g. {path}/kkb.db."
    ),
    "error.db_no_folder": (
        "The folder {folder} does not exist: create it first, or give another path with --db "
        "or KKB_DB."
    ),
    "error.app_dir": (
        "Cannot create the folder {folder} for the database ({detail}): give a database file "
        "elsewhere with --db or KKB_DB."
    ),
    "error.db_unreadable": (
        "You may not read {path}: ask for access to it, or choose another file with --db."
    ),
    "error.db_too_new": (
        "{path} was written by a newer kkb (schema version {version}; this kkb knows up to "
        "{supported}), so it was left untouched: upgrade kkb to use it."
    ),
    "error.db_not_kkb": (
        "{path} is an SQLite database but not a kkb database, so it was left untouched: "
        "choose another file with --db."
    ),
    "error.db_exists": (
        "A database already exists at {path}, so it was left untouched: choose another path "
        "with --db, or move that file away first."
    ),
    "error.scope_count": (
        "This database holds {count} kabupaten/kota, and kkb works on exactly one for now: "
        "create one with `kkb init`."
    ),
    "error.output_exists": (
        "{path} already exists, so it was left untouched: add --force to replace it, or "
        "choose another --output."
    ),
    "error.output_no_folder": (
        "The folder {folder} does not exist: create it first, or choose another --output."
    ),
    "error.output_is_folder": "{path} is a folder: give a file name with --output.",
    "error.output_not_file": (
        "{path} is not a regular file (a device or a pipe), so it was left alone: give a file "
        "name with --output, or leave --output out to write to stdout."
    ),
    "error.output_unwritable": "Cannot write {path} ({detail}): choose another --output.",
    "error.os": "{detail}{where}: check the disk, the path and your permissions.",
    "error.internal": (
        "kkb failed unexpectedly ({kind}: {detail}). Its changes are saved whole or not at "
        "all: `kkb list` shows which. This is a bug: please report it with the command you "
        "ran (KKB_DEBUG=1 shows the details)."
    ),
    "error.bad_timeout": (
        "KKB_BUSY_TIMEOUT must be a number of seconds from 0 to {limit:g}, not '{value}': fix "
        "or unset it."
    ),
    # -- confirmations ---------------------------------------------------------------------
    "done.formed": "Registered the Kampung KB of {village} ({code}, {kecamatan}), formed {when}. "
    "Coverage: {coverage}",
    "done.plan_formed": "Registered the Kampung KB of {village} ({code}, {kecamatan}), formed "
    "{when} (planned for {planned}). Coverage: {coverage}",
    "done.planned": "Planned a Kampung KB for {village} ({code}, {kecamatan}) in {year}. "
    "Coverage: {coverage}",
    "done.plan_moved": "Moved the plan for {village} ({code}, {kecamatan}) from {old} to {year}. "
    "Coverage: {coverage}",
    "done.plan_kept": "{village} ({code}, {kecamatan}) stays planned for {year}. "
    "Coverage: {coverage}",
    "done.plan_details": "Updated the plan for {village} ({code}, {kecamatan}) in {year}. "
    "Coverage: {coverage}",
    "done.init": "Created {path}: {villages} {noun}, {formed} Kampung KB formed and {planned} "
    "planned.",
    "done.created": "Created a new database at {path} from the seed (Kota Pekalongan as of 17 "
    "July 2023); `kkb info` shows where it is.",
    "done.export": "Wrote {rows} rows to {path}.",
    "when.date": "on {date}",
    "when.year": "in {year}",
    "coverage": "{formed} of {total} {noun} ({pct}%)",
    # -- progress --------------------------------------------------------------------------
    "verdict.coverage": "{formed} of {total} {noun} ({pct}%) have a Kampung KB",
    "verdict.complete": "All {total} {noun} have a Kampung KB (100%).",
    "verdict.planned_first": "{count} planned for {year}",
    "verdict.planned_more": "{count} for {year}",
    "verdict.missed": "The {year} target of {target} was missed: {formed} formed that year.",
    "verdict.missed_overdue": "The {year} target of {target} was missed: {formed} formed that "
    "year, {overdue} still only planned.",
    "verdict.current": "{year} target: {formed} of {target} formed so far.",
    "verdict.upcoming": "Next target: {target} in {year}.",
    "progress.title_years": "{scope}: Kampung KB by year, as of {date}",
    "progress.title_areas": "By kecamatan",
    "col.year": "Year",
    "col.target": "Target",
    "col.formed": "Formed",
    "col.cumulative": "Cumulative",
    "col.coverage": "Coverage",
    "col.planned": "Planned",
    "col.target_status": "Status",
    "col.kecamatan": "Kecamatan",
    "col.villages": "{noun}",
    "col.none": "None",
    "col.code": "Code",
    "col.kelurahan": "Kelurahan",
    "col.status": "Status",
    "col.date": "Date",
    "col.name": "Name",
    "status.met": "met",
    "status.in_progress": "in progress",
    "status.missed": "missed",
    "status.upcoming": "upcoming",
    "status.formed": "formed",
    "status.planned": "planned",
    "status.none": "none",
    "list.empty": "No kelurahan match.",
    "list.count": "{count} {noun}",
    # -- info ------------------------------------------------------------------------------
    "info.path": "Database",
    "info.version": "Schema version",
    "info.journal": "Journal mode",
    "info.scope": "Scope",
    "info.regions": "Regions",
    "info.regions_value": "{provinsi} provinsi, {kabupaten_kota} kabupaten/kota, "
    "{kecamatan} kecamatan, {desa_kelurahan} desa/kelurahan",
    "info.records": "Kampung KB",
    "info.records_value": "{formed} formed, {planned} planned",
    "info.targets": "Targets",
    "info.kkb": "kkb",
}

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

CATALOG = {"en": EN}
LANGUAGE = "en"


def text(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, filled in with ``params``."""
    return CATALOG[LANGUAGE][key].format(**params)


def long_date(day: date) -> str:
    """A date as people write it: 17 July 2023."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def percent(value: float) -> str:
    """A percentage to one decimal, without the sign: 70.4."""
    return f"{value:.1f}"
