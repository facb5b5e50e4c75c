"""Read files into `RawDocument`s. Every failure is a `DocumentError` naming the file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.errors import DocumentError, UsageError

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES


def iter_paths(paths: list[str], recursive: bool) -> Iterator[Path]:
    """Expand CLI arguments to files; a directory needs --recursive (a usage error otherwise)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if not recursive:
                raise UsageError(f"{raw}: is a directory; pass --recursive to ingest its files")
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield path


def read_text(path: Path, max_bytes: int) -> str:
    """Decode a text file strictly: binary or non-UTF-8 input is refused, not guessed at."""
    if not path.exists():
        raise DocumentError(str(path), "no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(
            str(path), f"file is {size / 1e6:.1f} MB, above the {max_bytes / 1e6:.1f} MB limit"
        )
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise DocumentError(str(path), "looks like a binary file (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            str(path), f"not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8"
        ) from None
    if not text.strip():
        raise DocumentError(str(path), "file is empty (no text to ingest)")
    return text


def _as_date(value: Any, source: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DocumentError(source, f"date {value!r} is not YYYY-MM-DD") from None


def _as_str_list(value: Any, field: str, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise DocumentError(source, f"front matter '{field}' must be a string or a list of strings")


def _optional_str(value: Any, field: str, source: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str | int | float):
        raise DocumentError(source, f"front matter '{field}' must be a string")
    return str(value).strip() or None


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    """Separate a leading `---` YAML block from the body; a broken block is an error."""
    if not text.startswith("---"):
        return {}, text
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            header = "\n".join(lines[1:i])
            body = "\n".join(lines[i + 1 :])
            break
    else:
        raise DocumentError(source, "front matter starts with '---' but is never closed")
    try:
        data = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise DocumentError(source, f"front matter is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise DocumentError(source, "front matter must be a YAML mapping (key: value lines)")
    return data, body


def metadata_from_mapping(data: dict[str, Any], source: str, fallback_title: str) -> Metadata:
    authors = _as_str_list(data.get("authors", data.get("author")), "author", source)
    title = _optional_str(data.get("title"), "title", source) or fallback_title
    return Metadata(
        title=title,
        authors=authors,
        date=_as_date(data.get("date"), source),
        url=_optional_str(data.get("url"), "url", source),
        tags=_as_str_list(data.get("tags"), "tags", source),
        publisher=_optional_str(data.get("publisher"), "publisher", source),
    )


def load_file(path: Path, max_bytes: int) -> RawDocument:
    """Load one .md/.markdown/.txt file; other suffixes are refused with a clear reason."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(source, f"unsupported file type '{suffix or path.name}' ({kinds})")
    text = read_text(path, max_bytes)
    fallback_title = path.stem.replace("-", " ").replace("_", " ").strip().capitalize()
    if suffix in {".md", ".markdown"}:
        data, body = split_front_matter(text, source)
        meta = metadata_from_mapping(data, source, fallback_title)
    else:
        body = text
        meta = Metadata(title=fallback_title)
    if not body.strip():
        raise DocumentError(source, "document has front matter but no text")
    return RawDocument(source=source, text=body, meta=meta)


def apply_overrides(meta: Metadata, overrides: dict[str, Any]) -> Metadata:
    """CLI flags win over what the file says; empty flags change nothing."""
    changes = {k: v for k, v in overrides.items() if v not in (None, (), [])}
    if "authors" in changes:
        changes["authors"] = tuple(changes["authors"])
    return replace(meta, **changes) if changes else meta
