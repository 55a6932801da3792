"""The one exception family of kkb.

Everything below the CLI raises a ``KkbError``; the CLI turns it into one ``Error: …`` line on
stderr and the error's exit code. The text itself lives in ``messages.py`` under ``key``.
"""

from __future__ import annotations

from typing import Any

from kkb_cli import messages

# Exit codes other than 0, as documented in the README and in `kkb --help`.
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3  # a bug in kkb itself
EXIT_BROKEN_PIPE = 141  # the reader of stdout went away (128 + SIGPIPE), as Unix tools do


class KkbError(Exception):
    """A user-facing failure: nothing was changed, and the message says what to do next."""

    exit_code = EXIT_REFUSED

    def __init__(self, key: str, *, details: tuple[str, ...] = (), **params: Any) -> None:
        self.key = key
        self.params = params
        self.details = details  # lines shown under the Error line (e.g. each refused row)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return messages.text(self.key, **self.params)


class RefusedError(KkbError):
    """The request is well formed but refused: unknown or ambiguous kelurahan, already formed…"""


class AmbiguousError(RefusedError):
    """A name that fits several regions; ``candidates`` are the first few of them, so that a
    person at a terminal can be asked which one."""

    def __init__(self, key: str, *, candidates: tuple[Any, ...] = (), **params: Any) -> None:
        super().__init__(key, **params)
        self.candidates = candidates


class UsageError(KkbError):
    """Malformed input that no retry with the same words can fix (exit 2, like a usage error)."""

    exit_code = EXIT_USAGE


class DatabaseError(KkbError):
    """The database file cannot be used: missing folder, locked, corrupt, read-only, too new."""


class OutputError(KkbError):
    """An output file cannot be written (exists, or its folder is missing or not writable)."""
