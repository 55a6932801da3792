"""The domain of kkb: pure Python, no I/O, no Typer, no Rich, no SQL.

- ``regions``: Kemendagri region codes and matching a typed kelurahan name to one village.
- ``dates``: the date forms users type, and the years a formation or plan may have.
- ``records``: a Kampung KB record and the rules for registering a formation or a plan.
- ``progress``: cumulative progress, coverage and target status, as of a date.
"""
