"""Wiring of the extractors into the store: per-document enrichment (mentions, claims,
within-essay links, into the document's own named graph) and the corpus-wide links graph
(cross-essay links, claim status, gradual strength, CiTO roll-up), rebuilt whole after every
change."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from rdflib import RDF, Literal, URIRef

from counterpoint.config import ExtractSettings
from counterpoint.corpus.models import Document
from counterpoint.deadline import Deadline
from counterpoint.kg import strength as strength_mod
from counterpoint.kg.argument import essay_stance, grounded_status
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import load_claims
from counterpoint.kg.documents import load_documents
from counterpoint.kg.extract import claims as claims_mod
from counterpoint.kg.extract import entities, links
from counterpoint.kg.extract.claims import Claim
from counterpoint.kg.extract.llm_links import LinkJudge
from counterpoint.kg.extract.rdf import add_claims, add_links, add_mentions, add_run, add_strengths
from counterpoint.kg.extract.text import Sentence, body_sentences
from counterpoint.kg.namespaces import CITO, CP, Iris
from counterpoint.kg.ntriples import NTriplesGraph, TripleSink
from counterpoint.retrieval.base import Embed

ClaimSource = Callable[[Document], tuple[list[Claim], str, str] | None]
_DEFAULTS = ExtractSettings()
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


def enrich(
    doc: Document,
    graph: NTriplesGraph,
    iris: Iris,
    embed: Embed | None,
    llm_claims: ClaimSource | None = None,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
    deadline: Deadline | None = None,
) -> int:
    """Add mentions, claims (LLM when it answers, else offline) and the essay's own
    counterpoint links (polarity from the LLM judge when configured) to its graph;
    provisional claims no link carries are dropped. Returns the number of claims.
    `deadline` (the document's time budget) is checked after each step."""
    check = deadline.check if deadline is not None else _no_check
    sentences = body_sentences(doc)
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
        found = claims_mod.extract_claims(doc, embed, cfg.claims, sentences)
        name, version = claims_mod.EXTRACTOR_NAME, claims_mod.EXTRACTOR_VERSION
    check("claim extraction")
    own = [
        links.EssayClaim(
            c.claim_id(doc),
            c.text,
            c.paragraph,
            c.index if c.index >= 0 else _sentence_index(sentences, c.start),
        )
        for c in found
    ]
    within = links.within_essay_links(own, cfg.links)
    check("within-essay links")
    carried = {x.premise for x in within} | {x.conclusion for x in within}
    found = [c for c in found if not c.provisional or c.claim_id(doc) in carried]
    run = add_run(graph, iris, name, version, [doc.content_hash])
    add_claims(graph, iris, doc, found, run)
    if within:
        texts = {c.id: c.text for c in own}
        _add_judged_links(graph, iris, [within], texts, judge, [doc.content_hash])
    check("claim triples")
    return len(found)


def _no_check(step: str) -> None:
    """No budget (benchmarks, tests of extraction alone)."""


def _response_claims(stored: dict[str, Document], records: list) -> list[links.ResponseClaim]:
    """Claims with their essay's date and the sentence before them in their paragraph."""
    sentences = {d: body_sentences(doc) for d, doc in stored.items()}
    out = []
    for r in records:
        doc = stored[r.doc_id]
        sents = sentences[r.doc_id]
        i = _sentence_index(sents, r.start)
        context = ""
        if i > 0 and sents[i - 1].paragraph == sents[i].paragraph:
            context = sents[i - 1].text
        date = doc.meta.date.isoformat() if doc.meta.date else ""
        out.append(links.ResponseClaim(r.id, r.doc_id, r.text, date, context))
    return out


def links_graph(
    store: GraphStore,
    iris: Iris,
    embed: Embed,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
    without: frozenset[str] = frozenset(),
) -> str:
    """N-Triples of the links graph for the corpus as stored now ('' when no claims), or as
    it will be once the documents `without` are gone (so a removal can drop them and replace
    the links in one transaction); with a judge, cross-essay polarity is asked of the LLM
    once per pair of essays."""
    stored = {
        s.doc.doc_id: s.doc
        for s in load_documents(store, with_spans=True)
        if s.doc.doc_id not in without
    }
    records = [r for r in load_claims(store) if r.doc_id in stored]
    if not records:
        return ""
    essays = [
        links.EssayInfo(d, doc.meta.title, tuple(doc.meta.authors), doc.text)
        for d, doc in sorted(stored.items())
    ]
    cross = links.cross_essay_links(
        _response_claims(stored, records), embed, links.named_essays(essays), cfg.links
    )
    g = NTriplesGraph()
    inputs = sorted(d.content_hash for d in stored.values())
    if cross:
        doc_of = {r.id: r.doc_id for r in records}
        batches: dict[tuple[str, str], list[links.Link]] = {}
        for x in cross:
            batches.setdefault((doc_of[x.premise], doc_of[x.conclusion]), []).append(x)
        texts = {r.id: r.text for r in records}
        groups = [batches[k] for k in sorted(batches)]
        cross = _add_judged_links(g, iris, groups, texts, judge, inputs)
    attacks = [(r.id, t) for r in records for t in r.attacks]
    attacks += [(x.premise, x.conclusion) for x in cross if x.kind == "attack"]
    for claim_id, status in grounded_status([r.id for r in records], attacks).items():
        g.add((URIRef(iris.claim(claim_id)), CP.status, Literal(status)))
    edges = [
        strength_mod.Edge(r.id, t, kind, r.link_confidence.get(t, 1.0))
        for r in records
        for kind, targets in (("attack", r.attacks), ("support", r.supports))
        for t in targets
    ]
    edges += [strength_mod.Edge(x.premise, x.conclusion, x.kind, x.confidence) for x in cross]
    base = {r.id: r.confidence for r in records}
    run = add_run(g, iris, STRENGTH_AGENT, strength_mod.VERSION, inputs)
    add_strengths(g, iris, base, strength_mod.df_quad(base, edges), strength_mod.SEMANTICS, run)
    doc_of = {r.id: r.doc_id for r in records}
    stance_edges = [(e.premise, e.conclusion, e.kind) for e in edges]
    for a, relation, b in essay_stance(stance_edges, doc_of):
        g.add((URIRef(iris.doc(a)), CITO[relation], URIRef(iris.doc(b))))
    g.add((URIRef(iris.links_graph()), RDF.type, CP.LinksGraph))
    return g.serialize(format="nt")
