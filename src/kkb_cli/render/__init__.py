"""Rendering: the same results as Rich tables for people, JSON and CSV for programs.

- ``fields``: the stable machine columns (JSON keys, CSV headers) of every result.
- ``text``: sentences built from results (confirmations, the progress verdict).
- ``tables``: Rich tables, plain when stdout is not a terminal.
- ``jsonout`` and ``csvout``: streamed JSON and CSV, with no Rich on those paths.
"""
