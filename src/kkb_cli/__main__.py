"""Allow ``python -m kkb_cli``."""

from kkb_cli.cli import app

app(prog_name="kkb")
