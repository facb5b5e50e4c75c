"""Wiring of the extractors into the store: per-document enrichment (mentions, claims,
within-essay links, into the document's own named graph). Cross-essay links, claim status,
gradual strength and the CiTO roll-up are kept per pair of essays and updated per change by
kg/extract/link_update.py."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from counterpoint.config import ExtractSettings
from counterpoint.corpus.models import Document
from counterpoint.deadline import Deadline
from counterpoint.kg.extract import claims as claims_mod
from counterpoint.kg.extract import entities, links, views
from counterpoint.kg.extract.claims import Claim
from counterpoint.kg.extract.counterpoints import inline_turn, turn_of
from counterpoint.kg.extract.llm_links import LinkJudge
from counterpoint.kg.extract.rdf import add_claims, add_links, add_mentions, add_run
from counterpoint.kg.extract.text import Sentence, body_sentences
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.ntriples import NTriplesGraph, TripleSink
from counterpoint.retrieval.base import Embed

ClaimSource = Callable[[Document], tuple[list[Claim], str, str] | None]
_DEFAULTS = ExtractSettings()


@dataclass(frozen=True)
class Prepared:
    """What the offline extractor finds in a document before any vector: its body sentences
    and candidate claims (`claims.candidate_claims`). Ingest's prefetch computes them to learn
    which texts to embed ahead, and hands them on rather than segmenting and scoring the
    document twice (a fifth of the graph stage's time)."""

    sentences: list[Sentence]
    candidates: list[Claim]

    @classmethod
    def of(cls, doc: Document, cfg: ExtractSettings = _DEFAULTS) -> Prepared:
        sentences = body_sentences(doc)
        return cls(sentences, claims_mod.candidate_claims(doc, cfg.claims, sentences))


STRENGTH_AGENT = "counterpoint-strength"


def _add_judged_links(
    graph: TripleSink,
    iris: Iris,
    batches: list[list[links.Link]],
    texts: dict[str, str],
    judge: LinkJudge | None,
    inputs: list[str],
) -> list[links.Link]:
    """Store links under the run of whichever judge labelled them (the LLM's for pairs it
    answered validly, the offline linker's otherwise); returns the stored links."""
    by_llm: list[links.Link] = []
    offline: list[links.Link] = []
    for batch in batches:
        if judge is None:
            offline += batch
            continue
        judged = judge(batch, texts)
        by_llm += judged.llm
        offline += judged.offline
    if offline:
        run = add_run(graph, iris, links.EXTRACTOR_NAME, links.EXTRACTOR_VERSION, inputs)
        add_links(graph, iris, offline, run)
    if by_llm and judge is not None:
        add_links(graph, iris, by_llm, add_run(graph, iris, judge.name, judge.version, inputs))
    return offline + by_llm


def _sentence_index(sentences: list[Sentence], start: int) -> int:
    """Index of the body sentence holding an offset (-1 when none does). Asked once per claim,
    so it bisects (body sentences come in text order); a scan per claim was quadratic. The
    scan stays as the fallback for an offset the bisection does not place."""
    i = bisect.bisect_right(sentences, start, key=lambda s: s.start) - 1
    if i >= 0 and sentences[i].start <= start < sentences[i].end:
        return i
    return next((j for j, s in enumerate(sentences) if s.start <= start < s.end), -1)


def sentence_contexts(
    sentences: list[Sentence], claims: Iterable[tuple[str, int]]
) -> dict[str, str]:
    """Claim id -> the body sentence before the one holding its start offset, in the same
    paragraph ('' when none): what cross-essay linking reads as a claim's context. Also,
    under views.VIEW_KEY + claim id, the sentence restating a view the claim answers, when
    one precedes it (views.views_before), and views.VIEWS_MARK (the map knows views)."""
    out = {}
    rows = []
    for claim_id, start in claims:
        i = _sentence_index(sentences, start)
        same = i > 0 and sentences[i - 1].paragraph == sentences[i].paragraph
        out[claim_id] = sentences[i - 1].text if same else ""
        rows.append((claim_id, i))
    found = views.views_before([(s.paragraph, s.text) for s in sentences], rows)
    out.update({views.VIEW_KEY + cid: text for cid, text in found.items()})
    out[views.VIEWS_MARK] = "1"
    return out


def enrich(
    doc: Document,
    graph: NTriplesGraph,
    iris: Iris,
    embed: Embed | None,
    llm_claims: ClaimSource | None = None,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
    deadline: Deadline | None = None,
    contexts: dict[str, str] | None = None,
    prepared: Prepared | None = None,
) -> int:
    """Add mentions, claims (LLM when it answers, else offline) and the essay's own
    counterpoint links (polarity from the LLM judge when configured) to its graph;
    provisional claims no link carries are dropped. Returns the number of claims.
    `deadline` (the document's time budget) is checked after each step. `contexts`, when
    given, receives each stored claim's context (`sentence_contexts`), so the links update
    that follows need not read the essay back and segment it again. `prepared`: this
    document's body sentences and candidate claims, when ingest's prefetch found them."""
    check = deadline.check if deadline is not None else _no_check
    sentences = prepared.sentences if prepared is not None else body_sentences(doc)
    mentions = entities.extract_mentions(doc, sentences)
    check("entity tagging")
    run = add_run(
        graph, iris, entities.EXTRACTOR_NAME, entities.EXTRACTOR_VERSION, [doc.content_hash]
    )
    add_mentions(graph, iris, doc, mentions, run)
    result = llm_claims(doc) if llm_claims is not None else None
    if result is not None:
        found, name, version = result
    else:
        candidates = prepared.candidates if prepared is not None else None
        found = claims_mod.extract_claims(doc, embed, cfg.claims, sentences, candidates)
        name, version = claims_mod.EXTRACTOR_NAME, claims_mod.EXTRACTOR_VERSION
    check("claim extraction")
    turns = sentence_turns(sentences)
    indices = [c.index if c.index >= 0 else _sentence_index(sentences, c.start) for c in found]
    own = [
        links.EssayClaim(
            c.claim_id(doc),
            c.text,
            c.paragraph,
            i,
            turns[i] if 0 <= i < len(turns) else None,
            c.is_thesis,
        )
        for c, i in zip(found, indices, strict=True)
    ]
    within = links.within_essay_links(own, cfg.links)
    check("within-essay links")
    carried = {x.premise for x in within} | {x.conclusion for x in within}
    found = [
        c
        for c, i in zip(found, indices, strict=True)
        if claims_mod.keeps(c, i, sentences, c.claim_id(doc) in carried, cfg.claims)
    ]
    run = add_run(graph, iris, name, version, [doc.content_hash])
    add_claims(graph, iris, doc, found, run)
    if contexts is not None:
        contexts.update(sentence_contexts(sentences, ((c.claim_id(doc), c.start) for c in found)))
    if within:
        texts = {c.id: c.text for c in own}
        _add_judged_links(graph, iris, [within], texts, judge, [doc.content_hash])
    check("claim triples")
    return len(found)


def paragraph_turns(sentences: Sequence[Sentence]) -> dict[int, str]:
    """Paragraph -> "view" / "reply" for each paragraph whose first sentence is a turn label
    of its own (counterpoints.turn_of: "Objection." / "Reply."), the label that says what its
    claims are in an objection-and-reply text."""
    out: dict[int, str] = {}
    seen: set[int] = set()
    for s in sentences:
        if s.paragraph in seen:
            continue
        seen.add(s.paragraph)
        turn = turn_of(s.text)
        if turn is not None:
            out[s.paragraph] = turn
    return out


def sentence_turns(sentences: Sequence[Sentence]) -> list[str | None]:
    """Each body sentence's turn: its paragraph's (`paragraph_turns`), or from an inline
    label ("The objection: X." / "My reply: Y."; counterpoints.inline_turn) on, the label's,
    to the end of its paragraph or the next label."""
    by_paragraph = paragraph_turns(sentences)
    out: list[str | None] = []
    paragraph, current = -1, None
    for s in sentences:
        if s.paragraph != paragraph:
            paragraph, current = s.paragraph, by_paragraph.get(s.paragraph)
        current = inline_turn(s.text) or current
        out.append(current)
    return out


def _no_check(step: str) -> None:
    """No budget (benchmarks, tests of extraction alone)."""
