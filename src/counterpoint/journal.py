"""The change journal: what an ingest (or remove) is about to change, written before it changes
anything, cleared only once everything derived from the graph has been rebuilt.

Why: documents switch version one transaction at a time, but the links graph and the search
indexes are rebuilt once at the end. A kill between the two used to leave stale links that
nothing noticed: `doctor` said ok and the next ingest said "unchanged". Now the journal on disk
*is* the stale mark: while it exists, derived data may be behind the graph, `doctor` reports it
(and `--repair` finishes the rebuild) and the next ingest rebuilds even if no document changed.

The file is small JSON, written by rename + fsync (`derived.atomic_write_text`), so it is either the
old or the new journal, never a torn one; an unreadable journal still counts as stale.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterpoint.derived import atomic_write_text, fsync_dir

JOURNAL_NAME = "changes.journal.json"


@dataclass
class Journal:
    """One workspace's journal, kept in the folder of the derived files it marks stale."""

    folder: Path
    started: str = ""
    operation: str = ""
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / JOURNAL_NAME

    def pending(self) -> dict[str, Any] | None:
        """The journal a previous run left (it was interrupted), or None when derived data is
        fresh. An unreadable journal is reported as pending, without details."""
        if not self.path.exists():
            return None
        try:
            data = json.loads(self.path.read_text())
            return data if isinstance(data, dict) else {"unreadable": True}
        except (OSError, ValueError):
            return {"unreadable": True}

    def begin(self, operation: str) -> None:
        """Start recording (nothing is written until the first change is announced)."""
        self.operation = operation
        self.started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.changes = []

    def will_change(self, doc_id: str, old: str | None, new: str | None, source: str) -> None:
        """Record, durably, that `doc_id` goes from version `old` to `new` (None: absent);
        called before its vectors or graph are written."""
        self.changes.append({"doc_id": doc_id, "old": old, "new": new, "source": source})
        self._write("documents")

    def rebuilding(self) -> None:
        """Documents are written; the links graph and the indexes are being rebuilt."""
        self._write("derived")

    def _write(self, stage: str) -> None:
        data = {
            "operation": self.operation or "ingest",
            "started": self.started,
            "stage": stage,
            "changes": self.changes,
        }
        atomic_write_text(self.path, json.dumps(data, indent=1))

    def clear(self) -> None:
        """Derived data is fresh again."""
        if self.path.exists():
            os.unlink(self.path)
            fsync_dir(self.folder)
        self.changes = []


def describe(pending: dict[str, Any]) -> str:
    """One line for `doctor`: what was interrupted and how much."""
    if pending.get("unreadable"):
        return "an interrupted change left an unreadable journal"
    changes = pending.get("changes") or []
    docs = sorted({str(c.get("doc_id")) for c in changes if isinstance(c, dict)})
    what = f"{len(docs)} document(s), e.g. {docs[0]}" if docs else "no document yet"
    stage = "while rebuilding derived data" if pending.get("stage") == "derived" else "mid-way"
    return (
        f"an {pending.get('operation', 'ingest')} started {pending.get('started', '?')} "
        f"was interrupted {stage} ({what})"
    )
