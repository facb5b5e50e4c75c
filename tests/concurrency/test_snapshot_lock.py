"""The snapshot lock under nesting: a reader that reads again while a rebuild waits must not
deadlock the server (found by the concurrency suite: the chat rendered its sources under a
second read while its answer stream held the first, and an ingest's rebuild waited between)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from counterpoint.service import Counterpoint
from counterpoint.service.rwlock import ReadWriteLock
from servers import serve_app


def _until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.01)


def test_a_nested_read_goes_on_while_a_writer_waits() -> None:
    lock = ReadWriteLock()
    nested, wrote = threading.Event(), threading.Event()

    def writer() -> None:
        with lock.write():
            wrote.set()

    def reader() -> None:
        with lock.read():
            threading.Thread(target=writer, daemon=True).start()
            _until(lambda: lock._waiting_writers == 1)
            with lock.read():
                nested.set()
            assert not wrote.is_set()  # the writer still waits for the outer hold

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert nested.is_set(), "a nested read deadlocked behind a waiting writer"
    _until(wrote.is_set)


def test_a_hold_released_in_another_thread_never_lets_a_read_overlap_a_write() -> None:
    """A generator can take the read side in one thread and end in another: the first thread's
    count is then stale, and its next read must still wait for a running writer."""
    lock = ReadWriteLock()

    def stream() -> Iterator[int]:
        with lock.read():
            yield 1

    gen = stream()
    next(gen)  # taken here, in the main thread
    ended = threading.Thread(target=lambda: list(gen))
    ended.start()
    ended.join()
    inside, release, overlapped = threading.Event(), threading.Event(), threading.Event()

    def writer() -> None:
        with lock.write():
            inside.set()
            release.wait(10)

    threading.Thread(target=writer, daemon=True).start()
    _until(inside.is_set)

    def late_read() -> None:
        with lock.read():
            if not release.is_set():
                overlapped.set()

    # The main thread's stale count must not let it in while the writer runs.
    reader = threading.Thread(target=late_read, daemon=True)
    reader.start()
    time.sleep(0.2)
    with lock._cond:
        assert lock._readers == 0
    release.set()
    reader.join(timeout=10)
    assert not overlapped.is_set()
    # And the main thread itself (whose count the generator left behind) waits too.
    inside.clear()
    release.clear()
    threading.Thread(target=writer, daemon=True).start()
    _until(inside.is_set)
    started = time.monotonic()
    threading.Timer(0.3, release.set).start()
    with lock.read():
        assert release.is_set() and time.monotonic() - started >= 0.25


@pytest.mark.slow
def test_chat_finishes_when_a_rebuild_is_requested_mid_answer(service: Counterpoint) -> None:
    """The served chat, an answer being composed, and an ingest's rebuild asking for the write
    side at that moment: the chat must finish (then the rebuild runs)."""
    from gradio_client import Client

    plain = service.ask_stream
    rebuilds: list[threading.Thread] = []

    def ask_stream(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for event in plain(*args, **kwargs):
            if event.answer is not None and not rebuilds:
                rebuild = threading.Thread(target=service.update_derived, args=([],), daemon=True)
                rebuilds.append(rebuild)
                rebuild.start()
                _until(lambda: service._snapshot._waiting_writers == 1)
            yield event

    service.ask_stream = ask_stream  # type: ignore[method-assign]
    with serve_app(service) as url:
        client = Client(url + "/", verbose=False)
        job = client.submit("What does the essay argue about brand moats?", [], api_name="/chat")
        _history, sources, _box, _card = job.result(timeout=120)
    assert "cp-source" in sources and "cp-warn" not in sources
    assert rebuilds
    rebuilds[0].join(timeout=300)
    assert not rebuilds[0].is_alive()
