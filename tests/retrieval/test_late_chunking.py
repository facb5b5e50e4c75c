"""Late chunking (issue 15 throughput): one model pass per chunk gives the chunk vector the
plain path gives and the vectors of its sentences; a sentence the model did not read to its
end is embedded on its own; ingest writes the sentence vectors, so the index stage embeds
none; the two sentence modes never mix in one workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from bundled_texts import bundled_chunks

from counterpoint.config import Settings
from counterpoint.corpus.models import Chunk
from counterpoint.retrieval.late_chunking import pool_spans
from counterpoint.retrieval.sentence_vectors import SentenceVectors
from counterpoint.service import Counterpoint

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def test_pool_spans_means_a_sentences_tokens_and_refuses_what_was_not_read() -> None:
    tokens = np.array([[9, 9], [1, 0], [3, 0], [0, 2], [9, 9]], dtype=np.float32)
    # [CLS] "ab" "cd" | "ef" [SEP]: specials have (0, 0) and join no sentence
    offsets = np.array([[0, 0], [0, 2], [3, 5], [7, 9], [0, 0]], dtype=np.int64)
    first, second, cut = pool_spans(tokens, offsets, [(0, 5), (7, 9), (7, 12)])
    assert first is not None and second is not None
    np.testing.assert_allclose(first, [1.0, 0.0])  # mean (2, 0), normalised
    np.testing.assert_allclose(second, [0.0, 1.0])
    assert cut is None  # ends after the last token read (truncation)


class _Counting:
    """Counts the texts that reach the model's plain path."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.name, self.dim = inner.name, inner.dim  # type: ignore[attr-defined]
        self.identity = getattr(inner, "identity", None)
        self.texts: list[str] = []

    def embed_batch(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.texts += texts
        return self.inner.embed_batch(texts)  # type: ignore[attr-defined]

    def embed_late(self, texts, spans):  # type: ignore[no-untyped-def]
        return self.inner.embed_late(texts, spans)  # type: ignore[attr-defined]


@pytest.mark.slow
def test_chunk_vectors_are_the_plain_paths_and_truncated_sentences_are_embedded_alone(
    embedder,
) -> None:  # type: ignore[no-untyped-def]
    chunks = [
        Chunk(c.chunk_id, c.doc_id, 0, len(c.text), c.text, None) for c in bundled_chunks()[:6]
    ]
    long_text = " ".join(c.text for c in chunks)  # far beyond 256 word pieces
    long_chunk = Chunk("long", "long-doc", 0, len(long_text), long_text, None)
    texts = {c.doc_id: c.text for c in chunks} | {"long-doc": long_text}
    counting = _Counting(embedder)
    vecs, sentences = SentenceVectors.build_late([*chunks, long_chunk], texts, counting)
    plain = embedder.embed_batch([c.text for c in chunks] + [long_text])
    assert float((vecs * plain).sum(axis=1).min()) > 0.99999
    # the long chunk's sentences past the model's window went through the plain path alone
    row = sentences.of_chunk("long")
    assert row is not None
    spans, sent_vecs = row
    assert 0 < len(counting.texts) < len(spans)
    tail = [i for i, (s, e) in enumerate(spans) if long_text[s:e] in counting.texts]
    assert tail and tail == list(range(tail[0], len(spans)))  # exactly the end of the chunk
    alone = embedder.embed_batch([long_text[slice(*spans[i])] for i in tail])
    np.testing.assert_allclose(sent_vecs[tail], alone, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(sent_vecs, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_ingest_writes_sentence_vectors_and_modes_never_mix(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in sorted(p.name for p in CORPUS.glob("*.md"))[:2]:
        shutil.copy(CORPUS / name, corpus / name)
    ws = tmp_path / "ws"
    counting = _Counting(embedder)
    service = Counterpoint(Settings(workspace=ws, sentence_vectors="late"), embedder=counting)
    marks: dict[str, int] = {}

    class Sink:
        def start(self, total: int) -> None:
            pass

        def stage(self, source: str, stage: str) -> None:
            marks.setdefault(stage, len(counting.texts))

        def done(self, result: object) -> None:
            pass

    results, _ = service.ingest([str(corpus)], recursive=True, progress=Sink())
    assert [r.status for r in results] == ["added", "added"]
    view = service.indexes.view
    current = view.versions
    late_files = [service.vectors.sentence_file(d, v) for d, v in current.items()]
    assert all(f.exists() and f.name.endswith(".late.npz") for f in late_files)
    # no chunk and no chunk's sentence reached the plain path (claims and titles may)
    chunk_texts = {c.text for c in view.chunks.values()}
    sentence_texts = {
        view.docs[view.doc_of(cid)].text[s:e]
        for cid, spans, _ in service.indexes.sentence_vectors.rows()
        for s, e in spans
    }
    assert not chunk_texts & set(counting.texts)
    # the index stage (links, indexes) embedded no sentence: ingest wrote them all (the links
    # step embeds the claims it compares, and a claim may be a whole sentence: "In regulated
    # markets this is wrong." is one, kept short to carry its cross-essay link)
    claim_texts = {c.text for c in service.claims()}
    late_sentences = (sentence_texts - claim_texts) & set(counting.texts[marks["index"] :])
    assert sentence_texts - claim_texts and not late_sentences
    late = {cid: vecs for cid, _, vecs in service.indexes.sentence_vectors.rows()}
    service.close()

    # the other mode reads none of these files: it embeds its own and prunes the late ones
    service = Counterpoint(Settings(workspace=ws, sentence_vectors="separate"), embedder=embedder)
    service.rebuild_derived()
    separate = {cid: vecs for cid, _, vecs in service.indexes.sentence_vectors.rows()}
    assert separate.keys() == late.keys()
    cid = next(iter(late))
    assert float((late[cid] * separate[cid]).sum(axis=1).min()) < 0.99
    assert not any(f.exists() for f in late_files)
    assert all(
        service.vectors.sentence_file(d, v).exists() for d, v in service.view.versions.items()
    )
    service.close()
