"""The workspace's record of what embedded its vectors: `vectors/embedding.json`.

Why a file of its own: every vector file of a workspace must come from one vector family
(retrieval/backends.py), whichever process embeds next (an ingest, a cold `ask`, the
server). The record names the identity (backend, model setting, weights fingerprint) and the
dimension; an embedder whose identity is incompatible is refused in one line that says how
to re-embed. Workspaces written before the record existed were embedded by torch, the only
backend then.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from counterpoint.errors import UsageError
from counterpoint.retrieval.backends import check_identity

RECORD = "embedding.json"


@dataclass(frozen=True)
class EmbeddingRecord:
    identity: str
    backend: str
    model: str
    dim: int


def read_record(vectors_dir: Path) -> EmbeddingRecord | None:
    try:
        data = json.loads((vectors_dir / RECORD).read_text(encoding="utf-8"))
        return EmbeddingRecord(
            str(data["identity"]), str(data["backend"]), str(data["model"]), int(data["dim"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_damaged(vectors_dir: Path) -> bool:
    """The record file is there but cannot be read (truncated, garbage): which family made
    the vectors is then unknown, and guessing (as for a workspace older than the record)
    could mix two families silently."""
    return (vectors_dir / RECORD).exists() and read_record(vectors_dir) is None


def write_record(vectors_dir: Path, record: EmbeddingRecord) -> None:
    vectors_dir.mkdir(parents=True, exist_ok=True)
    path = vectors_dir / RECORD
    tmp = path.with_name(f".{RECORD}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(asdict(record), indent=2), encoding="utf-8")
    os.replace(tmp, path)


def has_vectors(vectors_dir: Path) -> bool:
    docs = vectors_dir / "docs"
    return docs.is_dir() and any(p.suffix == ".npz" for p in docs.iterdir())


def legacy_record(vectors_dir: Path, model: str, dim: int) -> EmbeddingRecord | None:
    """What made vectors stored before records existed: torch (None: no vectors yet)."""
    if not has_vectors(vectors_dir):
        return None
    from counterpoint.retrieval.backends import identity_for

    return EmbeddingRecord(identity_for("torch", model), "torch", model, dim)


def check_and_record(vectors_dir: Path, identity: str, backend: str, model: str, dim: int) -> None:
    """Refuse an embedder whose vectors would not mix with the workspace's; record it when
    the workspace has no record yet."""
    if record_damaged(vectors_dir):
        raise UsageError(
            f"vectors/{RECORD} (which model made this workspace's vectors) is damaged: run "
            "`counterpoint doctor --repair`, which re-embeds every document and records it"
        )
    record = read_record(vectors_dir)
    if record is None:
        record = legacy_record(vectors_dir, model, dim) or EmbeddingRecord(
            identity, backend, model, dim
        )
        write_record(vectors_dir, record)
    check_identity(record.identity, identity)
    if record.dim != dim:
        raise UsageError(
            f"this workspace's vectors have {record.dim} dimensions but {identity} makes {dim}:"
            f" re-embed everything with `counterpoint doctor --repair`"
        )
