"""One transformer pass per chunk gives the chunk's vector and its sentences' vectors.

Why: ingest used to run the model over every chunk and then again over every sentence of it
(sentence vectors, `sentence_vectors.py`), about twice the chunk embedding's work (three
times, counting claim and thesis candidates). The packaged all-MiniLM-L6-v2 pools by the mean
of its token embeddings, then normalises; the mean over a sentence's own tokens, taken from
the chunk's pass, is that sentence's vector in context ("late chunking"), and the mean over
all tokens is exactly the chunk vector the plain path makes. Both backends (torch,
onnxruntime) return their token embeddings and character offsets, and pool here.

A sentence whose tokens the model did not read (the chunk is longer than `max_seq_length`
word pieces and truncated before the sentence ends) gets no vector here: the caller embeds it
on its own, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from counterpoint.retrieval.base import Vectors

Span = tuple[int, int]  # [start, end) character offsets inside the chunk's text
Offsets = npt.NDArray[np.int64]  # (tokens, 2): each token's [start, end) in the text; (0, 0)
# for the special tokens ([CLS], [SEP]) that take part in the chunk's mean but no sentence's


def unit(v: Vectors) -> Vectors:
    """L2-normalised rows (a zero row stays zero)."""
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return np.asarray(v / np.maximum(norms, 1e-12), dtype=np.float32)


def pool_spans(tokens: Vectors, offsets: Offsets, spans: Sequence[Span]) -> list[Vectors | None]:
    """Each span's normalised mean token embedding, or None when the model read none of its
    tokens or stopped before its end (truncation). `tokens` are one text's unpadded token
    embeddings and `offsets` their character offsets in that text."""
    real = offsets[:, 1] > offsets[:, 0]
    read_to = int(offsets[real, 1].max()) if real.any() else 0
    starts = offsets[:, 0]
    out: list[Vectors | None] = []
    for s, e in spans:
        picked = real & (starts >= s) & (starts < e)
        if e > read_to or not picked.any():
            out.append(None)
            continue
        out.append(unit(tokens[picked].mean(axis=0)))
    return out


def pool_chunk(tokens: Vectors) -> Vectors:
    """The chunk vector as sentence-transformers makes it: mean over every token the model
    read (special tokens included), normalised."""
    return unit(tokens.mean(axis=0))


def shift_offsets(offsets: Offsets, by: int) -> Offsets:
    """Offsets of a stripped text moved back into the unstripped one (specials stay 0, 0)."""
    real = offsets[:, 1] > offsets[:, 0]
    moved = offsets.copy()
    moved[real] += by
    return moved
