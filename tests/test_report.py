"""`kkb report` and `kkb chart`: the head of office's page (HTML, self-contained, both
languages, the numbers of `kkb progress`), its map, the charts on their own, and every refusal.
What a real browser makes of the page is in tests/test_browser.py."""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import struct
from datetime import date
from pathlib import Path

import pytest

from conftest import Kkb, file_digest

TODAY = date.today().isoformat()


def _report(kkb: Kkb, path: Path, *args: str) -> str:
    result = kkb("report", "--output", str(path), *args)
    assert result.exit_code == 0, result.stderr
    assert str(path) in result.stderr
    return path.read_text(encoding="utf-8")


def _progress(kkb: Kkb, *args: str) -> dict:
    result = kkb("progress", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _unescaped(text: str) -> str:
    import html as html_module

    return html_module.unescape(text)


def _visible(html: str) -> str:
    """The page's text as a reader sees it (tags out, entities read)."""
    import html as html_module

    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.DOTALL)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())


# -- a generated kabupaten with boundaries: squares in a grid, one per desa ---------------------


def square(x: int, y: int, size: float = 0.01) -> list[list[list[float]]]:
    west, south = 110.0 + x * size, -7.0 + y * size
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return [ring]


def kabupaten(kkb: Kkb, folder: Path, kecamatan: int = 3, desa: int = 8) -> list[str]:
    """Load a made-up kabupaten (33.98, in the seed's provinsi) with ``kecamatan`` ×
    ``desa`` desa and a boundary for each; returns the desa codes."""
    rows = ["code,name", "33,Jawa Tengah", "33.98,Kabupaten Contoh"]
    features = []
    codes = []
    for k in range(1, kecamatan + 1):
        rows.append(f"33.98.{k:02d},Kecamatan {k}")
        for d in range(1, desa + 1):
            code = f"33.98.{k:02d}.{2000 + d}"
            rows.append(f"{code},Desa {k}-{d}")
            codes.append(code)
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code},
                    "geometry": {"type": "Polygon", "coordinates": square(d, k)},
                }
            )
    regions = folder / "contoh.csv"
    regions.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = kkb("region", "import", str(regions))
    assert result.exit_code == 0, result.stderr
    shapes = folder / "contoh.geojson.gz"
    with gzip.open(shapes, "wt", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out)
    result = kkb("region", "boundaries", str(shapes))
    assert result.exit_code == 0, result.stderr
    return codes


# -- the page ------------------------------------------------------------------------------------


def test_the_seed_report_is_one_self_contained_page_with_the_progress_numbers(
    seeded: Kkb, tmp_path: Path
) -> None:
    html = _report(seeded, tmp_path / "laporan.html", "--as-of", "2023-07-17")
    progress = _progress(seeded, "--as-of", "2023-07-17")
    # Nothing outside the file: no URL, no script, a policy that forbids every request.
    assert not re.search(r"(?:https?|ftp|wss?)://", html)
    assert "<script" not in html.lower()
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert policy is not None
    assert "default-src 'none'" in _unescaped(policy[1])
    text = _visible(html)
    # The headline and the verdict are those of `kkb progress`.
    assert progress["summary"] in text
    assert "70.4%" in text and "19 of 27 kelurahan" in text
    assert "17 July 2023" in text
    # Per year: formed and targets as progress counts them.
    for row in progress["years"]:
        assert re.search(rf"{row['year']} [–\d]+ {row['formed']} {row['cumulative']}", text)
    # Every kecamatan with its coverage, and every kelurahan left to do.
    for area in progress["areas"]:
        assert area["name"] in text
    assert "Kelurahan still without a Kampung KB (8)" in text
    # The map: one shape per kelurahan (the seed ships Kota Pekalongan's boundaries).
    assert len(re.findall(r'id="shape-33\.75\.\d\d\.\d{4}"', html)) == 27
    assert "Formed (19)" in text and "Planned (8)" in text and "None yet (0)" in text
    # Three charts and the map (no attribute is known yet, so no attribute chart), each
    # element named once in the page (matplotlib numbers every figure alike).
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count("<svg") == 3
    assert "No attribute (Dashat, Pokja…) is filled in yet" in _visible(html)


def test_the_map_and_the_left_list_follow_the_as_of_date(seeded: Kkb, tmp_path: Path) -> None:
    html = _report(seeded, tmp_path / "r.html", "--as-of", "2022-12-31")
    progress = _progress(seeded, "--as-of", "2022-12-31")
    text = _visible(html)
    formed = progress["formed"]
    assert formed == 6
    assert f"Formed ({formed})" in text
    assert f"Kelurahan still without a Kampung KB ({27 - formed})" in text


def test_the_report_speaks_indonesian_with_its_default_name(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = seeded("--lang", "id", "report")
    assert result.exit_code == 0, result.stderr
    written = tmp_path / f"laporan-kampung-kb-{TODAY}.html"
    assert f"Laporan ditulis ke {written.name}" in result.stderr
    html = written.read_text(encoding="utf-8")
    text = _visible(html)
    assert '<html lang="id">' in html
    assert "Cakupan" in text and "Peta" in text and "Semua target" in text
    assert "Kelurahan menurut status Kampung KB" in text or "kelurahan menurut status" in text
    assert "Terbentuk (19)" in text
    assert re.search(r"\d+,\d%", text)  # decimal comma
    months = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November"
    assert re.search(rf"per \d+ ({months}|Desember) \d{{4}}", text)
    english = seeded("report")
    assert english.exit_code == 0, english.stderr
    assert (tmp_path / f"report-kampung-kb-{TODAY}.html").exists()


def test_an_existing_report_is_kept_unless_forced(seeded: Kkb, tmp_path: Path) -> None:
    path = tmp_path / "laporan.html"
    path.write_text("mine", encoding="utf-8")
    result = seeded("report", "--output", str(path))
    assert result.exit_code == 1
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == "mine"
    _report(seeded, path, "--force")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_report_is_never_more_readable_than_the_database(
    seeded: Kkb, db_path: Path, tmp_path: Path
) -> None:
    db_path.chmod(0o600)
    path = tmp_path / "laporan.html"
    _report(seeded, path)
    assert path.stat().st_mode & 0o077 == 0


def test_a_link_as_output_is_refused(seeded: Kkb, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("keep", encoding="utf-8")
    link = tmp_path / "laporan.html"
    link.symlink_to(elsewhere)
    result = seeded("report", "--output", str(link), "--force")
    assert result.exit_code == 1
    assert elsewhere.read_text(encoding="utf-8") == "keep"


def test_a_report_must_be_html_or_pdf(seeded: Kkb, tmp_path: Path) -> None:
    result = seeded("report", "--output", str(tmp_path / "laporan.docx"))
    assert result.exit_code == 2
    assert ".html or .pdf" in result.stderr
    assert not (tmp_path / "laporan.docx").exists()


def test_pdf_without_a_browser_says_what_was_looked_for(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    monkeypatch.delenv("KKB_BROWSER", raising=False)
    result = seeded("report", "--output", str(tmp_path / "laporan.pdf"))
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "chromium" in line and "google-chrome" in line and "msedge" in line
    assert ".html" in line
    assert not (tmp_path / "laporan.pdf").exists()
    monkeypatch.setenv("KKB_BROWSER", "no-such-browser")
    result = seeded("--lang", "id", "report", "--output", str(tmp_path / "laporan.pdf"))
    assert result.exit_code == 1
    assert "KKB_BROWSER" in result.stderr and "tidak ditemukan" in result.stderr


def test_a_browser_that_fails_leaves_nothing_behind(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "bin" / "chromium"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("KKB_BROWSER", str(broken))
    out = tmp_path / "out"
    out.mkdir()
    result = seeded("report", "--output", str(out / "laporan.pdf"))
    assert result.exit_code == 1
    assert "cannot open display" in result.stderr
    assert list(out.iterdir()) == []


def test_hostile_names_are_shown_as_text(seeded: Kkb, db_path: Path, tmp_path: Path) -> None:
    hostile = '</svg><script>alert("x")</script><img src=x onerror=alert(1)>'
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE regions SET name = ? WHERE code = '33.75.01.1004'", (hostile,))
        conn.execute("UPDATE regions SET name = ? WHERE code = '33.75.01'", ('Barat"};</style>',))
    conn.close()
    html = _report(seeded, tmp_path / "r.html", "--as-of", "2023-07-17")
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert '</style>"' not in html and 'Barat"};</style>' not in html
    assert html.count("</svg>") == html.count("<svg")  # no element closed early
    assert hostile in _visible(html)  # on the map, in the list of what is left


def test_a_scope_without_boundaries_says_how_to_load_them(seeded: Kkb, tmp_path: Path) -> None:
    kabupaten(seeded, tmp_path, kecamatan=1, desa=2)
    # Another kabupaten of the provinsi, with no boundary at all:
    rows = tmp_path / "batang.csv"
    rows.write_text(
        "code,name\n33,Jawa Tengah\n33.25,Kabupaten Batang\n33.25.01,Wonotunggal\n"
        "33.25.01.2001,Brokoh\n",
        encoding="utf-8",
    )
    assert seeded("region", "import", str(rows)).exit_code == 0
    html = _report(seeded, tmp_path / "batang.html", "--scope", "33.25")
    assert "kkb region boundaries" in _visible(html)
    assert 'id="no-map"' in html
    chart = seeded("chart", "map", "--scope", "33.25", "--output", str(tmp_path / "m.png"))
    assert chart.exit_code == 1
    assert "kkb region boundaries" in chart.stderr
    assert not (tmp_path / "m.png").exists()


def test_a_generated_kabupaten_has_one_shape_per_desa_with_its_status(
    seeded: Kkb, tmp_path: Path
) -> None:
    codes = kabupaten(seeded, tmp_path)
    for code in codes[:5]:
        assert seeded("add", code, "--date", "2024-03-01").exit_code == 0
    assert seeded("add", codes[5], "--planned", "2027").exit_code == 0
    html = _report(seeded, tmp_path / "contoh.html", "--scope", "33.98")
    assert len(re.findall(r'id="shape-33\.98\.\d\d\.\d{4}"', html)) == len(codes) == 24
    text = _visible(html)
    assert "Formed (5)" in text and "Planned (1)" in text and "None yet (18)" in text
    assert "Desa still without a Kampung KB (19)" in text


def test_a_provinsi_report_colours_its_kabupaten_by_coverage(seeded: Kkb, tmp_path: Path) -> None:
    kabupaten(seeded, tmp_path)
    outline = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"kode": code},
                "geometry": {"type": "Polygon", "coordinates": square(i, 0, 0.5)},
            }
            for i, code in enumerate(("33.75", "33.98"))
        ],
    }
    path = tmp_path / "kabkota.geojson"
    path.write_text(json.dumps(outline), encoding="utf-8")
    assert seeded("region", "boundaries", str(path)).exit_code == 0
    html = _report(seeded, tmp_path / "jateng.html", "--scope", "33")
    assert len(re.findall(r'id="shape-33\.\d\d"', html)) == 2
    assert "Coverage by kabupaten/kota" in _visible(html)


# -- charts on their own -------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("name", ["progress", "areas", "attributes", "map"])
def test_each_chart_is_written_as_png_and_svg(seeded: Kkb, tmp_path: Path, name: str) -> None:
    png = tmp_path / f"{name}.png"
    result = seeded("chart", name, "--output", str(png), "--width", "1600")
    assert result.exit_code == 0, result.stderr
    assert _png_size(png)[0] == 1600
    svg = tmp_path / f"{name}.svg"
    result = seeded("--lang", "id", "chart", name, "--output", str(svg))
    assert result.exit_code == 0, result.stderr
    drawn = svg.read_text(encoding="utf-8")
    assert drawn.lstrip().startswith("<?xml") and "</svg>" in drawn
    assert "Grafik ditulis ke" in result.stderr


def test_chart_sizes_in_centimetres_keep_the_proportions(seeded: Kkb, tmp_path: Path) -> None:
    png = tmp_path / "p.png"
    result = seeded("chart", "progress", "--output", str(png), "--width", "16cm")
    assert result.exit_code == 0, result.stderr
    width, height = _png_size(png)
    assert abs(width - 16 / 2.54 * 200) <= 1
    assert abs(width / height - 2.0) < 0.01  # the progress chart is twice as wide as high
    result = seeded(
        "chart", "progress", "-o", str(tmp_path / "q.png"), "--width", "800px", "--height", "12,5cm"
    )
    assert result.exit_code == 0, result.stderr
    width, height = _png_size(tmp_path / "q.png")
    assert width == 800 and abs(height - 12.5 / 2.54 * 200) <= 1


@pytest.mark.parametrize("size", ["wide", "-3", "0", "50000", "1cmx"])
def test_a_size_kkb_cannot_use_is_a_usage_error(seeded: Kkb, tmp_path: Path, size: str) -> None:
    result = seeded("chart", "progress", "--output", str(tmp_path / "p.png"), "--width", size)
    assert result.exit_code == 2
    assert "centimetres" in result.stderr
    assert not (tmp_path / "p.png").exists()


def test_charts_speak_the_language_and_default_to_a_png(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = seeded("--lang", "id", "chart", "areas")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / f"grafik-areas-{TODAY}.png").exists()
    svg = tmp_path / "a.svg"
    assert seeded("--lang", "id", "chart", "areas", "-o", str(svg)).exit_code == 0
    drawn = svg.read_text(encoding="utf-8")
    assert "Cakupan per kecamatan" in drawn and "Direncanakan" in drawn
    wrong = seeded("chart", "areas", "-o", str(tmp_path / "a.jpg"))
    assert wrong.exit_code == 2 and ".png or .svg" in wrong.stderr


def test_a_report_changes_nothing_in_the_database(
    seeded: Kkb, db_path: Path, tmp_path: Path
) -> None:
    seeded("progress")  # the file as any report leaves it (kept summaries and all)
    before = file_digest(db_path)
    _report(seeded, tmp_path / "r.html")
    assert seeded("chart", "map", "-o", str(tmp_path / "m.svg")).exit_code == 0
    assert file_digest(db_path) == before


def _css_unescaped(literal: str) -> str:
    """A CSS string literal read as a browser reads it (hex escapes, one space after each)."""
    assert literal[0] == literal[-1] == '"'
    return re.sub(r"\\([0-9a-fA-F]{1,6}) ?", lambda m: chr(int(m[1], 16)), literal[1:-1])


@pytest.mark.parametrize(
    "name",
    ["Kampung KB · Kota Pekalongan · per 2 Desember 2026", 'Barat"};</style><b>x', "a\\b  c"],
)
def test_the_page_header_reads_back_as_written(name: str) -> None:
    from kkb_cli.render.report_page import _css_string

    literal = str(_css_string(name))
    assert _css_unescaped(literal) == name
    assert '"' not in literal[1:-1] and "<" not in literal and "\\" + "\n" not in literal


def test_a_browser_that_hangs_is_stopped_with_what_it_started(
    seeded: Kkb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    from kkb_cli.render import pdf

    pids = tmp_path / "pids"
    hanging = tmp_path / "bin" / "chromium"
    hanging.parent.mkdir()
    hanging.write_text(
        f"#!/bin/sh\nsleep 300 &\necho $! >> {pids}\necho $$ >> {pids}\nwait\n", encoding="utf-8"
    )
    hanging.chmod(0o755)
    monkeypatch.setenv("KKB_BROWSER", str(hanging))
    monkeypatch.setattr(pdf, "_WAIT", 2)
    out = tmp_path / "out"
    out.mkdir()
    result = seeded("report", "--output", str(out / "laporan.pdf"))
    assert result.exit_code == 1
    assert "2 seconds" in result.stderr
    assert list(out.iterdir()) == []
    for pid in map(int, pids.read_text(encoding="utf-8").split()):
        assert _stopped(pid)


def _stopped(pid: int) -> bool:
    """The process is gone, or dead and waiting for its parent to read its exit (a zombie:
    in a container nothing may reap an orphan)."""
    import os
    import time

    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        status = Path(f"/proc/{pid}/status")
        if status.exists() and "\nState:\tZ" in status.read_text(encoding="utf-8"):
            return True
        time.sleep(0.1)
    return False


def test_known_attributes_get_their_chart_and_their_targets(seeded: Kkb, tmp_path: Path) -> None:
    assert seeded("set", "Krapyak", "Degayu", "dashat=yes").exit_code == 0
    assert seeded("set", "Setono", "dashat=no").exit_code == 0
    assert seeded("target", "set", "2026", "100%", "--attribute", "dashat").exit_code == 0
    html = _report(seeded, tmp_path / "r.html")
    progress = _progress(seeded)
    dashat = next(row for row in progress["attributes"] if row["attribute"] == "dashat")
    assert (dashat["yes"], dashat["no"]) == (2, 1)
    text = _visible(html)
    assert html.count("<svg") == 4
    assert f"Dashat {dashat['formed']} 2 ({dashat['yes_pct']}%) 1 ({dashat['no_pct']}%)" in text
    assert "Targets on what the Kampung KB have" in text
    assert "Dashat in 100% of formed Kampung KB" in text
