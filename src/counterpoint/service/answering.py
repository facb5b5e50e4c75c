"""Questions and challenges over the corpus as indexed now: evidence from `CorpusIndexes`, a
plan (answer, challenge or decline), the writing (LLM, verified, or extractive), and the
challenge record in its own named graph.

Built per question from the settings of the moment, so `--model` or a changed LLM setting
applies to the next question; the caches it reads live in `CorpusIndexes`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import replace

from counterpoint.answer.engine import MODES, AnswerEngine
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.llm import LLMAnswerer, StreamEvent
from counterpoint.answer.models import Answer
from counterpoint.answer.parts import resolve_it, split_parts
from counterpoint.answer.plan import Plan
from counterpoint.answer.record import record_challenge
from counterpoint.answer.understand import Analysis
from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.namespaces import Iris
from counterpoint.retrieval.filters import Filters
from counterpoint.service.indexes import CorpusIndexes
from counterpoint.service.options import AnswerMode

# Sentences of the corpus, nearest the question, whose chunks join the evidence.
SENTENCE_HITS = 12


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
        return self.indexes.claims()

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
            indexes.sentence_vectors,
            indexes.answer_corpus,
        )

    def _evidence(
        self, engine: AnswerEngine, question: str, k: int, filters: Filters, analysis: Analysis
    ) -> list[Evidence]:
        """Hybrid retrieval over what the filters allow; the essays the question names
        searched on their own as well (only them when it restricts itself to them); and the
        chunks of the sentences closest to the question."""
        scope = analysis.scope
        allowed = filters.allowed_docs(self.indexes.view.docs)
        named = set(scope.doc_ids) & allowed if allowed is not None else set(scope.doc_ids)
        words = engine.lexical_query(question)
        search = self.indexes.search
        evidence = (
            [] if scope.strict and named else search(question, k, filters, lexical_query=words)
        )
        for doc_id in sorted(named):
            within = replace(filters, within=frozenset([doc_id]))
            evidence += search(question, k, within, lexical_query=words)
        pool = named if scope.strict and named else allowed
        evidence += engine.sentence_evidence(question, pool, SENTENCE_HITS)
        seen: set[str] = set()
        out = []
        for ev in evidence:
            if ev.chunk.chunk_id not in seen:
                seen.add(ev.chunk.chunk_id)
                out.append(ev)
        return out

    def _llm(self, model: str | None, use_llm: bool = True) -> LLMAnswerer | None:
        """The configured answerer, or None for extractive answers (none configured, or the
        reader chose extractive although the server has a model)."""
        from counterpoint.llm.client import LLMClient, LLMConfig

        if not use_llm:
            return None
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
        engine = self._engine()
        analysis = engine.analyse(question)
        top_k = k or self.settings.retrieval.top_k
        parts = split_parts(question) if mode != "challenge" else [question]
        if len(parts) > 1 and not analysis.is_challenge:
            # each part read, scoped and retrieved on its own (answer/parts.py)
            parts[1] = resolve_it(parts[1], engine.subjects(parts[0]))
            plans = [self._plan_one(engine, p, top_k, filters, "answer") for p in parts]
            if any(p.kind == "answer" for p in plans):
                return engine, engine.joined(question, plans, analysis)
        evidence = functools.partial(self._evidence, engine, question, top_k, filters, analysis)
        return engine, engine.plan(question, evidence, mode, analysis)

    def _plan_one(
        self, engine: AnswerEngine, question: str, k: int, filters: Filters, mode: str
    ) -> Plan:
        analysis = engine.analyse(question)
        evidence = functools.partial(self._evidence, engine, question, k, filters, analysis)
        return engine.plan(question, evidence, mode, analysis)

    def _record(self, answer: Answer, session: str | None) -> Answer:
        if answer.verdict is not None:
            record_challenge(
                self.store,
                self.iris,
                answer.question,
                answer.target_claims or [],
                answer.verdict,
                session or self.session,
                max_per_session=self.settings.max_challenges_per_session,
                max_total=self.settings.max_challenges_total,
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
        use_llm: bool = True,
    ) -> Answer:
        engine, plan = self._plan(question, k, filters, mode)
        return self._record(engine.write(plan, self._llm(model, use_llm)), session)

    def ask_stream(
        self,
        question: str,
        k: int | None,
        filters: Filters,
        mode: AnswerMode,
        model: str | None,
        session: str | None,
        use_llm: bool = True,
    ) -> Iterator[StreamEvent]:
        engine, plan = self._plan(question, k, filters, mode)
        for event in engine.write_stream(plan, self._llm(model, use_llm)):
            if isinstance(event.answer, Answer):
                self._record(event.answer, session)
            yield event
