"""Every word kkb shows a person, in one table.

A second language (Bahasa Indonesia) is a second table with the same keys. Machine-readable
names (JSON keys, CSV headers, status values) are not here: they never change with language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

EN: dict[str, str] = {
    # -- help ------------------------------------------------------------------------------
    "help.app": (
        "Plan, register and report Kampung KB (Kampung Keluarga Berkualitas) per kelurahan, "
        "with yearly targets and coverage of all kelurahan.\n\n"
        "Exit codes: 0 success (an empty result is success), 1 refused (unknown or ambiguous "
        "kelurahan, already formed, a date in the future or before 2016, an existing output "
        "file, wrong rows in an import, a locked, corrupt or read-only database, problems "
        "found by `kkb check`), 2 bad usage (unknown option, "
        "unparseable date), 3 an internal error (a bug in kkb: please report it)."
    ),
    "help.db": "The database file. Default: $KKB_DB, else kkb.db in your user data folder.",
    "help.version": "Show the version and exit.",
    "help.lang": (
        "Language of messages and tables: en or id (Bahasa Indonesia). Default: $KKB_LANG, "
        "else id when the locale is Indonesian (LANG=id_ID…), else en. JSON keys and CSV "
        "headers never change with it."
    ),
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
    "help.export.table": (
        "Which table: one row per kelurahan (kampung), per year (progress), per kecamatan "
        "(areas), per attribute and region (attributes), or per target (targets)."
    ),
    "help.export.output": "Write to this file (atomically) instead of stdout; - means stdout.",
    "help.export.force": "Replace the output file if it exists.",
    "help.export.headers": (
        "Header names: en (the stable names scripts rely on) or id (Indonesian, e.g. tahun, "
        "tanggal); `kkb import csv` reads both."
    ),
    "help.info": "Show the database file, its schema version and what it holds.",
    "help.init": (
        "Create a new database from the seed.\n\nThe seed is Kota Pekalongan as of 17 July "
        "2023. With --no-records the database holds its regions and targets but no Kampung KB "
        "records, for an office to register its own."
    ),
    "help.init.records": "Include the seed's Kampung KB records (as of 17 July 2023).",
    "help.edit": (
        "Correct a Kampung KB record.\n\nChanges only what is given: --year or --date (the "
        "record becomes or stays formed), --planned (it becomes a plan again, for a formation "
        "registered by mistake), --name, --sk, --note (an empty value clears the field)."
    ),
    "help.edit.year": "Year of formation (a recorded date in another year is dropped).",
    "help.edit.planned": "Make the record a plan for this year again.",
    "help.remove": (
        "Remove a kelurahan's Kampung KB record.\n\nAsks first on a terminal; elsewhere "
        "--yes is required. `kkb history` keeps the removed values."
    ),
    "help.remove.yes": "Remove without asking.",
    "help.history": (
        "Show every change made to the records, newest first.\n\nWhen, by which command and "
        "operating-system user, and the values before and after. The seed, an upgrade from an "
        "older kkb, and every add, edit, remove and import are recorded in the same "
        "transaction as the change. Times are shown in local time (--json: UTC)."
    ),
    "help.history.kelurahan": "Only this kelurahan's changes (code or name).",
    "help.history.limit": "Show at most this many changes.",
    "help.backup": (
        "Write a consistent copy of the database to FILE.\n\nUses SQLite's online backup "
        "API, so it is safe while others are writing; the copy is checked, then put in place "
        "whole."
    ),
    "help.backup.file": "Where to write the copy.",
    "help.backup.force": "Replace FILE if it exists.",
    "help.check": (
        "Check the database: SQLite's integrity check, then kkb's own rules.\n\nEvery record "
        "is for an existing kelurahan, formed records have a year, no kelurahan has two "
        "records, every region has its parent, and the history ends in the stored records. "
        "Exits 1 if anything is wrong."
    ),
    "help.import": "Import records from a file.",
    "help.import.csv": (
        "Import Kampung KB records from a CSV file, all or nothing.\n\nThe header names the "
        "columns, in English or Indonesian, in any case: kelurahan or desa (name), "
        "kelurahan_code or kode, kecamatan, status (formed/terbentuk, planned/rencana), year "
        "or tahun, date or tanggal, planned_year, name or nama, sk or no_sk, note or catatan. "
        "One column per attribute (dashat, pokja, rumah_dataku… or Dashat, Rumah DataKu…) takes "
        "yes/ya, no/tidak or ? for not known; an empty cell keeps what is known. "
        "UTF-8 (with or without BOM), separated by commas or semicolons, as Excel and "
        "LibreOffice save it; `kkb export csv` output imports as it is. If any row is wrong, "
        "nothing is written and every wrong row is listed."
    ),
    "help.import.file": "The CSV file; - reads standard input.",
    "help.import.dry_run": "Check the file and show what would change, without writing.",
    "help.import.update": (
        "Replace existing records with the file's rows (otherwise a row that would change an "
        "existing record is refused). Columns the file lacks keep their values."
    ),
    "help.set": (
        "Record what a Kampung KB has: Dashat, Pokja, SK Pokja, Sekretariat, Rumah DataKu, "
        "RKM, BKB, BKR, BKL, UPPKA, PIK-R.\n\nEach is yes (ya), no (tidak) or unknown (?): "
        "unknown is never counted as no. Example: kkb set Krapyak dashat=yes pokja=ya "
        "rumah-dataku=tidak --date 2024-03-01."
    ),
    "help.set.assignments": "ATTRIBUTE=VALUE pairs, e.g. dashat=yes sk-pokja=no pik-r=?",
    "help.set.date": "Since when the answers given are true (default: not dated).",
    "help.list.missing": (
        "Only formed Kampung KB without this attribute (no, or not known), e.g. --missing dashat."
    ),
    "help.progress.attribute": "Also break this attribute down by kecamatan, e.g. dashat.",
    "help.export.json": (
        "Export every table as one JSON document, for scripts.\n\nThe keys kampung, progress, "
        "areas, attributes and targets hold the same rows, with the same keys, as the CSV "
        "tables."
    ),
    "help.export.xlsx": (
        "Export every table as one Excel workbook.\n\nSheets for the Kampung KB records, "
        "progress by year, coverage by kecamatan, attributes and targets: real numbers and "
        "dates, percentages formatted as such, bold frozen headers, an autofilter. The file "
        "is written beside FILE and renamed into place, so it is whole or absent."
    ),
    "help.export.xlsx_output": "The workbook to write (.xlsx).",
    "help.target": "Set, list and remove the office's targets.",
    "help.target.set": (
        "Set a target for a year.\n\nWithout --attribute: how many Kampung KB to form in "
        "YEAR. With --attribute: how many (or what percentage) of the formed Kampung KB should "
        "have it by the end of YEAR, e.g. `kkb target set 2025 100% --attribute dashat`. "
        "With --kecamatan the target is that kecamatan's, which cannot exceed its kelurahan. "
        "Setting a target again replaces it."
    ),
    "help.target.list": "Show every target with what is achieved and what is still needed.",
    "help.target.remove": "Remove a target.",
    "help.target.year": "The target's year.",
    "help.target.amount": "A number (8), or with --attribute a percentage (100%).",
    "help.target.kecamatan": "The kecamatan the target is for (default: the whole kota).",
    "help.target.attribute": (
        "Count this attribute (e.g. dashat) among formed Kampung KB instead of formations."
    ),
    # -- errors ----------------------------------------------------------------------------
    "error.empty_name": "Give a {what} name or code, e.g. {name} or {code}.",
    "error.unknown_name_suggest": (
        "No {what} named '{query}'. Did you mean {suggestions}? Type the name as it is, "
        "or give the code (`kkb list` shows them all)."
    ),
    "error.unknown_name": (
        "No {what} named '{query}': check the spelling, or give the code (`kkb list` shows "
        "every kelurahan with its code)."
    ),
    "error.village_elsewhere": (
        "'{query}' is not in kecamatan {kecamatan} but in {places}: correct the kelurahan or "
        "the kecamatan."
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
        "{when} is in the future (today is {today}): to record a plan, use --planned YEAR "
        "(in an import: status planned, or rencana)."
    ),
    "error.plan_too_far": (
        "A plan for {year} is too far ahead (the latest is {limit}): check the year."
    ),
    "error.as_of_future": "--as-of {day} is in the future (today is {today}): give a past date.",
    "error.year_date_disagree": (
        "The year {year} and the date {day} disagree: give only one, or make them match."
    ),
    "error.planned_with_formation": (
        "--planned cannot go with --year or --date: a Kampung KB is either planned or formed."
    ),
    "error.already_formed": (
        "{village} ({code}) already has a Kampung KB, formed in {year}, so nothing was changed. "
        "A kelurahan has one Kampung KB: check the name, or correct the record with "
        "`kkb edit`."
    ),
    "error.no_record": (
        "{village} ({code}) has no Kampung KB record, so nothing was changed: register one "
        "with `kkb add`."
    ),
    "error.edit_nothing": (
        "Nothing to change: give at least one of --year, --date, --planned, --name, --sk, --note."
    ),
    "error.remove_needs_yes": (
        "Removing the record of {village} ({code}) needs confirmation: add --yes to remove it "
        "without a terminal."
    ),
    "error.backup_is_database": (
        "{path} is the database itself: give another file name for the backup."
    ),
    "error.backup_failed": "Cannot write the backup {path} ({detail}), so nothing was changed: "
    "check the folder, or choose another place.",
    "error.backup_bad": "The copy written to {path} did not pass SQLite's check ({detail}), so "
    "it was not kept: the database may be damaged; run `kkb check` on it.",
    "error.attribute_unknown": ("'{name}' is not an attribute kkb knows: use one of {known}."),
    "error.answer_unknown": (
        "'{value}' is not an answer: use yes (ya), no (tidak) or ? for not known."
    ),
    "error.assignment_form": (
        "'{text}' is not ATTRIBUTE=VALUE: write it like dashat=yes or pokja=tidak."
    ),
    "error.attribute_twice": "{attribute} is given twice with different answers: give it once.",
    "error.attribute_date_future": (
        "--date {day} is in the future (today is {today}): give the date it became true."
    ),
    "error.target_amount": (
        "'{text}' is not a target: give a whole number from 1 (8) or, with --attribute, a "
        "percentage above 0% and at most 100%."
    ),
    "error.target_too_far": (
        "A target for {year} is too far ahead (the latest is {limit}): check the year."
    ),
    "error.target_percent_formed": (
        "A formation target is a number of Kampung KB to form that year, not a percentage: "
        "give a number, or add --attribute for a share of formed Kampung KB."
    ),
    "error.target_too_few_left": (
        "{region} had only {left} kelurahan without a Kampung KB when {year} began, so a "
        "target of {count} formations cannot be met: give at most {left}."
    ),
    "error.no_target": (
        "{region} has no {subject} target for {year}, so nothing was removed: "
        "`kkb target list` shows the targets."
    ),
    "error.db_bad_record": (
        "The database holds a record kkb cannot read (kelurahan {code}: {detail}); it was "
        "left as it is. Run `kkb check` to see what is wrong, then correct it or restore a "
        "backup."
    ),
    "error.db_missing": (
        "There is no database at {path}: check the path (--db or KKB_DB), or create one with "
        "`kkb init` (`kkb init --no-records` for an office's own records)."
    ),
    "error.upgrade_unwritable": (
        "{path} was written by an older kkb (schema version {version}) and must be upgraded "
        "once, which needs write access to the file and its folder (a backup is saved beside "
        "it); nothing was changed. Ask for write access, or copy the file somewhere writable "
        "and use --db."
    ),
    "error.upgrade_no_backup": (
        "{path} was written by an older kkb and must be upgraded, but a backup of it could not "
        "be saved first ({detail}), so it was left as it was: check the disk, or restore the "
        "file from a backup if it is damaged."
    ),
    "error.remove_changed": (
        "The record of {village} ({code}) was changed by someone else while you were asked, so "
        "nothing was removed: check it with `kkb history {code}` and run the command again."
    ),
    "error.import_code_name_disagree": (
        "The code {code} is {village}, not '{given}': correct the code or the name."
    ),
    "error.import_code_kecamatan_disagree": (
        "{village} ({code}) lies in kecamatan {kecamatan}, not '{given}': correct the code or "
        "the kecamatan."
    ),
    "error.import_no_record_to_update": (
        "{village} ({code}) has no Kampung KB record to add these details to: give its status "
        "and year too."
    ),
    "error.check_failed": (
        "{count} problem(s) found in {path}: restore it from a backup (`kkb backup` makes "
        "them), or report this if kkb alone wrote the file."
    ),
    "error.import_missing": "There is no file {path}: check the name and the folder.",
    "error.import_folder": "{path} is a folder: give the CSV file inside it.",
    "error.import_unreadable": "Cannot read {path} ({detail}): check that you may read it.",
    "error.import_binary": (
        "{path} is not a CSV text file (it holds binary data): in Excel or LibreOffice, save it "
        "as 'CSV UTF-8' and import that."
    ),
    "error.import_not_utf8": (
        "{path} is not UTF-8 text (line {line}): in Excel choose 'CSV UTF-8 (Comma delimited)' "
        "when saving, or in LibreOffice the character set 'Unicode (UTF-8)'."
    ),
    "error.import_empty": (
        "{path} is empty: it needs a header row (e.g. kelurahan,status,tahun) and a row per "
        "Kampung KB."
    ),
    "error.import_malformed": (
        "{path} cannot be read as CSV at line {line} ({detail}): the file may be cut off or a "
        "quote left open; save it again from the spreadsheet."
    ),
    "error.import_unknown_columns": (
        "Unknown column(s) {columns}, so nothing was imported: rename or delete them. Known "
        "columns: kelurahan or desa, kode, kecamatan, status, tahun or year, tanggal or date, "
        "tahun_rencana or planned_year, nama or name, no_sk or sk_number, catatan or note, and "
        "one per attribute (dashat, pokja, rumah_dataku…; `kkb import csv --help`)."
    ),
    "error.import_repeated_column": (
        "Two columns mean the same thing ('{column}' repeats another), so nothing was "
        "imported: keep one of them."
    ),
    "error.import_no_village_column": (
        "The file has no kelurahan column, so nothing was imported: add one named kelurahan, "
        "desa or kode (a name or a Kemendagri code)."
    ),
    "error.import_refused": (
        "{path}: {refused} of {rows} rows refused, so nothing was imported. Fix the rows below "
        "and import again:"
    ),
    "error.import_row_width": (
        "{cells} cells where the header has {width}: the file may be cut off, or a separator "
        "is missing or extra in this row."
    ),
    "error.import_repeated_village": (
        "{village} already appears on line {first}: keep one of the two rows."
    ),
    "error.import_would_remove": (
        "{village} ({code}) has a Kampung KB record and this row says none; an import never "
        "removes one: use `kkb remove`."
    ),
    "error.import_conflict": (
        "{village} ({code}) already has a record ({status} {year}) that this row would change: "
        "add --update to replace it, or remove the row."
    ),
    "error.import_no_status": "No status, year, date or planned year: say what this row records.",
    "error.import_formed_no_year": "A formed Kampung KB needs a year or a date.",
    "error.import_bad_answer": (
        "{column}: '{value}' is not an answer: use yes (ya), no (tidak) or ? for not known."
    ),
    "error.import_planned_no_year": "A planned Kampung KB needs the year it is planned for.",
    "error.import_planned_with_date": (
        "A planned Kampung KB has no formation date: clear the date, or make the status formed."
    ),
    "error.import_plan_years_disagree": (
        "The year ({year}) and the planned year ({planned}) of this plan disagree."
    ),
    "error.import_bad_status": (
        "'{value}' is not a status: use formed (terbentuk), planned (rencana) or none (belum)."
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
    "error.output_exists": (
        "{path} already exists, so it was left untouched: add --force to replace it, or "
        "choose another file name."
    ),
    "error.output_no_folder": (
        "The folder {folder} does not exist: create it first, or choose another file name."
    ),
    "error.output_is_folder": "{path} is a folder: give a file name.",
    "error.output_not_file": (
        "{path} is not a regular file (a device or a pipe), so it was left alone: give a file name."
    ),
    "error.output_unwritable": "Cannot write {path} ({detail}): choose another file name.",
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
    "done.export_json": "Wrote {path}.",
    "done.export_xlsx": "Wrote {path} ({sheets} sheets).",
    "done.set": "Updated the Kampung KB of {village} ({code}): {change}.",
    "done.target_set": "Target set: {target}.",
    "done.target_replaced": "Target replaced: {old} → {target}.",
    "done.target_removed": "Target removed: {target}.",
    "target.formed": "{count} Kampung KB formed in {region} in {year}",
    "target.attribute": "{attribute} in {amount} of formed Kampung KB in {region} by {year}",
    "target.count": "{count} targets",
    "field.status": "status",
    "field.formed_year": "formed_year",
    "field.formed_date": "formed_date",
    "field.planned_year": "planned_year",
    "field.name": "name",
    "field.sk_number": "sk_number",
    "field.note": "note",
    "target.subject_formed": "formation",
    "target.count_one": "1 target",
    "target.empty": "No targets: `kkb target set YEAR COUNT` sets one.",
    "answer.yes": "yes",
    "answer.no": "no",
    "done.upgraded": "Upgraded {path} from schema version {old} to {new}; the file as it was is "
    "saved as {backup}.",
    "done.edited": "Updated the Kampung KB of {village} ({code}, {kecamatan}): {change}. "
    "Coverage: {coverage}",
    "done.edit_unchanged": "{village} ({code}) already reads like that; nothing was changed.",
    "done.removed": "Removed the Kampung KB record of {village} ({code}, {kecamatan}), "
    "{was}; `kkb history` keeps its values. Coverage: {coverage}",
    "done.remove_declined": "Nothing was removed.",
    "confirm.remove": "Remove the Kampung KB record of {village} ({code}), {was}?",
    "done.backup": "Backed up {path} to {backup}: {records} Kampung KB records, {history} "
    "history entries.",
    "done.check": "{path}: no problems found ({records} Kampung KB records, {history} history "
    "entries, {regions} regions).",
    "done.import": "Imported {path}: {added} added, {updated} updated, {unchanged} unchanged, "
    "0 refused.",
    "done.import_dry_run": "Dry run of {path}: {added} would be added, {updated} updated, "
    "{unchanged} unchanged, 0 refused; nothing was written.",
    "import.progress": "Checking rows",
    "import.stdin": "standard input",
    "import.line_add": "line {line}: add {village} ({code}): {change}",
    "import.line_update": "line {line}: update {village} ({code}): {change}",
    "import.line_problem": "line {line}: {message}",
    # -- history ---------------------------------------------------------------------------
    "history.added": "added, {values}",
    "history.removed": "removed (was {values})",
    "history.field": "{field} {old} → {new}",
    "history.formed": "formed {when}",
    "history.planned": "planned for {year}",
    "history.empty": "No changes recorded.",
    "history.count": "{count} changes",
    "history.count_one": "1 change",
    "col.when": "When",
    "col.command": "Command",
    "col.user": "User",
    "col.change": "Change",
    # -- check -----------------------------------------------------------------------------
    "check.integrity": "SQLite integrity check: {detail}",
    "check.foreign_key": "A row of {table} (rowid {rowid}) points to a missing row of {parent}.",
    "check.record_not_village": "{count} record(s) for a code that is not a desa/kelurahan: "
    "{codes}",
    "check.record_status": "{count} record(s) with an unknown status: {codes}",
    "check.formed_year_range": "{count} record(s) formed or planned before 2016, or formed in "
    "a future year: {codes}",
    "check.formed_without_year": "{count} formed record(s) without a year: {codes}",
    "check.planned_without_year": "{count} planned record(s) without a planned year, or with "
    "a formation: {codes}",
    "check.date_year": "{count} record(s) whose formation date is not a real date in its year: "
    "{codes}",
    "check.two_records": "{count} kelurahan with two records: {codes}",
    "check.region_parent": "{count} region(s) whose parent is missing or is not the code one "
    "level up: {codes}",
    "check.region_level": "{count} region(s) whose level does not match the code: {codes}",
    "check.target_region": "{count} target(s) for a region that does not exist: {codes}",
    "check.journal_wal": "The file is in WAL journal mode, which is unsafe on shared network "
    "drives: switch it back with `sqlite3 FILE 'PRAGMA journal_mode=DELETE'`.",
    "check.history_missing": "The history table is missing.",
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
    "progress.title_attributes": "Attributes of the formed Kampung KB",
    "progress.title_targets": "Targets",
    "progress.no_attributes": (
        "No attribute (Dashat, Pokja…) is filled in yet: `kkb set KELURAHAN dashat=yes` "
        "records one."
    ),
    "col.year": "Year",
    "col.attribute": "Attribute",
    "col.yes": "Yes",
    "col.no": "No",
    "col.unknown": "Unknown",
    "col.has_pct": "Yes %",
    "col.lacks_pct": "No %",
    "col.unknown_pct": "Unknown %",
    "col.wanted": "Wanted",
    "col.achieved": "Achieved",
    "col.needed": "Still needed",
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
    "info.history": "History entries",
    "info.kkb": "kkb",
    "help.scope": (
        "Work in this region instead of the database's scope: a provinsi, kabupaten/kota or "
        "kecamatan code (33, 33.75, 33.75.03), or ID for all of Indonesia."
    ),
    "error.scope_unknown": (
        "No region {code} in this database: `kkb region list` shows the loaded regions, and `kkb "
        "region import FILE` loads more."
    ),
    "error.scope_malformed": (
        "'{code}' is not a scope: give the Kemendagri code of a provinsi, kabupaten/kota or "
        "kecamatan (33, 33.75, 33.75.03), or ID for all of Indonesia."
    ),
    "error.scope_village": (
        "{code} is a desa/kelurahan, and a scope is a kecamatan, kabupaten/kota, provinsi or ID: "
        "give the code of the kecamatan around it."
    ),
    "help.target.region": (
        "The region the target is for, at any level inside the scope (a name or a code)."
    ),
    "error.ambiguous_name": (
        "'{query}' matches several {what}: {candidates}. Type more of the name, give the code, "
        "or narrow the scope with --scope."
    ),
    "level.provinsi": "provinsi",
    "level.kabupaten_kota": "kabupaten/kota",
    "level.kecamatan": "kecamatan",
    "level.desa_kelurahan": "desa/kelurahan",
    "progress.title_areas": "By {level}",
    "progress.title_area_attribute": "{attribute} by {level}",
    "help.check.recount": (
        "First count again the totals kept for fast reports (after another program changed the "
        "records), in one transaction."
    ),
    "check.counts_stale": (
        "The counts kept for fast reports ({table}) do not match the records: another program "
        "changed the file. `kkb check --recount` counts them again."
    ),
    "help.region": "Load Kemendagri region lists and look through the loaded regions.",
    "help.region.import": (
        "Load a Kemendagri region list (kode wilayah) from a CSV file.\n\nThe header names a "
        "code and a name column (code,name or kode,nama), optionally level and parent_code "
        "(tingkat, kode_induk); other columns are ignored. Every row is checked, every wrong "
        "row is reported with its line, and the file is loaded whole or not at all. Loading a "
        "newer list renames, adds, and removes the regions it leaves out below the "
        "kabupaten/kota and kecamatan it lists; regions elsewhere are left alone. A region "
        "that a Kampung KB record, a target or the scope points to is never removed: it is "
        "kept and reported."
    ),
    "help.region.list": (
        "List the regions right below a region.\n\nEach with how many regions it holds at "
        "every lower level: for Indonesia, each provinsi with its kabupaten/kota, kecamatan "
        "and desa/kelurahan; for a kecamatan, its villages with their kind (desa or kelurahan)."
    ),
    "help.region.code": (
        "The region: ID for all of Indonesia (the default), or a Kemendagri code (33, 33.75, "
        "33.75.03)."
    ),
    "help.scope_app": "Show or set the scope: the region commands work in unless given --scope.",
    "help.scope_app.set": "Set the scope of this database, and say how many desa/kelurahan it has.",
    "help.scope_app.code": (
        "A provinsi, kabupaten/kota or kecamatan code (33, 33.75, 33.75.03), or ID for all of "
        "Indonesia."
    ),
    "help.scope_app.show": "Show the scope of this database and how many desa/kelurahan it has.",
    "error.region_no_columns": (
        "The file needs a code column and a name column (code,name or kode,nama; level and "
        "parent_code, or tingkat and kode_induk, may follow), so no region was loaded."
    ),
    "error.region_refused": (
        "{path}: {refused} of {rows} rows are wrong, so no region was loaded. Fix the rows "
        "below and load the file again:"
    ),
    "error.region_no_code": "No code: every row needs the Kemendagri code of its region.",
    "error.region_code": (
        "'{code}' is not a Kemendagri region code: write PP, PP.KK, PP.KK.CC or PP.KK.CC.VVVV "
        "in digits (33, 33.75, 33.75.03, 33.75.03.1002)."
    ),
    "error.region_village_kind": (
        "{code}: the last part of a desa/kelurahan code starts with 1 (kelurahan), 2 (desa) or "
        "3 (desa adat), not {digit}."
    ),
    "error.region_no_name": "{code} has no name.",
    "error.region_level_unknown": (
        "'{given}' is not a level: write provinsi, kabupaten_kota (or kabupaten, kota), "
        "kecamatan or desa_kelurahan (or desa, kelurahan), or leave it empty."
    ),
    "error.region_level_disagrees": "The level says {given}, but {code} is the code of a {level}.",
    "error.region_parent_disagrees": (
        "The parent code says {given}, but {code} lies in {parent}: a region's parent is its "
        "code without the last part."
    ),
    "error.region_provinsi_parent": (
        "{code} is a provinsi, which has no parent, but the parent code says {given}: leave it "
        "empty."
    ),
    "error.region_repeated": "{code} already appears on line {first}: keep one of the two rows.",
    "error.region_parent_missing": (
        "{code} lies in {parent}, which is neither in the file nor in the database: add a row "
        "for {parent}."
    ),
    "error.region_parent_left_out": (
        "{code} lies in kecamatan {parent}, which the file leaves out although it lists "
        "{kabupaten} (so loading it would remove {parent}): add a row for {parent}."
    ),
    "error.region_malformed": (
        "'{code}' is not a region: give ID for all of Indonesia, or a Kemendagri code (33, "
        "33.75, 33.75.03)."
    ),
    "error.region_unknown": (
        "No region {code} in this database: `kkb region list` shows the loaded regions, and "
        "`kkb region import FILE` loads more."
    ),
    "region.line_add": "add {code} {name} ({level})",
    "region.line_rename": "rename {code} {old} → {name}",
    "region.line_remove": "remove {code} {name} ({level})",
    "region.kept": "Kept {code} {name} ({level}), which the file leaves out: {why}.",
    "region.kept_record": "a Kampung KB record is for it",
    "region.kept_target": "a target is set for it",
    "region.kept_scope": "it is the scope of this database (`kkb scope set` changes it)",
    "region.kept_inside": "it holds regions that are kept",
    "done.region_import": (
        "Loaded {path}: {added} added, {renamed} renamed, {removed} removed, {unchanged} unchanged."
    ),
    "done.region_import_kept": (
        "Loaded {path}: {added} added, {renamed} renamed, {removed} removed, {unchanged} "
        "unchanged, {kept} kept (in use, see above)."
    ),
    "done.region_dry_run": (
        "Dry run of {path}: {added} would be added, {renamed} renamed, {removed} removed, "
        "{unchanged} unchanged; nothing was written."
    ),
    "done.region_dry_run_kept": (
        "Dry run of {path}: {added} would be added, {renamed} renamed, {removed} removed, "
        "{unchanged} unchanged, {kept} kept (in use, see above); nothing was written."
    ),
    "region.list_title": "Regions in {name} ({code})",
    "region.col_kind": "Kind",
    "region.list.empty": "No regions are loaded below it.",
    "region.list.count_one": "1 region",
    "region.list.count": "{count} regions",
    "done.scope_set": "The scope is now {name} ({code}): {count} {noun}.",
    "done.scope_show": "The scope is {name} ({code}): {count} {noun}.",
    "error.target_level": (
        "{code} is not the code of a region a target can be for: give a provinsi, kabupaten/kota "
        "or kecamatan (--kecamatan takes only a kecamatan)."
    ),
    "error.target_outside": (
        "{code} lies outside the scope, {scope}: give a region inside it, or choose another "
        "scope with --scope."
    ),
    "error.target_indonesia": (
        "A target belongs to a provinsi, kabupaten/kota or kecamatan, not to all of Indonesia: "
        "name one with --region, or give --scope."
    ),
    "word.region": "regions",
    "error.target_too_many": (
        "{region} has {villages} {noun}, so a target of {count} cannot be met: give at most "
        "{villages}."
    ),
    "error.region_empty": (
        "{path} is empty: a region list needs a header row (code,name, optionally "
        "level,parent_code) and a row per region."
    ),
    "check.history_guard": (
        "The history's guards against edits are missing or altered ({names}): they must be "
        "exactly those kkb made. Restore the file from a backup."
    ),
    "check.history_ids": (
        "History entries are missing: {count} stored, {missing} missing between them."
    ),
    "check.history_hash": (
        "{count} history entr(y/ies) whose hash does not hold, so the history was changed "
        "from there on (entry {ids}). Restore the file from a backup."
    ),
    "check.seal_missing": (
        "The seal {seal} is not in this history: the history up to it was rewritten, or the "
        "seal is from another file."
    ),
    "check.upgrade_due": (
        "The file has schema version {old} and this kkb uses {new}: kkb's own rules are "
        "checked after the upgrade, which `kkb upgrade` makes (a copy of the file is saved "
        "beside it first)."
    ),
    "check.name_keys_stale": (
        "{count} region(s) whose name index does not match their name ({codes}), probably "
        "changed by another program: `kkb check --recount` builds it again."
    ),
    "history.file_history_chained": (
        "history made a hash chain ({entries} entries, schema {schema})"
    ),
    "error.db_cannot_create": (
        "Cannot create the database {path} ({detail}): check the folder and your permissions."
    ),
    "error.db_is_link": (
        "{path} is a symbolic link (to {target}): kkb does not write through links. Give the "
        "real path with --db or KKB_DB."
    ),
    "error.output_is_link": (
        "{path} is a symbolic link (to {target}), so it was left untouched: kkb never writes "
        "through a link. Choose another file name, or remove the link first."
    ),
    "error.import_fifo": (
        "{path} is a named pipe (FIFO), not a file: save the CSV as a file, or pipe it in "
        "with `-` (kkb import csv - < file.csv)."
    ),
    "error.import_device": "{path} is a device, not a file: give the CSV file itself.",
    "error.import_socket": "{path} is a socket, not a file: give the CSV file itself.",
    "error.import_not_file": "{path} is not a regular file: give the CSV file itself.",
    "error.import_line_too_long": (
        "{path}: line {line} is longer than {limit} KiB, which no spreadsheet writes: is "
        "this a CSV file?"
    ),
    "error.import_cell_too_long": (
        "{path}: a cell that starts on line {line} is longer than {limit} characters, "
        'which no spreadsheet writes: is a quote (") left open?'
    ),
    "error.import_row_too_long": (
        "{path}: the row that starts on line {line} is longer than {limit} characters: is "
        'a quote (") left open?'
    ),
    "import.more_problems": (
        "… and {count} more rows refused (fix the ones above and import again to see them)."
    ),
    "error.stdout_closed": (
        "Standard output is closed, so kkb could not print its results: run the command "
        "without `>&-`, or send its output to a file (`> out.csv`, or --output where a "
        "command has it)."
    ),
    "error.argument_not_utf8": (
        "Argument {position} ('{shown}') is not UTF-8 text: type it again, or set your "
        "terminal to UTF-8."
    ),
    "error.interrupted": "Interrupted: the command's changes were undone.",
    "error.memory": (
        "kkb ran out of memory, and nothing was changed: close other programs, or split the "
        "work (a smaller --scope, a file in parts)."
    ),
    "help.check.seal": (
        "Also prove that the history up to this seal (a hash `kkb history seal` printed "
        "earlier) is unchanged."
    ),
    "help.upgrade": (
        "Upgrade the database file to this kkb's schema.\n\nAny command does it on first use; "
        "this does only that. A copy of the file as it was is saved beside it first."
    ),
    "done.check_seal": "The history up to the seal {seal} ({entries} entries) is unchanged.",
    "done.upgrade_current": "{path} is already at schema version {version}: nothing to upgrade.",
    "error.seal_malformed": (
        "'{seal}' is not a seal: a seal is the 64 letters and digits that `kkb history seal` "
        "prints."
    ),
    "history.seal": "History seal of {path}: {entries} entries, the last on {when}:",
    "history.seal_keep": (
        "Keep this seal outside the file (in the monthly report, in a message to the "
        "province): `kkb check --seal {seal}` proves later that these {entries} entries are "
        "unchanged."
    ),
    "check.history_chain": (
        "{count} kelurahan whose history has a gap (an entry's 'before' is not the previous "
        "entry's 'after'): {codes}"
    ),
    "check.history_mismatch": (
        "{count} kelurahan whose history does not end in the stored record: {codes}"
    ),
    "coverage": "{formed} of {total} {noun} ({pct}%)",
    "when.date": "on {date}",
    "when.year": "in {year}",
}

MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

LANGUAGES = ("en", "id")
LANGUAGE = "en"


def set_language(code: str) -> None:
    """Speak ``code`` (en or id) from now on."""
    global LANGUAGE
    if code not in LANGUAGES:
        raise ValueError(code)
    LANGUAGE = code


def choose_language(environ: Mapping[str, str]) -> str:
    """The language the environment asks for: $KKB_LANG, else the locale (id_ID… means
    Indonesian), else English. An unknown value means English. (``--lang`` overrides it.)"""
    if environ.get("KKB_LANG"):
        return _language(environ["KKB_LANG"])
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "id" if environ[name].lower().startswith(("id", "in_")) else "en"
    return "en"


def _language(code: str) -> str:
    code = code.strip().lower()[:2]
    return code if code in LANGUAGES else "en"  # --lang itself reports a bad value


def _catalog(language: str) -> Mapping[str, str]:
    if language == "id":
        from kkb_cli.messages_id import ID

        return ID
    return EN


def translated(english: str) -> str:
    """A text written in English (a help text built before the language was chosen) in the
    current language; unchanged when it is not one of kkb's messages."""
    if LANGUAGE == "en":
        return english
    global _KEYS
    if _KEYS is None:
        _KEYS = {wording: key for key, wording in EN.items()}
    key = _KEYS.get(english)
    return _catalog(LANGUAGE).get(key, english) if key else english


_KEYS: dict[str, str] | None = None


def text(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, filled in with ``params``. (A test keeps
    the catalogues complete; English stands in rather than failing if one is not.)"""
    wording = _catalog(LANGUAGE).get(key) or EN[key]
    return wording.format(**params)


def long_date(day: date) -> str:
    """A date as people write it: 17 July 2023, or 17 Juli 2023."""
    if LANGUAGE == "id":
        from kkb_cli.messages_id import MONTHS_ID

        return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def percent(value: float) -> str:
    """A percentage to one decimal, without the sign: 70.4, or 70,4 in Indonesian."""
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if LANGUAGE == "id" else shown
