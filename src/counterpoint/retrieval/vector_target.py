"""Open and rebuild the chunk-vector search index wherever `COUNTERPOINT_VECTORS` puts it.

FAISS (default): a file in the workspace, rebuilt from the per-version vector files. Milvus (a
server, or Milvus Lite in process): a collection kept in step with the graph's versions by
`sync_milvus`, which removes the rows of changed or removed documents and inserts the new
versions' rows: proportional to the change, not the corpus. The vector files stay in the
workspace either way (they are written before the graph switches version, so a crash never
mixes versions, and any index can be re-derived from them). `milvus.manifest.json` records
which versions the collection holds, so `counterpoint doctor` sees it like any derived index.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from counterpoint.retrieval.base import VectorIndex, Vectors
from counterpoint.retrieval.milvus_index import MilvusIndex, VectorsTarget
from counterpoint.retrieval.vectors import VectorStore

MILVUS_MANIFEST = "milvus.manifest.json"
SYNC_ROWS = 20_000  # rows per insert while syncing: bounded memory at any corpus size


def _manifest(path: Path) -> dict[str, str] | None:
    try:
        return {str(k): str(v) for k, v in json.loads(path.read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return None


def sync_milvus(index: MilvusIndex, vectors: VectorStore, current: dict[str, str]) -> MilvusIndex:
    """Make the collection hold exactly the chunk vectors of `current` {doc_id: version}."""
    path = vectors.root / MILVUS_MANIFEST
    have = _manifest(path)
    if have == current:
        return index
    if have is None:  # unknown content (new workspace, lost manifest): start from empty
        index.clear()
        have = {}
    stale = sorted(d for d, v in have.items() if current.get(d) != v)
    index.remove_docs(stale)
    ids: list[str] = []
    docs: list[str] = []
    parts: list[Vectors] = []
    for doc_id in sorted(current):
        version = current[doc_id]
        if have.get(doc_id) == version or not vectors.has(doc_id, version):
            continue
        chunk_ids, vecs = vectors.read_doc(doc_id, version)
        ids += chunk_ids
        docs += [doc_id] * len(chunk_ids)
        parts.append(vecs)
        if len(ids) >= SYNC_ROWS:
            index.add(ids, np.concatenate(parts), docs)
            ids, docs, parts = [], [], []
    if ids:
        index.add(ids, np.concatenate(parts), docs)
    vectors.root.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(current, sort_keys=True))
    os.replace(tmp, path)
    return index


def open_index(
    target: VectorsTarget,
    vectors: VectorStore,
    current: dict[str, str],
    dim: int,
    kind: str,
    identity: str | None,
    *,
    rebuild: bool = False,
    opened: MilvusIndex | None = None,
) -> VectorIndex:
    """The search index for exactly `current`: FAISS loaded (or rebuilt when stale or
    `rebuild`), or the Milvus collection (`opened` if already connected) brought in step."""
    if target.kind == "faiss":
        if rebuild:
            return vectors.rebuild(current, dim, kind)
        return vectors.index_for(current, dim, kind)
    index = opened if opened is not None else MilvusIndex(target, dim, identity=identity)
    return sync_milvus(index, vectors, current)
