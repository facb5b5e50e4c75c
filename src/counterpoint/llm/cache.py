"""LLM judgments cached by content hash, so a re-ingest or a links rebuild never asks the
model twice about the same claim pair or the same document text.

The key is a SHA-256 of everything the answer depends on (model, prompt version, the texts
judged); the value is the validated judgment as JSON. Only validated answers are stored, so a
malformed reply is asked again next time rather than remembered. The cache is one SQLite file
in the workspace (safe across processes: SQLite locks the file); a cache opened without a path
lives in memory, for tests and one-off runs.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

FILE_NAME = "llm-judgments.sqlite"


def content_key(*parts: str) -> str:
    """Hash of the parts, unambiguous (length-prefixed, so ('ab','c') != ('a','bc'))."""
    h = hashlib.sha256()
    for p in parts:
        data = p.encode("utf-8")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class JudgmentCache:
    """key -> JSON value; `hits`/`misses` count look-ups (the bench and tests read them)."""

    def __init__(self, path: Path | None = None) -> None:
        self._lock = threading.Lock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS judgment (key TEXT PRIMARY KEY, value TEXT)")
        self._db.commit()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Any | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM judgment WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return json.loads(row[0])

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO judgment (key, value) VALUES (?, ?)",
                (key, json.dumps(value, ensure_ascii=False)),
            )
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
