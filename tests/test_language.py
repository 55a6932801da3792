"""Bahasa Indonesia and English: every word in both, chosen by --lang, KKB_LANG or the locale;
JSON keys and CSV headers never change with the language."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from conftest import Kkb, run_kkb_process
from kkb_cli import messages
from kkb_cli.messages_id import ID, MONTHS_ID

SOURCE = Path(__file__).resolve().parents[1] / "src" / "kkb_cli"


def _fields(wording: str) -> list[tuple[str, str]]:
    return sorted((n, s) for _, n, s, _ in string.Formatter().parse(wording) if n is not None)


def test_every_message_exists_in_both_languages_with_the_same_blanks() -> None:
    assert set(ID) == set(messages.EN)
    for key, english in messages.EN.items():
        assert _fields(ID[key]) == _fields(english), key
        assert ID[key].strip(), key
    assert len(MONTHS_ID) == 12


def test_every_key_the_code_uses_is_in_the_catalogue() -> None:
    """A message key typed in the code but missing from the catalogue would fail at run time."""
    used = set()
    for path in SOURCE.rglob("*.py"):
        for key in re.findall(r'"((?:help|error|done|col|status|check|verdict|info|import|'
                              r'history|target|answer|progress|list|confirm|when)\.[a-z_.]+)"',
                              path.read_text(encoding="utf-8")):  # fmt: skip
            used.add(key)
    assert used - set(messages.EN) == set()


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
    assert result.stderr.startswith("Error: ")
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
