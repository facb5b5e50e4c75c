"""Chunk vectors in Milvus, behind the same small interface as `FaissIndex`.

Why: past one machine, the vectors should live in an engine built for it rather than in a
file each process loads whole. Milvus is reached through pymilvus' `MilvusClient`, whose API
is the same for a Milvus server or cluster (`milvus://host:port` → `http://host:port`) and
for Milvus Lite, which runs Milvus's engine inside this process on a local `.db` folder (how
the tests run it end to end, offline).

The collection holds one row per chunk: `id` (primary key), `doc` (the owning document, so
a document's rows can be deleted in one request) and `vector`, searched by inner product on
normalised vectors like FAISS. A collection property records which backend and model made
the vectors (`retrieval/backends.py`): opening it with another one is refused in one line
rather than searched across. pymilvus is imported only when an index is opened.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from counterpoint.errors import StoreError, UsageError
from counterpoint.retrieval.backends import check_identity
from counterpoint.retrieval.base import Vectors

DEFAULT_COLLECTION = "counterpoint_chunks"
IDENTITY_PROPERTY = "counterpoint.identity"
ID_MAX = 256  # chunk ids are 'ch-' + 16 hex digits; document ids are slugs of <= 64
DOC_MAX = 256
BATCH = 2000  # rows per request: 2000 x 384 floats is ~3 MB, far below gRPC's 64 MB cap
SEARCH_LIMIT = 16_384  # Milvus refuses a larger top-k


class MilvusError(StoreError):
    """Milvus was unreachable or refused a request; shown as one line like any store error."""


@dataclass(frozen=True)
class VectorsTarget:
    """Where chunk vectors live: `faiss` files in the workspace, or a Milvus `uri` (an
    http(s) server address, or a local `.db` path for Milvus Lite) and collection."""

    kind: str
    uri: str = ""
    collection: str = DEFAULT_COLLECTION

    @property
    def is_lite(self) -> bool:
        return self.kind == "milvus" and not self.uri.startswith(("http://", "https://"))


def _collection(path: str) -> str:
    name = path.strip("/") or DEFAULT_COLLECTION
    if not name.replace("_", "a").isalnum() or name[0].isdigit():
        raise UsageError(
            f"Milvus collection name {name!r}: use letters, digits and underscores, "
            f"not starting with a digit"
        )
    return name


def parse_vectors(value: str, workspace: Path) -> VectorsTarget:
    """Read a `COUNTERPOINT_VECTORS` value.

    `faiss` (default): FAISS files in the workspace. `milvus://host:port[/collection]` and
    `milvus+https://host:port[/collection]`: a Milvus server. `milvus-lite` (a database in
    the workspace), `milvus-lite:///abs/path.db` or `milvus-lite://rel/path.db` (relative
    to the workspace), or a plain path ending in `.db`: Milvus Lite.
    """
    value = value.strip()
    if value in ("", "faiss"):
        return VectorsTarget("faiss")
    if value == "milvus-lite":
        return VectorsTarget("milvus", str(workspace / "vectors" / "milvus.db"))
    if value.startswith("milvus-lite://"):
        path = Path(value.removeprefix("milvus-lite://"))
        return _lite(path if path.is_absolute() else workspace / path)
    if value.startswith(("milvus://", "milvus+https://")):
        parts = urlsplit(value)
        if not parts.hostname or not parts.port:
            raise UsageError(f"vectors setting {value!r}: use milvus://host:port[/collection]")
        scheme = "https" if parts.scheme == "milvus+https" else "http"
        return VectorsTarget(
            "milvus", f"{scheme}://{parts.hostname}:{parts.port}", _collection(parts.path)
        )
    if value.endswith(".db"):
        path = Path(value).expanduser()
        return _lite(path if path.is_absolute() else workspace / path)
    raise UsageError(
        f"unknown vectors setting {value!r}: use faiss, milvus://host:port[/collection], "
        f"milvus-lite or a path ending in .db"
    )


def _lite(path: Path) -> VectorsTarget:
    if path.suffix != ".db":
        raise UsageError(f"Milvus Lite database {path}: the name must end in .db")
    return VectorsTarget("milvus", str(path))


def _quiet_pymilvus() -> None:
    """pymilvus logs every failed call with a traceback on stderr (and Milvus Lite warns
    about timestamps on every iterator); our error is one line. Called after the import,
    which installs pymilvus' own logging configuration."""
    # grpc._server: Milvus Lite's in-process server logs the calls it does not implement.
    for name in ("pymilvus", "pymilvus.milvus_client", "pymilvus.bulk_writer", "grpc._server"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


CONNECT_ATTEMPTS = 3


def _connect(client_class: Any, where: str, token: str, timeout_s: float) -> Any:
    """A client, with two more tries a moment apart: a server (or Milvus Lite's local process)
    on a busy machine can refuse a first connection that the next one gets ("Too many pings",
    UNAVAILABLE: seen here at load 10). token: "user:password" or an API key."""
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            return client_class(where, token=token, timeout=timeout_s)
        except Exception:  # pymilvus raises its own and grpc's errors
            if attempt == CONNECT_ATTEMPTS - 1:
                raise
            time.sleep(1.0 + attempt)
    raise AssertionError("unreachable")


class MilvusIndex:
    """A Milvus collection of chunk vectors: add (upsert), remove, search, count."""

    kind = "milvus"

    def __init__(
        self,
        target: VectorsTarget,
        dim: int,
        *,
        identity: str | None = None,
        index_type: str | None = None,
        token: str = "",
        timeout_s: float = 10.0,
    ) -> None:
        if target.kind != "milvus":
            raise UsageError(f"not a Milvus target: {target.kind}")
        from pymilvus import MilvusClient

        _quiet_pymilvus()

        self.dim = dim
        self.target = target
        self.collection = target.collection
        where = target.uri
        if target.is_lite:
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._client: Any = _connect(MilvusClient, where, token, timeout_s)
        except Exception as exc:  # pymilvus raises its own and grpc's errors
            hint = (
                " (Milvus Lite opens a database in one process at a time: is another "
                "counterpoint command or `serve` using it? A Milvus server allows many)"
                if target.is_lite
                else ""
            )
            raise MilvusError(f"Milvus at {where}: {_reason(exc)}{hint}") from exc
        # Exact search on Lite (what FAISS flat does, and Lite is small by design); the
        # server picks its own (HNSW-class) index for large collections.
        self._index_type = index_type or ("FLAT" if target.is_lite else "AUTOINDEX")
        self._call(self._open, identity)

    # -- set-up ---------------------------------------------------------------------------
    def _open(self, identity: str | None) -> None:
        c = self._client
        if not c.has_collection(self.collection):
            self._create(identity)
            return
        info = c.describe_collection(self.collection)
        have = next(
            (int(f["params"]["dim"]) for f in info["fields"] if f["name"] == "vector"), None
        )
        if have != self.dim:
            raise UsageError(
                f"Milvus collection {self.collection} holds {have}-dimensional vectors but "
                f"the model makes {self.dim}: use another collection or re-embed"
            )
        recorded = (info.get("properties") or {}).get(IDENTITY_PROPERTY)
        if identity is not None:
            check_identity(recorded, identity)
            if recorded is None:
                c.alter_collection_properties(
                    self.collection, properties={IDENTITY_PROPERTY: identity}
                )
        self.identity = recorded or identity
        if "Loaded" not in str(c.get_load_state(self.collection).get("state")):
            c.load_collection(self.collection)

    def _create(self, identity: str | None) -> None:
        from pymilvus import DataType

        c = self._client
        schema = c.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=ID_MAX)
        schema.add_field("doc", DataType.VARCHAR, max_length=DOC_MAX)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        params = c.prepare_index_params()
        params.add_index(field_name="vector", index_type=self._index_type, metric_type="IP")
        properties = {IDENTITY_PROPERTY: identity} if identity else {}
        c.create_collection(
            self.collection,
            schema=schema,
            index_params=params,
            consistency_level="Strong",
            properties=properties,
        )
        self.identity = identity

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a client call; Milvus and network failures become one-line `MilvusError`s."""
        try:
            return fn(*args, **kwargs)
        except (UsageError, MilvusError):
            raise
        except Exception as exc:
            raise MilvusError(f"Milvus at {self.target.uri}: {_reason(exc)}") from exc

    # -- the VectorIndex protocol ---------------------------------------------------------
    def add(self, ids: list[str], vectors: Vectors, docs: list[str] | None = None) -> None:
        """Insert or replace rows (an id already present is overwritten, never duplicated)."""
        if len(ids) != len(vectors) or (docs is not None and len(docs) != len(ids)):
            raise ValueError("ids, vectors and docs differ in length")
        if not ids:
            return
        vecs = np.ascontiguousarray(vectors, dtype=np.float32)
        if vecs.shape[1] != self.dim:
            raise ValueError(f"vectors have {vecs.shape[1]} dimensions, index has {self.dim}")
        owners = docs if docs is not None else [""] * len(ids)
        for start in range(0, len(ids), BATCH):
            rows = [
                {"id": i, "doc": d, "vector": v}
                for i, d, v in zip(
                    ids[start : start + BATCH],
                    owners[start : start + BATCH],
                    vecs[start : start + BATCH].tolist(),
                    strict=True,
                )
            ]
            self._call(self._client.upsert, self.collection, rows)
        if self.target.is_lite:
            # Milvus Lite scans unsealed rows slowly (20k rows: 5-7 s per search on a busy
            # 2-core machine, 0.2 s once flushed); a server seals segments on its own.
            self.save()

    def search(self, query: Vectors, k: int) -> list[tuple[str, float]]:
        if k <= 0:
            return []
        vec = np.asarray(query, dtype=np.float32).reshape(-1).tolist()
        result = self._call(
            self._client.search,
            self.collection,
            data=[vec],
            limit=min(k, SEARCH_LIMIT),
            search_params={"metric_type": "IP"},
            output_fields=[],
            consistency_level="Strong",
        )
        return [(str(hit["id"]), float(hit["distance"])) for hit in result[0]]

    def __len__(self) -> int:
        rows = self._call(
            self._client.query,
            self.collection,
            filter="",
            output_fields=["count(*)"],
            consistency_level="Strong",
        )
        return int(rows[0]["count(*)"])

    def save(self, path: Path | None = None) -> None:
        """Milvus keeps its own data; this only makes sure it is durable (no file at path)."""
        self._call(self._client.flush, self.collection)

    # -- beyond FAISS ---------------------------------------------------------------------
    @property
    def ids(self) -> list[str]:
        return [row["id"] for row in self._rows(["id"])]

    def _rows(self, fields: list[str]) -> Iterator[dict[str, Any]]:
        it = self._call(
            self._client.query_iterator,
            self.collection,
            batch_size=BATCH,
            filter="",
            output_fields=fields,
            consistency_level="Strong",
        )
        try:
            while batch := self._call(it.next):
                yield from batch
        finally:
            it.close()

    def remove(self, ids: list[str]) -> None:
        """Delete rows by chunk id (ids not present are ignored)."""
        for start in range(0, len(ids), BATCH):
            self._call(self._client.delete, self.collection, ids=ids[start : start + BATCH])

    def remove_docs(self, doc_ids: list[str]) -> None:
        """Delete every row of these documents in one request per batch of ids."""
        for start in range(0, len(doc_ids), BATCH):
            part = doc_ids[start : start + BATCH]
            self._call(self._client.delete, self.collection, filter=f"doc in {_literal(part)}")

    def clear(self) -> None:
        """Drop every row (and re-create the empty collection with the same identity)."""
        self._call(self._client.drop_collection, self.collection)
        self._call(self._create, self.identity)

    def close(self) -> None:
        self._client.close()


def _literal(values: list[str]) -> str:
    """A Milvus filter list literal; ids are slugs, but quote-escape to be safe."""
    quoted = ", ".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return f"[{quoted}]"


def _reason(exc: Exception) -> str:
    """The first line of a pymilvus/grpc error, without its exception wrapper."""
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(message).strip().splitlines()[0]
