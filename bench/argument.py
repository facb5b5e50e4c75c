"""Argument graph figures: offline extraction time per 1,000 words (entities, claims, links) and
quality against the hand labels in tests/data/labels/."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import CORPUS, ROOT, report

LABELS = ROOT / "tests" / "data" / "labels"
HELDOUT = ROOT / "tests" / "data" / "heldout"
HELDOUT2 = ROOT / "tests" / "data" / "heldout2"
HELDOUT3 = ROOT / "tests" / "data" / "heldout3"
SEED = CORPUS / "open-source-ai-business-models-and-brand-moats.md"


def run() -> None:
    from counterpoint.config import Settings
    from counterpoint.corpus.loaders import load_file
    from counterpoint.corpus.pipeline import make_document
    from counterpoint.kg.claims import load_claims
    from counterpoint.kg.extract.claims import extract_claims
    from counterpoint.kg.extract.entities import extract_mentions
    from counterpoint.kg.extract.evaluate import score_claims, score_links
    from counterpoint.kg.extract.links import (
        EssayClaim,
        EssayInfo,
        ResponseClaim,
        cross_essay_links,
        named_essays,
        within_essay_links,
    )
    from counterpoint.kg.extract.text import body_sentences
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
    t0 = time.perf_counter()
    n_links = 0
    response_claims = []
    for d in docs:
        sentences = body_sentences(d)
        own = [EssayClaim(c.claim_id(d), c.text, c.paragraph, c.index) for c in found[d.doc_id]]
        n_links += len(within_essay_links(own))
        for c in found[d.doc_id]:
            prev = sentences[c.index - 1] if c.index > 0 else None
            context = prev.text if prev and prev.paragraph == c.paragraph else ""
            date = d.meta.date.isoformat() if d.meta.date else ""
            response_claims.append(
                ResponseClaim(c.claim_id(d), d.doc_id, c.text, date, context, thesis=c.is_thesis)
            )
    essays = [EssayInfo(d.doc_id, d.meta.title, d.meta.authors, d.text) for d in docs]
    n_links += len(cross_essay_links(response_claims, embedder.embed_batch, named_essays(essays)))
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
    doc_of = {c.id: c.doc_id for c in claims}
    off_links = sum(
        1
        for c in claims
        for t in c.attacks + c.supports
        if doc_of.get(t) != c.doc_id and (c.doc_id in off or doc_of.get(t) in off)
    )
    report("argument", "cross links touching the off-topic essay (must be 0)", str(off_links))
    heldout()
    link_timing()


def heldout() -> None:
    """Issue 12: the seed plus the labelled held-out essays, ingested through the normal
    path into a fresh workspace, scored on the dev and the test half (split in
    counterpoint.kg.extract.heldout), offline (no LLM). Beside them, set 2
    (tests/data/heldout2, parking minimums, its seed among its own essays) on its own fresh
    workspace, as columns '2 dev' and '2 test', and set 3 (tests/data/heldout3, agents and
    vertical SaaS, its seed among its own essays, one off-topic essay) likewise, as columns
    '3 dev' and '3 test'."""
    from bench.common import shared_embedder
    from counterpoint.config import Settings
    from counterpoint.kg.extract.heldout import HALVES, SALT2, SALT3, ingest_and_score, table
    from counterpoint.service import Counterpoint

    def score(seed: Path | None, folder: Path, seed_labels: Path | None, **kw: Any) -> list[Any]:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(workspace=Path(tmp) / "ws", llm_model=None)
            service = Counterpoint(settings, embedder=shared_embedder())
            try:
                return ingest_and_score(service, seed, folder, seed_labels, **kw)
            finally:
                service.close()

    halves = score(SEED, HELDOUT, LABELS / "seed_claims.json")
    set2 = score(None, HELDOUT2, None, salt=SALT2)
    for h in set2:
        h.half = f"2 {h.half}"
    set3 = score(None, HELDOUT3, None, salt=SALT3)
    for h in set3:
        h.half = f"3 {h.half}"
    before = _before()
    by_half = {h.half: h for h in halves}
    columns = [x for half in HALVES for x in (before.get(half), by_half[half]) if x is not None]
    columns += set2 + set3
    print(
        "argument   held-out essays (offline; 'before': bench/heldout_before.json;"
        " '2 dev', '2 test': set 2, tests/data/heldout2; '3 dev', '3 test': set 3,"
        " tests/data/heldout3):"
    )
    for line in table(columns):
        print(f"           {line}")


def _before() -> dict[str, Any]:
    """The held-out figures recorded before this round of tuning, by half (as HalfScores
    named 'dev before' / 'test before'), so the bench shows before and after side by side."""
    from counterpoint.kg.extract.heldout import HalfScores

    path = ROOT / "bench" / "heldout_before.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text("utf-8"))["halves"]
    return {
        half: HalfScores(**{**fields, "half": f"{half} before"}) for half, fields in data.items()
    }


def link_timing() -> None:
    """Linking time on synthetic claims: the curve should grow no faster than n log n."""
    from bench.link_timing import measure

    for n in (1_000, 10_000, 100_000):
        report("argument", f"linking time, {n:,} synthetic claims", measure(n))
    for n in (2_500, 25_000):  # 100 and 1,000 essays
        report("argument", f"link one more essay, {n:,} synthetic claims", measure(n, "add-one"))
