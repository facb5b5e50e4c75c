"""A small readers-writer lock: many questions at once, one corpus change at a time.

`counterpoint serve` answers questions in several threads while the CLI (through the local
API) or the Library tab may add or remove documents. Questions hold the read side; rebuilding
the derived indexes holds the write side, so a question never sees half-rebuilt indexes.
Writers are preferred (a waiting writer stops new readers), so a steady chat load cannot
starve an ingest. A thread that already holds the read side may take it again even then:
otherwise a nested read (the chat reading the view while its answer stream holds the lock)
waits for the writer, which waits for that very reader, and the server deadlocks.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0
        self._held = threading.local()  # .reads: how many read holds this thread has

    @contextmanager
    def read(self) -> Iterator[None]:
        mine = getattr(self._held, "reads", 0)
        with self._cond:
            # A nested read does not queue behind waiting writers (its outer hold already
            # keeps them out). It still never overlaps a running writer: a hold taken in one
            # thread and released in another (a generator resumed elsewhere) leaves a count
            # behind, and that must only cost writer preference, never exclusion.
            while self._writer or (not mine and self._waiting_writers):
                self._cond.wait()
            self._readers += 1
        self._held.reads = mine + 1
        try:
            yield
        finally:
            self._held.reads = max(0, getattr(self._held, "reads", 0) - 1)
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
