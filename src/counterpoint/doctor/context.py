"""What every doctor check reads and returns: the service it inspects (`DoctorHost`, a
Protocol, so the checks never depend on the façade class), the documents as the graph states
them (`DoctorContext`), a `Problem` found and a `Check` (find, and optionally repair)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal, Protocol

from counterpoint.corpus.models import Chunk
from counterpoint.errors import CounterpointError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_read import StoredDocument, load_chunks

if TYPE_CHECKING:
    from counterpoint.config import Settings
    from counterpoint.kg.namespaces import Iris
    from counterpoint.retrieval.base import Embedder
    from counterpoint.retrieval.vectors import VectorStore


class DoctorHost(Protocol):
    """What the checks need of the service (`counterpoint.service.Counterpoint`)."""

    @property
    def store(self) -> GraphStore: ...

    @property
    def iris(self) -> Iris: ...

    @property
    def vectors(self) -> VectorStore: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def settings(self) -> Settings: ...

    def unchecked_embedder(self) -> Embedder: ...

    def stored_documents(self) -> list[StoredDocument]: ...

    def rebuild_derived(self) -> None: ...


@dataclass(frozen=True)
class Problem:
    check: str
    severity: Literal["error", "note"]
    message: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "severity": self.severity, "message": self.message}


@dataclass
class DoctorContext:
    """What every check reads: the documents and chunks as the graph states them."""

    service: DoctorHost
    stored: list[StoredDocument] = field(init=False)

    def __post_init__(self) -> None:
        self.stored = self.service.stored_documents()

    @property
    def current(self) -> dict[str, str]:
        return {s.doc.doc_id: s.version for s in self.stored}

    @cached_property
    def dim(self) -> int | None:
        """The dimension of the first readable vector file: all derived vectors must share it
        (one model id per workspace; the version hash names the model)."""
        for doc_id, version in sorted(self.current.items()):
            try:
                _, vecs = self.service.vectors.read_doc(doc_id, version)
            except CounterpointError:
                continue
            if vecs.ndim == 2 and len(vecs):
                return int(vecs.shape[1])
        return None

    @cached_property
    def chunks(self) -> dict[str, list[Chunk]]:
        return {s.doc.doc_id: load_chunks(self.service.store, s.doc.doc_id) for s in self.stored}


@dataclass(frozen=True)
class Check:
    name: str
    find: Callable[[DoctorContext], list[Problem]]
    repair: Callable[[DoctorContext], None] | None = None


def stale(check: str, name: str, why: str) -> Problem:
    """A derived index that search rebuilds by itself on first use: a note naming the file."""
    return Problem(
        check, "note", f"{name} {why}; rebuilt on first use (or now with doctor --repair)"
    )
