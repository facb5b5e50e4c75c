"""Fetch one http(s) URL with our own client: a timeout, a size limit enforced while
streaming, and no other scheme (never `Graph.parse(url)`, which follows file:// too)."""

from __future__ import annotations

from urllib.parse import urlparse

from counterpoint.corpus.loaders.common import check_size, fallback_title
from counterpoint.corpus.loaders.html import html_to_raw
from counterpoint.corpus.loaders.markdown import load_markdown
from counterpoint.corpus.loaders.pdf import load_pdf
from counterpoint.corpus.loaders.text import load_text
from counterpoint.corpus.models import RawDocument
from counterpoint.errors import DocumentError


def fetch(url: str, max_bytes: int, timeout_s: float) -> tuple[bytes, str, str]:
    """(body, content type, final URL); redirects followed, size checked as bytes arrive."""
    import httpx

    chunks: list[bytes] = []
    total = 0
    try:
        with (
            httpx.Client(follow_redirects=True, timeout=timeout_s, max_redirects=5) as client,
            client.stream("GET", url, headers={"User-Agent": "counterpoint"}) as resp,
        ):
            if resp.status_code >= 400:
                raise DocumentError(url, f"HTTP {resp.status_code} from server")
            if urlparse(str(resp.url)).scheme not in ("http", "https"):
                raise DocumentError(url, "redirected to a non-http(s) URL")
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit():
                check_size(url, int(declared), max_bytes)
            for chunk in resp.iter_bytes():
                total += len(chunk)
                check_size(url, total, max_bytes)
                chunks.append(chunk)
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            return b"".join(chunks), ctype, str(resp.url)
    except httpx.TimeoutException:
        raise DocumentError(url, f"timed out after {timeout_s:g} s") from None
    except httpx.HTTPError as exc:
        raise DocumentError(url, f"cannot fetch ({type(exc).__name__})") from None


def load_url(url: str, max_bytes: int, timeout_s: float) -> RawDocument:
    data, ctype, final = fetch(url, max_bytes, timeout_s)
    path = urlparse(final).path
    fallback = fallback_title(path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "page")
    if ctype == "application/pdf" or path.lower().endswith(".pdf"):
        raw = load_pdf(data, url, fallback)
    elif ctype in ("text/markdown", "text/x-markdown") or path.lower().endswith(".md"):
        raw = load_markdown(data, url, fallback)
    elif ctype == "text/plain":
        raw = load_text(data, url, fallback)
    elif ctype in ("text/html", "application/xhtml+xml", ""):
        from counterpoint.corpus.loaders.html import decode_html

        return html_to_raw(decode_html(data, url), url, fallback, url=final)
    else:
        raise DocumentError(url, f"unsupported content type '{ctype}'")
    from dataclasses import replace

    return replace(raw, meta=replace(raw.meta, url=raw.meta.url or final))
