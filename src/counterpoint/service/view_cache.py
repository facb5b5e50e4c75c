"""What opening a workspace reads from the graph (every document with its text, every chunk's
offsets), kept per document version beside the vector files, so that a new process reads the
graph's list of versions and not the whole corpus.

Opening the search side of a 10k-essay workspace (~106k chunks) spent ~8 of its ~9 s reading
the table of documents with texts (~2 s) and the chunk rows (~6 s) from Oxigraph, one store
lookup per value. Everything it reads is a function of the document version (the version
hashes the text, metadata, pipeline and model), so this file keeps it per version: an open
reads `{graph: version}` (one light query, ~0.5 s at 10k) and takes every document whose
version and graph match a row here; the others are read from the graph and added.

Grounding stays with the graph: a row is used only when its text hashes to the document's
content hash, its version and graph are the ones the graph names, and its chunk offsets lie
inside the text; each chunk's text is sliced from that text (as `load_all_chunks` does). The
source key and origin are the only values the graph may change without a new version (added
once to a document stored before they were recorded): a row without them is read again.

Graph expansion's per-document facts (the passages each node quotes, the entity mentions:
retrieval/expand.DocFacts) are kept the same way in a second table, filled on the first
search that expands rather than on open: at 10k essays reading them from every graph took
~60 s of the first question (two whole-graph joins over 327k claims and 530k mentions).
A facts row is used only when its version and graph are the graph's and every offset lies
inside the document's text.

One SQLite file (`vectors/view-cache.sqlite`, the standard library's sqlite3). A cache: a
row that is missing or fails a check is read from the graph; a file SQLite cannot read is
started afresh; `doctor` compares the rows of stored versions with the graph and
`--repair` deletes the file.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from counterpoint.corpus.ids import content_hash
from counterpoint.corpus.models import Chunk, Document, Metadata
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_read import (
    StoredDocument,
    load_all_chunks,
    load_documents,
    load_graph_chunks,
    load_graph_documents,
    stored_versions,
)
from counterpoint.retrieval.expand import DocFacts, read_facts

CACHE_FILE = "view-cache.sqlite"
LAYOUT = "1"  # bump when a row's meaning changes: every row is then read again
# Past this many documents missing from the cache (or changed by one update, see
# `CorpusIndexes.update`), read the whole corpus in the flat bulk queries rather than one
# document at a time (a few ms each at 10k essays, plus lookups)
BULK_MISSES = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
  version TEXT PRIMARY KEY,
  graph TEXT NOT NULL,
  record TEXT NOT NULL,  -- JSON: the StoredDocument less its text
  text TEXT NOT NULL,
  chunks TEXT NOT NULL   -- JSON rows [chunk id, start, end, section]
);
CREATE TABLE IF NOT EXISTS facts (
  version TEXT PRIMARY KEY,
  graph TEXT NOT NULL,
  quoted TEXT NOT NULL,   -- JSON rows [node, begin, end, is an I-node]
  mentions TEXT NOT NULL  -- JSON rows [entity, begin]
);
"""

Entry = tuple[StoredDocument, list[Chunk]]


def _record(s: StoredDocument) -> str:
    meta = asdict(s.doc.meta)
    meta["date"] = s.doc.meta.date.isoformat() if s.doc.meta.date else None
    return json.dumps(
        {
            "doc_id": s.doc.doc_id,
            "meta": meta,
            "content_hash": s.doc.content_hash,
            "source": s.doc.source,
            "version": s.version,
            "n_chunks": s.n_chunks,
            "source_key": s.source_key,
            "origin": s.origin,
            "body_hash": s.body_hash,
        }
    )


def stored_of_row(graph: str, record: str, text: str) -> StoredDocument:
    """A cached row as the stored document it holds (doctor compares it with the graph)."""
    r = json.loads(record)
    m = r["meta"]
    meta = Metadata(
        title=m["title"],
        authors=tuple(m["authors"]),
        date=dt.date.fromisoformat(m["date"]) if m["date"] else None,
        url=m["url"],
        tags=tuple(m["tags"]),
        publisher=m["publisher"],
        principal=bool(m["principal"]),
    )
    doc = Document(r["doc_id"], meta, text, r["content_hash"], r["source"])
    return StoredDocument(
        doc, r["version"], r["n_chunks"], r["source_key"], r["origin"], r["body_hash"], graph
    )


def _chunks(doc: Document, rows: list[list[Any]]) -> list[Chunk] | None:
    """The chunks of cached rows, texts sliced from the document; None when a row's offsets
    do not fit the text (a damaged row: read from the graph instead)."""
    out = []
    n = len(doc.text)
    for cid, b, e, section in rows:
        if not (isinstance(b, int) and isinstance(e, int) and 0 <= b <= e <= n):
            return None
        out.append(Chunk(str(cid), doc.doc_id, b, e, doc.text[b:e], section))
    return out


class ViewCache:
    """Per document version: the stored document (with text) and its chunks' offsets (see
    the module docstring). `close` releases the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._connect()
        except sqlite3.DatabaseError:  # not a database, or damaged: start afresh
            path.unlink(missing_ok=True)
            self.db = self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            str(self.path), isolation_level="DEFERRED", check_same_thread=False, timeout=30
        )
        try:
            db.executescript(_SCHEMA)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta != {"layout": LAYOUT}:
                db.execute("DELETE FROM docs")
                db.execute("DELETE FROM facts")
                db.execute("DELETE FROM meta")
                db.execute("INSERT INTO meta VALUES ('layout', ?)", (LAYOUT,))
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def read(self, versions: Mapping[str, str]) -> dict[str, Entry]:
        """{graph: (document, chunks)} for each graph whose version has a row that passes
        every check of the module docstring."""
        wanted = {v: g for g, v in versions.items()}
        out: dict[str, Entry] = {}
        try:
            rows = self.db.execute("SELECT version, graph, record, text, chunks FROM docs")
            for version, graph, record, text, chunks in rows:
                if wanted.get(version) != graph:
                    continue
                stored = stored_of_row(graph, record, text)
                if (
                    stored.version != version
                    or stored.source_key is None
                    or content_hash(text) != stored.doc.content_hash
                ):
                    continue
                got = _chunks(stored.doc, json.loads(chunks))
                if got is not None:
                    out[graph] = (stored, got)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError):
            return out  # what was read and checked so far; the rest comes from the graph
        return out

    def write(self, entries: Iterable[Entry], keep: Iterable[str]) -> None:
        """Add these documents' rows and drop every row whose version is not in `keep` (the
        versions the graph names), in one transaction. A write that fails (a locked or full
        disk) leaves the file as it was: the next open reads those documents again."""
        rows = [
            (
                s.version,
                s.graph,
                _record(s),
                s.doc.text,
                json.dumps([[c.chunk_id, c.start, c.end, c.section] for c in chunks]),
            )
            for s, chunks in entries
            if s.graph is not None
        ]
        self._replace("docs", rows, keep)

    def read_facts(self, stored: Iterable[StoredDocument]) -> dict[str, DocFacts]:
        """{doc id: facts} for each of these documents whose version and graph have a facts
        row with every offset inside the document's text."""
        by_version = {s.version: s for s in stored if s.graph is not None}
        out: dict[str, DocFacts] = {}
        try:
            rows = self.db.execute("SELECT version, graph, quoted, mentions FROM facts")
            for version, graph, quoted, mentions in rows:
                s = by_version.get(version)
                if s is None or s.graph != graph:
                    continue
                got = facts_of_row(quoted, mentions, len(s.doc.text))
                if got is not None:
                    out[s.doc.doc_id] = got
        except sqlite3.DatabaseError:
            return out
        return out

    def write_facts(
        self, entries: Iterable[tuple[StoredDocument, DocFacts]], keep: Iterable[str]
    ) -> None:
        """Add these documents' facts rows and drop every facts row whose version is not in
        `keep`, in one transaction (a failed write leaves the file as it was)."""
        rows = [
            (
                s.version,
                s.graph,
                json.dumps([list(q) for q in f.quoted]),
                json.dumps([list(m) for m in f.mentions]),
            )
            for s, f in entries
            if s.graph is not None
        ]
        self._replace("facts", rows, keep)

    def _replace(self, table: str, rows: list[tuple[Any, ...]], keep: Iterable[str]) -> None:
        """In one transaction: drop the table's rows whose version is not in `keep`, then
        add or replace `rows` (version first). A write that fails (a locked or full disk)
        leaves the file as it was."""
        keep_set = set(keep)
        marks = ", ".join("?" * len(rows[0])) if rows else ""
        try:
            with self.db:
                held = [v for (v,) in self.db.execute(f"SELECT version FROM {table}")]
                gone = [(v,) for v in held if v not in keep_set]
                self.db.executemany(f"DELETE FROM {table} WHERE version = ?", gone)
                if rows:
                    self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
        except sqlite3.DatabaseError:
            pass

    def close(self) -> None:
        self.db.close()


def facts_of_row(quoted: str, mentions: str, n: int) -> DocFacts | None:
    """A facts row as DocFacts; None when it does not parse or an offset lies outside a text
    of length `n` (a damaged row: read from the graph instead)."""
    try:
        q = [(str(c), int(b), int(e), bool(i)) for c, b, e, i in json.loads(quoted)]
        m = [(str(ent), int(b)) for ent, b in json.loads(mentions)]
    except (ValueError, TypeError):
        return None
    if any(not 0 <= b <= e <= n for _, b, e, _ in q) or any(not 0 <= b <= n for _, b in m):
        return None
    return DocFacts(q, m)


def graph_facts(store: GraphStore, graphs: Mapping[str, str | None]) -> dict[str, DocFacts]:
    """{doc id: facts} read from the graph for these documents ({doc id: its graph}): one
    graph at a time, or every graph in one pass past BULK_MISSES documents or when a graph
    is not known; a document without claims or mentions gets empty facts."""
    if len(graphs) > BULK_MISSES or None in graphs.values():
        out = {d: f for d, f in read_facts(store).items() if d in graphs}
    else:
        out = {}
        for graph in graphs.values():
            assert graph is not None
            out.update(read_facts(store, graph))
    for d in graphs:
        out.setdefault(d, DocFacts())
    return out


def read_doc_facts(
    store: GraphStore, cache_path: Path, stored: list[StoredDocument]
) -> dict[str, DocFacts]:
    """{doc id: facts} of every stored document: from the cache for each version it holds,
    from the graph for the others (one document's graph at a time, or every graph in one
    pass past BULK_MISSES), which the cache then keeps."""
    cache = ViewCache(cache_path)
    try:
        hits = cache.read_facts(stored)
        fresh = graph_facts(
            store, {s.doc.doc_id: s.graph for s in stored if s.doc.doc_id not in hits}
        )
        by_doc = {s.doc.doc_id: s for s in stored}
        cache.write_facts(
            [(by_doc[d], f) for d, f in fresh.items() if d in by_doc], (s.version for s in stored)
        )
    finally:
        cache.close()
    return {**hits, **fresh}


def read_corpus(
    store: GraphStore, cache_path: Path, refresh: bool = False
) -> tuple[list[StoredDocument], dict[str, list[Chunk]]]:
    """Every stored document (with text) and its chunks in text order: from the cache for
    each version it holds, from the graph for the others (which the cache then keeps).
    `refresh` reads everything from the graph and rewrites the cache with it."""
    versions = stored_versions(store)
    cache = ViewCache(cache_path)
    try:
        hits = {} if refresh else cache.read(versions)
        missing = [g for g in versions if g not in hits]
        fresh: list[Entry] = []
        if len(missing) > BULK_MISSES:
            stored = [s for s in load_documents(store) if s.graph not in hits]
            chunks = load_all_chunks(store, {s.doc.doc_id: s.doc for s in stored})
            fresh = [(s, chunks.get(s.doc.doc_id, [])) for s in stored]
        else:
            for g in missing:
                for s in load_graph_documents(store, g):
                    fresh.append((s, load_graph_chunks(store, g, s.doc)))
        cache.write(fresh, versions.values())  # also drops rows of versions now gone
    finally:
        cache.close()
    entries = sorted([*hits.values(), *fresh], key=lambda e: e[0].doc.doc_id)
    return [s for s, _ in entries], {s.doc.doc_id: c for s, c in entries}


def keep_current(cache_path: Path, entries: Iterable[Entry], versions: Mapping[str, str]) -> None:
    """After documents changed: their new rows in, rows of versions the graph no longer
    names out (`versions`: {doc id: version} as the view now holds them)."""
    cache = ViewCache(cache_path)
    try:
        cache.write(entries, versions.values())
    finally:
        cache.close()
