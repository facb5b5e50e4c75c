"""LLM answers: fluent prose over numbered evidence, then verified like everything else.

The model sees only the top evidence sentences. Its output goes through `check_output`; if
nothing verifiable survives, or the call fails in any way, the caller falls back to the
extractive answer with a one-line notice, so an LLM problem never costs the user an answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counterpoint.answer.check import Checked, check_output
from counterpoint.answer.evidence import Sentence
from counterpoint.answer.models import Verdict
from counterpoint.answer.prompt import build_messages
from counterpoint.answer.understand import Analysis
from counterpoint.llm.client import LLMClient, Message
from counterpoint.retrieval.base import Embedder

if TYPE_CHECKING:
    from counterpoint.answer.models import Answer

MAX_EVIDENCE = 8


@dataclass(frozen=True)
class StreamEvent:
    """A raw text delta as the model writes; the verified text so far (shown to users while
    streaming: only sentences that passed the verifier); or, last, the verified answer."""

    delta: str | None = None
    answer: Answer | None = None
    verified: str | None = None


class LLMAnswerer:
    def __init__(self, client: LLMClient, embedder: Embedder) -> None:
        self.client = client
        self.embedder = embedder

    def messages(
        self,
        question: str,
        numbered: list[Sentence],
        sides: dict[int, str] | None = None,
        verdict: Verdict | None = None,
        analysis: Analysis | None = None,
    ) -> list[Message]:
        titles = {s.evidence.doc.doc_id: s.evidence.doc.meta.title for s in numbered}
        return build_messages(question, numbered, sides, verdict, analysis, titles)

    def complete(self, messages: list[Message], numbered: list[Sentence]) -> Checked:
        """Raises LLMError on any failure of the call itself."""
        return check_output(self.client.complete(messages), numbered, self.embedder)

    def stream(self, messages: list[Message]) -> Iterator[str]:
        yield from self.client.stream(messages)

    def check(self, raw: str, numbered: list[Sentence]) -> Checked:
        return check_output(raw, numbered, self.embedder)
