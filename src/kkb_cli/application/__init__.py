"""The application layer: kkb's use cases over one database file, with no Typer and no Rich.

``Office`` (office.py) is what the command line and a Python user call: one method per use
case, each opening its own session (one read snapshot, or one write transaction), returning
domain objects and raising only the ``KkbError`` family. The methods are grouped by subject in
the modules beside it.
"""
