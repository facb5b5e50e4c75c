"""Which pairs of essays may link at all: related by content, in date order, named or not.

Linking compares claims only between essays about the same thing, the later answering the
earlier. The rule looks at the two essays alone (their mean claim vectors, dates and whether
one names the other), so the whole relink (responses.cross_links) and the links update
(link_update.py) ask it for just the pairs they need and get the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import numpy as np

from counterpoint.config import LinkSettings
from counterpoint.kg.extract.naming import answers

# Essays (and, in responses.py, claims) are compared BLOCK_ROWS at a time.
BLOCK_ROWS = 256
# Scores are rounded to this many decimals before they are compared, then ties go to the
# smaller claim id: embeddings of the same text differ by ~1e-6 between runs (batching,
# threads, which other claims shared the matrix product), and unrounded near-ties made links
# flip between two ingests of one corpus.
SCORE_DECIMALS = 4


def essay_vectors(by_doc: dict[str, list[int]], vecs: np.ndarray) -> dict[str, np.ndarray]:
    """Essay -> the unit mean of its claims' vectors: what `linkable` compares to tell
    whether two essays are about the same thing (content, not entity counts)."""
    out = {}
    for d, rows in by_doc.items():
        v = vecs[rows].mean(axis=0)
        out[d] = v / (np.linalg.norm(v) or 1.0)
    return out


def linkable(
    essay: dict[str, np.ndarray],
    dates: dict[str, str],
    names: Callable[[str, str], bool],
    cfg: LinkSettings,
    changed: Collection[str] | None,
    seen: set[tuple[str, str]] | None,
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Essay -> the essays its claims may link to, in two sets: essays it answers (named,
    `answers`; related by content: the cosine of their mean claim vectors reaches
    named_essay_similarity; not written later, when both have dates) and essays it may
    answer implicitly (related: the cosine reaches essay_similarity; both dated, written
    earlier, not named: only a close restatement with a stance of its own links there).
    Decided per pair from the two essays alone, for the pairs with an essay in `changed`
    (all pairs when None); `seen` collects the ordered pairs looked at."""
    named: dict[str, set[str]] = {}
    implicit: dict[str, set[str]] = {}
    if len(essay) < 2:
        return named, implicit
    doc_ids = sorted(essay)
    mat = np.stack([essay[d] for d in doc_ids])
    focus = [i for i, d in enumerate(doc_ids) if changed is None or d in changed]

    def consider(a: str, b: str, cosine: float) -> None:
        # below essay_similarity (down to named_essay_similarity) only naming relates them
        da, db = dates.get(a, ""), dates.get(b, "")
        if da and db and db > da:
            return
        if answers(a, b, names):
            named.setdefault(a, set()).add(b)
        elif cosine >= cfg.essay_similarity and da and db and da > db:
            implicit.setdefault(a, set()).add(b)

    floor = min(cfg.essay_similarity, cfg.named_essay_similarity)
    for s in range(0, len(focus), BLOCK_ROWS):
        rows = focus[s : s + BLOCK_ROWS]
        cosines = np.round(mat[rows] @ mat.T, SCORE_DECIMALS)
        for i, row in zip(rows, cosines, strict=True):
            d = doc_ids[i]
            if seen is not None:
                seen |= {(d, e) for e in doc_ids if e != d} | {(e, d) for e in doc_ids if e != d}
            for j in np.nonzero(row >= floor)[0].tolist():
                e = doc_ids[j]
                if e == d:
                    continue
                consider(d, e, float(row[j]))
                if changed is not None and e not in changed:
                    consider(e, d, float(row[j]))  # the other direction, once (e not in focus)
    return named, implicit
