"""Wiring of the extractors into the store: per-document enrichment (mentions, claims,
within-essay links, into the document's own named graph) and the corpus-wide links graph
(cross-essay links, claim status, CiTO roll-up), rebuilt whole after every change."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from rdflib import RDF, Graph, Literal, URIRef

from counterpoint.config import ExtractSettings
from counterpoint.corpus.models import Document
from counterpoint.kg.argument import essay_stance, grounded_status
from counterpoint.kg.base import GraphStore
from counterpoint.kg.claims import load_claims
from counterpoint.kg.documents import load_documents
from counterpoint.kg.extract import claims as claims_mod
from counterpoint.kg.extract import entities, links
from counterpoint.kg.extract.claims import Claim
from counterpoint.kg.extract.llm_links import LinkJudge
from counterpoint.kg.extract.rdf import add_claims, add_links, add_mentions, add_run
from counterpoint.kg.namespaces import CITO, CP, Iris
from counterpoint.retrieval.base import Embed

ClaimSource = Callable[[Document], tuple[list[Claim], str, str] | None]
_DEFAULTS = ExtractSettings()


def names_enough_entities(mentions: Sequence[entities.Mention], minimum: int) -> bool:
    """Whether mentions cover `minimum` distinct gazetteer entities (labs, models, concepts;
    capitalised names the gazetteer does not list do not count)."""
    return len({m.entity.slug for m in mentions if m.entity.type != "Thing"}) >= minimum


def is_on_topic(doc: Document, cfg: ExtractSettings = _DEFAULTS) -> bool:
    """An essay for this corpus names enough gazetteer entities to take part in links."""
    return names_enough_entities(entities.extract_mentions(doc), cfg.links.min_topic_entities)


def _add_judged_links(
    graph: Graph,
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


def enrich(
    doc: Document,
    graph: Graph,
    iris: Iris,
    embed: Embed | None,
    llm_claims: ClaimSource | None = None,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
) -> int:
    """Add mentions, claims (LLM when it answers, else offline) and the essay's own
    counterpoint links (polarity from the LLM judge when configured) to its graph;
    returns the number of claims."""
    mentions = entities.extract_mentions(doc)
    run = add_run(
        graph, iris, entities.EXTRACTOR_NAME, entities.EXTRACTOR_VERSION, [doc.content_hash]
    )
    add_mentions(graph, iris, doc, mentions, run)
    result = llm_claims(doc) if llm_claims is not None else None
    if result is not None:
        found, name, version = result
    else:
        found = claims_mod.extract_claims(doc, embed, cfg.claims)
        name, version = claims_mod.EXTRACTOR_NAME, claims_mod.EXTRACTOR_VERSION
    run = add_run(graph, iris, name, version, [doc.content_hash])
    add_claims(graph, iris, doc, found, run)
    if found and names_enough_entities(mentions, cfg.links.min_topic_entities):
        own = [
            links.LinkClaim(c.claim_id(doc), doc.doc_id, c.text, c.paragraph, "", c.concession)
            for c in found
        ]
        within = links.within_essay_links(own)
        if within:
            texts = {c.id: c.text for c in own}
            _add_judged_links(graph, iris, [within], texts, judge, [doc.content_hash])
    return len(found)


def _paragraph_finder(doc: Document) -> Callable[[int], int]:
    """offset -> index (in span order) of the first paragraph holding it, -1 if none. Asked
    once per claim, so paragraphs in order are bisected (a scan per claim was quadratic)."""
    spans = [(s.start, s.end) for s in doc.spans if s.kind == "paragraph"]
    starts = [a for a, _ in spans]
    in_order = all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))

    def find(offset: int) -> int:
        if not in_order:
            return next((j for j, (a, b) in enumerate(spans) if a <= offset < b), -1)
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < spans[i][1] else -1

    return find


def links_graph(
    store: GraphStore,
    iris: Iris,
    embed: Embed,
    judge: LinkJudge | None = None,
    cfg: ExtractSettings = _DEFAULTS,
) -> str:
    """N-Triples of the links graph for the corpus as stored now ('' when no claims);
    with a judge, cross-essay polarity is asked of the LLM once per pair of essays."""
    stored = {s.doc.doc_id: s.doc for s in load_documents(store, with_spans=True)}
    records = [r for r in load_claims(store) if r.doc_id in stored]
    if not records:
        return ""
    by_doc: dict[str, list[links.LinkClaim]] = {}
    finders = {d: _paragraph_finder(doc) for d, doc in stored.items()}
    for r in records:
        doc = stored[r.doc_id]
        date = doc.meta.date.isoformat() if doc.meta.date else ""
        by_doc.setdefault(r.doc_id, []).append(
            links.LinkClaim(r.id, r.doc_id, r.text, finders[r.doc_id](r.start), date)
        )
    on_topic = {d for d in by_doc if is_on_topic(stored[d], cfg)}
    authors = {d: list(doc.meta.authors) for d, doc in stored.items()}
    cross = links.cross_essay_links(by_doc, on_topic, embed, authors, cfg.links)
    g = Graph()
    if cross:
        inputs = sorted(d.content_hash for d in stored.values())
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
    doc_of = {r.id: r.doc_id for r in records}
    edges = [(r.id, t, "attack") for r in records for t in r.attacks]
    edges += [(r.id, t, "support") for r in records for t in r.supports]
    edges += [(x.premise, x.conclusion, x.kind) for x in cross]
    for a, relation, b in essay_stance(edges, doc_of):
        g.add((URIRef(iris.doc(a)), CITO[relation], URIRef(iris.doc(b))))
    g.add((URIRef(iris.links_graph()), RDF.type, CP.LinksGraph))
    return g.serialize(format="nt")
