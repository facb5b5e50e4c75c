"""Word lists and cue lexicons as data files, one entry a line, each file saying where its
entries come from. Code reads them here; nothing in a list may come from our own essays."""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def words(name: str) -> frozenset[str]:
    """The entries of `<name>.txt` in this package, lower-cased, comments and blanks dropped."""
    text = resources.files(__package__).joinpath(f"{name}.txt").read_text("utf-8")
    out = set()
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            out.add(entry)
    return frozenset(out)
