"""A per-document time budget, checked at step boundaries.

Why: extraction is linear now, but a pathological input can still take minutes, and the
workspace stays locked meanwhile. One document over `max_doc_seconds` is abandoned with a
one-line error naming the limit and the setting; nothing of it has been stored yet (every
check comes before the document's first write), and the other documents of the run go on.

Checked between steps, never by threads or signals: a step already running finishes, so the
budget can be overrun by at most one step. The clock is `_now` (monotonic), which the tests
replace to make one document "slow" without waiting.
"""

from __future__ import annotations

import time

from counterpoint.errors import DocumentError


def _now() -> float:
    return time.monotonic()


class Deadline:
    """`seconds` from construction for one document (`source` names it in the error)."""

    def __init__(self, seconds: float, source: str) -> None:
        self.seconds = seconds
        self.source = source
        self.started = _now()

    def check(self, step: str) -> None:
        """Raise a one-line `DocumentError` once the budget is spent; `step` is what just
        finished (shown, so a user sees where the time went)."""
        spent = _now() - self.started
        if spent > self.seconds:
            raise DocumentError(
                self.source,
                f"took {spent:.3g} s by the end of {step}, over the {self.seconds:g} s "
                "per-document limit (setting max_doc_seconds: raise "
                "COUNTERPOINT_MAX_DOC_SECONDS, or split the document); nothing of it was stored",
            )
