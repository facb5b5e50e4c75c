"""HTML: main-content extraction with trafilatura (navigation, comments and widgets dropped),
keeping title, author and date when the page states them.

trafilatura's XML output keeps structure (headings, paragraphs, block quotes), which we turn
into Markdown-shaped blocks ("# ", "> ") for the cleaner; its Markdown output loses quotes.
"""

from __future__ import annotations

import datetime as dt
import re

from counterpoint.corpus.ids import is_http_url
from counterpoint.corpus.loaders.text import decode_text
from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.errors import DocumentError


def _blocks_from_xml(xml: str) -> str:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks: list[str] = []
    for el in main.iter("head", "p", "quote", "item") if main is not None else ():
        if el.getparent() is not None and el.getparent().tag == "quote" and el.tag == "p":
            continue  # the quote element renders its paragraphs itself
        text = " ".join("".join(el.itertext()).split())
        if not text:
            continue
        if el.tag == "head":
            blocks.append(f"# {text}")
        elif el.tag == "quote":
            blocks.append(f"> {text}")
        elif el.tag == "item":
            blocks.append(f"- {text}")
        else:
            blocks.append(text)
    return "\n\n".join(blocks)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def html_to_raw(html: str, source: str, fallback: str, url: str | None = None) -> RawDocument:
    import trafilatura

    try:
        xml = trafilatura.extract(
            html,
            output_format="xml",
            include_comments=False,
            include_tables=False,
            include_images=False,
            url=url,
        )
        found = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise DocumentError(source, f"cannot parse HTML ({type(exc).__name__})") from None
    text = _blocks_from_xml(xml) if xml else ""
    if not text.strip():
        raise DocumentError(source, "no main text found in the HTML page")
    authors: tuple[str, ...] = ()
    if found is not None and found.author:
        authors = tuple(a.strip() for a in found.author.split(";") if a.strip())
    meta = Metadata(
        title=(found.title if found is not None and found.title else fallback),
        authors=authors,
        date=_date(found.date if found is not None else None),
        # A page's own canonical link may be anything (javascript:, a relative path): keep
        # it only when it is an http(s) URL that may be stored and shown as a link.
        url=url or (found.url if found is not None and is_http_url(found.url) else None),
        publisher=found.sitename if found is not None and found.sitename else None,
    )
    return RawDocument(source=source, text=text, meta=meta)


_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def decode_html(data: bytes, source: str) -> str:
    """UTF-8, or the charset the page itself declares in a <meta> tag (not a guess)."""
    declared = _CHARSET.search(data[:4096])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            return decode_text(text.encode("utf-8"), source)
    return decode_text(data, source)


def load_html(data: bytes, source: str, fallback: str) -> RawDocument:
    return html_to_raw(decode_html(data, source), source, fallback)
