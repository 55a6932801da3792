"""`kkb region boundaries`: region outlines from GeoJSON, read as a stream, all or nothing, every
wrong feature named with its number and code; the seed ships Kota Pekalongan's 27 kelurahan.

The files are made here (squares on a grid, at the seed kota's place), so that the tests need
nothing outside the repository."""

from __future__ import annotations

import gzip
import json
import sqlite3
import tracemalloc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Kkb, file_digest, table_rows
from kkb_cli.domain.boundaries import (
    FeatureChecker,
    features,
    outline_of,
    text_chunks,
)
from kkb_cli.domain.regions import Level
from kkb_cli.errors import RefusedError
from kkb_cli.storage.database import Mode, session
from test_language import english_words

# The seed's 27 kelurahan, by kecamatan (33.75.01 … 33.75.04).
SEED_VILLAGES = [
    f"33.75.0{kecamatan}.{suffix}"
    for kecamatan, suffixes in (
        (1, (1002, 1003, 1004, 1006, 1008, 1009, 1012)),
        (2, (1002, 1004, 1007, 1008, 1009, 1010, 1012)),
        (3, (1002, 1003, 1004, 1006, 1007, 1009, 1010)),
        (4, (1002, 1003, 1004, 1006, 1008, 1010)),
    )
    for suffix in suffixes
]
WEST, NORTH, SIDE = 109.64, -6.85, 0.01  # about Kota Pekalongan; squares of about 1 km


def square(index: int, *, side: float = SIDE, decimals: int = 6) -> list[list[list[float]]]:
    """A closed square ring (as a Polygon's coordinates), the ``index``-th of a grid."""
    west = round(WEST + (index % 6) * side, decimals)
    north = round(NORTH - (index // 6) * side, decimals)
    east, south = round(west + side, decimals), round(north - side, decimals)
    return [[[west, north], [east, north], [east, south], [west, south], [west, north]]]


def feature(value: Any, geometry: Any, *, key: str = "code", **properties: Any) -> dict[str, Any]:
    """A Feature whose property ``key`` is ``value`` (its code)."""
    return {"type": "Feature", "properties": {key: value, **properties}, "geometry": geometry}


def polygon(index: int, **options: Any) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": square(index, **options)}


def collection(features_: Sequence[Any], **members: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", **members, "features": list(features_)}


def grid(codes: Sequence[str] = SEED_VILLAGES, **options: Any) -> dict[str, Any]:
    return collection([feature(c, polygon(i, **options)) for i, c in enumerate(codes)])


def write(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def stored(db_path: Path) -> dict[str, tuple[Any, ...]]:
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute(
            "SELECT region_code, geometry, west, south, east, north FROM boundaries"
        )
        return {code: tuple(rest) for code, *rest in rows}
    finally:
        conn.close()


def loaded(kkb: Kkb, path: Path, *options: str) -> str:
    result = kkb("region", "boundaries", str(path), *options)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return str(result.stdout)


def refused_features(kkb: Kkb, path: Path, *options: str) -> tuple[str, dict[int, str]]:
    """Load a file that must be refused for its features: exit 1, one Error line, then one
    line per wrong feature, nothing stored changed. Returns the Error line and the reported
    features by number."""
    before = table_rows(kkb.db_path)
    result = kkb("region", "boundaries", str(path), *options)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ") and "no boundary was loaded" in lines[0], lines[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert table_rows(kkb.db_path) == before
    listed = [line for line in lines[1:] if not line.startswith("  … ")]
    assert all(line.startswith("  feature ") for line in listed), lines
    reported = {int(line.split(":")[0].split()[1]): line.strip() for line in listed}
    assert len(reported) == len(listed), lines  # one line per feature
    return lines[0], reported


# -- the seed --------------------------------------------------------------------------------


def test_a_new_database_has_the_seed_kelurahan_boundaries(seeded: Kkb) -> None:
    shapes = stored(seeded.db_path)
    assert sorted(shapes) == sorted(SEED_VILLAGES)
    with session(seeded.db_path, mode=Mode.READ) as store:
        boundaries = store.boundaries
        found = list(boundaries.shapes("33.75", Level.DESA_KELURAHAN))
        assert [code for code, _ in found] == sorted(SEED_VILLAGES)
        assert all(shape["type"] == "MultiPolygon" for _, shape in found)
        assert boundaries.count("33.75", Level.DESA_KELURAHAN) == 27
        assert boundaries.count("", Level.DESA_KELURAHAN) == 27
        assert boundaries.count("ID", Level.DESA_KELURAHAN) == 27
        assert boundaries.count("33.75.03", Level.DESA_KELURAHAN) == 7
        assert boundaries.count("33.75.03.1002", Level.DESA_KELURAHAN) == 1
        assert boundaries.count("33.7", Level.DESA_KELURAHAN) == 0  # a code, not a prefix
        assert boundaries.count("33.75", Level.KECAMATAN) == 0
        krapyak = dict(boundaries.shapes("33.75.03.1002", Level.DESA_KELURAHAN))
        assert list(krapyak) == ["33.75.03.1002"]
    # Inside the kota, in [longitude, latitude]; 6 decimals at most.
    for geometry, west, south, east, north in shapes.values():
        assert 109.5 < west < east < 109.8 and -7.0 < south < north < -6.8
        for ring in (ring for part in json.loads(geometry)["coordinates"] for ring in part):
            assert all(len(repr(x).split(".")[-1]) <= 6 for position in ring for x in position)
    assert seeded("check").exit_code == 0


def test_a_database_without_the_seed_records_keeps_the_regions_and_their_boundaries(
    empty: Kkb,
) -> None:
    assert len(stored(empty.db_path)) == 27


def test_an_upgrade_from_schema_8_has_no_boundaries(seeded: Kkb) -> None:
    """A file of schema 8 (this one, as it was before the boundaries came) is upgraded with
    none: `kkb region boundaries` loads them."""
    from kkb_cli.storage.migrations import SCHEMA_VERSION

    db_path = seeded.db_path
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TABLE boundaries")
    conn.execute("PRAGMA user_version = 8")
    conn.close()
    result = seeded("check")
    assert result.exit_code == 1 and "upgrade" in result.stderr.lower()
    upgraded = seeded("upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert stored(db_path) == {}
    checked = seeded("check")
    assert checked.exit_code == 0, checked.stderr
    loaded(seeded, write(db_path.parent / "b.geojson", grid()))
    assert len(stored(db_path)) == 27


# -- loading ---------------------------------------------------------------------------------


def test_a_file_loads_replaces_and_reloads_unchanged(seeded: Kkb, tmp_path: Path) -> None:
    path = write(tmp_path / "kota.geojson", grid())
    out = loaded(seeded, path)
    assert out == (
        f"Loaded the boundaries of 27 kelurahan in Kota Pekalongan from {path}:"
        " 0 new, 27 replaced, 0 unchanged.\n"
    )
    shapes = stored(seeded.db_path)
    medono = shapes["33.75.01.1002"]  # the first square: a Polygon, stored as a MultiPolygon
    assert json.loads(medono[0]) == {"type": "MultiPolygon", "coordinates": [square(0)]}
    assert medono[0] == json.dumps(
        {"type": "MultiPolygon", "coordinates": [square(0)]}, separators=(",", ":")
    )
    assert medono[1:] == (109.64, -6.86, 109.65, -6.85)  # west, south, east, north
    assert "0 new, 0 replaced, 27 unchanged" in loaded(seeded, path)
    # A file of three kelurahan replaces theirs and leaves the 24 others as they are.
    three = write(tmp_path / "three.geojson", grid(SEED_VILLAGES[:3], side=0.02))
    assert "3 kelurahan in Pekalongan Barat" in loaded(seeded, three)
    after = stored(seeded.db_path)
    assert {c for c in after if after[c] != shapes[c]} == set(SEED_VILLAGES[:3])
    assert after["33.75.01.1002"][1:] == (109.64, -6.87, 109.66, -6.85)
    assert seeded("check").exit_code == 0


def test_a_dry_run_checks_everything_and_writes_nothing(seeded: Kkb, tmp_path: Path) -> None:
    path = write(tmp_path / "kota.geojson", grid())
    before = file_digest(seeded.db_path)
    result = seeded("region", "boundaries", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        f"Dry run of {path}: the boundaries of 27 kelurahan in Kota Pekalongan would be loaded"
        " (0 new, 27 replaced, 0 unchanged); nothing was written.\n"
    )
    assert file_digest(seeded.db_path) == before
    bad = write(tmp_path / "bad.geojson", grid(["33.75.99.1001"]))
    _, reported = refused_features(seeded, bad, "--dry-run")
    assert list(reported) == [1]


def test_coordinates_are_rounded_to_6_decimals_and_a_height_dropped(
    seeded: Kkb, tmp_path: Path
) -> None:
    ring = [
        [109.1234564, -6.9876545, 12.5],
        [109.2, -6.9876545],
        [109.2, -7.1],
        [109.1234564, -7.1],
        [109.1234564, -6.9876545, 12.5],
    ]
    path = write(tmp_path / "x.geojson", collection([feature("33.75.01.1002", {
        "type": "MultiPolygon", "coordinates": [[ring]]})]))  # fmt: skip
    loaded(seeded, path)
    geometry, *box = stored(seeded.db_path)["33.75.01.1002"]
    assert json.loads(geometry)["coordinates"][0][0][0] == [109.123456, -6.987654]
    assert box == [109.123456, -7.1, 109.2, -6.987654]


def test_a_gzipped_file_is_known_by_its_bytes_not_its_name(seeded: Kkb, tmp_path: Path) -> None:
    text = json.dumps(grid()).encode("utf-8")
    for name in ("kota.geojson.gz", "kota.geojson", "kota.json"):
        (tmp_path / name).write_bytes(gzip.compress(text))
        assert "27 kelurahan" in loaded(seeded, tmp_path / name)
    # Two gzip members one after the other (as `cat a.gz b.gz` makes), then zero padding.
    half = len(text) // 2
    joined = gzip.compress(text[:half]) + gzip.compress(text[half:]) + b"\x00" * 512
    (tmp_path / "joined.gz").write_bytes(joined)
    assert "27 kelurahan" in loaded(seeded, tmp_path / "joined.gz")


def test_codes_in_digits_alone_are_made_dotted(seeded: Kkb, tmp_path: Path) -> None:
    features_ = [
        feature(code.replace(".", ""), polygon(i)) if i % 2 else feature(
            int(code.replace(".", "")), polygon(i), key="kode")
        for i, code in enumerate(SEED_VILLAGES)
    ]  # fmt: skip
    out = loaded(seeded, write(tmp_path / "digits.geojson", collection(features_)))
    assert "0 new, 27 replaced" in out
    assert set(stored(seeded.db_path)) == set(SEED_VILLAGES)


def test_the_code_property_may_be_named(seeded: Kkb, tmp_path: Path) -> None:
    features_ = [
        feature(c, polygon(i), key="KODE_KEL", code="x") for i, c in enumerate(SEED_VILLAGES)
    ]
    path = write(tmp_path / "named.geojson", collection(features_))
    assert "27 kelurahan" in loaded(seeded, path, "--property", "KODE_KEL")
    only_other = [feature(c, polygon(i), key="KODE_KEL") for i, c in enumerate(SEED_VILLAGES)]
    path = write(tmp_path / "other.geojson", collection(only_other))
    _, reported = refused_features(seeded, path)
    assert len(reported) == 27
    assert reported[1] == (
        "feature 1: no region code: the feature needs the region's Kemendagri code in its"
        " property `code`/`kode` (--property names another)."
    )
    _, reported = refused_features(seeded, path, "--property", "kode_desa")
    assert "property `kode_desa`" in reported[1]


def test_members_in_any_order_with_others_beside_them(seeded: Kkb, tmp_path: Path) -> None:
    document = {
        "name": "batas",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": grid()["features"],
        "bbox": [109.6, -7.0, 109.8, -6.8],
        "type": "FeatureCollection",
    }
    path = tmp_path / "x.geojson"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8-sig")  # with a BOM
    assert "27 kelurahan" in loaded(seeded, path)


def test_a_kabupaten_with_desa_and_kecamatan_outlines(kkb: Kkb, tmp_path: Path) -> None:
    """A generated kabupaten (a region list of 3 kecamatan of 20 desa), its desa and kecamatan
    loaded from one file; the map reads them by level."""
    regions = ["code,name", "34,Provinsi Uji", "34.01,Kabupaten Uji"]
    codes = []
    for kecamatan in range(1, 4):
        regions.append(f"34.01.0{kecamatan},Kecamatan {kecamatan}")
        for desa in range(1, 21):
            code = f"34.01.0{kecamatan}.{2000 + desa}"
            regions.append(f"{code},Desa {kecamatan}-{desa}")
            codes.append(code)
    (tmp_path / "regions.csv").write_text("\n".join(regions) + "\n", encoding="utf-8")
    assert kkb("region", "import", str(tmp_path / "regions.csv")).exit_code == 0
    everything = [*codes, "34.01.01", "34.01.02", "34.01.03"]
    path = write(tmp_path / "uji.geojson", grid(everything))
    assert "the boundaries of 3 kecamatan, 60 desa in Kabupaten Uji" in loaded(kkb, path)
    with session(kkb.db_path, mode=Mode.READ) as store:
        assert store.boundaries.count("34.01", Level.DESA_KELURAHAN) == 60
        assert store.boundaries.count("34.01", Level.KECAMATAN) == 3
        assert store.boundaries.count("34", Level.KECAMATAN) == 3
        assert store.boundaries.count("ID", Level.DESA_KELURAHAN) == 60 + 27
        assert [c for c, _ in store.boundaries.shapes("34.01.02", Level.KECAMATAN)] == ["34.01.02"]


def test_removing_regions_takes_their_boundaries_with_them(empty: Kkb, tmp_path: Path) -> None:
    """A newer region list without a kelurahan removes it, and its boundary goes too."""
    conn = sqlite3.connect(empty.db_path)
    rows = conn.execute("SELECT code, name FROM regions WHERE code <> '33.75.04.1010'").fetchall()
    conn.close()
    listing = tmp_path / "kota.csv"
    listing.write_text(
        "code,name\n" + "".join(f"{code},{name}\n" for code, name in rows), encoding="utf-8"
    )
    result = empty("region", "import", str(listing))
    assert result.exit_code == 0, result.stderr
    assert "1 removed" in result.stdout
    assert sorted(stored(empty.db_path)) == sorted(set(SEED_VILLAGES) - {"33.75.04.1010"})
    assert empty("check").exit_code == 0


# -- refusing a file as a whole --------------------------------------------------------------


_WHOLE = json.dumps(grid())
_HALF = _WHOLE[: len(_WHOLE) // 2]  # cut inside a feature


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty: it should hold a GeoJSON FeatureCollection."),
        (b"   \n", "is empty"),
        (b"code,name\n33.75,Kota\n", "is not GeoJSON: a GeoJSON file is a JSON object"),
        (b"[1, 2]", "is not GeoJSON"),
        (b'{"type": "Feature", "geometry": null}', "(its type is Feature)"),
        (b'{"features": []}', "is not a GeoJSON FeatureCollection (its type is null)"),
        (b'{"type": "FeatureCollection", "features": []}', "holds no feature: nothing to load."),
        (b'{"type": "FeatureCollection" "features": []}', "is not valid JSON (it is cut short"),
        (
            _HALF.encode(),
            f"not valid JSON at feature {_HALF.count('Feature', 20)} (it is cut short",
        ),
        (b'{"type": "FeatureCollection", "features": [{}, ]}', "not valid JSON at feature 2"),
        (b'{"type": "FeatureCollection", "features": []} x', "is not valid JSON"),
        ('{"type": "FeatureCollection", "name": "Kota é"}'.encode("latin-1"), "not UTF-8"),
        (gzip.compress(json.dumps(grid()).encode())[:-20], "cannot be decompressed"),
        (b"\x1f\x8b\x08\x00 not really gzip", "starts like a gzip file"),
    ],
)
def test_a_file_that_is_not_geojson_is_refused(
    seeded: Kkb, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "wrong.geojson"
    path.write_bytes(content)
    result = seeded.refused("region", "boundaries", str(path), words=words)
    assert result.stderr.startswith(f"Error: {path}")


def test_a_missing_file_a_folder_and_a_pipe_are_refused(seeded: Kkb, tmp_path: Path) -> None:
    import os

    seeded.refused("region", "boundaries", str(tmp_path / "none.geojson"), words="There is no file")
    seeded.refused("region", "boundaries", str(tmp_path), words="is not a file (a folder")
    pipe = tmp_path / "pipe.geojson"
    os.mkfifo(pipe)
    seeded.refused("region", "boundaries", str(pipe), words="is not a file")


def test_a_feature_too_large_is_refused(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kkb_cli.domain import boundaries

    monkeypatch.setattr(boundaries, "MAX_FEATURE_CHARS", 2000)
    monkeypatch.setattr(boundaries, "CHUNK", 256)
    path = write(tmp_path / "big.geojson", grid(SEED_VILLAGES[:2], side=1e-5))
    big = json.loads(path.read_text())
    big["features"][1]["properties"]["note"] = "x" * 5000
    write(path, big)
    seeded.refused("region", "boundaries", str(path), words="Feature 2 of")


def test_a_gzip_bomb_is_cut_off() -> None:
    """Text beyond the limit is refused as soon as it is reached, whatever it is."""
    import zlib

    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    blank = b" " * (1024 * 1024)

    def bomb() -> Iterator[bytes]:  # 64 MB of spaces in about 64 KB
        for _ in range(64):
            yield packer.compress(blank)
        yield packer.flush()

    with pytest.raises(RefusedError) as refused:
        for _ in text_chunks(bomb(), "bomb.gz", limit=8 * 1024 * 1024):
            pass
    assert refused.value.key == "error.boundary_too_big"
    assert "bomb.gz holds more than 8 MB of text once decompressed" in refused.value.message


# -- refusing features -----------------------------------------------------------------------


def test_every_wrong_feature_is_reported_with_its_number_and_code(
    seeded: Kkb, tmp_path: Path
) -> None:
    good = polygon(0)
    ring = square(1)[0]
    features_ = [
        feature("33.75.01.1002", good),  # 1: fine
        feature(None, good),  # 2: no code
        feature("33.75.99.1001", good),  # 3: unknown region
        feature("33.75.01.1002", polygon(2)),  # 4: given twice (after 1)
        feature("33.75.01.1003", {"type": "Point", "coordinates": [109.6, -6.9]}),  # 5
        feature("33.75.01.1004", {"type": "Polygon", "coordinates": [ring[:-1]]}),  # 6: open
        feature("33.75.01.1006", {"type": "Polygon", "coordinates": [ring[:2] + ring[:1]]}),  # 7
        feature("33.75.01.1008", {"type": "Polygon", "coordinates": [[[200.0, -6.9], *ring]]}),
        feature("33.75.01.1009", {"type": "Polygon", "coordinates": [
            [[-6.9, 109.6], [-6.9, 109.7], [-7.0, 109.7], [-6.9, 109.6]]]}),  # 9: lat, lon
        feature("33.75.01.1012", None),  # 10: no geometry
        {"type": "Point"},  # 11: not a Feature
        feature("3375.01", good),  # 12: not a code
        feature("33.75.99.2001", {"type": "LineString", "coordinates": ring}),  # 13: two wrongs
        feature("33.75.02.1002", {"type": "MultiPolygon", "coordinates": []}),  # 14
        feature("33.75.02.1004", {"type": "Polygon", "coordinates": [[[109.6, "-6.9"], *ring]]}),
        feature("33.75.02.1007", {"type": "Polygon", "coordinates": [ring, [[1, 2]]]}),  # 16
        feature("33.75.02.1008", {"type": "MultiPolygon", "coordinates": [[ring], []]}),  # 17
    ]  # fmt: skip
    path = write(tmp_path / "bad.geojson", collection(features_))
    first, reported = refused_features(seeded, path)
    assert first == (
        f"Error: {path}: 16 of 17 features are wrong, so no boundary was loaded."
        " Fix the features below and load the file again:"
    )
    assert sorted(reported) == list(range(2, 18))
    assert reported[2] == (
        "feature 2: no region code: the feature needs the region's Kemendagri code in its"
        " property `code`/`kode` (--property names another)."
    )
    assert reported[3] == (
        "feature 3 (33.75.99.1001): there is no region 33.75.99.1001 in the loaded region"
        " list: load the region list that has it first (`kkb region import FILE`)."
    )
    assert reported[4] == (
        "feature 4 (33.75.01.1002): 33.75.01.1002 is the code of feature 1 too: give each"
        " region once."
    )
    assert reported[5] == (
        "feature 5 (33.75.01.1003): its geometry is a Point: only a Polygon or MultiPolygon"
        " outlines a region."
    )
    assert reported[6] == (
        "feature 6 (33.75.01.1004): ring 1 of polygon 1 is not closed: it starts at"
        " [109.65, -6.85] and ends at [109.65, -6.86]; its last position must repeat its first."
    )
    assert reported[7] == (
        "feature 7 (33.75.01.1006): ring 1 of polygon 1 has 3 positions: a ring needs at"
        " least 4, the last repeating the first."
    )
    assert reported[8] == (
        "feature 8 (33.75.01.1008): position 1 of ring 1 of polygon 1 is [200.0, -6.9],"
        " outside longitude -180 to 180, latitude -90 to 90."
    )
    assert reported[9] == (
        "feature 9 (33.75.01.1009): position 1 of ring 1 of polygon 1 is [-6.9, 109.6]:"
        " latitude first, it seems, where GeoJSON writes longitude first ([109.6, -6.9])."
        " Export the file again in [longitude, latitude] order."
    )
    assert reported[10] == (
        "feature 10 (33.75.01.1012): no geometry: a region's outline is a Polygon or MultiPolygon."
    )
    assert reported[11] == "feature 11: not a GeoJSON Feature (its type is Point)."
    assert reported[12].startswith("feature 12: '3375.01' is not a Kemendagri region code")
    assert reported[13] == (
        "feature 13 (33.75.99.2001): its geometry is a LineString: only a Polygon or"
        " MultiPolygon outlines a region. there is no region 33.75.99.2001 in the loaded"
        " region list: load the region list that has it first (`kkb region import FILE`)."
    )
    assert reported[14] == "feature 14 (33.75.02.1002): its MultiPolygon has no coordinates."
    assert reported[15] == (
        "feature 15 (33.75.02.1004): position 1 of ring 1 of polygon 1 is not [longitude,"
        ' latitude] in numbers: [109.6, "-6.9"].'
    )
    assert reported[16] == (
        "feature 16 (33.75.02.1007): ring 2 of polygon 1 has 1 positions: a ring needs at"
        " least 4, the last repeating the first."
    )
    assert reported[17] == "feature 17 (33.75.02.1008): polygon 2 has no ring."


def test_numbers_that_are_not_finite_are_refused(seeded: Kkb, tmp_path: Path) -> None:
    ring = square(0)[0]
    path = write(tmp_path / "nan.geojson", grid(SEED_VILLAGES[:2]))
    text = path.read_text().replace(f"[{ring[1][0]}, {ring[1][1]}]", "[NaN, -6.85]", 1)
    text = text.replace(f"[{ring[0][0]}, {ring[0][1]}]", "[Infinity, -6.85]", 1)
    path.write_text(text)
    _, reported = refused_features(seeded, path)
    assert reported == {
        1: "feature 1 (33.75.01.1002): position 1 of ring 1 of polygon 1 is not finite"
        " numbers: [inf, -6.85]."
    }


def test_a_file_in_latitude_longitude_order_is_recognised(seeded: Kkb, tmp_path: Path) -> None:
    document = grid()
    for each in document["features"]:
        for ring in each["geometry"]["coordinates"]:
            for position in ring:
                position.reverse()
    path = write(tmp_path / "latlon.geojson", document)
    first, reported = refused_features(seeded, path)
    assert "27 of 27 features are wrong" in first
    assert all("latitude first, it seems" in line for line in reported.values())
    assert "is [-6.85, 109.64]" in reported[1] and "([109.64, -6.85])" in reported[1]


def test_only_the_first_hundred_are_listed(seeded: Kkb, tmp_path: Path) -> None:
    codes = [f"33.75.05.{1000 + n}" for n in range(250)]
    path = write(tmp_path / "many.geojson", grid(codes))
    first, reported = refused_features(seeded, path)
    assert "250 of 250 features are wrong" in first
    big = write(tmp_path / "more.geojson", grid([f"33.75.05.{1000 + n}" for n in range(1500)]))
    first, _ = refused_features(seeded, big)
    assert "1,500 of 1,500 features are wrong" in first
    result = seeded("region", "boundaries", str(path))
    assert result.stderr.splitlines()[-1] == (
        "  … and 150 more features refused (fix the ones above and load again to see them)."
    )
    assert sorted(reported)[-1] == 100


def test_messages_and_help_in_bahasa_indonesia(seeded: Kkb, tmp_path: Path) -> None:
    path = write(tmp_path / "x.geojson", grid(["33.75.99.1001", "33.75.01.1002"]))
    result = seeded("--lang", "id", "region", "boundaries", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"Kesalahan: {path}: 1 dari 2 fitur salah, jadi tidak ada batas wilayah yang dimuat."
        " Perbaiki fitur berikut lalu muat file itu lagi:"
    )
    assert lines[1] == (
        "  fitur 1 (33.75.99.1001): tidak ada wilayah 33.75.99.1001 di daftar wilayah yang"
        " dimuat: muat dulu daftar wilayah yang memuatnya (`kkb region import FILE`)."
    )
    assert english_words(result.stderr.replace(str(path), "FILE")) == set()
    done = seeded("--lang", "id", "region", "boundaries", str(write(path, grid())))
    assert done.stdout.startswith("Batas wilayah 27 kelurahan di Kota Pekalongan dimuat dari")
    for language in ("en", "id"):
        shown = seeded("--lang", language, "region", "boundaries", "--help")
        assert shown.exit_code == 0 and "--property" in shown.stdout and "--dry-run" in shown.stdout
        if language == "id":
            assert "FeatureCollection GeoJSON" in shown.stdout
            assert english_words(shown.stdout) == set()
        else:
            assert "GeoJSON FeatureCollection" in shown.stdout


def test_the_command_and_each_of_its_options_have_help() -> None:
    import click
    import typer

    from kkb_cli.cli import app

    command = typer.main.get_command(app)
    for name in ("region", "boundaries"):
        command = command.get_command(click.Context(command), name)  # type: ignore[attr-defined]
        assert command.help, name
    for param in command.params:
        assert getattr(param, "help", None), param.name


# -- the reader, on its own ------------------------------------------------------------------


def _read(chunks: Any, checker: FeatureChecker | None = None) -> list[Any]:
    checker = checker or FeatureChecker()
    return [checker.check(n, f) for n, f in features(chunks, "x.geojson")]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 64])
def test_any_cut_of_the_text_reads_the_same(size: int) -> None:
    """Chunk ends fall inside numbers, literals, strings and escapes; the features read are
    those of the whole text."""
    document = grid(SEED_VILLAGES[:4])
    document["features"][0]["properties"].update(name='Med\u00f6no \\ "x"', ok=True, no=None)
    text = json.dumps(document, ensure_ascii=True)
    whole = _read([text])
    pieces = _read(text[i : i + size] for i in range(0, len(text), size))
    assert pieces == whole and len(whole) == 4
    assert all(result.boundary is not None for result in whole)


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_a_big_file_is_read_in_bounded_memory(compressed: bool) -> None:
    """A 20 MB stream (made as it is read, never held whole) is read a feature at a time:
    memory holds a chunk and a feature or two, not the file."""
    import zlib

    one = json.dumps(feature("33.75.01.1002", polygon(0), note="catatan " * 2500))
    count = 21 * 1024 * 1024 // len(one)
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def stream() -> Iterator[bytes]:
        yield b'{"type": "FeatureCollection", "features": ['
        block = (one + ",").encode() * 50
        for _ in range(count // 50):
            yield block
        yield one.encode() + b"]}"

    def packed() -> Iterator[bytes]:
        for block in stream():
            yield packer.compress(block)
        yield packer.flush()

    assert sum(len(part) for part in stream()) > 20 * 1024 * 1024
    tracemalloc.start()
    try:
        read = 0
        chunks = packed() if compressed else stream()
        for number, each in features(text_chunks(chunks, "big.geojson"), "big.geojson"):
            # one code in every feature: a checker each, as only the reading is measured here
            assert FeatureChecker().check(number, each).boundary is not None
            read += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert read == count // 50 * 50 + 1
    assert peak < 10 * 1024 * 1024, peak  # half the stream: about 4 MB plain, 7 MB gzip


positions = st.tuples(
    st.floats(min_value=-180, max_value=180, allow_nan=False),
    st.floats(min_value=-90, max_value=90, allow_nan=False),
)


@given(st.lists(positions, min_size=3, max_size=30))
def test_an_outline_keeps_every_position_to_6_decimals_in_its_box(
    points: list[tuple[float, float]],
) -> None:
    ring = [list(p) for p in points] + [list(points[0])]
    geometry, west, south, east, north = outline_of({"type": "Polygon", "coordinates": [ring]})
    shape = json.loads(geometry)
    assert shape["type"] == "MultiPolygon"
    kept = shape["coordinates"][0][0]
    assert len(kept) == len(ring) and kept[0] == kept[-1]
    for (lon, lat), (x, y) in zip(ring, kept, strict=True):
        assert abs(lon - x) <= 5e-7 + 1e-9 and abs(lat - y) <= 5e-7 + 1e-9
        assert west <= x <= east and south <= y <= north


def test_check_finds_a_boundary_that_is_not_what_kkb_stores(seeded: Kkb) -> None:
    conn = sqlite3.connect(seeded.db_path, isolation_level=None)
    conn.execute(
        'UPDATE boundaries SET geometry = \'{"type":"Point","coordinates":[109.6,-6.9]}\''
        " WHERE region_code = '33.75.03.1002'"
    )
    conn.execute("UPDATE boundaries SET west = 200 WHERE region_code = '33.75.03.1003'")
    conn.close()
    before = file_digest(seeded.db_path)
    result = seeded("check", "--json")
    assert result.exit_code == 1
    (problem,) = [
        p for p in json.loads(result.stdout)["problems"] if p["check"] == "boundary_shape"
    ]
    assert "33.75.03.1002, 33.75.03.1003" in problem["message"]
    assert file_digest(seeded.db_path) == before
