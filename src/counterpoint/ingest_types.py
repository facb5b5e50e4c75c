"""What an ingest reports and takes, apart from how it runs (`ingest.py`): the stages a
document goes through, one result row per source, where the time went, the progress sink the
CLI and the app implement, and the metadata a user overrides. The CLI, the app and the local
API import these without loading the ingest machinery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypedDict

# Everything costly (and the time budget's checks) comes before the first write: "graph"
# builds the document's graph and extraction in memory, "vectors" writes the vector file and
# then switches the stored graph in one transaction.
STAGES = ("load", "clean", "chunk", "embed", "graph", "vectors")


@dataclass
class IngestResult:
    """One row of `ingest --json`."""

    doc_id: str | None
    title: str | None
    status: str
    source: str
    n_chunks: int = 0
    n_claims: int = 0
    error: str | None = None
    note: str | None = None  # e.g. the readable id belonged to another source

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for optional in ("error", "note"):
            if data[optional] is None:
                del data[optional]
        return data


@dataclass
class IngestTimings:
    """Where ingest time goes; `make bench` reports the per-stage split."""

    total_s: float = 0.0
    embed_s: float = 0.0
    chunks: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.extra[stage] = self.extra.get(stage, 0.0) + seconds


class ProgressSink(Protocol):
    """What the CLI shows: how many sources, which stage each is in, how each ended."""

    def start(self, total: int) -> None: ...

    def stage(self, source: str, stage: str) -> None: ...

    def done(self, result: IngestResult) -> None: ...


class MetadataOverrides(TypedDict, total=False):
    """Command-line metadata that wins over what a file says (None or empty: keep the file's)."""

    title: str | None
    authors: Sequence[str]
    date: dt.date | None
    url: str | None


class NoProgress:
    """The sink when nobody watches (library calls, tests)."""

    def start(self, total: int) -> None:
        pass

    def stage(self, source: str, stage: str) -> None:
        pass

    def done(self, result: IngestResult) -> None:
        pass
