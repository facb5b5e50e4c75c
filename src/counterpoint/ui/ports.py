"""What the app, the server and the /sparql endpoint need of the service: a narrow view of
`counterpoint.service.Counterpoint`, so the UI can be built around a stand-in too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from counterpoint.answer.llm import StreamEvent
    from counterpoint.answer.models import Answer
    from counterpoint.answer.record import ChallengeRecord
    from counterpoint.config import Settings
    from counterpoint.ingest_types import (
        IngestResult,
        IngestTimings,
        MetadataOverrides,
        ProgressSink,
    )
    from counterpoint.kg.base import GraphStore
    from counterpoint.kg.claims import ClaimRecord
    from counterpoint.kg.documents_read import StoredDocument
    from counterpoint.kg.namespaces import Iris
    from counterpoint.kg.sparql.results import QueryResult
    from counterpoint.service.corpus_view import CorpusView


class AppService(Protocol):
    # The graph and its IRIs, for exports (documents, Web Annotations).
    store: GraphStore
    iris: Iris

    @property
    def settings(self) -> Settings: ...

    @property
    def view(self) -> CorpusView:
        """The documents (for publishers in citation exports and the health check)."""
        ...

    def ask(
        self,
        question: str,
        k: int | None = None,
        doc_id: str | None = None,
        *,
        model: str | None = None,
    ) -> Answer: ...

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        doc_id: str | None = None,
        *,
        model: str | None = None,
        session: str | None = None,
        author: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        use_llm: bool = True,
    ) -> Iterator[StreamEvent]: ...

    def challenges(self, doc_id: str | None = None) -> list[ChallengeRecord]:
        """Readers' recorded challenges (the argument map flags the claims they target)."""
        ...

    def purge_challenges(
        self, session: str | None = None, before: dt.datetime | None = None
    ) -> int:
        """Remove recorded challenges; the number removed."""
        ...

    def reading(self) -> AbstractContextManager[None]:
        """Held while reading parts that must agree; no rebuild runs meanwhile."""
        ...

    def stored_documents(self) -> list[StoredDocument]: ...

    def count_claims(self, doc_id: str) -> int: ...

    def claims(self) -> list[ClaimRecord]: ...

    def ingest(
        self,
        paths: list[str],
        overrides: MetadataOverrides | None = None,
        recursive: bool = False,
        progress: ProgressSink | None = None,
        allow_network: bool = False,
    ) -> tuple[list[IngestResult], IngestTimings]: ...

    def remove(self, doc_ids: list[str]) -> list[str]: ...

    def sparql(
        self, query: str, timeout_s: float | None = None, limit: int | None = None
    ) -> QueryResult:
        """A guarded, read-only user query with the settings' timeout and row cap."""
        ...

    def warm(self) -> None:
        """Load the model, indexes and answering's parts before the first user waits."""
        ...
