"""Bahasa Indonesia and English: every word in both, chosen by --lang, KKB_LANG or the locale;
JSON keys and CSV headers never change with the language."""

from __future__ import annotations

import ast
import gettext
import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from conftest import Kkb, run_kkb_process

SOURCE = Path(__file__).resolve().parents[1] / "src" / "kkb_cli"
LOCALE = SOURCE / "locale"


def _catalogue(language: str) -> dict[str, Message]:
    """kkb's messages in a language's .po file, by key (Click's own texts left out)."""
    with (LOCALE / language / "LC_MESSAGES" / "kkb.po").open("rb") as po:
        catalogue = read_po(po)
    found = {}
    for message in catalogue:
        for key in [message.id] if isinstance(message.id, str) else message.id:
            if key and re.fullmatch(r"[a-z_]+(\.[a-zA-Z0-9_]+)+", key):
                found[key] = message  # a plural message under both its keys
    return found


def _fields(wording: str) -> list[str]:
    return sorted(n for _, n, _, _ in string.Formatter().parse(wording) if n is not None)


def _wordings(message: Message) -> list[str]:
    return [message.string] if isinstance(message.string, str) else list(message.string)


def test_both_catalogues_have_every_message_with_the_same_blanks() -> None:
    english, indonesian = _catalogue("en"), _catalogue("id")
    assert set(english) == set(indonesian)
    for key, message in english.items():
        blanks = {tuple(_fields(w)) for w in _wordings(message)}
        for wording in _wordings(indonesian[key]):
            assert wording.strip(), key
            assert tuple(_fields(wording)) in blanks or not _fields(wording), key


def test_the_compiled_catalogues_are_those_of_the_po_files() -> None:
    """`pybabel compile -d src/kkb_cli/locale -D kkb` after every edit of a .po file."""
    for language in ("en", "id"):
        folder = LOCALE / language / "LC_MESSAGES"
        with (folder / "kkb.po").open("rb") as po:
            expected = read_po(po)
        with (folder / "kkb.mo").open("rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        for message in expected:
            if not message.id:
                continue
            if isinstance(message.id, str):
                assert compiled.gettext(message.id) == message.string, message.id
            else:
                assert compiled.ngettext(*message.id, 1) == message.string[0], message.id


def _dynamic_keys() -> set[str]:
    """The keys the code builds from a value (``status.{value}``), from the values."""
    from kkb_cli.domain.attributes import Answer
    from kkb_cli.domain.records import RECORD_FIELDS, Outcome
    from kkb_cli.domain.region_list import INSIDE, RECORD, SCOPE, TARGET
    from kkb_cli.domain.regions import Level
    from kkb_cli.domain.status import Status
    from kkb_cli.domain.targets import TargetStatus

    keys = {f"status.{s.value}" for s in (*Status, *TargetStatus)}
    keys |= {f"level.{level.value}" for level in Level}
    keys |= {f"answer.{answer.value}" for answer in Answer}
    keys |= {f"done.{outcome.value}" for outcome in Outcome}
    keys |= {f"field.{field}" for field in RECORD_FIELDS}
    keys |= {f"region.kept_{reason}" for reason in (RECORD, TARGET, SCOPE, INSIDE)}
    keys |= {f"region.line_{what}" for what in ("add", "rename", "remove")}
    keys |= {f"month.{month}" for month in range(1, 13)}
    keys |= {"history.file_history_chained"}
    keys |= {f"sheet.{table}" for table in _EXPORT_TABLES}
    keys |= {f"heading.{column}" for column in _exported_columns()}
    keys |= {f"answer_label.{answer}" for answer in ("yes", "no")}
    keys |= _datasette_keys()
    keys |= {f"activity.field_{name}" for name in _ACTIVITY_FIELDS}
    keys |= {f"catalogue.title_{name}" for name in ("kegiatan", "opd", "fungsi", "sasaran")}
    keys |= {f"activity.bucket_{name}" for name in ("none", "1", "2_4", "5_more")}
    keys |= {
        f"error.catalogue_{problem}_{what}"
        for problem in ("unknown", "ambiguous")
        for what in ("kegiatan", "agency", "fungsi", "group")
    }
    keys |= {f"{key}_choices" for key in ("error.unknown_name", "error.unknown_code")}
    keys |= {f"{key}_kept" for key in ("done.region_import", "done.region_dry_run")}
    listings = ("history", "target", "region.list", "region.find", "activity.list", "catalogue")
    for listing in listings:  # say_count(…)
        keys |= {f"{listing}.empty", f"{listing}.count_one", f"{listing}.count"}
    return keys


_EXPORT_TABLES = (
    "kampung", "progress", "areas", "attributes", "targets", "activities", "agencies",
    "lintas_sektor",
)  # fmt: skip
_ACTIVITY_FIELDS = (
    "date", "title", "kegiatan", "agencies", "fungsi", "groups", "place", "description", "people",
)  # fmt: skip


def _datasette_keys() -> set[str]:
    """The descriptions of `kkb export datasette`, by table and column name."""
    from kkb_cli.render import datasette

    tables = {*datasette.TABLES, *datasette.VIEWS}
    keys = {f"datasette.table.{table}" for table in tables}
    return keys | {f"datasette.column.{column}" for column in datasette.COLUMNS}


def _exported_columns() -> set[str]:
    """The columns of every exported table, but the attributes' (named by their labels)."""
    from kkb_cli.domain.records import KAMPUNG_COLUMNS
    from kkb_cli.render import activities, fields

    tables = (KAMPUNG_COLUMNS[:11], fields.YEAR_COLUMNS, fields.AREA_COLUMNS)
    tables += (fields.ATTRIBUTE_COLUMNS, fields.TARGET_COLUMNS, activities.ACTIVITY_COLUMNS)
    tables += (activities.AGENCY_COLUMNS, activities.BUCKET_COLUMNS)
    return {column for columns in tables for column in columns}


def _literal_strings() -> set[str]:
    """Every whole string written in the code (the pieces of f-strings left out)."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        pieces = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in pieces
            ):
                found.add(node.value)
    return found


def test_every_message_the_code_uses_is_in_the_catalogue_and_no_other() -> None:
    catalogue = set(_catalogue("en"))
    literal = _literal_strings()
    keyish = {s for s in literal if re.fullmatch(r"(?:[a-z_]+\.)+[a-z_0-9]+", s)}
    prefixes = {key.split(".")[0] for key in catalogue}
    used = {s for s in keyish if s.split(".")[0] in prefixes} | _dynamic_keys()
    families = {key.rsplit(".", 1)[0] for key in catalogue}  # "region.list" of region.list.count
    missing = {key for key in used - families if key not in catalogue and not _is_code_name(key)}
    assert missing == set()
    assert catalogue - used - literal == set()


def _is_code_name(text: str) -> bool:
    """A dotted name in the code that is not a message (a module, a table column)."""
    return text.startswith(("kkb_cli.", "temp.", "main.")) or text.count(".") == 0


def test_indonesian_numbers_dates_and_words(seeded: Kkb) -> None:
    result = seeded("--lang", "id", "progress", "--as-of", "2023-07-17")
    assert result.exit_code == 0, result.stderr
    assert "17 Juli 2023" in result.stdout
    assert "70,4%" in result.stdout
    assert "Tahun" in result.stdout and "Cakupan" in result.stdout
    english = seeded("progress", "--as-of", "2023-07-17")
    assert "17 July 2023" in english.stdout and "70.4%" in english.stdout


def test_errors_speak_the_language_too(seeded: Kkb) -> None:
    result = seeded("--lang", "id", "add", "Krapyak", "--year", "2024")
    assert result.exit_code == 1
    assert result.stderr.startswith("Kesalahan: ")
    assert result.stderr != seeded("add", "Krapyak", "--year", "2024").stderr


def test_language_comes_from_flag_then_environment_then_locale(seeded: Kkb) -> None:
    def title(*args: str, env: dict[str, str]) -> str:
        return seeded(*args, "progress", "--as-of", "2023-07-17", env=env).stdout.splitlines()[0]

    assert "Juli" in title(env={"LANG": "id_ID.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "July" in title(env={"LANG": "id_ID.UTF-8", "LC_ALL": "", "KKB_LANG": "en"})
    assert "Juli" in title(env={"KKB_LANG": "id"})
    assert "July" in title("--lang", "en", env={"KKB_LANG": "id"})
    bad = seeded("--lang", "fr", "progress")
    assert bad.exit_code == 2
    # A KKB_LANG kkb does not know never stops a command: it means English.
    assert "July" in title(env={"KKB_LANG": "xx"})
    assert "Juli" in title(env={"KKB_LANG": "id_ID"})


def test_json_and_csv_do_not_change_with_the_language(seeded: Kkb) -> None:
    english = json.loads(seeded("progress", "--json").stdout)
    indonesian = json.loads(seeded("--lang", "id", "progress", "--json").stdout)
    english.pop("summary"), indonesian.pop("summary")
    assert indonesian == english
    assert seeded("--lang", "id", "export", "csv").stdout == seeded("export", "csv").stdout
    headers = seeded("export", "csv", "--headers", "id").stdout.splitlines()[0].split(",")
    assert headers[:8] == [
        "kode_kelurahan", "kelurahan", "kode_kecamatan", "kecamatan", "status", "tahun",
        "tanggal", "tahun_rencana",
    ]  # fmt: skip


def test_indonesian_headers_import_back(seeded: Kkb, tmp_path: Path) -> None:
    export = tmp_path / "laporan.csv"
    assert seeded("export", "csv", "--headers", "id", "--output", str(export)).exit_code == 0
    assert "27 unchanged" in seeded("import", "csv", str(export)).stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--help"], ["add", "--help"], ["set", "--help"], ["import", "csv", "--help"],
        ["target", "set", "--help"], ["export", "xlsx", "--help"],
    ],
)  # fmt: skip
def test_help_is_in_indonesian_when_asked(args: list[str]) -> None:
    english = run_kkb_process(*args)
    indonesian = run_kkb_process("--lang", "id", *args)
    assert english.returncode == indonesian.returncode == 0
    assert indonesian.stdout != english.stdout
    assert "Traceback" not in indonesian.stdout + indonesian.stderr


def test_every_command_runs_in_indonesian(seeded: Kkb, tmp_path: Path) -> None:
    source = tmp_path / "x.csv"
    source.write_text("kelurahan;status;tahun\nGamer;terbentuk;2024\n", encoding="utf-8")
    commands = [
        ["add", "Poncol", "--year", "2024"],
        ["edit", "Krapyak", "--sk", "SK 1"],
        ["set", "Krapyak", "dashat=ya"],
        ["import", "csv", str(source), "--update"],
        ["history", "--limit", "3"],
        ["progress", "--attribute", "dashat"],
        ["list", "--missing", "dashat"],
        ["target", "set", "2025", "100%", "--attribute", "dashat"],
        ["target", "list"],
        ["info"],
        ["check"],
        ["backup", str(tmp_path / "copy.db")],
        ["remove", "Poncol", "--yes"],
    ]
    for args in commands:
        result = seeded("--lang", "id", *args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "Traceback" not in result.stdout + result.stderr


# Words that mark an English sentence, or one of Click's own texts, in what should be all
# Bahasa Indonesia (option names, commands in `backticks` and codes are taken out first).
ENGLISH = {
    "the", "and", "of", "to", "in", "for", "with", "is", "are", "this", "that", "from", "by",
    "on", "an", "be", "it", "or", "not", "show", "message", "exit", "usage", "options",
    "arguments", "commands", "required", "default", "env", "var", "invalid", "value",
    "missing", "argument", "option", "error", "aborted", "try", "choose", "such", "got",
    "unexpected", "extra", "did", "you", "mean", "one", "year", "date", "name", "code", "text",
    "formed", "planned", "none", "yes", "no", "unknown", "missed", "met", "upcoming",
}  # fmt: skip
COMMANDS = [
    [], ["add"], ["edit"], ["remove"], ["set"], ["history"], ["progress"], ["list"],
    ["export"], ["export", "csv"], ["export", "json"], ["export", "xlsx"], ["target"],
    ["target", "set"], ["target", "list"], ["target", "remove"], ["import"], ["import", "csv"],
    ["region"], ["region", "import"], ["region", "list"], ["scope"], ["scope", "set"],
    ["scope", "show"], ["info"], ["init"], ["backup"], ["check"], ["upgrade"], ["show"],
    ["region", "find"], ["export", "datasette"], ["activity"], ["activity", "add"],
    ["activity", "list"], ["activity", "show"], ["activity", "edit"], ["activity", "remove"],
    ["activity", "import"], ["catalogue"],
]  # fmt: skip


def english_words(shown: str) -> set[str]:
    """The English words left in Indonesian output: not counting what a user types as it is
    written (options, commands, codes, column names and values, given in backticks, in
    parentheses, as alternatives: `ya (yes)`, `ya/yes`, `code,name`, `year atau tahun`)."""
    typed = (
        r"`[^`]*`",  # a command line
        r"--[\w-]+",  # an option
        r"\[[\w|]+\]",  # a choice of values
        r"\b[\w-]+=[\w?-]+",  # dashat=yes
        r"'[^']*'",  # a value quoted
        r"\(\w+\)",  # ya (yes)
        r"\b[\w-]+(?:/[\w-]+)+",  # ya/yes
        r"\b\w+(?:,\w+)+",  # code,name
        r"\b\w+\s+atau\s+\w+",  # year atau tahun: a column's names
        r"\b\w*_\w*",  # parent_code: a column's name
        r"(?m)^  [\w-]+(?=\s{2,})",  # a command in the list of commands
    )
    shown = re.sub(r"(?m)^(\w+):.*$", r"\1", shown)  # the usage line's command names
    for pattern in typed:
        shown = re.sub(pattern, " ", shown)
    return {word for word in re.findall(r"[A-Za-z]+", shown) if word.lower() in ENGLISH}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "kkb")
def test_the_indonesian_help_of_every_command_has_no_english(command: list[str]) -> None:
    from kkb_cli.cli import app

    for args in (["--lang", "id", *command, "--help"], [*command, "--help", "--lang", "id"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.stderr
        assert english_words(result.stdout) == set(), args


@pytest.mark.parametrize(
    "args",
    [
        ["add"],  # a missing argument
        ["add", "Krapyak", "--tahun", "2024"],  # an unknown option
        ["list", "--status", "selesai"],  # a value that is not one of the choices
        ["add", "Krapyk", "--year", "2024"],  # a typo
        ["add", "Krapyak", "--year", "2024"],  # already formed
        ["progress", "--as-of", "kemarin"],  # not a date
        ["history", "--limit", "0"],
        ["nothing"],  # an unknown command
        ["target", "set", "abc", "3"],  # a bad argument: its placeholder named
        ["activity", "show", "abc"],  # not a number
        ["activity", "add", "Krapyak"],  # no date, no title
        ["activity", "add", "Krapyak", "--date", "2024-05-01", "--title", "x", "--opd", "entah"],
    ],
)
def test_the_main_errors_are_all_in_indonesian(seeded: Kkb, args: list[str]) -> None:
    result = seeded("--lang", "id", *args)
    assert result.exit_code in (1, 2)
    assert "Kesalahan" in result.stderr
    assert english_words(result.stderr) == set(), result.stderr
    for placeholder in ("[OPTIONS]", "YEAR", "COUNT", "'ID'", "integer"):
        assert placeholder not in result.stderr


def test_an_indonesian_workbook_speaks_indonesian(seeded: Kkb, tmp_path: Path) -> None:
    """Sheet names, headings and values in Bahasa Indonesia; numbers and dates stay such."""
    openpyxl = pytest.importorskip("openpyxl")
    assert seeded("set", "Krapyak", "dashat=yes", "pokja=no").exit_code == 0
    book = tmp_path / "laporan.xlsx"
    result = seeded("--lang", "id", "export", "xlsx", "-o", str(book))
    assert result.exit_code == 0, result.stderr
    assert "8 lembar" in result.stderr
    workbook = openpyxl.load_workbook(book)
    assert workbook.sheetnames == [
        "Kampung KB", "Kemajuan per tahun", "Cakupan per wilayah", "Atribut", "Target",
        "Kegiatan", "Instansi", "Lintas sektor",
    ]  # fmt: skip
    kampung = workbook["Kampung KB"]
    headings = [cell.value for cell in kampung[1]]
    assert headings[:8] == [
        "Kode Kelurahan", "Kelurahan", "Kode Kecamatan", "Kecamatan", "Status", "Tahun",
        "Tanggal terbentuk", "Rencana tahun",
    ]  # fmt: skip
    krapyak = next(r for r in kampung.iter_rows(min_row=2, values_only=True) if r[1] == "Krapyak")
    row = dict(zip(headings, krapyak, strict=True))
    assert (row["Status"], row["Dashat"], row["Pokja"], row["BKB"]) == (
        "terbentuk", "Ya", "Tidak", "Belum diketahui",
    )  # fmt: skip
    assert isinstance(row["Tahun"], int)
    statuses = {r[4] for r in kampung.iter_rows(min_row=2, values_only=True)}
    assert statuses == {"terbentuk", "direncanakan"}
    targets = list(workbook["Target"].iter_rows(values_only=True))
    assert "Status" in targets[0] and "tidak tercapai" in targets[1]  # 2024's target was missed
    assert "pembentukan" in targets[1]


def test_a_workbook_in_the_other_language_on_request(seeded: Kkb, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    english = tmp_path / "en.xlsx"
    indonesian = tmp_path / "id.xlsx"
    done = seeded("--lang", "id", "export", "xlsx", "-o", str(english), "--headers", "en")
    assert done.exit_code == 0, done.stderr
    assert "ditulis" in done.stderr  # the message stays in kkb's language
    assert seeded("export", "xlsx", "-o", str(indonesian), "--headers", "id").exit_code == 0
    assert openpyxl.load_workbook(english).sheetnames[1] == "Progress by year"
    assert openpyxl.load_workbook(indonesian).sheetnames[1] == "Kemajuan per tahun"
    first = next(openpyxl.load_workbook(english)["Kampung KB"].iter_rows(values_only=True))
    assert first[:2] == ("Kelurahan code", "Kelurahan")
