"""The portal's catalogues, read from the CSV files shipped in ``kkb_cli/data/katalog`` (in a
source checkout, from ``data/katalog``). Read once per process, when first needed."""

from __future__ import annotations

import csv
import io
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kkb_cli.domain.catalogue import Catalogue, Entry, Kegiatan

if TYPE_CHECKING:
    import sqlite3

_PACKAGED = Path(__file__).resolve().parents[1] / "data" / "katalog"
_CHECKOUT = Path(__file__).resolve().parents[3] / "data" / "katalog"
FILES = {
    "kegiatan": "inpres_kegiatan.csv",
    "instansi": "instansi.csv",
    "fungsi_keluarga": "fungsi_keluarga.csv",
    "sasaran_peserta": "sasaran_peserta.csv",
}


def _rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(name))))


def _text(name: str) -> str:
    packaged = _PACKAGED / name
    if packaged.is_file():  # kkb_cli is a folder of files, as pip installs it
        return packaged.read_text(encoding="utf-8")
    if not _PACKAGED.parents[1].is_dir():  # kkb_cli is zipped: its files are package data
        from importlib import resources

        data = resources.files("kkb_cli").joinpath("data", "katalog", name)
        if data.is_file():
            return data.read_text(encoding="utf-8")
    return (_CHECKOUT / name).read_text(encoding="utf-8")


@cache
def catalogue() -> Catalogue:
    """The four catalogues, by number."""
    kegiatan = {
        int(row["kegiatan"]): Kegiatan(
            int(row["kegiatan"]),
            row["nama"],
            row["indikator"],
            int(row["program"]),
            row["nama_program"],
            int(row["sasaran"]),
            row["nama_sasaran"],
            row["penanggung_jawab"],
        )
        for row in _rows(FILES["kegiatan"])
    }
    agencies = {
        int(row["instansi"]): Entry(int(row["instansi"]), row["nama"], row["nama"])
        for row in _rows(FILES["instansi"])
    }
    fungsi = {
        int(row["fungsi"]): Entry(int(row["fungsi"]), row["nama"], row["name_en"])
        for row in _rows(FILES["fungsi_keluarga"])
    }
    groups = {
        int(row["sasaran"]): Entry(int(row["sasaran"]), row["nama"], row["name_en"])
        for row in _rows(FILES["sasaran_peserta"])
    }
    return Catalogue(kegiatan, agencies, fungsi, groups)


def fill_catalogue_tables(conn: sqlite3.Connection) -> None:
    """Write the catalogues into the file's own tables (schema 8), so that the file says what
    its numbers mean to any SQLite reader; the caller holds the write transaction."""
    found = catalogue()
    conn.execute("DELETE FROM catalogue_kegiatan")
    conn.executemany(
        "INSERT INTO catalogue_kegiatan VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (k.code, k.name, k.indicator, k.program, k.program_name, k.sasaran, k.sasaran_name,
             k.ministry)
            for k in found.kegiatan.values()
        ],
    )  # fmt: skip
    for table, entries in (
        ("catalogue_instansi", found.agencies),
        ("catalogue_fungsi", found.fungsi),
        ("catalogue_sasaran", found.groups),
    ):
        conn.execute(f"DELETE FROM {table}")  # noqa: S608 (the names above)
        conn.executemany(
            f"INSERT INTO {table} VALUES (?, ?, ?)",  # noqa: S608 (the names above)
            [(e.code, e.name, e.name_en) for e in entries.values()],
        )
