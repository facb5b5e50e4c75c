"""PDF via its text layer (pypdf). Pages are separated by form feeds, which the cleaner turns
into "page" spans so citations can say "p. 3". No OCR: a scanned PDF is refused clearly."""

from __future__ import annotations

import datetime as dt
import io
import logging

from counterpoint.corpus.models import Metadata, RawDocument
from counterpoint.errors import DocumentError


def _pdf_date(value: object) -> dt.date | None:
    text = str(value or "")
    if text.startswith("D:"):
        text = text[2:]
    try:
        return dt.date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except (ValueError, IndexError):
        return None


# Endings that let a short line close its paragraph (a line test, not sentence splitting:
# sentences are `counterpoint.corpus.sentences`).
_PARAGRAPH_END = (".", "!", "?", ":", "”", '"')


def paragraphs_of_page(text: str) -> str:
    """pypdf gives one line per printed line and no blank lines; put them back the usual way:
    a short line ending a sentence ends its paragraph, and a heading-shaped line (short,
    capitalised, unpunctuated) stands alone."""
    from counterpoint.corpus.clean import is_heading

    lines = [line.strip() for line in text.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        heading = is_heading(line) and len(line) < 0.7 * width
        if heading and out and out[-1]:
            out.append("")
        out.append(line)
        if heading or (line.endswith(_PARAGRAPH_END) and len(line) < 0.8 * width):
            out.append("")
    return "\n".join(out).strip()


def load_pdf(data: bytes, source: str, fallback: str) -> RawDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would break our lines
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                unlocked = bool(reader.decrypt(""))
            except Exception:
                unlocked = False
            if not unlocked:
                raise DocumentError(source, "encrypted PDF (needs a password); decrypt it first")
        pages = [(page.extract_text() or "") for page in reader.pages]
        info = reader.metadata
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(source, f"not a readable PDF ({type(exc).__name__})") from None
    except Exception as exc:  # pypdf has no single error base for broken files
        raise DocumentError(source, f"not a readable PDF ({type(exc).__name__})") from None
    if not pages:
        raise DocumentError(source, "PDF has no pages")
    if not any(p.strip() for p in pages):
        raise DocumentError(source, "no extractable text: scanned PDF? (OCR it first)")
    title = str(info.title).strip() if info is not None and info.title else ""
    author = str(info.author).strip() if info is not None and info.author else ""
    meta = Metadata(
        title=title or fallback,
        authors=(author,) if author else (),
        date=_pdf_date(info.get("/CreationDate")) if info is not None else None,
    )
    text = "\f".join(paragraphs_of_page(p.replace("\f", "\n")) for p in pages)
    return RawDocument(source=source, text=text, meta=meta)
