"""What the app, the server and the /sparql endpoint need of the service: a narrow view of
`counterpoint.service.Counterpoint`, so the UI can be built around a stand-in too."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from counterpoint.answer.llm import StreamEvent
    from counterpoint.answer.models import Answer
    from counterpoint.config import Settings
    from counterpoint.kg.sparql.results import QueryResult
    from counterpoint.service.indexes import CorpusView


class AppService(Protocol):
    @property
    def settings(self) -> Settings: ...

    @property
    def view(self) -> CorpusView:
        """The documents (for publishers in citation exports and the health check)."""
        ...

    def ask(self, question: str) -> Answer: ...

    def ask_stream(self, question: str) -> Iterator[StreamEvent]: ...

    def sparql(
        self, query: str, timeout_s: float | None = None, limit: int | None = None
    ) -> QueryResult:
        """A guarded, read-only user query with the settings' timeout and row cap."""
        ...

    def warm(self) -> None:
        """Load the model and index before the first user waits for them."""
        ...
