"""`kkb edit` corrects a record; `kkb remove` deletes one, only when surely meant."""

from __future__ import annotations

import pytest

from conftest import Kkb, records
from kkb_cli.cli import records as cli

KRAPYAK, GAMER = "33.75.03.1002", "33.75.02.1009"


def test_edit_sets_a_date_and_details(seeded: Kkb) -> None:
    result = seeded("edit", "Krapyak", "--date", "12/05/2023", "--sk", "SK 400/12/2023")
    assert result.exit_code == 0, result.stderr
    assert "date formed – → 2023-05-12" in result.stdout
    assert "SK number – → SK 400/12/2023" in result.stdout
    assert records(seeded.db_path)[KRAPYAK][:3] == ("formed", 2023, "2023-05-12")
    assert records(seeded.db_path)[KRAPYAK][5] == "SK 400/12/2023"


def test_edit_with_an_empty_value_clears_a_field(seeded: Kkb) -> None:
    assert seeded("edit", "Krapyak", "--name", "Kampung KB Krapyak").exit_code == 0
    assert seeded("edit", "Krapyak", "--name", "").exit_code == 0
    assert records(seeded.db_path)[KRAPYAK][4] is None


def test_edit_a_year_keeps_a_matching_date_and_drops_another(seeded: Kkb) -> None:
    assert seeded("edit", "Krapyak", "--date", "2023-05-12").exit_code == 0
    assert seeded("edit", "Krapyak", "--year", "2023").exit_code == 0
    assert records(seeded.db_path)[KRAPYAK][1:3] == (2023, "2023-05-12")
    assert seeded("edit", "Krapyak", "--year", "2022").exit_code == 0
    assert records(seeded.db_path)[KRAPYAK][1:3] == (2022, None)


def test_edit_forms_a_plan_and_planned_turns_a_formation_back(seeded: Kkb) -> None:
    assert seeded("edit", "Gamer", "--year", "2024").exit_code == 0
    assert records(seeded.db_path)[GAMER][:4] == ("formed", 2024, None, 2024)
    assert seeded.json("progress")["formed"] == 20
    assert seeded("edit", "Gamer", "--planned", "2026").exit_code == 0
    assert records(seeded.db_path)[GAMER][:4] == ("planned", None, None, 2026)
    assert seeded.json("progress")["formed"] == 19


def test_an_edit_that_changes_nothing_writes_nothing(seeded: Kkb) -> None:
    before = seeded.json("history")
    result = seeded("edit", "Krapyak", "--year", "2023")
    assert result.exit_code == 0
    assert "nothing was changed" in result.stdout
    assert seeded.json("history") == before


@pytest.mark.parametrize(
    ("args", "words", "code"),
    [
        (["Krapyak"], "Nothing to change", 2),
        (["Krapyak", "--planned", "2025", "--year", "2023"], "--planned cannot go with", 2),
        (["Krapyak", "--date", "2031-01-01"], "in the future", 1),
        (["Krapyak", "--year", "2015"], "before 2016", 1),
        (["Krapyk", "--year", "2023"], "Did you mean Krapyak", 1),
    ],
)
def test_a_wrong_edit_is_refused_and_changes_nothing(
    seeded: Kkb, args: list[str], words: str, code: int
) -> None:
    seeded.refused("edit", *args, words=words, exit_code=code)


def test_edit_and_remove_need_an_existing_record(empty: Kkb) -> None:
    empty.refused("edit", "Krapyak", "--year", "2023", words="has no Kampung KB record")
    empty.refused("remove", "Krapyak", "--yes", words="has no Kampung KB record")


def test_remove_with_yes_removes_and_coverage_drops(seeded: Kkb) -> None:
    result = seeded("remove", "Krapyak", "--yes")
    assert result.exit_code == 0, result.stderr
    assert "Removed the Kampung KB record of Krapyak" in result.stdout
    assert "18 of 27 kelurahan" in result.stdout
    assert KRAPYAK not in records(seeded.db_path)
    assert seeded.json("history", "Krapyak")[0]["after"] is None


def test_remove_without_a_terminal_needs_yes(seeded: Kkb) -> None:
    seeded.refused("remove", "Krapyak", words="add --yes")


@pytest.mark.parametrize(("answer", "removed"), [("y\n", True), ("n\n", False), ("\n", False)])
def test_remove_on_a_terminal_asks_first(
    seeded: Kkb, monkeypatch: pytest.MonkeyPatch, answer: str, removed: bool
) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = seeded("remove", "Krapyak", input=answer)
    assert result.exit_code == 0, result.stderr
    assert "Remove the Kampung KB record of Krapyak (33.75.03.1002), formed 2023" in result.stdout
    assert (KRAPYAK not in records(seeded.db_path)) is removed


def test_remove_refuses_when_the_record_changed_while_asking(
    seeded: Kkb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone edits the record while the user reads the question: nothing is removed."""
    monkeypatch.setattr(cli, "_interactive", lambda: True)

    def answer_after_someone_edits(question: str) -> bool:
        other = Kkb(seeded.db_path)
        assert other("edit", "Krapyak", "--name", "Kampung KB Krapyak").exit_code == 0
        return True

    monkeypatch.setattr(cli, "confirmed", answer_after_someone_edits)
    result = seeded("remove", "Krapyak")
    assert result.exit_code == 1
    assert "was changed by someone else" in result.stderr
    assert records(seeded.db_path)[KRAPYAK][4] == "Kampung KB Krapyak"


def test_confirmations_never_pass_control_characters_to_the_terminal(seeded: Kkb) -> None:
    hostile = "\x1b]0;owned\x07\u202eevil"
    edited = seeded("edit", "Krapyak", "--name", hostile)
    removed = seeded("remove", "Krapyak", "--yes")
    for result in (edited, removed):
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert "\\x1b]0;owned" in result.stdout


def test_spaces_around_a_value_are_not_kept(seeded: Kkb) -> None:
    assert seeded("edit", "Krapyak", "--name", "  Kampung KB Krapyak  ").exit_code == 0
    assert records(seeded.db_path)[KRAPYAK][4] == "Kampung KB Krapyak"
    assert seeded("edit", "Krapyak", "--name", "   ").exit_code == 0  # blank clears
    assert records(seeded.db_path)[KRAPYAK][4] is None
    assert seeded("add", "Gamer", "--year", "2024", "--note", "  ").exit_code == 0
    assert records(seeded.db_path)[GAMER][6] is not None  # blank leaves the seed's note
