"""Every change is recorded, in the same transaction, in a history nothing can rewrite."""

from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Kkb, run_kkb_process, table_rows


def test_the_seed_starts_the_history(seeded: Kkb) -> None:
    entries = seeded.json("history")
    assert len(entries) == 27
    assert {e["command"] for e in entries} == {"seed"}
    assert all(e["before"] is None for e in entries)
    assert sum(e["after"]["status"] == "formed" for e in entries) == 19


def test_each_command_is_recorded_newest_first(seeded: Kkb, tmp_path: Path) -> None:
    assert seeded("add", "Gamer", "--date", "2024-08-17").exit_code == 0
    assert seeded("edit", "Gamer", "--sk", "SK 1/2024").exit_code == 0
    source = tmp_path / "update.csv"
    source.write_text("kelurahan,status,tahun\nGamer,formed,2025\n", encoding="utf-8")
    assert seeded("import", "csv", str(source), "--update").exit_code == 0
    assert seeded("remove", "Gamer", "--yes").exit_code == 0
    entries = seeded.json("history", "Gamer")
    assert [e["command"] for e in entries] == [
        "remove", "import csv update.csv", "edit", "add", "seed",
    ]  # fmt: skip
    assert all(e["os_user"] == getpass.getuser() for e in entries[:-1])
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    remove, imported, edit, add, seed = entries
    assert seed["after"]["status"] == "planned"
    assert add["before"] == seed["after"]
    assert add["after"]["formed_date"] == "2024-08-17"
    assert (edit["before"]["sk_number"], edit["after"]["sk_number"]) == (None, "SK 1/2024")
    assert (imported["after"]["formed_year"], imported["after"]["formed_date"]) == (2025, None)
    assert imported["after"]["sk_number"] == "SK 1/2024"  # not in the file: kept
    assert (remove["before"], remove["after"]) == (imported["after"], None)


def test_the_history_table_shows_what_changed(seeded: Kkb) -> None:
    assert seeded("add", "Gamer", "--year", "2024").exit_code == 0
    result = seeded("history", "Gamer", "--limit", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["When", "Command", "User", "Code", "Kelurahan", "Change"]
    assert len(lines) == 2
    assert "status planned → formed, year formed – → 2024" in lines[1]
    assert result.stderr == "1 change\n"


def test_a_refused_command_leaves_no_history(seeded: Kkb) -> None:
    seeded.refused("add", "Krapyak", "--year", "2024", words="already has")
    assert len(seeded.json("history")) == 27


def test_history_cannot_be_edited_or_deleted(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path)
    for statement in ("UPDATE history SET command = 'x'", "DELETE FROM history"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
    conn.close()
    assert len(seeded.json("history")) == 27


def test_history_of_an_unknown_kelurahan_is_refused(seeded: Kkb) -> None:
    before = table_rows(seeded.db_path)
    seeded.refused("history", "Krapyk", words="Did you mean Krapyak")
    assert table_rows(seeded.db_path) == before


def test_history_times_are_shown_in_local_time(seeded: Kkb) -> None:
    utc = seeded.json("history", "--limit", "1")[0]["changed_at"]
    assert utc.endswith("+00:00")
    # A POSIX TZ string (UTC+7, named WIB): no time-zone database needed on the machine.
    shown = run_kkb_process(
        "--db", str(seeded.db_path), "history", "--limit", "1", env={"TZ": "WIB-7"}
    ).stdout
    hour = (int(utc[11:13]) + 7) % 24
    assert f"{hour:02d}:{utc[14:16]} WIB" in shown


def _documented_hash(prev_hash: str, *fields: object) -> str:
    """The hash as the README documents it, written here with the standard library only: what
    anyone can run to verify the chain without kkb."""
    import hashlib
    import json

    content = json.dumps(list(fields), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


_any_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from('"\\\n\t\x00\u2028/'),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(
    id_=st.integers(min_value=1, max_value=2**62),
    texts=st.lists(_any_text, min_size=6, max_size=6),
    nulls=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_each_entry_is_hashed_as_the_readme_documents(
    id_: int, texts: list[str], nulls: list[bool]
) -> None:
    """kkb writes an entry's hash without building its JSON array (an import hashes one per
    row): for any text in any field, the hash is still the documented one, so a chain kkb
    wrote can be verified by anyone's own script."""
    from kkb_cli.storage import history

    changed_at, command, os_user, item, old_values, new_values = texts
    village_code = None if nulls[0] else texts[3][::-1]
    old = None if nulls[1] else old_values
    new = None if nulls[2] and old is not None else new_values
    fields = (id_, changed_at, command, os_user, "activity", item, village_code, old, new)
    prev = "0" * 64
    assert history.entry_hash(prev, *fields) == _documented_hash(prev, *fields)


def test_an_import_appends_entries_chained_as_documented(seeded: Kkb, tmp_path: Path) -> None:
    """The entries an import appends (many at once) chain as the README says: each one's
    prev_hash is the hash before it, and each hash is the documented SHA-256."""
    source = tmp_path / "kegiatan.csv"
    source.write_text(
        "tanggal,judul,kelurahan,instansi\n"
        + "".join(
            f'2024-03-{day:02d},"Kelas ""BKB"" ke-{day}",Krapyak,dinkes\n' for day in range(1, 29)
        ),
        encoding="utf-8",
    )
    assert seeded("activity", "import", str(source)).exit_code == 0
    with sqlite3.connect(seeded.db_path) as conn:
        rows = conn.execute(
            "SELECT id, changed_at, command, os_user, kind, item, village_code, old_values,"
            " new_values, prev_hash, hash FROM history ORDER BY id"
        ).fetchall()
    previous = "0" * 64
    for row in rows:
        assert row[9] == previous
        assert row[10] == _documented_hash(previous, *row[:9])
        previous = row[10]
    assert sum(row[4] == "activity" for row in rows) == 28


_named = st.builds(
    lambda code, other: (code, other),
    st.integers(min_value=1, max_value=37),
    st.one_of(st.just(""), _any_text.filter(bool)),
)


@settings(max_examples=300, deadline=None)
@given(
    id_=st.integers(min_value=1, max_value=2**62),
    day=st.dates(),
    texts=st.lists(_any_text, min_size=4, max_size=4),
    numbers=st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=3, max_size=3),
    agencies=st.lists(_named, max_size=3),
    groups=st.lists(_named, max_size=3),
    places=st.lists(st.booleans(), min_size=2, max_size=2),
)
def test_an_imported_activity_is_logged_as_an_added_one(
    id_: int,
    day: object,
    texts: list[str],
    numbers: list[int | None],
    agencies: list[tuple[int, str]],
    groups: list[tuple[int, str]],
    places: list[bool],
) -> None:
    """An import writes each activity's history entry without building a dict of it (one a
    row): the text is still exactly what `kkb activity add` stores, so `kkb history` reads
    both alike and the hash chain covers the same words."""
    from kkb_cli.domain.activities import Activity, activity_values
    from kkb_cli.domain.catalogue import Named
    from kkb_cli.storage import history
    from kkb_cli.storage.activities import logged_json

    village_code, title, place, description = texts
    activity = Activity(
        village_code,
        day,  # type: ignore[arg-type]
        title,
        numbers[0],
        tuple(Named(code, other) for code, other in agencies),
        numbers[1],
        tuple(Named(code, other) for code, other in groups),
        place if places[0] else None,
        description if places[1] else None,
        numbers[2],
    )
    expected = history.as_json({"id": id_, **(activity_values(activity) or {})})
    assert logged_json(activity, id_) == expected
    assert logged_json(activity, id_, activity.day.isoformat()) == expected
