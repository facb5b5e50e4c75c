"""The Essay view: an essay's argument read from the graph. Thesis claims first, then every
claim with its status (and gradual strength when the graph has one), who attacks and who
supports it (quoted, with the other essay's title), and ready-made challenges.

Quotes are claim texts, which ingest stores as exactly text[start:end] of their document.
"""

from __future__ import annotations

from typing import Any

from counterpoint.kg.claims import ClaimRecord
from counterpoint.ui.ports import AppService
from counterpoint.ui.render import escape

_STATUS_BADGE = {"standing": "🟢 standing", "defeated": "🔴 defeated", "undecided": "🟡 undecided"}


def challenge_text(claim_text: str) -> str:
    """A challenge the chat recognises as disputing the claim (quoted verbatim)."""
    return f"Isn't it wrong that “{claim_text.rstrip('.')}”?"


def suggested_challenges(claim_text: str) -> list[str]:
    """A few ways to push back on a thesis, each naming it verbatim."""
    core = claim_text.rstrip(".")
    return [
        challenge_text(claim_text),
        f"What evidence in the corpus contradicts “{core}”?",
        f"Isn't “{core}” contradicted by the other essays?",
    ]


def _strength(claim: ClaimRecord) -> str:
    value = getattr(claim, "strength", None)
    return f" · strength {float(value):.2f}" if value is not None else ""


def essay_claims(service: AppService, doc_id: str) -> list[ClaimRecord]:
    """The essay's claims, thesis first, then in reading order."""
    claims = [c for c in service.claims() if c.doc_id == doc_id]
    return sorted(claims, key=lambda c: (not c.is_thesis, c.start))


def essay_markdown(service: AppService, doc_id: str | None) -> str:
    if not doc_id:
        return "_Pick an essay to see its argument._"
    with service.reading():
        docs = service.view.docs
        every = service.claims()
    doc = docs.get(doc_id)
    if doc is None:
        return f"⚠️ Unknown essay {doc_id}."
    by_id = {c.id: c for c in every}
    attackers: dict[str, list[ClaimRecord]] = {}
    supporters: dict[str, list[ClaimRecord]] = {}
    for c in every:
        for target in c.attacks:
            attackers.setdefault(target, []).append(c)
        for target in c.supports:
            supporters.setdefault(target, []).append(c)
    own = sorted((c for c in every if c.doc_id == doc_id), key=lambda c: (not c.is_thesis, c.start))
    meta = doc.meta
    head = (
        f"## {escape(meta.title)}\n\n{escape(', '.join(meta.authors) or 'Unknown author')}"
        f" · {meta.date.isoformat() if meta.date else 'n.d.'}"
        + (f" · [source]({meta.url})" if meta.url else "")
    )
    if not own:
        return head + "\n\n_No claims were extracted from this essay._"
    parts = [head]
    for c in own:
        label = "**Thesis** · " if c.is_thesis else ""
        badge = _STATUS_BADGE.get(c.status, c.status)
        lines = [f"### {label}{badge}{_strength(c)}", f"> {escape(c.text)}"]
        for title, group in (("Attacked by", attackers), ("Supported by", supporters)):
            for other in group.get(c.id, []):
                if other.id not in by_id:
                    continue
                where = docs[other.doc_id].meta.title if other.doc_id in docs else other.doc_id
                lines.append(f"- {title} *{escape(where)}*: “{escape(other.text)}”")
        parts.append("\n\n".join(lines))
    return "\n\n---\n\n".join(parts)


def claim_choices(service: AppService, doc_id: str | None) -> list[tuple[str, str]]:
    """(label, claim text) for the "Challenge this" picker, thesis first."""
    if not doc_id:
        return []
    with service.reading():
        claims = essay_claims(service, doc_id)
    return [(("★ " if c.is_thesis else "") + c.text, c.text) for c in claims]


def thesis_suggestions(service: AppService, doc_id: str | None) -> list[str]:
    if not doc_id:
        return []
    with service.reading():
        claims = essay_claims(service, doc_id)
    out: list[str] = []
    for c in claims:
        if c.is_thesis:
            out += suggested_challenges(c.text)
    return out


def essay_json(service: AppService, doc_id: str) -> dict[str, Any]:
    """The essay view's data, for API clients: thesis-first claims and suggested challenges."""
    with service.reading():
        claims = essay_claims(service, doc_id)
    return {
        "doc_id": doc_id,
        "claims": [c.to_json() for c in claims],
        "suggested_challenges": thesis_suggestions(service, doc_id),
    }
