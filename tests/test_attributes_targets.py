"""Attributes (Dashat, Pokja…) in three states, and the office's own targets."""

from __future__ import annotations

import json
from datetime import date

import pytest

from conftest import Kkb, table_rows

KRAPYAK, BANDENGAN = "33.75.03.1002", "33.75.03.1009"


def attribute(report: dict, key: str) -> dict:
    return next(row for row in report["attributes"] if row["attribute"] == key)


def test_set_list_progress_export_round_trip(seeded: Kkb) -> None:
    result = seeded("set", "Krapyak", "dashat=yes", "pokja=ya", "rumah-dataku=tidak", "--date",
                    "2024-03-01")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Dashat ? → yes (2024-03-01)" in result.stdout
    assert "Rumah DataKu ? → no (2024-03-01)" in result.stdout
    assert seeded("set", "Bandengan", "dashat=no").exit_code == 0
    rows = {r["kelurahan_code"]: r for r in seeded.json("list")}
    assert (rows[KRAPYAK]["dashat"], rows[KRAPYAK]["rumah_dataku"]) == ("yes", "no")
    assert rows[KRAPYAK]["sk_pokja"] is None  # never filled in: unknown, not no
    dashat = attribute(seeded.json("progress"), "dashat")
    assert dashat == {
        "attribute": "dashat", "formed": 19, "yes": 1, "no": 1, "unknown": 17,
        "yes_pct": 5.3, "no_pct": 5.3, "unknown_pct": 89.5,
    }  # fmt: skip
    exported = json.loads(seeded("export", "json").stdout)
    utara = next(
        r for r in exported["attributes"] if r["code"] == "33.75.03" and r["attribute"] == "dashat"
    )
    assert (utara["formed"], utara["yes"], utara["no"], utara["unknown"]) == (7, 1, 1, 5)
    csv_text = seeded("export", "csv").stdout
    assert csv_text.splitlines()[0].endswith(
        "dashat,pokja,sk_pokja,sekretariat,rumah_dataku,rkm,bkb,bkr,bkl,uppka,pik_r"
    )
    # And back: the export imports unchanged, attributes included.
    before = table_rows(seeded.db_path)
    source = seeded.db_path.parent / "back.csv"
    source.write_text(csv_text, encoding="utf-8")
    assert "27 unchanged" in seeded("import", "csv", str(source)).stdout
    assert table_rows(seeded.db_path) == before


def test_unknown_is_never_counted_as_no(seeded: Kkb) -> None:
    assert seeded("set", "Krapyak", "dashat=no").exit_code == 0
    assert seeded("set", "Bandengan", "dashat=yes").exit_code == 0
    missing = seeded("list", "--missing", "dashat", "--kecamatan", "utara")
    lines = missing.stdout.splitlines()
    assert lines[0].split()[-1] == "Dashat"
    answers = {line.split()[0]: line.split()[-1] for line in lines[1:]}
    assert answers[KRAPYAK] == "no"
    assert BANDENGAN not in answers  # it has one
    assert sum(answer == "?" for answer in answers.values()) == 5
    assert seeded("set", "Krapyak", "dashat=?").exit_code == 0  # back to not known
    dashat = attribute(seeded.json("progress"), "dashat")
    assert (dashat["yes"], dashat["no"], dashat["unknown"]) == (1, 0, 18)


def test_an_answer_dated_later_is_not_known_earlier(seeded: Kkb) -> None:
    assert seeded("set", "Krapyak", "dashat=yes", "--date", "2024-03-01").exit_code == 0
    assert attribute(seeded.json("progress", "--as-of", "2024-02-29"), "dashat")["yes"] == 0
    assert attribute(seeded.json("progress", "--as-of", "2024-03-01"), "dashat")["yes"] == 1


def test_set_changes_are_history(seeded: Kkb) -> None:
    assert seeded("set", "Krapyak", "dashat=yes").exit_code == 0
    entry = seeded.json("history", "Krapyak", "--limit", "1")[0]
    assert entry["command"] == "set"
    assert entry["before"]["attributes"] == {}
    today = date.today().isoformat()  # an undated answer is known from today
    assert entry["after"]["attributes"] == {"dashat": {"answer": "yes", "since": today}}
    assert seeded("check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "words", "code"),
    [
        (["Krapyak", "foo=yes"], "not an attribute", 2),
        (["Krapyak", "dashat=maybe"], "not an answer", 2),
        (["Krapyak", "dashat"], "as ATTRIBUTE=VALUE", 2),
        (["Krapyak", "dashat=yes", "dashat=no"], "given twice", 2),
        (["Krapyak", "dashat=yes", "--date", "2031-01-01"], "in the future", 1),
    ],
)
def test_a_wrong_set_changes_nothing(seeded: Kkb, args: list[str], words: str, code: int) -> None:
    before = table_rows(seeded.db_path)
    result = seeded("set", *args)
    assert result.exit_code == code, result.stderr
    assert result.stderr.startswith("Error: ") and words in result.stderr
    assert table_rows(seeded.db_path) == before


def test_set_needs_a_record(empty: Kkb) -> None:
    empty.refused("set", "Krapyak", "dashat=yes", words="has no Kampung KB record")


def test_formation_target_of_a_kecamatan_before_during_after(seeded: Kkb) -> None:
    assert seeded("target", "set", "2024", "2", "--kecamatan", "Pekalongan Barat").exit_code == 0

    def barat(as_of: str) -> dict:
        report = seeded.json("progress", "--as-of", as_of)
        return next(t for t in report["targets"] if t["region_code"] == "33.75.01")

    assert barat("2023-12-31")["status"] == "upcoming"
    assert seeded("add", "Pringrejo", "--date", "2024-03-01").exit_code == 0
    during = barat("2024-06-01")
    assert (during["status"], during["achieved"], during["needed"]) == ("in_progress", 1, 1)
    assert barat("2025-01-01")["status"] == "missed"
    assert seeded("add", "Bendan Kergon", "--date", "2024-05-01").exit_code == 0
    after = barat("2025-01-01")
    assert (after["status"], after["achieved"], after["needed"]) == ("met", 2, 0)


def test_attribute_target_as_a_percentage(seeded: Kkb) -> None:
    result = seeded("target", "set", "2025", "100%", "--attribute", "dashat")
    assert result.exit_code == 0, result.stderr
    assert "Dashat in 100% of formed Kampung KB in Kota Pekalongan by 2025" in result.stdout
    target = next(t for t in seeded.json("progress")["targets"] if t["subject"] == "dashat")
    assert (target["wanted"], target["achieved"], target["needed"]) == (19, 0, 19)
    assert target["status"] == "missed"  # 2025 is over, today being after it
    assert seeded.json("target", "list")[-1]["percent"] == 100.0


def test_a_target_cannot_exceed_the_kelurahan_left(seeded: Kkb) -> None:
    seeded.refused("target", "set", "2025", "8", "--kecamatan", "Selatan", words="has 6 kelurahan")
    # Selatan's 6 kelurahan: 4 had a Kampung KB before 2025, so 2 were left to form.
    seeded.refused(
        "target", "set", "2025", "3", "--kecamatan", "Selatan", words="had only 2 kelurahan"
    )
    assert seeded("target", "set", "2025", "2", "--kecamatan", "Selatan").exit_code == 0
    seeded.refused("target", "set", "2025", "1", "--kecamatan", "Utara", words="had only 0")
    seeded.refused("target", "set", "2025", "50%", words="not a percentage", exit_code=1)


def test_replacing_a_target_keeps_its_note_and_says_what_it_was(seeded: Kkb) -> None:
    assert seeded("target", "set", "2026", "5", "--note", "rapat 3 Maret").exit_code == 0
    result = seeded("target", "set", "2026", "6")
    assert "Target replaced: 5 Kampung KB formed in Kota Pekalongan in 2026 → 6" in result.stdout
    target = next(t for t in seeded.json("target", "list") if t["year"] == 2026)
    assert (target["count"], target["note"]) == (6, "rapat 3 Maret")


def test_a_share_of_nothing_is_not_met(empty: Kkb) -> None:
    assert empty("target", "set", "2030", "100%", "--attribute", "dashat").exit_code == 0
    target = next(t for t in empty.json("target", "list") if t["subject"] == "dashat")
    assert (target["status"], target["achieved"], target["needed"]) == ("upcoming", 0, 1)


def test_an_undated_answer_counts_from_today_only(seeded: Kkb) -> None:
    assert seeded("set", "Krapyak", "dashat=yes").exit_code == 0
    assert attribute(seeded.json("progress", "--as-of", "2025-01-01"), "dashat")["yes"] == 0
    assert attribute(seeded.json("progress"), "dashat")["yes"] == 1
    seeded.refused("set", "Krapyak", "dashat=no", "--date", "2015-12-31", words="before 2016")


def test_target_remove(seeded: Kkb) -> None:
    assert seeded("target", "remove", "2024").exit_code == 0
    assert seeded.json("target", "list") == []
    seeded.refused("target", "remove", "2024", words="has no formation target for 2024")


@pytest.mark.parametrize(
    ("amount", "words"), [("0", "not a target"), ("abc", "not a target"), ("101%", "not a target")]
)
def test_an_empty_or_impossible_amount_is_refused(seeded: Kkb, amount: str, words: str) -> None:
    seeded.refused(
        "target", "set", "2027", amount, "--attribute", "dashat", words=words, exit_code=2
    )


def test_a_target_too_far_ahead_is_refused(seeded: Kkb) -> None:
    seeded.refused("target", "set", "2050", "3", words="A target for 2050 is too far ahead")
