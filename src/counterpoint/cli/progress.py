"""Ingest progress: a rich bar per document and stage on a terminal, plain lines otherwise.

Everything goes to stderr, so `--json` on stdout stays parseable."""

from __future__ import annotations

import time
from typing import Any

import click

from counterpoint.ingest_types import STAGES, IngestResult


def eta(done: int, total: int, elapsed_s: float) -> str:
    """Time left at the rate so far ('' until one document is done): archives take hours."""
    if done <= 0 or done >= total:
        return ""
    left = elapsed_s / done * (total - done)
    return f" ETA {int(left // 3600)}:{int(left % 3600 // 60):02d}:{int(left % 60):02d}"


class PlainProgress:
    """One line per stage: greppable in logs and CI."""

    def __init__(self) -> None:
        self.total = 0
        self.n = 0
        self.finished = 0
        self.t0 = time.perf_counter()

    def start(self, total: int) -> None:
        self.total = total
        self.t0 = time.perf_counter()

    def stage(self, source: str, stage: str) -> None:
        if stage == "load":
            self.n += 1
        left = eta(self.finished, self.total, time.perf_counter() - self.t0)
        where = f"[{self.n}/{self.total}{left}] {source}" if source else "(all documents)"
        click.echo(f"  {stage:<8} {where}", err=True)

    def done(self, result: IngestResult) -> None:
        self.finished += 1


class RichProgress:
    """Two bars: documents done out of total, and the current document's stage."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._docs: Any = None
        self._stage: Any = None

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def start(self, total: int) -> None:
        self._docs = self._progress.add_task("documents", total=total)
        self._stage = self._progress.add_task("", total=len(STAGES))

    def stage(self, source: str, stage: str) -> None:
        name = source.rsplit("/", 1)[-1]
        done = STAGES.index(stage) if stage in STAGES else len(STAGES)
        self._progress.update(self._stage, completed=done, description=f"{stage:<8} {name}")

    def done(self, result: IngestResult) -> None:
        self._progress.advance(self._docs)
        self._progress.update(self._stage, completed=len(STAGES))
        if result.status == "error":
            self._progress.console.print(
                f"error    {result.error}", markup=False, highlight=False, soft_wrap=True
            )


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def stage(self, source: str, stage: str) -> None:
        pass

    def done(self, result: IngestResult) -> None:
        pass
