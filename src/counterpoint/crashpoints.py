"""Named crash points, for the crash suite only (tests/corpus/test_crash_suite.py).

Why: the guarantee "a kill anywhere leaves a workspace that opens, with every document fully
old or fully new, and that the next ingest or `doctor --repair` brings back to what a clean
ingest gives" can only be tested by killing a real process at precise places, including
inside the final update of derived data (links graph, FAISS, BM25, sentence vectors). A parent
that reads progress lines and sends SIGKILL is racy (the child runs on before the signal
lands); so the code calls `crash_point(name)` at each named place and the child kills itself.

TEST-ONLY settings (environment, read once at import; never set them in real use):
- `COUNTERPOINT_TEST_KILL_AT=<name>`: SIGKILL this process the first time `name` is reached.
- `COUNTERPOINT_TEST_TRACE=<file>`: append every point reached to that file, one per line
  (how the suite learns the points of a run, in order).

Unset (always, outside the suite) a call costs one global lookup and a branch.
"""

from __future__ import annotations

import os
import signal

KILL_AT_ENV = "COUNTERPOINT_TEST_KILL_AT"
TRACE_ENV = "COUNTERPOINT_TEST_TRACE"

_KILL_AT = os.environ.get(KILL_AT_ENV) or None
_TRACE = os.environ.get(TRACE_ENV) or None
_ACTIVE = _KILL_AT is not None or _TRACE is not None


def crash_point(name: str) -> None:
    """A place where the crash suite may kill the process (no effect unless it asked)."""
    if _ACTIVE:
        _reached(name)


def _reached(name: str) -> None:
    if _TRACE is not None:
        with open(_TRACE, "a", encoding="utf-8") as trace:
            trace.write(name + "\n")
    if name == _KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)
