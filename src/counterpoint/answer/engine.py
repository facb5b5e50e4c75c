"""One interface for every answer mode: plan from the evidence, then write extractively or
with an LLM, and fall back to the extractive answer (with a one-line notice) on any LLM fault.

The plan is computed without any model call: how the question reads (`understand.py`: what
it asks for, which essay it means, question or challenge), which sentences answer it and
whether they hold what was asked for (`select.py`), or for a challenge the claim it takes a
position on, the evidence on both sides and the verdict (`challenge.py`, quoted and numbered
by `challenge_plan.py`); either way a `Plan` (plan.py). The LLM gets that plan as its input
and only rewrites it as prose; its output is verified, so the facts and the verdict are the
same in both modes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import numpy as np

from counterpoint.answer import compose, speakers
from counterpoint.answer.challenge_plan import plan_challenge
from counterpoint.answer.check import Checked
from counterpoint.answer.corpus import AnswerCorpus
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.extractive import not_covered, rank_sentences, to_citation
from counterpoint.answer.llm import MAX_EVIDENCE, LLMAnswerer, StreamEvent
from counterpoint.answer.models import Answer
from counterpoint.answer.names import all_forms, name_forms, question_variants
from counterpoint.answer.notes import named_note, with_referrer_scores
from counterpoint.answer.parts import asking_sentence, join_answers
from counterpoint.answer.plan import ClaimQuoter, Plan, dedup
from counterpoint.answer.question_names import subject_terms, unknown_names
from counterpoint.answer.select import (
    NOTE_CUE,
    Scored,
    answering,
    choose,
    lead_span,
    question_attributes,
    score_sentences,
)
from counterpoint.answer.understand import Analysis, analyse
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.errors import GroundingError
from counterpoint.kg.claims import ClaimRecord
from counterpoint.llm.client import LLMError
from counterpoint.retrieval.base import Embedder
from counterpoint.retrieval.sentence_vectors import SentenceVectors

MODES = ("auto", "answer", "challenge")
RELATED = 3  # passages offered as related reading with an honest "not covered"
NOTE_HITS = 3  # footnotes read whatever their rank when the question names a footnote
TERM_HITS = 6  # sentences naming the question's subject read whatever their rank


# Sentences searched for the asking sentence of a question that opens with statements.
BRIDGE_HITS = 12


class AnswerEngine:
    def __init__(
        self,
        embedder: Embedder,
        min_similarity: float,
        titles: list[str],
        claims: Callable[[], list[ClaimRecord]],
        quote_claim: ClaimQuoter,
        sentence_vectors: SentenceVectors | None = None,
        corpus: AnswerCorpus | None = None,
    ) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.titles = titles
        self.claims = claims
        self.quote_claim = quote_claim
        self.sentence_vectors = sentence_vectors
        self.corpus = corpus
        # question -> its names and their other forms (`names`); an engine lives for one
        # question (with its parts), which retrieval, sentence search and scoring all read
        self._names: dict[str, tuple[list[str], dict[str, list[str]]]] = {}

    # -- reading the question ----------------------------------------------------------------
    def analyse(self, question: str) -> Analysis:
        if self.corpus is None:
            return analyse(question, [], None)
        return analyse(question, self.corpus.essays, self.corpus.principal)

    def names(self, question: str) -> tuple[list[str], dict[str, list[str]]]:
        """The names in the question as the essays spell them (`subject_terms`) and the other
        forms the essays write them in (answer/names.py), worked out once per question."""
        if self.corpus is None:
            return [], {}
        found = self._names.get(question)
        if found is None:
            texts = self.corpus.texts
            terms = subject_terms(question, texts)
            found = self._names[question] = (terms, name_forms(terms, texts))
        return found

    def lexical_query(self, question: str) -> str:
        """The question as BM25 should search it: with the other forms the essays use for
        its names (answer/names.py), so a chunk that writes only the initials or an alias
        still shares the name's words with the question."""
        forms = self.names(question)[1]
        extra = [f for others in forms.values() for f in others]
        return " ".join([question, *extra]) if extra else question

    def sentence_evidence(self, question: str, allowed: set[str] | None, n: int) -> list[Evidence]:
        """Chunks holding the n sentences of the corpus closest to the question (within the
        allowed documents): the sentence a fact question wants may sit in a chunk that chunk
        retrieval ranks low. Footnote bodies, which no search chunk holds, join as passages
        of their own when one of their sentences is as close as those n."""
        if self.corpus is None or not len(self.corpus.table):
            return []
        table = self.corpus.table
        rows = table.rows_of(allowed) if allowed is not None else None
        q = self.embedder.embed_batch([question])[0]
        out: dict[str, Evidence] = {}
        top = table.top(q, n, rows)
        for row in top + self._naming_rows(question, q, allowed):
            ev = self.corpus.sentence(row).evidence
            out.setdefault(ev.chunk.chunk_id, ev)
        note_table = self.corpus.notes
        if note_table is not None and top:
            # A footnote joins when one of its sentences is as close as the n-th body one.
            floor = float(table.vecs[top[-1]] @ q)
            near = note_table.near(q, self.embedder, floor, allowed)
            if NOTE_CUE.search(question):  # the reader names a footnote: read the closest
                near += note_table.near(q, self.embedder, -1.0, allowed)[:NOTE_HITS]
            for chunk in near:
                doc = self.corpus.docs[chunk.doc_id]
                out.setdefault(chunk.chunk_id, Evidence(chunk=chunk, doc=doc, score=0.0))
        return list(out.values())

    def _naming_rows(self, question: str, q: np.ndarray, allowed: set[str] | None) -> list[int]:
        """Sentences (table rows) that name the question's subject ("Qwen", "Kenilworth"),
        the closest TERM_HITS of them: a short sentence that holds the fact ("X came from
        Y.") may sit far from the question's wording, and neither chunk nor sentence
        search would bring it."""
        assert self.corpus is not None
        terms, forms = self.names(question)
        if not terms:
            return []
        table = self.corpus.table
        spelled = all_forms(terms, forms)  # "AR" names "Acme Robotics" too
        rx = re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in spelled))
        rows: set[int] = set()
        for doc_id, text in self.corpus.texts.items():
            if allowed is not None and doc_id not in allowed:
                continue
            for m in rx.finditer(text):
                row = table.row_at(doc_id, m.start())
                if row is not None:
                    rows.add(row)
        if not rows:
            return []
        found = np.fromiter(rows, dtype=np.int64)
        order = np.argsort(-(table.vecs[found] @ q))[:TERM_HITS]
        return [int(found[i]) for i in order]

    # -- planning (no LLM) ------------------------------------------------------------------
    def plan(
        self,
        question: str,
        evidence: list[Evidence] | Callable[[], list[Evidence]],
        mode: str = "auto",
        analysis: Analysis | None = None,
    ) -> Plan:
        """`evidence` may be a function: a challenge that finds its target never retrieves
        chunks (it searches the sentence table), so retrieval runs only when needed."""
        analysis = analysis or self.analyse(question)
        if mode == "challenge" or (mode == "auto" and analysis.is_challenge):
            plan = plan_challenge(
                question, analysis, self.corpus, self.claims, self.embedder, self.quote_claim
            )
            if plan is not None:
                return plan
        if callable(evidence):
            evidence = evidence()
        evidence, preset, named = self._with_notes(question, analysis, evidence)
        terms, forms = self.names(question)
        variants = question_variants(question, forms)
        all_ranked = rank_sentences(
            self.embedder, question, evidence, self.sentence_vectors, preset, variants
        )
        ranked = [s for s in all_ranked if s.similarity >= self.min_similarity]
        if not ranked and not named:
            return Plan(question, "decline", self._declined(question, analysis), analysis=analysis)
        persons = self.corpus.persons if self.corpus else []
        if self.corpus is None:  # no corpus tables: the names the ranked sentences hold
            terms = subject_terms(question, {s.evidence.doc.doc_id: s.text for s in ranked})
        unknown = unknown_names(question, self.corpus.vocabulary()) if self.corpus else []
        if unknown:
            return self._unknown(question, analysis, ranked, unknown)
        weights = self.corpus.key_weights if self.corpus else None
        scored = score_sentences(
            analysis, all_ranked, terms, persons, forms, self._theses(analysis), weights
        )
        spoken = self._spoken(question, analysis, ranked, [x.sentence for x in scored])
        if spoken is not None:
            return spoken
        lead = answering(scored, analysis, self.min_similarity)
        by_name = [x for x in scored if x.sentence.evidence.chunk.chunk_id in named]
        if by_name:  # the reader named the note: it answers, however its words compare
            lead = by_name[0]
        if lead is None:
            bridged = self._bridged(question, mode)
            if bridged is not None:
                return bridged
            return self._not_answered(question, analysis, scored, terms)
        chosen = choose(scored, lead, analysis, self.min_similarity)
        numbered = dedup(chosen + ranked)[:MAX_EVIDENCE]
        plan = Plan(question, "answer", Answer(question, "", True), numbered, analysis=analysis)
        plan.extractive = self._answer(plan, chosen, lead)
        return plan

    def _bridged(self, question: str, mode: str) -> Plan | None:
        """A question that opens with statements ("The chef was interviewed after a survey
        came out. How many bakeries did the survey cover?") may take its scope from them
        and ask about another essay: when it cannot be answered whole, its asking sentence
        is planned alone, on the sentences of the whole corpus closest to it."""
        asking = asking_sentence(question)
        if asking == question or mode == "challenge":
            return None
        sub = self.analyse(asking)
        if sub.is_challenge:
            return None
        plan = self.plan(
            asking, lambda: self.sentence_evidence(asking, None, BRIDGE_HITS), "answer", sub
        )
        if plan.kind != "answer":
            return None
        plan.question = question
        plan.extractive = replace(plan.extractive, question=question)
        return plan

    def _theses(self, analysis: Analysis) -> dict[str, list[tuple[int, int]]]:
        """Each essay's thesis spans, read only for a question that asks for a position."""
        out: dict[str, list[tuple[int, int]]] = {}
        if "position" in analysis.asked_for:
            for c in self.claims():
                if c.is_thesis:
                    out.setdefault(c.doc_id, []).append((c.start, c.end))
        return out

    def subjects(self, question: str) -> list[str]:
        """The names a question asks about, as the essays spell them, without the essays'
        authors (in "…, per Lund" the author is the source, not the subject)."""
        if self.corpus is None:
            return []
        authors = {
            word
            for doc in self.corpus.docs.values()
            for name in doc.meta.authors
            for word in (name, *name.split())
        }
        return [t for t in self.names(question)[0] if t not in authors]

    def joined(self, question: str, plans: list[Plan], analysis: Analysis) -> Plan:
        """One plan from the plans of a question's parts (answer/parts.py): the extractive
        answers joined, and for a model each part's cited sentences first, then the rest of
        their evidence."""
        answer = join_answers(question, [p.extractive for p in plans])
        answer.analysis = analysis.to_json()
        cited = [
            s
            for p in plans
            if p.kind == "answer"
            for s in p.numbered[: len(p.extractive.citations)]
        ]
        rest = [s for p in plans if p.kind == "answer" for s in p.numbered]
        numbered = dedup(cited + rest)[:MAX_EVIDENCE]
        return Plan(question, "answer", answer, numbered, analysis=analysis)

    def _spoken(
        self, question: str, analysis: Analysis, ranked: list[Sentence], order: list[Sentence]
    ) -> Plan | None:
        """ "Who said …" / "who is the developer interviewed …": when the closest sentence is
        an interview's answer turn, or the question asks about an interview, the answer is
        the interviewee the standfirst names (speakers.py), not the byline and not a name in
        what is said. The standfirst sentence is cited, then the turn it said: of that turn's
        sentences, the one `order` (the sentences scored, best first) puts first."""
        if self.corpus is None or not {"person", "author"} & set(analysis.asked_for):
            return None
        cue = speakers.asks_interviewee(question)
        saying = speakers.asks_speaker(question)
        if not (cue or saying):
            return None
        best = max((s.similarity for s in ranked), default=0.0)
        for s in ranked:
            doc = s.evidence.doc
            said = saying and speakers.is_answer_turn(speakers.turn_label(doc.text, s.start))
            if not cue and s.similarity < best - speakers.SPEAKER_MARGIN:
                return None  # only the closest sentences may say who spoke, unless asked
            if not (said or cue) or not speakers.is_interview(doc.text):
                continue
            found = speakers.interviewee(doc.text, doc.meta.authors)
            row = self.corpus.table.row_at(doc.doc_id, found[0]) if found else None
            if found is None or row is None:
                return None
            intro = self.corpus.sentence(row, s.similarity)
            if found[2] not in intro.text:
                return None
            if said:  # the turn's sentence that answers best
                s = next((x for x in order if _same_turn(x, s)), s)
            quotes = [intro, s] if said else [intro]
            numbered = dedup(quotes + ranked)[:MAX_EVIDENCE]
            cites = [to_citation(i, q) for i, q in enumerate(numbered[: len(quotes)], 1)]
            line = compose.speaker_line(found[2], doc.meta.title, doc.meta.authors, said)
            answer = Answer(
                question,
                compose.answer_text(cites, [], line),
                True,
                citations=cites,
                analysis=analysis.to_json(),
            )
            plan = Plan(question, "answer", answer, numbered, analysis=analysis)
            plan.extractive = answer
            return plan
        return None

    def _with_notes(
        self, question: str, analysis: Analysis, evidence: list[Evidence]
    ) -> tuple[list[Evidence], dict[tuple[str, int, int], np.ndarray] | None, set[str]]:
        """Footnotes read as their body passage: the evidence with each note scored as the
        chunk that refers to it, the notes' sentence vectors in that context, and the ids
        of the note the question names by number ("the first footnote") in each essay it
        means, added to the evidence whatever its similarity."""
        notes = self.corpus.notes if self.corpus else None
        if notes is None or self.corpus is None:
            return evidence, None, set()
        named: set[str] = set()
        number = named_note(question)
        if number is not None:
            for chunk in notes.numbered(number, analysis.scope.doc_ids):
                named.add(chunk.chunk_id)
                evidence = [*evidence, Evidence(chunk, self.corpus.docs[chunk.doc_id], 0.0)]
        preset = notes.span_vectors(self.embedder)
        return with_referrer_scores(evidence, notes), preset, named

    def _declined(self, question: str, analysis: Analysis) -> Answer:
        answer = not_covered(question, self.titles)
        answer.analysis = analysis.to_json()
        return answer

    def _unknown(
        self, question: str, analysis: Analysis, ranked: list[Sentence], names: list[str]
    ) -> Plan:
        """The question names something no essay mentions: whatever the nearest passages
        say is about something else, so they are related reading, never an answer."""
        related = [to_citation(n, s) for n, s in enumerate(dedup(ranked)[:RELATED], 1)]
        text = compose.not_mentioned(names, related)
        answer = Answer(question, text, False, related=related, analysis=analysis.to_json())
        return Plan(question, "decline", answer, analysis=analysis)

    def _not_answered(
        self, question: str, analysis: Analysis, scored: list[Scored], terms: list[str]
    ) -> Plan:
        """The corpus is about the subject but holds nothing of the kind asked for."""
        near = [x.sentence for x in scored if x.sentence.similarity >= self.min_similarity]
        related = [to_citation(n, s) for n, s in enumerate(dedup(near)[:RELATED], 1)]
        titles = list(dict.fromkeys(c.title for c in related))
        subject = " and ".join(terms[:2]) or "this subject"
        attributes = [a.name for a in question_attributes(analysis)]
        text = compose.not_answered(subject, titles, analysis.typed, related, attributes)
        answer = Answer(question, text, False, related=related, analysis=analysis.to_json())
        return Plan(question, "decline", answer, analysis=analysis)

    def _answer(self, plan: Plan, chosen: list[Sentence], lead: Scored) -> Answer:
        """Lead sentence(s) first (clause-cut when long), then the rest grouped by essay."""
        analysis = plan.analysis or self.analyse(plan.question)
        first = lead_span(lead.sentence, analysis)
        quotes = [first, *chosen[1:]]
        cites = [to_citation(n, s) for n, s in enumerate(quotes, 1)]
        lead_cites = [cites[0]]
        if len(analysis.scope.doc_ids) > 1:  # one lead sentence per essay the question names
            for c in cites[1:]:
                named = c.doc_id in analysis.scope.doc_ids
                if named and all(x.doc_id != c.doc_id for x in lead_cites):
                    lead_cites.append(c)
        rest = [c for c in cites if c not in lead_cites]
        prefix = None
        if self.corpus is not None and analysis.scope.reason == "principal":
            doc = self.corpus.docs[analysis.scope.doc_ids[0]]
            prefix = compose.scope_line(doc.meta.title, doc.meta.authors, "principal")
        if self.corpus is not None and "author" in analysis.asked_for:
            meta = self.corpus.docs[cites[0].doc_id].meta
            date = meta.date.isoformat() if meta.date else None
            prefix = compose.author_line(meta.title, meta.authors, date) or prefix
        return Answer(
            question=plan.question,
            answer=compose.answer_text(lead_cites, rest, prefix),
            grounded=True,
            citations=cites,
            analysis=analysis.to_json(),
        )

    # -- writing ----------------------------------------------------------------------------
    def _from_checked(self, plan: Plan, checked: Checked) -> Answer:
        if checked.declined and plan.kind == "answer":
            return self._declined(plan.question, plan.analysis or self.analyse(plan.question))
        if not checked.citations:
            why = "the LLM answer had no verifiable citations"
            if checked.declined:
                why = "the LLM declined although evidence was found"
            return replace(plan.extractive, notice=f"{why}; showing the quoted evidence instead")
        # Claim ids and sides travel with citations that quote a claim or a side.
        by_span = {
            (s.evidence.doc.doc_id, s.start, s.end): (plan.claim_ids.get(n), plan.sides.get(n))
            for n, s in enumerate(plan.numbered, 1)
        }
        cites = []
        for c in checked.citations:
            claim_id, side = by_span.get((c.doc_id, c.start, c.end), (None, None))
            cites.append(replace(c, claim_id=claim_id, side=side))
        problems = checked.problems()
        base = plan.extractive
        return replace(
            base,
            answer=checked.text,
            grounded=True,
            mode="llm",
            citations=cites,
            notice=f"Verifier {problems}." if problems else None,
        )

    def _messages(self, plan: Plan, llm: LLMAnswerer) -> list[dict[str, str]]:
        return llm.messages(
            plan.question, plan.numbered, plan.sides or None, plan.verdict, plan.analysis
        )

    def write(self, plan: Plan, llm: LLMAnswerer | None) -> Answer:
        if llm is None or plan.kind == "decline":
            return plan.extractive
        try:
            return self._from_checked(plan, llm.complete(self._messages(plan, llm), plan.numbered))
        except (LLMError, GroundingError) as exc:
            notice = f"LLM unavailable ({exc}); showing the extractive answer"
            return replace(plan.extractive, notice=notice)

    def write_stream(self, plan: Plan, llm: LLMAnswerer | None) -> Iterator[StreamEvent]:
        """Deltas as the model writes them, then the verified answer (always last)."""
        if llm is None or plan.kind == "decline":
            # The extractive answer is already whole and checked; it is shown a sentence at a
            # time so the chat reads the same way in both modes.
            text = plan.extractive.answer
            for _, end in sentence_spans(text, citations=True)[:-1]:
                yield StreamEvent(verified=text[:end])
            yield StreamEvent(answer=plan.extractive)
            return
        messages = self._messages(plan, llm)
        parts: list[str] = []
        shown_text, checked_upto = "", 0
        try:
            for delta in llm.stream(messages):
                parts.append(delta)
                yield StreamEvent(delta=delta)
                done = _complete_prefix("".join(parts))
                if done > checked_upto:
                    checked_upto = done
                    text = llm.check("".join(parts)[:done], plan.numbered).text
                    if text and text != shown_text:
                        shown_text = text
                        yield StreamEvent(verified=text)
            answer = self._from_checked(plan, llm.check("".join(parts), plan.numbered))
        except (LLMError, GroundingError) as exc:
            notice = f"LLM unavailable ({exc}); showing the extractive answer"
            answer = replace(plan.extractive, notice=notice)
        yield StreamEvent(answer=answer)


def _complete_prefix(text: str) -> int:
    """Length of the part of a stream made of finished sentences (markers included): a
    sentence is finished once the next one has begun."""
    sentences = sentence_spans(text, citations=True)
    return sentences[-1][0] if len(sentences) > 1 else 0


def _same_turn(a: Sentence, b: Sentence) -> bool:
    """Whether two sentences sit in one paragraph (one interview turn) of one essay."""
    if a.evidence.doc.doc_id != b.evidence.doc.doc_id:
        return False
    text = a.evidence.doc.text
    return text.rfind("\n", 0, a.start) == text.rfind("\n", 0, b.start)
