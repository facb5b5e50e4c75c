"""Read sources into `RawDocument`s, one module per format. Every failure is a `DocumentError`
naming the source, so one bad file never stops the others.

Decoding policy (documented choice): text must be UTF-8 (a BOM is accepted). HTML may declare
another charset in a <meta> tag, which is honoured because it is stated, not guessed. Latin-1 or
other undeclared legacy encodings are refused with a message asking to re-save as UTF-8: a
wrong guess would silently corrupt every quote taken from the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from counterpoint.corpus.loaders.common import fallback_title, read_bytes
from counterpoint.corpus.loaders.html import load_html
from counterpoint.corpus.loaders.markdown import load_markdown, metadata_from_mapping
from counterpoint.corpus.loaders.pdf import load_pdf
from counterpoint.corpus.loaders.text import decode_text, load_text
from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.errors import DocumentError, UsageError

LOADERS = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
}
SUPPORTED_SUFFIXES = frozenset(LOADERS)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "apply_overrides",
    "decode_text",
    "is_url",
    "iter_paths",
    "load_file",
    "load_source",
    "metadata_from_mapping",
]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def iter_paths(paths: list[str], recursive: bool) -> Iterator[str]:
    """Expand CLI arguments to sources (files or URLs); a directory needs --recursive."""
    for raw in paths:
        if is_url(raw):
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            if not recursive:
                raise UsageError(f"{raw}: is a directory; pass --recursive to ingest its files")
            yield from sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield raw


def load_file(path: Path, max_bytes: int) -> RawDocument:
    """Load one local file by its suffix; other suffixes are refused with a clear reason."""
    source = str(path)
    suffix = path.suffix.lower()
    loader = LOADERS.get(suffix)
    if not path.exists():
        raise DocumentError(source, "no such file")
    if loader is None:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(source, f"unsupported file type '{suffix or path.name}' ({kinds})")
    data = read_bytes(path, max_bytes)
    return loader(data, source, fallback_title(path.stem))


def load_source(
    source: str,
    max_bytes: int,
    allow_network: bool = False,
    timeout_s: float = 20.0,
    allow_private: bool = False,
) -> RawDocument:
    """A file path, or an http(s) URL when the user allowed the network (and, for loopback
    or private addresses, allowed those too: see `loaders.url`)."""
    if is_url(source):
        if not allow_network:
            raise DocumentError(source, "fetching URLs needs --allow-network")
        from counterpoint.corpus.loaders.url import load_url

        return load_url(source, max_bytes, timeout_s, allow_private)
    return load_file(Path(source), max_bytes)


def apply_overrides(meta: Metadata, overrides: dict[str, Any]) -> Metadata:
    """CLI flags win over what the file says; empty flags change nothing."""
    changes = {k: v for k, v in overrides.items() if v not in (None, (), [])}
    if "authors" in changes:
        changes["authors"] = tuple(changes["authors"])
    return replace(meta, **changes) if changes else meta
