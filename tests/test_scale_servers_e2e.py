"""End to end past one machine: the graph on a real `oxigraph serve` (SPARQL over HTTP on
loopback) and the chunk vectors in Milvus Lite (Milvus's engine in process, same client API
as a Milvus server), chosen by settings alone. Ingest, ask, remove: every quote is exact and
the collection follows the graph document by document."""

from __future__ import annotations

from pathlib import Path

from counterpoint.config import Settings
from counterpoint.retrieval.milvus_index import MilvusIndex, parse_vectors
from counterpoint.service import Counterpoint
from helpers import CORPUS
from servers import oxigraph_serve

QUESTION = "What does the essay argue about brand moats?"


def _essays(tmp_path: Path) -> list[str]:
    names = sorted(p.name for p in CORPUS.glob("*.md"))
    picked = [n for n in names if "moat" in n or "brand" in n][:1] + [
        n for n in names if "moat" not in n and "brand" not in n
    ][:1]
    assert len(picked) == 2, names
    return [str(CORPUS / n) for n in picked]


def test_ingest_ask_remove_on_oxigraph_serve_and_milvus_lite(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    with oxigraph_serve(tmp_path / "oxigraph") as url:
        db = tmp_path / "vectors.db"
        settings = Settings(workspace=tmp_path / "ws", store=f"sparql+{url}", vectors=str(db))
        service = Counterpoint(settings, embedder=embedder)
        try:
            results, _ = service.ingest(_essays(tmp_path))
            assert [r.status for r in results] == ["added", "added"], results
            n_chunks = len(service.view.chunks)
            assert service.indexes.target.kind == "milvus"
            assert isinstance(service.indexes.index, MilvusIndex)
            assert len(service.indexes.index) == n_chunks

            answer = service.ask(QUESTION)
            assert answer.grounded and answer.citations
            docs = service.view.docs
            for c in answer.citations:
                assert c.quote == docs[c.doc_id].text[c.start : c.end]

            dense = [e.chunk.chunk_id for e in service.retrieve(QUESTION, 5, method="dense")]
            removed = results[1].doc_id
            gone = {cid for cid, c in service.view.chunks.items() if c.doc_id == removed}
            assert gone
            service.remove([removed])
            assert removed not in service.view.docs
            kept = len(service.view.chunks)
            assert len(service.indexes.index) == kept == n_chunks - len(gone)
            assert service.ask(QUESTION).grounded
        finally:
            service.close()

        # The same vectors in FAISS rank the same chunks (both search exactly here).
        faiss_ws = Counterpoint(Settings(workspace=tmp_path / "faiss"), embedder=embedder)
        try:
            faiss_ws.ingest(_essays(tmp_path))
            want = [e.chunk.chunk_id for e in faiss_ws.retrieve(QUESTION, 5, method="dense")]
        finally:
            faiss_ws.close()
        assert dense == want

        # The collection outlives the process: reopened, it holds the remaining document.
        index = MilvusIndex(parse_vectors(str(db), tmp_path), embedder.dim)
        try:
            ids = set(index.ids)
            assert len(ids) == len(index) == kept
            assert not ids & gone
        finally:
            index.close()
