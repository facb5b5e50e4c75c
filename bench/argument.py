"""Argument graph figures: offline extraction time per 1,000 words (entities, claims, links) and
quality against the hand labels in tests/data/labels/."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, ROOT, report

LABELS = ROOT / "tests" / "data" / "labels"


def run() -> None:
    from counterpoint.config import Settings
    from counterpoint.corpus.loaders import load_file
    from counterpoint.corpus.pipeline import make_document
    from counterpoint.kg.claims import load_claims
    from counterpoint.kg.extract.claims import extract_claims
    from counterpoint.kg.extract.entities import extract_mentions
    from counterpoint.kg.extract.evaluate import score_claims, score_links
    from counterpoint.kg.extract.links import LinkClaim, cross_essay_links, within_essay_links
    from counterpoint.kg.extract.pipeline import is_on_topic
    from counterpoint.retrieval.embedder import SentenceTransformerEmbedder
    from counterpoint.service import Counterpoint

    docs = [make_document(load_file(p, 10**8)) for p in sorted(CORPUS.glob("*.md"))]
    kwords = sum(len(d.text.split()) for d in docs) / 1000
    embedder = SentenceTransformerEmbedder()

    t0 = time.perf_counter()
    for d in docs:
        extract_mentions(d)
    report(
        "argument",
        "entities offline (ms / 1,000 words)",
        1000 * (time.perf_counter() - t0) / kwords,
        "ms",
    )
    t0 = time.perf_counter()
    found = {d.doc_id: extract_claims(d) for d in docs}
    report(
        "argument",
        "claims, no embedding (ms / 1,000 words)",
        1000 * (time.perf_counter() - t0) / kwords,
        "ms",
    )
    t0 = time.perf_counter()
    for d in docs:
        extract_claims(d, embedder.embed_batch)
    report(
        "argument",
        "claims + thesis embedding (ms / 1,000 words)",
        1000 * (time.perf_counter() - t0) / kwords,
        "ms",
    )
    by_doc = {
        d.doc_id: [
            LinkClaim(
                c.claim_id(d), d.doc_id, c.text, c.paragraph, str(d.meta.date or ""), c.concession
            )
            for c in found[d.doc_id]
        ]
        for d in docs
    }
    t0 = time.perf_counter()
    on_topic = {d.doc_id for d in docs if is_on_topic(d)}
    n_links = sum(len(within_essay_links(by_doc[d])) for d in on_topic)
    n_links += len(cross_essay_links(by_doc, on_topic, embedder.embed_batch))
    report(
        "argument",
        "links incl. embedding (ms / 1,000 words)",
        1000 * (time.perf_counter() - t0) / kwords,
        "ms",
    )
    report("argument", "links found in bundled corpus", str(n_links))

    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(Settings(workspace=Path(tmp) / "ws"), embedder=embedder)
        service.ingest([str(CORPUS)], recursive=True)
        claims = load_claims(service.store)
        service.close()
    seed_labels = json.loads((LABELS / "seed_claims.json").read_text("utf-8"))
    seed = [c for c in claims if c.doc_id == seed_labels["doc_id"]]
    scores = score_claims(seed, seed_labels)
    report("argument", "seed claims precision (floor 0.70)", scores.precision)
    report("argument", "seed claims recall (floor 0.85)", scores.recall)
    report(
        "argument",
        "seed thesis claims marked / labelled-thesis hits",
        f"{sum(c.is_thesis for c in seed)}/{scores.thesis_hits}",
    )
    link_labels = json.loads((LABELS / "links.json").read_text("utf-8"))
    ls = score_links(claims, link_labels)
    report("argument", "labelled links found (recall)", ls.recall)
    report("argument", "link polarity accuracy (floor 0.80)", ls.polarity_accuracy)
    off = set(link_labels["off_topic"])
    off_ids = {c.id for c in claims if c.doc_id in off}
    off_links = sum(
        1 for c in claims for t in c.attacks + c.supports if c.id in off_ids or t in off_ids
    )
    report("argument", "links touching the off-topic essay (must be 0)", str(off_links))
