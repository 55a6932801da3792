"""What `pip install .` delivers: the seed inside the package, and a kkb that runs anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kkb_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("kkb-*.whl")
    return built


def test_wheel_ships_the_seed_and_the_kkb_command(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "kkb_cli/data/seed.sql" in names
        seed = archive.read("kkb_cli/data/seed.sql").decode()
        # The licence, and the sources of the data shipped beside it.
        sources = archive.read("kkb_cli/data/SOURCES.md").decode()
        assert "cahyadsn/wilayah" in sources and "MIT" in sources
        licence = next(n for n in names if n.endswith("licenses/LICENSE"))
        assert archive.read(licence).decode().startswith("MIT License")
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
        assert "License-Expression: MIT" in metadata
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "kkb = kkb_cli.cli:app" in archive.read(entry_points).decode()
    assert seed == (ROOT / "data" / "seed.sql").read_text(encoding="utf-8")


def test_installed_package_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    """Run kkb from the wheel itself (zip import), in a folder far from the source tree."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(wheel), "KKB_DB": str(elsewhere / "kkb.db")}
    where = subprocess.run(
        [sys.executable, "-c", "import kkb_cli; print(kkb_cli.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        check=True,
    )
    assert str(wheel) in where.stdout  # the wheel's copy, not the source checkout
    done = subprocess.run(
        [sys.executable, "-m", "kkb_cli", "progress", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        check=True,
    )
    report = json.loads(done.stdout)
    assert (report["formed"], report["planned"], report["total_villages"]) == (19, 8, 27)


def test_every_command_has_help() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    assert "Exit codes" in top.stdout
    for command in (
        ["add"],
        ["progress"],
        ["list"],
        ["info"],
        ["init"],
        ["export"],
        ["export", "csv"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage: " in result.stdout
        assert len(result.stdout.splitlines()) > 3


def test_version() -> None:
    from kkb_cli import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.stdout.strip() == f"kkb {__version__}"
