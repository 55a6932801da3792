"""docs/help.md is the real `--help` of every command, kept current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_help_reference_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("generate_help", DOCS / "generate_help.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (DOCS / "help.md").read_text(encoding="utf-8")
    assert current == module.render(), "run: python docs/generate_help.py"
