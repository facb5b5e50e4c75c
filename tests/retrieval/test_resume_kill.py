"""Resume after a real SIGKILL in the middle of a many-document ingest (issue 15 throughput):
the rerun finds every document the killed run finished "unchanged" and embeds none of their
chunks again; the workspace ends with every document indexed.

A child process ingests the bundled essays one by one with a hash embedder (no model: the
test is about what is redone, not about vectors) and reports each finished document; the
parent kills it with SIGKILL after the second."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.service import Counterpoint
from helpers import CORPUS

SRC = Path(__file__).resolve().parents[2] / "src"
HERE = Path(__file__).resolve().parent

CHILD = """
import sys, time
sys.path[:0] = [{here!r}, {tests!r}]
from test_resume_kill import LateHash
from counterpoint.config import Settings
from counterpoint.retrieval.stand_in import HashEmbedder
from counterpoint.service import Counterpoint

class Sink:
    def start(self, total): pass
    def stage(self, source, stage): pass
    def done(self, result):
        print("done", result.status, result.source, flush=True)
        time.sleep(0.5)  # room for the parent's kill between documents

service = Counterpoint(Settings(workspace={ws!r}, sentence_vectors="late"), embedder=LateHash())
service.ingest({paths!r}, progress=Sink())
print("finished", flush=True)
"""


class LateHash(HashEmbedder):
    """The hash embedder with a late-chunking pass, as the real backends have: chunk and
    sentence vectors at ingest, so the index stage embeds no sentence (the "late" mode)."""

    def embed_late(self, texts, spans):  # type: ignore[no-untyped-def]
        rows = [
            [HashEmbedder.embed_batch(self, [t[s:e]])[0] for s, e in sp]
            for t, sp in zip(texts, spans, strict=True)
        ]
        return HashEmbedder.embed_batch(self, texts), rows


class _Counting(LateHash):
    """Records the chunk texts of late passes and the texts embedded alone."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.alone: list[str] = []

    def embed_batch(self, texts: list[str]):  # type: ignore[no-untyped-def]
        self.alone += texts
        return super().embed_batch(texts)

    def embed_late(self, texts, spans):  # type: ignore[no-untyped-def]
        self.chunks += texts
        return LateHash.embed_late(LateHash(), texts, spans)


@pytest.mark.timeout(600)
def test_a_killed_ingest_resumes_without_redoing_finished_documents(tmp_path: Path) -> None:
    paths = [str(p) for p in sorted(CORPUS.glob("*.md"))]
    assert len(paths) >= 4
    ws = tmp_path / "ws"
    env = dict(os.environ, PYTHONPATH=str(SRC))
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD.format(here=str(HERE), tests=str(HERE.parent), ws=str(ws), paths=paths),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    finished: list[str] = []
    for line in child.stdout:
        if line.startswith("done added"):
            finished.append(line.split(" ", 2)[2].strip())
        if len(finished) == 2:
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert len(finished) == 2

    counting = _Counting()
    service = Counterpoint(Settings(workspace=ws, sentence_vectors="late"), embedder=counting)
    try:
        results, _ = service.ingest(paths)
        status = {r.source: r.status for r in results}
        assert all(status[p] == "unchanged" for p in finished), status
        assert all(status[p] == "added" for p in paths if p not in finished), status
        view = service.view
        finished_ids = {r.doc_id for r in results if r.source in finished}
        done_chunks = [c for c in view.chunks.values() if c.doc_id in finished_ids]
        done_sentences = {
            view.docs[view.doc_of(cid)].text[s:e]
            for cid, spans, _ in service.indexes.sentence_vectors.rows()
            if view.doc_of(cid) in finished_ids
            for s, e in spans
        }
        # neither the finished documents' chunks nor their sentences went through the model
        # again (their claims may: the claim cache is saved once, at the end of a run)
        assert done_chunks and done_sentences
        done_texts = {c.text for c in done_chunks}
        assert not done_texts & set(counting.chunks + counting.alone)
        assert {c.text for c in view.chunks.values()} - done_texts <= set(counting.chunks)
        assert set(service.indexes.index.ids) == set(view.chunks)  # type: ignore[attr-defined]
        assert service.vectors.indexed_versions() == view.versions
    finally:
        service.close()
