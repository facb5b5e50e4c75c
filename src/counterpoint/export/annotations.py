"""W3C Web Annotations (JSON-LD) for claims and for the citations of an answer.

Each annotation targets the document's URL with a TextQuoteSelector (exact, prefix, suffix)
and a TextPositionSelector over the canonical text; the body carries the claim's status and
its attack/support links. Only terms of the W3C context are used, so every key maps to RDF
(tests expand the output with the vendored context, kg-free of any network).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from counterpoint.answer.models import Answer
from counterpoint.corpus.models import Document
from counterpoint.export.records import ClaimRecord
from counterpoint.kg.namespaces import Iris

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_AFFIX = 32


def anno_context() -> dict[str, Any]:
    """The vendored W3C Web Annotation JSON-LD context (the document at ANNO_CONTEXT)."""
    path = resources.files("counterpoint.export") / "data" / "anno.jsonld"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _target(doc: Document, iris: Iris, start: int, end: int) -> dict[str, Any]:
    text = doc.text
    return {
        "type": "SpecificResource",
        "source": doc.meta.url or iris.doc(doc.doc_id),
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": text[start:end],
                "prefix": text[max(0, start - _AFFIX) : start],
                "suffix": text[end : end + _AFFIX],
            },
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _link(iri: str, label: str) -> dict[str, Any]:
    return {"type": "SpecificResource", "source": iri, "purpose": "linking", "label": label}


def claim_annotation(claim: ClaimRecord, doc: Document, iris: Iris) -> dict[str, Any]:
    kind = "thesis" if claim.thesis else "claim"
    body: list[dict[str, Any]] = [
        {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": f"{kind}; status: {claim.status or 'unassessed'}",
            "format": "text/plain",
        }
    ]
    body += [_link(i, "attacked by") for i in claim.attacked_by]
    body += [_link(i, "supported by") for i in claim.supported_by]
    body += [_link(i, "attacks") for i in claim.attacks]
    body += [_link(i, "supports") for i in claim.supports]
    return {
        "id": claim.iri,
        "type": "Annotation",
        "motivation": "classifying",
        "label": claim.claim_id,
        "body": body,
        "target": _target(doc, iris, claim.start, claim.end),
    }


def answer_annotations(answer: Answer, docs: dict[str, Document], iris: Iris) -> list[dict]:
    """One annotation per citation whose quote matches its document (others are left out)."""
    out = []
    for c in answer.citations:
        doc = docs.get(c.doc_id)
        if doc is None or doc.text[c.start : c.end] != c.quote:
            continue
        out.append(
            {
                "type": "Annotation",
                "motivation": "linking" if c.claim_id else "highlighting",
                "label": f"[{c.n}] {answer.question}",
                "body": {
                    "type": "TextualBody",
                    "purpose": "commenting",
                    "value": f"Cited as [{c.n}] in the answer to: {answer.question}",
                    "format": "text/plain",
                },
                "target": _target(doc, iris, c.start, c.end),
            }
        )
    return out


def annotation_collection(annotations: list[dict[str, Any]], label: str) -> dict[str, Any]:
    """A JSON-LD document: an AnnotationCollection whose first page holds the annotations."""
    return {
        "@context": ANNO_CONTEXT,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": annotations},
    }
