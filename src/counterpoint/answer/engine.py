"""One interface for every answer mode: plan from the evidence, then write extractively or
with an LLM, and fall back to the extractive answer (with a one-line notice) on any LLM fault.

The plan is computed without any model call: which sentences are evidence, whether the
question is a challenge, its targets, sides and verdict. The LLM only rewrites that plan as
prose, and its output is verified; so the facts and the verdict are the same in both modes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from itertools import groupby

from counterpoint.answer.challenge import (
    Sides,
    find_targets,
    is_challenge,
    linked_sides,
    split_related,
    verdict_of,
)
from counterpoint.answer.check import Checked
from counterpoint.answer.evidence import Evidence, Sentence
from counterpoint.answer.extractive import (
    ExtractiveAnswerer,
    byline,
    not_covered,
    rank_sentences,
    to_citation,
)
from counterpoint.answer.llm import MAX_EVIDENCE, LLMAnswerer, StreamEvent
from counterpoint.answer.models import Answer, Citation, Verdict
from counterpoint.answer.verify import is_grounded
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.errors import GroundingError
from counterpoint.kg.claims import ClaimRecord
from counterpoint.llm.client import LLMError
from counterpoint.retrieval.base import Embedder
from counterpoint.retrieval.sentence_vectors import SentenceVectors

MODES = ("auto", "answer", "challenge")

_VERDICT_LINE = {
    "supported": "the corpus supports this claim and holds nothing that attacks it",
    "contested": "the corpus holds evidence on both sides",
    "refuted": "the claim is attacked by arguments the corpus leaves standing",
    "unclear": "the argument graph links no evidence for or against this claim",
}


@dataclass
class Plan:
    question: str
    kind: str  # "decline" | "answer" | "challenge"
    extractive: Answer
    numbered: list[Sentence] = field(default_factory=list)
    sides: dict[int, str] = field(default_factory=dict)
    claim_ids: dict[int, str] = field(default_factory=dict)
    verdict: Verdict | None = None
    target_claims: list[str] | None = None


# Returns the Sentence quoting a claim (None when its offsets no longer verify; the engine
# checks what it returns like any other quote).
ClaimQuoter = Callable[[ClaimRecord], Sentence | None]


class AnswerEngine:
    def __init__(
        self,
        embedder: Embedder,
        min_similarity: float,
        titles: list[str],
        claims: Callable[[], list[ClaimRecord]],
        quote_claim: ClaimQuoter,
        claim_vectors: Callable[[list[ClaimRecord]], object] | None = None,
        sentence_vectors: SentenceVectors | None = None,
    ) -> None:
        self.embedder = embedder
        self.min_similarity = min_similarity
        self.titles = titles
        self.claims = claims
        self.quote_claim = quote_claim
        self.claim_vectors = claim_vectors
        self.sentence_vectors = sentence_vectors

    # -- planning (no LLM) ------------------------------------------------------------------
    def plan(self, question: str, evidence: list[Evidence], mode: str = "auto") -> Plan:
        all_ranked = rank_sentences(self.embedder, question, evidence, self.sentence_vectors)
        ranked = [s for s in all_ranked if s.similarity >= self.min_similarity]
        challenge = mode == "challenge" or (mode == "auto" and is_challenge(question))
        if challenge:
            plan = self._challenge_plan(question, ranked)
            if plan is not None:
                return plan
        if not ranked:
            return Plan(question, "decline", not_covered(question, self.titles))
        extractive = ExtractiveAnswerer(self.min_similarity).answer_from(
            question, all_ranked, self.titles
        )
        numbered = _dedup(ranked)[:MAX_EVIDENCE]
        return Plan(question, "answer", extractive, numbered)

    def _challenge_plan(self, question: str, ranked: list[Sentence]) -> Plan | None:
        claims = self.claims()
        vecs = self.claim_vectors(claims) if self.claim_vectors and claims else None
        targets = find_targets(self.embedder, question, claims, vecs)  # type: ignore[arg-type]
        if not targets and not ranked:
            return None
        sides = linked_sides(targets, claims)
        verdict = verdict_of(sides)
        numbered: list[Sentence] = []
        labels: dict[int, str] = {}
        claim_ids: dict[int, str] = {}
        for side, group in (
            ("target", sides.targets),
            ("supports", sides.supporters),
            ("attacks", sides.attackers),
        ):
            for c in group:
                s = self.quote_claim(c)
                if s is not None and is_grounded(s) and not _has(numbered, s):
                    numbered.append(s)
                    labels[len(numbered)] = side
                    claim_ids[len(numbered)] = c.id
        exclude = {(s.evidence.doc.doc_id, s.start) for s in numbered}
        for_side, against = split_related(self.embedder, question, targets, ranked, exclude)
        sides.related_for, sides.related_against = for_side, against
        for side, related in (("related, for", for_side), ("related, against", against)):
            for s in related:
                numbered.append(s)
                labels[len(numbered)] = side
        if not numbered:
            return None
        plan = Plan(
            question,
            "challenge",
            Answer(question=question, answer="", grounded=True),
            numbered,
            labels,
            claim_ids,
            verdict,
            [t.id for t in targets],
        )
        plan.extractive = self._challenge_answer(plan, sides)
        return plan

    def _challenge_answer(self, plan: Plan, sides: Sides) -> Answer:
        cites = [to_citation(n, s, plan.claim_ids.get(n)) for n, s in enumerate(plan.numbered, 1)]
        groups: dict[str, list[Citation]] = {}
        for c in cites:
            groups.setdefault(plan.sides[c.n], []).append(c)
        lines = []
        if groups.get("target"):
            lines.append(
                f"Your challenge targets this claim. {_attributed(plan, groups['target'])}"
            )
        else:
            lines.append("No claim in the argument graph matches your challenge closely.")
        lines.append(f"Verdict: {plan.verdict}: {_VERDICT_LINE[plan.verdict or 'unclear']}.")
        for key, head in (
            ("supports", "Supporting the claim"),
            ("attacks", "Against the claim"),
            ("related, for", "Related passages close to the claim"),
            ("related, against", "Related passages close to your objection"),
        ):
            if groups.get(key):
                lines.append(f"{head}: {_attributed(plan, groups[key])}")
        return Answer(
            question=plan.question,
            answer="\n\n".join(lines),
            grounded=True,
            citations=cites,
            verdict=plan.verdict,
            target_claims=plan.target_claims,
        )

    # -- writing ----------------------------------------------------------------------------
    def _from_checked(self, plan: Plan, checked: Checked) -> Answer:
        if checked.declined and plan.kind == "answer":
            return not_covered(plan.question, self.titles)
        if not checked.citations:
            why = "the LLM answer had no verifiable citations"
            if checked.declined:
                why = "the LLM declined although evidence was found"
            return replace(plan.extractive, notice=f"{why}; showing the quoted evidence instead")
        # Claim ids travel with citations that quote a claim.
        by_span = {
            (s.evidence.doc.doc_id, s.start, s.end): plan.claim_ids.get(n)
            for n, s in enumerate(plan.numbered, 1)
        }
        cites = [
            replace(c, claim_id=by_span.get((c.doc_id, c.start, c.end))) for c in checked.citations
        ]
        problems = checked.problems()
        return Answer(
            question=plan.question,
            answer=checked.text,
            grounded=True,
            mode="llm",
            citations=cites,
            verdict=plan.verdict,
            target_claims=plan.target_claims,
            notice=f"Verifier {problems}." if problems else None,
        )

    def write(self, plan: Plan, llm: LLMAnswerer | None) -> Answer:
        if llm is None or plan.kind == "decline":
            return plan.extractive
        messages = llm.messages(plan.question, plan.numbered, plan.sides or None, plan.verdict)
        try:
            return self._from_checked(plan, llm.complete(messages, plan.numbered))
        except (LLMError, GroundingError) as exc:
            notice = f"LLM unavailable ({exc}); showing the extractive answer"
            return replace(plan.extractive, notice=notice)

    def write_stream(self, plan: Plan, llm: LLMAnswerer | None) -> Iterator[StreamEvent]:
        """Deltas as the model writes them, then the verified answer (always last)."""
        if llm is None or plan.kind == "decline":
            yield StreamEvent(answer=plan.extractive)
            return
        messages = llm.messages(plan.question, plan.numbered, plan.sides or None, plan.verdict)
        parts: list[str] = []
        shown, checked_upto = "", 0
        try:
            for delta in llm.stream(messages):
                parts.append(delta)
                yield StreamEvent(delta=delta)
                done = _complete_prefix("".join(parts))
                if done > checked_upto:
                    checked_upto = done
                    text = llm.check("".join(parts)[:done], plan.numbered).text
                    if text and text != shown:
                        shown = text
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


def _has(sentences: list[Sentence], s: Sentence) -> bool:
    return any(
        x.evidence.doc.doc_id == s.evidence.doc.doc_id and x.start == s.start for x in sentences
    )


def _dedup(sentences: list[Sentence]) -> list[Sentence]:
    out: list[Sentence] = []
    for s in sentences:
        if not _has(out, s):
            out.append(s)
    return out


def _attributed(plan: Plan, cites: list[Citation]) -> str:
    """Quotes grouped by essay, each group under its own byline, so no quote is ever shown
    under another essay's author and title."""
    parts = []
    for _, group in groupby(cites, key=lambda c: c.doc_id):
        chunk = list(group)
        doc = plan.numbered[chunk[0].n - 1].evidence.doc
        parts.append(f"{byline(doc)}: " + "; ".join(f"“{c.quote}” [{c.n}]" for c in chunk))
    return ". ".join(parts)
