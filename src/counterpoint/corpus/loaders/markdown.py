"""Markdown with optional YAML front matter (title, author|authors, date, url, tags, publisher).

Wrongly typed fields are refused rather than coerced: a nested mapping as author would
otherwise end up as a garbled name in every citation. The block is split here, not with
python-frontmatter: that library reads an unclosed block or a non-mapping as plain body text
(and sniffs JSON/TOML headers), where we want one line naming the problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from counterpoint.corpus.loaders.text import decode_text
from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.errors import DocumentError


def _as_date(value: Any, source: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise DocumentError(source, f"front matter 'date' {value!r} is not YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise DocumentError(source, f"front matter 'date' {value!r} is not YYYY-MM-DD") from None


def _as_str_list(value: Any, field: str, source: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise DocumentError(source, f"front matter '{field}' must be a string or a list of strings")


def _as_flag(value: Any, field: str, source: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise DocumentError(source, f"front matter field {field!r} must be true or false")
    return value


def _optional_str(value: Any, field: str, source: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
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
    except ValueError as exc:  # PyYAML builds `date: 2024-02-30` and fails outside its errors
        raise DocumentError(source, f"front matter has an impossible value ({exc})") from None
    except RecursionError:  # `[[[[…]]]]` nested thousands deep
        raise DocumentError(source, "front matter is nested too deeply") from None
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
        principal=_as_flag(data.get("principal"), "principal", source),
    )


def load_markdown(data: bytes, source: str, fallback: str) -> RawDocument:
    text = decode_text(data, source)
    front, body = split_front_matter(text, source)
    meta = metadata_from_mapping(front, source, fallback)
    if not body.strip():
        raise DocumentError(source, "document has front matter but no text")
    return RawDocument(source=source, text=body, meta=meta)
