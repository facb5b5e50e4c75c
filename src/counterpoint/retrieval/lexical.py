"""Lexical retrieval, BM25 (bm25s's Lucene variant): catches the exact words (names, numbers,
jargon) that a small embedding model blurs. Derived from the graph like the vector index and
persisted beside FAISS so a warm start does not re-tokenise.

Why segments: building one bm25s index over 100k chunks takes over a minute on 2 cores, so
rebuilding it after each added essay made ingest quadratic. Here every added batch of chunks
becomes a segment (a sparse term-frequency matrix), removed chunks are masked, and small
segments are merged into larger ones (log-structured: sizes grow geometrically, so each chunk
is merged O(log n) times). The statistics BM25 needs across the corpus (document frequency,
number of chunks, average length) are kept globally and applied at query time with bm25s's own
scoring functions, so the scores are exactly those of one index built over the live chunks,
whatever order they were added in.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from counterpoint.crashpoints import crash_point
from counterpoint.derived import load_npz

_TOKEN = re.compile(r"(?u)\b\w\w+\b")
K1, B = 1.5, 0.75  # bm25s defaults
MERGE_RATIO = 4  # merge the newest segment into the one before while it is >= 1/4 its size
DEAD_SHARE = 0.3  # compact a segment once this share of its rows was removed


def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _scorers() -> tuple[Callable[[float, float], float], Callable[..., Any]]:
    from bm25s.scoring import _select_idf_scorer, _select_tfc_scorer

    return _select_idf_scorer("lucene"), _select_tfc_scorer("lucene")


class Tokenizer:
    """Lower-case words of 2+ characters, English stop words removed, Snowball-stemmed."""

    def __init__(self) -> None:
        from bm25s.stopwords import STOPWORDS_EN

        self._stop = set(STOPWORDS_EN)
        self._stem = _stemmer()

    def __call__(self, text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self._stop]
        return list(self._stem.stemWords(words))


@dataclass
class _Segment:
    """Rows = chunks, columns = term ids (of the vocabulary when it was built)."""

    ids: list[str]
    tf: sp.csr_matrix
    name: str = field(default_factory=lambda: uuid.uuid4().hex[:16])
    dead: set[int] = field(default_factory=set)
    saved: bool = False
    _csc: sp.csc_matrix | None = None
    _lengths: np.ndarray | None = None

    @property
    def lengths(self) -> np.ndarray:
        if self._lengths is None:
            self._lengths = np.asarray(self.tf.sum(axis=1)).ravel().astype(np.float64)
        return self._lengths

    @property
    def csc(self) -> sp.csc_matrix:
        if self._csc is None:
            self._csc = self.tf.tocsc()
        return self._csc

    @property
    def live(self) -> int:
        return len(self.ids) - len(self.dead)


class LexicalIndex:
    """BM25 over chunk texts, keyed by chunk id; `search` may be restricted to a subset.
    `add` and `remove` cost in proportion to the chunks they touch (plus amortised merges)."""

    def __init__(self, tokenizer: Tokenizer | None = None) -> None:
        self._tok = tokenizer or Tokenizer()
        self._vocab: dict[str, int] = {}
        self._df = np.zeros(0, dtype=np.int64)
        self._segments: list[_Segment] = []
        self._where: dict[str, tuple[_Segment, int]] = {}
        self._total_len = 0

    @classmethod
    def build(cls, ids: list[str], texts: Iterable[str]) -> LexicalIndex:
        index = cls()
        index.add(list(ids), list(texts))
        return index

    def __len__(self) -> int:
        return len(self._where)

    @property
    def ids(self) -> list[str]:
        return sorted(self._where)

    # -- changes --------------------------------------------------------------------------
    def add(self, ids: list[str], texts: list[str]) -> None:
        """Index these chunks as one new segment (a chunk id already present is replaced)."""
        self.remove([i for i in ids if i in self._where])
        if not ids:
            return
        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            for term, count in Counter(self._tok(text)).items():
                col = self._vocab.setdefault(term, len(self._vocab))
                rows.append(r)
                cols.append(col)
                vals.append(count)
        tf = sp.csr_matrix(
            (np.asarray(vals, dtype=np.int32), (rows, cols)), shape=(len(ids), len(self._vocab))
        )
        self._attach(_Segment(list(ids), tf))
        self._merge_tail()

    def remove(self, ids: Iterable[str]) -> None:
        """Mask these chunks (unknown ids are ignored); compact a segment that is mostly dead."""
        touched: set[int] = set()
        for cid in ids:
            place = self._where.pop(cid, None)
            if place is None:
                continue
            seg, row = place
            seg.dead.add(row)
            cols = seg.tf.indices[seg.tf.indptr[row] : seg.tf.indptr[row + 1]]
            self._df[cols] -= 1
            self._total_len -= int(seg.tf.data[seg.tf.indptr[row] : seg.tf.indptr[row + 1]].sum())
            touched.add(id(seg))
        for seg in [s for s in self._segments if id(s) in touched]:
            if seg.live == 0 or len(seg.dead) > DEAD_SHARE * len(seg.ids):
                self._replace([seg], self._compact([seg]))

    def _attach(self, seg: _Segment, at: int | None = None) -> None:
        if len(self._df) < len(self._vocab):
            self._df = np.concatenate(
                [self._df, np.zeros(len(self._vocab) - len(self._df), dtype=np.int64)]
            )
        live = np.ones(len(seg.ids), dtype=bool)
        live[list(seg.dead)] = False
        counted = seg.tf[live]
        np.add.at(self._df, counted.indices, 1)
        self._total_len += int(counted.data.sum())
        for r, cid in enumerate(seg.ids):
            if r not in seg.dead:
                self._where[cid] = (seg, r)
        self._segments.insert(len(self._segments) if at is None else at, seg)

    def _compact(self, segs: list[_Segment]) -> _Segment | None:
        """One segment holding the live rows of `segs`, in order (None when none is live)."""
        ids: list[str] = []
        parts = []
        width = len(self._vocab)
        for seg in segs:
            keep = [r for r in range(len(seg.ids)) if r not in seg.dead]
            ids += [seg.ids[r] for r in keep]
            part = seg.tf[keep]
            part.resize((len(keep), width))
            parts.append(part)
        return _Segment(ids, sp.vstack(parts, format="csr")) if ids else None

    def _replace(self, old: list[_Segment], new: _Segment | None) -> None:
        """Swap segments for their compacted form; global statistics do not change."""
        at = self._segments.index(old[0])
        for seg in old:
            self._segments.remove(seg)
        if new is not None:
            self._segments.insert(at, new)
            for r, cid in enumerate(new.ids):
                self._where[cid] = (new, r)

    def _merge_tail(self) -> None:
        while len(self._segments) >= 2:
            prev, last = self._segments[-2], self._segments[-1]
            if last.live * MERGE_RATIO < prev.live:
                return
            self._replace([prev, last], self._compact([prev, last]))

    # -- search ---------------------------------------------------------------------------
    def search(
        self, query: str, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Top-k chunk ids by BM25 (ties by id); chunks with no query term never appear."""
        terms = [self._vocab[t] for t in self._tok(query) if t in self._vocab]
        n = len(self._where)
        if not n or not terms or k <= 0:
            return []
        idf_fn, tfc_fn = _scorers()
        avg_len = self._total_len / n
        weights = [(t, idf_fn(float(self._df[t]), float(n))) for t in terms]
        allowed_rows: dict[int, list[int]] | None = None
        if allowed is not None:
            allowed_rows = {}
            for cid in allowed:
                place = self._where.get(cid)
                if place is not None:
                    allowed_rows.setdefault(id(place[0]), []).append(place[1])
        found: list[tuple[str, float]] = []
        for seg in self._segments:
            if allowed_rows is not None and id(seg) not in allowed_rows:
                continue
            scores = self._segment_scores(seg, weights, avg_len, tfc_fn)
            if seg.dead:
                scores[list(seg.dead)] = 0.0
            if allowed_rows is not None:
                keep = np.zeros(len(scores), dtype=bool)
                keep[allowed_rows[id(seg)]] = True
                scores[~keep] = 0.0
            hits = np.flatnonzero(scores > 0)
            if len(hits) > k:  # this segment's top k, ties at the cut included
                kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
                hits = hits[scores[hits] >= kth]
            found += [(seg.ids[r], float(np.float32(scores[r]))) for r in hits]
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))[:k]

    @staticmethod
    def _segment_scores(
        seg: _Segment, weights: list[tuple[int, float]], avg_len: float, tfc_fn: Callable[..., Any]
    ) -> np.ndarray:
        """BM25 of every row of one segment, with the corpus-wide idf and average length."""
        csc = seg.csc
        lengths = seg.lengths
        scores = np.zeros(len(seg.ids), dtype=np.float64)
        for term, idf in weights:
            if term >= csc.shape[1]:
                continue
            lo, hi = csc.indptr[term], csc.indptr[term + 1]
            if lo == hi:
                continue
            rows = csc.indices[lo:hi]
            tf = csc.data[lo:hi].astype(np.float64)
            scores[rows] += idf * tfc_fn(tf, lengths[rows], avg_len, K1, B)
        return scores

    # -- persistence ----------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """New segment files first, then the listing (vocabulary, segments, removed rows)
        swapped in by rename: a crash leaves the old listing, whose files are still there."""
        folder.mkdir(parents=True, exist_ok=True)
        for seg in self._segments:
            if not seg.saved:
                tmp = folder / f"seg-{seg.name}.tmp.npz"
                np.savez(
                    tmp,
                    ids=np.array(seg.ids, dtype=str),
                    indptr=seg.tf.indptr,
                    indices=seg.tf.indices,
                    data=seg.tf.data,
                    shape=np.array(seg.tf.shape),
                )
                os.replace(tmp, folder / f"seg-{seg.name}.npz")
                seg.saved = True
        listing = {
            "vocab": self._vocab,
            "segments": [{"name": s.name, "dead": sorted(s.dead)} for s in self._segments],
        }
        tmp_listing = folder / "segments.json.tmp"
        tmp_listing.write_text(json.dumps(listing))
        crash_point("save:bm25-listing")  # new segment files, old listing still in force
        os.replace(tmp_listing, folder / "segments.json")
        keep = {f"seg-{s.name}.npz" for s in self._segments} | {"segments.json"}
        for f in folder.iterdir():
            if f.name not in keep:
                if f.is_dir():
                    shutil.rmtree(f, ignore_errors=True)
                else:
                    f.unlink(missing_ok=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        listing = json.loads((folder / "segments.json").read_text())
        index = cls()
        index._vocab = {str(t): int(i) for t, i in listing["vocab"].items()}
        for entry in listing["segments"]:
            name = str(entry["name"])
            data = load_npz(folder / f"seg-{name}.npz")
            shape = tuple(int(x) for x in data["shape"])
            tf = sp.csr_matrix((data["data"], data["indices"], data["indptr"]), shape=shape)
            ids = [str(i) for i in data["ids"]]
            seg = _Segment(ids, tf, name=name, dead={int(r) for r in entry["dead"]}, saved=True)
            index._attach(seg)
        return index
