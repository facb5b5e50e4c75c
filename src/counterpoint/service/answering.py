"""Questions and challenges over the corpus as indexed now: evidence from `CorpusIndexes`, a
plan (answer, challenge or decline), the writing (LLM, verified, or extractive), and the
challenge record in its own named graph.

Built per question from the settings of the moment, so `--model` or a changed LLM setting
applies to the next question; the caches it reads live in `CorpusIndexes`.
"""

from __future__ import annotations

from collections.abc import Iterator

from counterpoint.answer.engine import MODES, AnswerEngine, Plan
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.llm import LLMAnswerer, StreamEvent
from counterpoint.answer.models import Answer
from counterpoint.answer.record import record_challenge
from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord, load_claims
from counterpoint.kg.namespaces import Iris
from counterpoint.retrieval.filters import Filters
from counterpoint.service.indexes import CorpusIndexes
from counterpoint.service.options import AnswerMode


class Answering:
    def __init__(
        self,
        settings: Settings,
        store: GraphStore,
        iris: Iris,
        indexes: CorpusIndexes,
        session: str,
    ) -> None:
        self.settings = settings
        self.store = store
        self.iris = iris
        self.indexes = indexes
        self.session = session

    def claims(self) -> list[ClaimRecord]:
        return load_claims(self.store)

    def _quote_claim(self, claim: ClaimRecord) -> Sentence | None:
        view = self.indexes.view
        doc = view.docs.get(claim.doc_id)
        cid = view.expander.chunk_at(claim.doc_id, claim.start)
        if doc is None or cid is None or doc.text[claim.start : claim.end] != claim.text:
            return None  # stale offsets: a claim that does not verify is never shown
        ev = Evidence(chunk=view.chunks[cid], doc=doc, score=1.0)
        return Sentence(evidence=ev, start=claim.start, end=claim.end, similarity=1.0)

    def _engine(self) -> AnswerEngine:
        indexes = self.indexes
        return AnswerEngine(
            indexes.query_embedder,
            self.settings.min_evidence_similarity,
            [d.doc.meta.title for d in indexes.view.stored],
            self.claims,
            self._quote_claim,
            indexes.claim_vectors,
            indexes.sentence_vectors,
        )

    def _llm(self, model: str | None) -> LLMAnswerer | None:
        from counterpoint.llm.client import LLMClient, LLMConfig

        settings = self.settings
        if model:
            settings = settings.model_copy(update={"llm_model": model})
        config = LLMConfig.from_settings(settings)
        return LLMAnswerer(LLMClient(config), self.indexes.embedder) if config else None

    def _plan(
        self, question: str, k: int | None, filters: Filters, mode: str
    ) -> tuple[AnswerEngine, Plan]:
        question = question.strip()
        if not question:
            raise UsageError("the question is empty")
        if mode not in MODES:
            raise UsageError(f"unknown mode {mode!r}: use {', '.join(MODES)}")
        evidence = self.indexes.search(question, k or self.settings.retrieval.top_k, filters)
        engine = self._engine()
        return engine, engine.plan(question, evidence, mode)

    def _record(self, answer: Answer, session: str | None) -> Answer:
        if answer.verdict is not None:
            record_challenge(
                self.store,
                self.iris,
                answer.question,
                answer.target_claims or [],
                answer.verdict,
                session or self.session,
            )
        return answer

    def ask(
        self,
        question: str,
        k: int | None,
        filters: Filters,
        mode: AnswerMode,
        model: str | None,
        session: str | None,
    ) -> Answer:
        engine, plan = self._plan(question, k, filters, mode)
        return self._record(engine.write(plan, self._llm(model)), session)

    def ask_stream(
        self,
        question: str,
        k: int | None,
        filters: Filters,
        mode: AnswerMode,
        model: str | None,
        session: str | None,
    ) -> Iterator[StreamEvent]:
        engine, plan = self._plan(question, k, filters, mode)
        for event in engine.write_stream(plan, self._llm(model)):
            if isinstance(event.answer, Answer):
                self._record(event.answer, session)
            yield event
