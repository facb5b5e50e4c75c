"""The dev halves of the three held-out sets only (issue 12): a tuning aid, not a bench figure.

`bench.argument.heldout` prints dev and test side by side; tuning must not read test, so this
ingests the same three sets (offline, each into a fresh workspace) and scores only their dev
halves. With `--links FILE` it also writes one line per dev labelled link (found or missed,
labelled and found polarity) and per predicted link from a dev essay (true or not), so two
variants of a rule can be compared link by link with `diff`.

Sentence vectors are memoised on disk (`--cache FILE`, default under the system temp folder):
the embedder is the bundled one; only repeated texts are not re-encoded between runs (their
vectors can differ from a fresh encoding by ~1e-6, below the 4 decimals links compare at).
Run: PYTHONPATH=src:. python -m bench.heldout_dev [--links FILE] [--cache FILE]
"""

from __future__ import annotations

import argparse
import pickle
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from bench.argument import HELDOUT, HELDOUT2, HELDOUT3, LABELS, SEED
from bench.common import shared_embedder


class CachedEmbedder:
    """The shared embedder with embed_batch memoised by text (everything else forwarded)."""

    def __init__(self, inner: Any, path: Path) -> None:
        self.inner, self.path = inner, path
        self.memo: dict[str, np.ndarray] = {}
        if path.exists():
            self.memo = pickle.loads(path.read_bytes())
        self.added = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def embed_batch(self, texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.memo})
        if missing:
            for t, v in zip(missing, self.inner.embed_batch(missing), strict=True):
                self.memo[t] = v
            self.added += len(missing)
        if not texts:
            return np.zeros((0, self.inner.dim), dtype=np.float32)
        return np.stack([self.memo[t] for t in texts]).astype(np.float32)

    def save(self) -> None:
        if self.added:
            self.path.write_bytes(pickle.dumps(self.memo))


def cache_path() -> Path:
    """Where the memoised sentence vectors live between runs."""
    return Path(tempfile.gettempdir()) / "h12_emb.pkl"


def link_lines(scorer: Any, name: str) -> list[str]:
    """One line per dev labelled link and per predicted link from a dev essay."""
    from counterpoint.kg.extract.heldout import split_of

    out = []
    all_links = [x for lab in scorer.labels.values() for x in lab["links"]]
    dev_docs = set()
    for f in sorted(scorer.labels):
        if split_of(f, scorer.salt) != "dev":
            continue
        dev_docs.add(scorer.doc_of[f])
        for link in scorer.labels[f]["links"]:
            where = "within" if link["premise_file"] == link["target_file"] else "cross"
            hits = scorer._link_hits(link)
            kinds = ",".join(sorted({k for _, _, k in hits})) or "-"
            state = "FOUND" if hits else "miss "
            out.append(
                f"{name} label {where:6} {state} {link['polarity']:7} got {kinds:14} {f} "
                f"| {link['premise'][:70]} -> {link['target_file']}: {link['target'][:70]}"
            )
    for p, t, kind in sorted(scorer.edges, key=lambda e: (e[0].doc_id, e[0].start, e[1].start)):
        if p.doc_id not in dev_docs:
            continue
        true = any(scorer._edge_matches((p, t, kind), x) for x in all_links)
        where = "within" if p.doc_id == t.doc_id else "cross"
        out.append(
            f"{name} pred  {where:6} {'true ' if true else 'FALSE'} {kind:7} "
            f"{scorer.file_of.get(p.doc_id, p.doc_id)} | {p.text[:70]} -> "
            f"{scorer.file_of.get(t.doc_id, t.doc_id)}: {t.text[:70]}"
        )
    return out


def set_scorer(which: str, embedder: Any) -> Any:
    """Set `which` ("1", "2" or "3") ingested into a temporary workspace and scored against
    its labels (kg/extract/heldout.py); its seed and split salt as `make bench` uses them."""
    from counterpoint.config import Settings
    from counterpoint.kg.extract.heldout import SALT, SALT2, SALT3, ingest_scorer
    from counterpoint.service import Counterpoint

    seed, folder, seed_labels, salt = {
        "1": (SEED, HELDOUT, LABELS / "seed_claims.json", SALT),
        "2": (None, HELDOUT2, None, SALT2),
        "3": (None, HELDOUT3, None, SALT3),
    }[which]
    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(
            Settings(workspace=Path(tmp) / "ws", llm_model=None), embedder=embedder
        )
        try:
            return ingest_scorer(service, seed, folder, seed_labels, salt)
        finally:
            service.close()


def main() -> None:
    from counterpoint.kg.extract.heldout import table

    ap = argparse.ArgumentParser()
    ap.add_argument("--links", type=Path)
    ap.add_argument("--cache", type=Path, default=cache_path())
    args = ap.parse_args()
    embedder = CachedEmbedder(shared_embedder(), args.cache)
    columns, lines = [], []
    for name in ("1", "2", "3"):
        scorer = set_scorer(name, embedder)
        dev = scorer.score("dev")
        dev.half = f"{name} dev"
        columns.append(dev)
        lines += link_lines(scorer, name)
    embedder.save()
    for line in table(columns):
        print(line)
    if args.links:
        args.links.write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
