"""The file as Datasette shows it (its Python API, as `datasette kkb.db` serves it): views with
names, kkb's own tables hidden, descriptions in the user's language."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from conftest import Kkb

datasette_app = pytest.importorskip("datasette.app")


def _get(database: Path, path: str, metadata: dict[str, Any] | None = None) -> Any:
    """What Datasette answers for ``path`` (JSON for a .json path, else the page's HTML),
    serving ``database`` (with ``metadata``)."""

    async def ask() -> Any:
        served = datasette_app.Datasette([str(database)], metadata=metadata)
        response = await served.client.get(path)
        assert response.status_code == 200, response.text
        return response.json() if ".json" in path else response.text

    return asyncio.run(ask())


@pytest.fixture
def office(seeded: Kkb) -> Kkb:
    assert seeded("set", "Krapyak", "dashat=yes", "pokja=no", "--date", "2024-03-01").exit_code == 0
    assert seeded("edit", "Krapyak", "--sk", "400/12/2023").exit_code == 0
    return seeded


def test_the_kampung_kb_view_names_every_region_and_attribute(office: Kkb) -> None:
    rows = _get(
        office.db_path, "/kkb/kampung_kb_with_names.json?_shape=array&desa_kelurahan=Krapyak"
    )
    assert len(rows) == 1
    krapyak = rows[0]
    assert (krapyak["provinsi"], krapyak["kabupaten_kota"], krapyak["kecamatan"]) == (
        "Jawa Tengah", "Kota Pekalongan", "Pekalongan Utara",
    )  # fmt: skip
    assert (krapyak["status"], krapyak["formed_year"], krapyak["kind"]) == (
        "formed",
        2023,
        "kelurahan",
    )
    assert (krapyak["dashat"], krapyak["pokja"], krapyak["bkb"]) == ("yes", "no", None)
    assert krapyak["sk_number"] == "400/12/2023"
    everyone = _get(office.db_path, "/kkb/kampung_kb_with_names.json?_shape=array&_size=max")
    assert len(everyone) == len(office.json("list", "--status", "formed")) + len(
        office.json("list", "--status", "planned")
    )


def test_the_history_view_says_what_changed_with_names(office: Kkb) -> None:
    rows = _get(office.db_path, "/kkb/history_with_names.json?_shape=array&_sort_desc=id&_size=2")
    edit, set_ = rows
    assert (edit["command"], edit["desa_kelurahan"], edit["what"]) == ("edit", "Krapyak", "changed")
    assert edit["change"] == "sk_number: – → 400/12/2023"
    assert "attributes.dashat.answer: – → yes" in set_["change"]
    assert set_["kecamatan"] == "Pekalongan Utara"


def test_kkb_tables_are_hidden_and_described_in_the_language(office: Kkb, tmp_path: Path) -> None:
    written = tmp_path / "metadata.json"
    done = office("--lang", "id", "export", "datasette", "--output", str(written))
    assert done.exit_code == 0, done.stderr
    assert f"datasette {office.db_path} --metadata" in done.stderr
    metadata = json.loads(written.read_text(encoding="utf-8"))
    database = _get(office.db_path, "/kkb.json", metadata)
    hidden = {t["name"] for t in database["tables"] if t["hidden"]}
    shown = {t["name"] for t in database["tables"] if not t["hidden"]}
    assert shown == {
        "kampung_kb", "attributes", "targets", "history", "regions", "activities",
        "activity_agencies", "activity_groups", "catalogue_kegiatan", "catalogue_instansi",
        "catalogue_fungsi", "catalogue_sasaran", "boundaries",
    }  # fmt: skip
    assert {"_settings", "_record_counts", "_attribute_counts", "_village_counts"} <= hidden
    assert {v["name"] for v in database["views"]} == {
        "kampung_kb_with_names", "attributes_with_names", "targets_with_names",
        "history_with_names", "activities_with_names",
    }  # fmt: skip
    page = _get(office.db_path, "/kkb/kampung_kb_with_names", metadata)
    assert "Setiap Kampung KB dengan nama desa/kelurahan" in page
    assert "Nomor SK pembentukan" in page  # a column's description
    regions = _get(office.db_path, "/kkb/regions", metadata)
    assert "Nomor SK" not in regions  # each table describes its own columns only
    assert metadata["title"] == "Kampung KB Kota Pekalongan"
