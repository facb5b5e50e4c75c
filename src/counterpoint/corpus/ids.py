"""Stable identifiers. Derived from content, offsets and sources, never from row numbers, so the
same input always yields the same ids and IRIs (re-ingest is a no-op, links survive rebuilds).

Slugs are ASCII: accented Latin letters lose their accents (NFKD, as since the first release,
so existing ids do not move) and letters of other scripts are romanised with `anyascii`
(ISC licence) instead of being dropped, which used to turn every Greek, Cyrillic or Chinese
title into the same slug "document".
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

ID_MAX_LEN = 64
HASH_LEN = 8
# Longer titles only ever yield the first 64 slug characters; bound the work on hostile input.
_SLUG_INPUT_CAP = 10_000
# Characters that may not appear in an IRI (RFC 3987) or that a shell, a citation manager or
# an HTML attribute would misread: a URL holding one is refused, not escaped behind the back.
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f<>\"{}|\\^`]")
# Last URL segments that name a file type rather than the page ("…/post/index.html").
_GENERIC_TAIL = re.compile(r"^(index|default)(\.[a-z0-9]{1,5})?$", re.IGNORECASE)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_hash(value: str, length: int = HASH_LEN) -> str:
    """A few hex digits of SHA-256: enough to tell sources apart inside one workspace."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _is_cjk(ch: str) -> bool:
    """Han ideographs romanise to one syllable each; spaces between them keep words apart."""
    code = ord(ch)
    return 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0x20000 <= code <= 0x3134F


def transliterate(value: str) -> str:
    """ASCII for a slug. Per character: ASCII as is; what NFKD reduces to ASCII (é → e, ﬁ → fi)
    as before; other letters and digits romanised by anyascii (Ж → Zh, 北 → Bei); marks,
    punctuation and symbols with no ASCII decomposition dropped, as before."""
    value = value[:_SLUG_INPUT_CAP]
    if value.isascii():
        return value
    from anyascii import anyascii

    out: list[str] = []
    for ch in value:
        if ch.isascii():
            out.append(ch)
            continue
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
        if plain:
            out.append(plain)
        elif unicodedata.category(ch)[0] in "LN":
            roman = anyascii(ch)
            out.append(f" {roman} " if _is_cjk(ch) else roman)
    return "".join(out)


def slugify(value: str, max_len: int = ID_MAX_LEN) -> str:
    """ASCII, lowercase, hyphenated; safe inside IRIs, file names and CLI arguments.
    Idempotent on its own output, so it doubles as the sanitiser for ids put into queries."""
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(value).lower()).strip("-")
    slug = slug[:max_len].rstrip("-")
    return slug or "document"


def with_hash(base: str, key: str) -> str:
    """`base` made unique for `key`: the slug cut so that slug + '-' + hash stays a valid id."""
    head = base[: ID_MAX_LEN - HASH_LEN - 1].rstrip("-")
    return f"{head}-{short_hash(key)}"


def canonical_url(url: str) -> str | None:
    """The form of an http(s) URL used to compare sources (scheme and host lower-cased,
    default port and fragment dropped, empty path as "/"), or None if it is not a usable
    http(s) URL: any other scheme (javascript:, data:, file:), no host, or characters that
    are not allowed in an IRI."""
    if not isinstance(url, str) or _URL_FORBIDDEN.search(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        return None
    default = {"http": 80, "https": 443}[scheme]
    netloc = host if port in (None, default) else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if port in (None, default) else f"[{host}]:{port}"
    if parts.username or parts.password:
        return None  # credentials in a stored, exported URL would leak them
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def is_http_url(url: str | None) -> bool:
    """True only for URLs that may be stored, exported and rendered as a link."""
    return url is not None and canonical_url(url) is not None


def source_key(url: str | None, source: str) -> str:
    """What makes two inputs the same document: the essay's own http(s) URL when it states
    one (so an edited copy saved elsewhere still updates it), else where it was read from:
    the fetched URL or the file's absolute, symlink-resolved path."""
    if url:
        canonical = canonical_url(url)
        if canonical:
            return canonical
    return origin_of(source)


def origin_of(source: str) -> str:
    """Where the bytes came from, in one spelling: a canonical URL or an absolute path."""
    if source.lower().startswith(("http://", "https://")):
        return canonical_url(source) or source
    try:
        return str(Path(source).resolve())
    except (OSError, RuntimeError):  # a symlink loop: the path as given is still a name
        return str(Path(source).absolute())


def url_slug_source(url: str) -> str:
    """The part of a URL that names the essay: its last path segment, or the one before a
    generic "index.html", or the whole URL when the segment is too short to mean anything."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    while segments and _GENERIC_TAIL.match(segments[-1]):
        segments.pop()
    tail = (segments[-1] if segments else "") + (f"?{parts.query}" if parts.query else "")
    return tail if len(tail) > 3 else url


def base_doc_id(title: str, url: str | None, key: str) -> str:
    """The readable id a document asks for: a slug of its URL's last segment or its title.
    A title with nothing to slug (only symbols) gets a hash of its source instead of a name
    shared by every such document."""
    source = url_slug_source(url) if url and is_http_url(url) else title
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(source).lower()).strip("-")
    if not slug:
        return with_hash("document", key)
    return slug[:ID_MAX_LEN].rstrip("-")


def span_id(doc_id: str, text_hash: str, start: int, end: int, kind: str = "chunk") -> str:
    digest = hashlib.sha256(f"{doc_id}|{text_hash}|{kind}|{start}|{end}".encode()).hexdigest()
    return f"{kind[:2]}-{digest[:16]}"
