"""The report in a real browser: headless Chromium loads the page with no request leaving the
file, shows the headline and the verdict, draws one shape per desa/kelurahan, renders hostile
names as text, and prints a kota's report on a few A4 pages.

These tests need Chromium (Debian: `apt-get install chromium`; `.ci/run` installs it). Where
none is found they are skipped, saying so; `KKB_BROWSER=/path/to/chrome pytest
tests/test_browser.py` runs them with another Chromium, Chrome or Edge.
`KKB_SCREENSHOT=docs/report.png pytest tests/test_browser.py` also keeps the screenshot of the
seed's report that the README shows.
"""

from __future__ import annotations

import html as html_module
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Kkb
from test_report import kabupaten


def _browser() -> str | None:
    from kkb_cli.errors import KkbError
    from kkb_cli.render.pdf import find_browser

    try:
        return str(find_browser())
    except KkbError:
        return None


BROWSER = _browser()
if BROWSER is None and os.environ.get("KKB_REQUIRE_BROWSER"):  # CI: skipping is a failure
    raise RuntimeError("KKB_REQUIRE_BROWSER is set but no Chromium, Chrome or Edge was found")
pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium, Chrome or Edge found: install Debian's `chromium` (as .ci/run does) "
    "or set KKB_BROWSER to run the browser tests",
)


def _run(page: Path, folder: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    """Open ``page`` in headless Chromium with its own profile, logging every network request
    the browser makes."""
    assert BROWSER is not None
    command = [
        BROWSER,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={folder / 'profile'}",
        f"--log-net-log={folder / 'net.json'}",
        *flags,
        page.resolve().as_uri(),
    ]
    if os.geteuid() == 0:
        command.insert(1, "--no-sandbox")
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _page_requests(folder: Path) -> list[str]:
    """The URLs the page asked for (not the browser's own background requests, which have no
    origin: update checks and the like)."""
    log = json.loads((folder / "net.json").read_text(encoding="utf-8"))
    names = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    asked = []
    for event in log["events"]:
        params = event.get("params", {})
        started = names.get(event["type"]) == "URL_REQUEST_START_JOB" and "url" in params
        if started and params.get("initiator") != "not an origin":
            asked.append(params["url"])
    return asked


def _dom(page: Path, folder: Path) -> str:
    """The page as the browser built it, after loading."""
    return _run(page, folder, "--dump-dom").stdout


def _text(dom: str) -> str:
    body = re.sub(r"<(style|svg)\b.*?</\1>", " ", dom, flags=re.DOTALL)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_seed_report_in_a_browser(seeded: Kkb, tmp_path: Path) -> None:
    page = tmp_path / "laporan.html"
    assert seeded("report", "--output", str(page), "--as-of", "2023-07-17").exit_code == 0
    summary = json.loads(seeded("progress", "--json", "--as-of", "2023-07-17").stdout)["summary"]

    dom = _dom(page, tmp_path)
    assert _page_requests(tmp_path) == []
    text = _text(dom)
    assert "70.4%" in text
    assert "19 of 27 kelurahan have a Kampung KB" in text
    assert summary in text
    # One shape per kelurahan, as the browser built the page.
    assert len(re.findall(r'<g id="shape-33\.75\.\d\d\.\d{4}"', dom)) == 27

    shot = tmp_path / "shot.png"
    _run(page, tmp_path / "s", f"--screenshot={shot}", "--window-size=1000,1500")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    keep = os.environ.get("KKB_SCREENSHOT")
    if keep:
        shutil.copyfile(shot, keep)


def test_the_policy_blocks_a_request_that_a_page_without_it_would_make(
    seeded: Kkb, tmp_path: Path
) -> None:
    page = tmp_path / "laporan.html"
    assert seeded("report", "--output", str(page)).exit_code == 0
    leak = '<img src="http://127.0.0.1:9/leak.png" alt="">'
    html = page.read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html.replace("<body>", "<body>" + leak, 1), encoding="utf-8")
    _dom(tampered, tmp_path / "with")
    assert _page_requests(tmp_path / "with") == []
    # The same image without the page's policy is fetched: the check above can see requests.
    unprotected = tmp_path / "unprotected.html"
    without = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    unprotected.write_text(without.replace("<body>", "<body>" + leak, 1), encoding="utf-8")
    _dom(unprotected, tmp_path / "without")
    assert "http://127.0.0.1:9/leak.png" in _page_requests(tmp_path / "without")


def test_hostile_names_render_as_text_in_the_browser(
    seeded: Kkb, db_path: Path, tmp_path: Path
) -> None:
    import sqlite3

    hostile = "</svg><script>document.title='pwned'</script>"
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE regions SET name = ? WHERE code = '33.75.01.1004'", (hostile,))
    conn.close()
    page = tmp_path / "r.html"
    assert seeded("report", "--output", str(page), "--as-of", "2023-07-17").exit_code == 0
    dom = _dom(page, tmp_path)
    assert "<script" not in dom
    assert "pwned" not in re.search(r"<title>(.*?)</title>", dom, re.DOTALL)[1]
    assert hostile in _text(dom)
    assert len(re.findall(r'<g id="shape-', dom)) == 27  # the map is whole after the name


def test_a_generated_kabupaten_draws_every_desa(seeded: Kkb, tmp_path: Path) -> None:
    codes = kabupaten(seeded, tmp_path, kecamatan=4, desa=10)
    page = tmp_path / "contoh.html"
    assert seeded("report", "--scope", "33.98", "--output", str(page)).exit_code == 0
    dom = _dom(page, tmp_path)
    assert len(re.findall(r'<g id="shape-33\.98\.\d\d\.\d{4}"', dom)) == len(codes) == 40
    assert _page_requests(tmp_path) == []


def test_a_kota_prints_on_a_few_a4_pages(seeded: Kkb, tmp_path: Path) -> None:
    pdf = tmp_path / "laporan.pdf"
    result = seeded("--lang", "id", "report", "--output", str(pdf))
    assert result.exit_code == 0, result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert 1 <= pages <= 6
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(
        abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in boxes
    )
    assert "Laporan ditulis ke" in result.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
