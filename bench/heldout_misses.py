"""Why each labelled cross-essay link of a held-out half is missed (issue 12): a tuning aid,
not a bench figure. Ingests the seed and the held-out essays offline into a temporary
workspace (as `make bench` does), then sorts every labelled link between two essays into:

    found                     a predicted link runs from the premise's claim to the target's
    no premise claim          no extracted claim matches the labelled premise (claim spans)
    no target claim           ... nor the labelled target
    essays not linked         the two essays take part in no link with each other (topic
                              check: essay_similarity; dates; not named and not both dated)
    not the best match        another claim of the target essay scores higher for the premise
    below link_similarity     the target is the premise's best match, scoring too low
    no stance signal          similar enough, but no verdict or opposition, and below
                              silent_similarity (or, not named, not a close restatement)
    other                     none of the above (polarity, ties)

Scores are those of kg/extract/responses.py: cosine plus overlap_weight x content-word Dice,
through the sentence before the claim for claims that lean on it (less context_discount).
Run: PYTHONPATH=src python -m bench.heldout_misses [dev|test] (tune on dev only)."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from bench.argument import HELDOUT, LABELS, SEED
from bench.common import shared_embedder


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / ((len(a) + len(b)) or 1)


def main(half: str = "dev") -> None:
    from counterpoint.config import LinkSettings, Settings
    from counterpoint.kg.claims import ClaimRecord
    from counterpoint.kg.extract import naming, pair_signals
    from counterpoint.kg.extract.heldout import ingest_scorer, matches, split_of
    from counterpoint.kg.extract.link_essays import _contexts
    from counterpoint.service import Counterpoint

    cfg = LinkSettings()
    embedder = shared_embedder()
    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(
            Settings(workspace=Path(tmp) / "ws", llm_model=None), embedder=embedder
        )
        try:
            scorer = ingest_scorer(service, SEED, HELDOUT, LABELS / "seed_claims.json")
        finally:
            service.close()
    labels, doc_of, docs, claims = scorer.labels, scorer.doc_of, scorer.docs, scorer.claims
    by_doc = scorer.by_doc
    contexts: dict[str, str] = {}
    for d, recs in by_doc.items():
        contexts.update(_contexts(docs[d], recs))

    def embed(texts: list[str]) -> Any:
        return np.asarray(embedder.embed_batch(texts), dtype=np.float32)

    vec = dict(zip([c.id for c in claims], embed([c.text for c in claims]), strict=True))
    essay = {
        d: (lambda v: v / (np.linalg.norm(v) or 1.0))(np.mean([vec[c.id] for c in cs], axis=0))
        for d, cs in by_doc.items()
    }
    infos = [
        naming.EssayInfo(d, x.meta.title, tuple(x.meta.authors), x.text)
        for d, x in sorted(docs.items())
    ]
    names = naming.Naming(infos)

    def date(d: str) -> str:
        return docs[d].meta.date.isoformat() if docs[d].meta.date else ""

    def score(p: ClaimRecord, t: ClaimRecord) -> float:
        """The premise's score for a target, as responses._candidates computes it."""
        words_t = pair_signals.content_set(t.text)
        best = float(vec[p.id] @ vec[t.id]) + cfg.overlap_weight * _dice(
            pair_signals.content_set(p.text), words_t
        )
        ctx = contexts.get(p.id, "")
        if ctx and pair_signals.leans_on_context(p.text):
            through = float(embed([ctx])[0] @ vec[t.id]) - cfg.context_discount
            best = max(
                best, through + cfg.overlap_weight * _dice(pair_signals.content_set(ctx), words_t)
            )
        return best

    tally: Counter[str] = Counter()
    for f in sorted(labels):
        if split_of(f) != half:
            continue
        for link in labels[f]["links"]:
            if link["premise_file"] == link["target_file"]:
                continue
            pd, td = doc_of[link["premise_file"]], doc_of[link["target_file"]]
            p_lab = scorer._label_for(pd, link["premise"])
            t_lab = scorer._label_for(td, link["target"])
            ps = [c for c in by_doc.get(pd, []) if matches(c, p_lab)]
            ts = [c for c in by_doc.get(td, []) if matches(c, t_lab)]
            detail = ""
            if scorer._link_hits(link):
                why = "found"
            elif not ps or not ts:
                why = "no premise claim" if not ps else "no target claim"
                if not ps and not ts:
                    why = "no premise or target claim"
            else:
                p, t = ps[0], ts[0]
                named = names(pd, td)
                dp, dt = date(pd), date(td)
                related = round(float(essay[pd] @ essay[td]), 4) >= cfg.essay_similarity
                if not related or (dp and dt and dt > dp) or (not named and not (dp and dt)):
                    why = "essays not linked"
                    detail = f"essay cosine {float(essay[pd] @ essay[td]):.3f}, named={named}"
                else:
                    ranked = sorted(((score(p, c), c.id) for c in by_doc[td]), reverse=True)
                    rank = [cid for _, cid in ranked].index(t.id)
                    s = score(p, t)
                    detail = f"score {s:.3f}, best {ranked[0][0]:.3f}"
                    if rank > 0:
                        why = "not the best match"
                        best_text = next(c.text for c in by_doc[td] if c.id == ranked[0][1])
                        detail += f", rank {rank}; best: {best_text[:90]}"
                    elif s < cfg.link_similarity:
                        why = "below link_similarity"
                    else:
                        opp = pair_signals.opposition(p.text, t.text)
                        why = (
                            "no stance signal"
                            if not pair_signals.verdict(p.text) and not opp
                            else "other"
                        )
            tally[why] += 1
            print(f"{why:28} {link['polarity']:7} {f}")
            print(f"    premise: {link['premise'][:110]}")
            print(f"    target:  {link['target'][:110]}")
            if detail:
                print(f"    {detail}")
    print()
    for why, n in tally.most_common():
        print(f"{n:4}  {why}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dev")
