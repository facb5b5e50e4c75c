"""What the links update keeps of each essay version between updates, so that one change
reads and computes in proportion to the essays it touches, not to the corpus.

Per essay version: its claims with the links inside the essay (as `kg/claims.load_essay_claims`
reads them), the sentence before each claim (its context), and its mean claim vector (what
decides which essays are related, `kg/extract/essay_pairs.linkable`). All are functions of the
version (and, for the vector, of the embedding model, recorded once for the file), so an
entry of another version is never used.

One SQLite file (`vectors/link-cache.sqlite`, the standard library's sqlite3): an update
reads the mean vectors of every essay in one query (10k essays: 15 MB) and the claims of the
few essays a change relates to by key, and writes only the changed essays' rows in one
transaction. The one-JSON-file form it replaces was parsed (2.1 s) and rewritten (1.0 s) in
full at 10k essays for every added essay.

A cache: an entry that is missing, of another version or model, or unreadable is read from
the graph again; a file SQLite cannot read is deleted and started afresh (`doctor` reports
it, `--repair` deletes it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np

from counterpoint.kg.claims import ClaimRecord

CACHE_FILE = "link-cache.sqlite"
OLD_FILES = ("link-contexts.json",)  # the earlier one-file form, deleted when met
LAYOUT = "1"  # bump when a row's meaning changes: every entry is then read again

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS essays (
  doc_id TEXT PRIMARY KEY,
  version TEXT NOT NULL,
  claims TEXT,      -- JSON rows (see _row), NULL when not known
  contexts TEXT,    -- JSON {claim id: sentence before it}, NULL when not known
  vector BLOB       -- float32 mean claim vector; empty for an essay without claims
);
"""


def _row(r: ClaimRecord) -> list[object]:
    return [
        *(r.id, r.text, r.start, r.end, r.is_thesis, r.confidence, r.provenance),
        *(r.attacks, r.supports, r.link_confidence),
    ]


def _record(doc_id: str, row: list[object]) -> ClaimRecord:
    i, t, b, e, th, c, p, att, sup, conf = row
    assert isinstance(att, list) and isinstance(sup, list) and isinstance(conf, dict)
    return ClaimRecord(
        str(i),
        doc_id,
        str(t),
        int(str(b)),
        int(str(e)),
        bool(th),
        float(str(c)),
        str(p),
        attacks=[str(x) for x in att],
        supports=[str(x) for x in sup],
        link_confidence={str(k): float(v) for k, v in conf.items()},
    )


def _records(doc_id: str, raw: object) -> list[ClaimRecord] | None:
    """A claims column as records; None when it is missing or does not parse."""
    if not isinstance(raw, str):
        return None
    try:
        return [_record(doc_id, row) for row in json.loads(raw)]
    except (TypeError, ValueError, AssertionError, AttributeError):
        return None


class LinkCache:
    """Per essay version: claims, contexts, mean claim vector (see the module docstring).
    `path` None keeps it in memory for one update. Changes are written by `save`, in one
    transaction; `close` releases the file. `read_only` (doctor) never writes: the file is
    opened read-only and an entry of another layout or model reads as missing."""

    def __init__(self, path: Path | None, model: str, read_only: bool = False) -> None:
        self.path = path
        self.model = model
        self.read_only = read_only
        if path is not None and not read_only:
            for old in OLD_FILES:
                (path.parent / old).unlink(missing_ok=True)
        self.db = self._open()

    @classmethod
    def reader(cls, path: Path) -> LinkCache:
        """Opened read-only for a reader of claims (answering), whatever model the file was
        written for (claims do not depend on it); an absent file reads as empty."""
        model = ""
        if path.exists():
            try:
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                    model = dict(db.execute("SELECT key, value FROM meta").fetchall()).get(
                        "model", ""
                    )
            except sqlite3.DatabaseError:
                model = ""
        if not model:
            return cls(None, "", read_only=False)  # nothing to read: an empty memory cache
        return cls(path, model, read_only=True)

    def _open(self) -> sqlite3.Connection:
        if self.read_only:
            assert self.path is not None
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta != {"layout": LAYOUT, "model": self.model}:
                db.close()
                db = sqlite3.connect(":memory:", check_same_thread=False)
                db.executescript(_SCHEMA)
            return db
        target = ":memory:" if self.path is None else str(self.path)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect(target)
        except sqlite3.DatabaseError:  # not a database, or damaged: start afresh
            assert self.path is not None
            self.path.unlink(missing_ok=True)
            db = self._connect(target)
        return db

    def _connect(self, target: str) -> sqlite3.Connection:
        # one writer per workspace (the embedded store's); the timeout only covers a reader
        db = sqlite3.connect(
            target, isolation_level="DEFERRED", check_same_thread=False, timeout=30
        )
        try:
            db.executescript(_SCHEMA)
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta != {"layout": LAYOUT, "model": self.model}:
                db.execute("DELETE FROM essays")
                db.execute("DELETE FROM meta")
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)", [("layout", LAYOUT), ("model", self.model)]
                )
            db.commit()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _reset(self) -> None:
        """The file went bad while in use: start afresh (a cache only saves work); read-only,
        go on with nothing cached and leave the file as it is."""
        self.db.close()
        if self.read_only:
            self.db = sqlite3.connect(":memory:", check_same_thread=False)
            self.db.executescript(_SCHEMA)
            return
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self.db = self._open()

    def _fetch(self, query: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        try:
            return self.db.execute(query, args).fetchall()
        except sqlite3.DatabaseError:
            self._reset()
            return []

    def _column(self, column: str, doc_id: str, version: str) -> object | None:
        rows = self._fetch(
            f"SELECT {column} FROM essays WHERE doc_id = ? AND version = ?", (doc_id, version)
        )
        return rows[0][0] if rows else None

    def _put(self, column: str, doc_id: str, version: str, value: object) -> None:
        try:
            held = self.db.execute(
                "SELECT version FROM essays WHERE doc_id = ?", (doc_id,)
            ).fetchall()
            if held and held[0][0] == version:
                self.db.execute(f"UPDATE essays SET {column} = ? WHERE doc_id = ?", (value, doc_id))
            else:  # a new essay, or a new version: the old version's fields go with it
                self.db.execute(
                    f"INSERT OR REPLACE INTO essays (doc_id, version, {column}) VALUES (?, ?, ?)",
                    (doc_id, version, value),
                )
        except sqlite3.DatabaseError:
            self._reset()

    def claims(self, doc_id: str, version: str) -> list[ClaimRecord] | None:
        """The claims stored with this version of the essay, with the links inside it (no
        status or strength), or None when not cached."""
        return _records(doc_id, self._column("claims", doc_id, version))

    def all_claims(self, versions: Mapping[str, str]) -> dict[str, list[ClaimRecord]]:
        """Essay -> its claims, for the essays of `versions` ({doc: version}) whose entry
        holds claims of that version (one pass over the file, not one query per essay)."""
        out: dict[str, list[ClaimRecord]] = {}
        for doc_id, version, raw in self._fetch("SELECT doc_id, version, claims FROM essays"):
            d = str(doc_id)
            if versions.get(d) == version and (got := _records(d, raw)) is not None:
                out[d] = got
        return out

    def put_claims(self, doc_id: str, version: str, records: list[ClaimRecord]) -> None:
        self._put("claims", doc_id, version, json.dumps([_row(r) for r in records]))

    def contexts(self, doc_id: str, version: str) -> dict[str, str] | None:
        raw = self._column("contexts", doc_id, version)
        try:
            got = json.loads(raw) if isinstance(raw, str) else None
        except ValueError:
            return None
        if not isinstance(got, dict) or not all(isinstance(v, str) for v in got.values()):
            return None
        return got

    def put_contexts(self, doc_id: str, version: str, contexts: dict[str, str]) -> None:
        self._put("contexts", doc_id, version, json.dumps(contexts, sort_keys=True))

    def vectors(self, versions: Mapping[str, str]) -> dict[str, np.ndarray | None]:
        """Essay -> its mean claim vector (None: the essay has no claims), for the essays of
        `versions` ({doc: version}) whose entry holds one for that version."""
        out: dict[str, np.ndarray | None] = {}
        for doc_id, version, blob in self._fetch("SELECT doc_id, version, vector FROM essays"):
            if not isinstance(blob, bytes) or versions.get(str(doc_id)) != version:
                continue
            if not blob:
                out[str(doc_id)] = None
            elif len(blob) % 4 == 0:
                out[str(doc_id)] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put_vector(self, doc_id: str, version: str, vector: np.ndarray | None) -> None:
        blob = b"" if vector is None else np.asarray(vector, dtype=np.float32).tobytes()
        self._put("vector", doc_id, version, blob)

    def doc_ids(self) -> set[str]:
        return {str(r[0]) for r in self._fetch("SELECT doc_id FROM essays")}

    def drop(self, doc_ids: Collection[str]) -> None:
        try:
            self.db.executemany("DELETE FROM essays WHERE doc_id = ?", [(d,) for d in doc_ids])
        except sqlite3.DatabaseError:
            self._reset()

    def keep_only(self, doc_ids: Collection[str]) -> None:
        self.drop(self.doc_ids() - set(doc_ids))

    def save(self) -> None:
        try:
            self.db.commit()
        except sqlite3.DatabaseError:
            self._reset()

    def close(self) -> None:
        self.db.close()
