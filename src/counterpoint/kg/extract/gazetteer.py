"""The shipped gazetteer: named entities in `gazetteer.json`, general domain terms in
`lexicon/concepts.json`; this module reads and checks both.

Why two files: a named entity (organisation, person, product, protocol) is listed only with a
public identifier, its Wikidata QID, so the list cannot grow names that only our own essays use
(their authors, the people they quote). Any other capitalised name is still found, by the
general pattern in entities.py, as an unlisted "Thing". Concepts are ordinary terms of the
field; their file says where they come from and what may not be one (phrases of our essays).

`gazetteer.json` holds one entity per line (label, type, QID, aliases), so a review or a diff
shows exactly which entity or alias changed. A malformed entry fails at first use instead of
silently dropping an entity; after a hand edit, `python -m counterpoint.kg.extract.gazetteer`
rewrites the file in that canonical form (a test checks the shipped file is already in it, so
nothing in it goes unread).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

# What a listed entity may be; unlisted capitalised names become "Thing" in entities.py.
ENTITY_TYPES = ("Organization", "Person", "Product", "Protocol", "Concept")
_QID = re.compile(r"Q[1-9][0-9]*")
_FILE = "gazetteer.json"
_CONCEPTS = "concepts.json"
# Types that name one thing in the world: listed only with a QID.
NAMED_TYPES = ("Organization", "Person", "Product", "Protocol")


@dataclass(frozen=True)
class GazetteerEntry:
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


def _entry(i: int, row: Any) -> GazetteerEntry:
    where = f"{_FILE} entry {i}"
    if not isinstance(row, dict) or not {"label", "type", "aliases"} <= set(row):
        raise ValueError(f"{where}: needs label, type and aliases")
    unknown = set(row) - {"label", "type", "aliases", "wikidata"}
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    label, kind, aliases, qid = row["label"], row["type"], row["aliases"], row.get("wikidata")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{where}: empty label")
    if kind not in ENTITY_TYPES:
        raise ValueError(f"{where} ({label}): type {kind!r} is not one of {ENTITY_TYPES}")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        raise ValueError(f"{where} ({label}): aliases must be non-empty strings")
    if qid is not None and not (isinstance(qid, str) and _QID.fullmatch(qid)):
        raise ValueError(f"{where} ({label}): {qid!r} is not a Wikidata QID")
    if kind in NAMED_TYPES and qid is None:
        raise ValueError(f"{where} ({label}): a named {kind} needs its Wikidata QID")
    return GazetteerEntry(label, kind, tuple(aliases), qid)


def parse_gazetteer(text: str) -> list[GazetteerEntry]:
    """Entries of a gazetteer file's text, in file order (earlier entries win shared aliases)."""
    rows = json.loads(text)
    if not isinstance(rows, list):
        raise ValueError(f"{_FILE}: expected a JSON list of entities")
    return [_entry(i, row) for i, row in enumerate(rows)]


def parse_concepts(text: str) -> list[GazetteerEntry]:
    """Concept entries of a concepts file: {"_about": source, "concepts": [{label, aliases}]}."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("_about"), str):
        raise ValueError(f"{_CONCEPTS}: expected an object with an '_about' source note")
    rows = data.get("concepts")
    if not isinstance(rows, list):
        raise ValueError(f"{_CONCEPTS}: expected a 'concepts' list")
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or set(row) != {"label", "aliases"}:
            raise ValueError(f"{_CONCEPTS} entry {i}: needs exactly label and aliases")
        out.append(_entry(i, {**row, "type": "Concept"}))
    return out


def load_gazetteer() -> list[GazetteerEntry]:
    """The shipped entities: named ones (with QIDs) first, then the general concepts."""
    named = parse_gazetteer(
        resources.files("counterpoint.kg.extract").joinpath(_FILE).read_text("utf-8")
    )
    concepts = parse_concepts(
        resources.files("counterpoint.kg.extract.lexicon").joinpath(_CONCEPTS).read_text("utf-8")
    )
    return named + concepts


def dumps_gazetteer(entries: list[GazetteerEntry]) -> str:
    """The canonical file text: a JSON list, one entity per line."""
    lines = []
    for e in entries:
        row: dict[str, Any] = {"label": e.label, "type": e.type}
        if e.wikidata:
            row["wikidata"] = e.wikidata
        row["aliases"] = list(e.aliases)
        lines.append(json.dumps(row, ensure_ascii=False))
    return "[\n" + ",\n".join(lines) + "\n]\n"


if __name__ == "__main__":  # pragma: no cover
    path = Path(__file__).with_name(_FILE)  # the named entities; concepts.json is hand-kept
    path.write_text(dumps_gazetteer(parse_gazetteer(path.read_text("utf-8"))), encoding="utf-8")
