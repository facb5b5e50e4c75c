"""One error tree, so the CLI and the app can turn any domain failure into one clear line.

`UsageError` means the user asked for something impossible (exit 2); `DocumentError` means one
input failed while the rest of the command carried on (exit 1).
"""

from __future__ import annotations


class CounterpointError(Exception):
    """Base of every error Counterpoint raises on purpose; its message is shown as is."""

    exit_code = 1


class UsageError(CounterpointError):
    """Bad arguments, unknown ids, unreadable workspace: the user must change the command."""

    exit_code = 2


class DocumentError(CounterpointError):
    """One document could not be loaded or ingested; other documents are unaffected."""

    exit_code = 1

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class StoreError(CounterpointError):
    """The knowledge-graph store is unavailable (locked by another process, unreachable)."""

    exit_code = 1


class GroundingError(CounterpointError):
    """A quote did not match its document at the stated offsets; it must never be shown."""

    exit_code = 1
