"""Challenge answers as a card: the claim challenged (quoted, with its essay and author), a
verdict badge with the claim's strength, and two columns, "evidence for" and "evidence
against". Also the claim card the argument map shows for a selected claim.

Built from the `Answer` model only (plus the claims and documents it names). The answer model
is still growing: a citation's `side` ("claim" / "for" / "against") and the answer's
`strength` are read when present; without them a citation's side comes from the argument
graph (its claim attacks or supports the target) and the strength from the claim record, and
evidence whose side is unknown is listed under the columns rather than guessed into one.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from counterpoint.ui.sources import anchor

if TYPE_CHECKING:
    from counterpoint.answer.models import Answer, Citation
    from counterpoint.corpus.models import Document
    from counterpoint.kg.claims import ClaimRecord

VERDICT_STYLE = {
    "supported": ("✅", "#1e7e34"),
    "contested": ("⚖️", "#b8860b"),
    "refuted": ("❌", "#c0392b"),
    "unclear": ("❔", "#666666"),
}
STATUS_STYLE = {"standing": "#1e7e34", "defeated": "#c0392b", "undecided": "#b8860b"}


@dataclass
class ChallengeCard:
    verdict: str
    claim_text: str | None
    essay: str | None
    authors: tuple[str, ...]
    strength: float | None
    basis: str | None
    evidence_for: list[Citation] = field(default_factory=list)
    evidence_against: list[Citation] = field(default_factory=list)
    other: list[Citation] = field(default_factory=list)


def _side(c: Citation, targets: set[str], claims: Mapping[str, ClaimRecord]) -> str | None:
    side = getattr(c, "side", None)
    if side in ("claim", "for", "against"):
        return str(side)
    if c.claim_id in targets:
        return "claim"
    record = claims.get(c.claim_id or "")
    if record is not None:
        if targets & set(record.attacks):
            return "against"
        if targets & set(record.supports):
            return "for"
    return None


def _strength(answer: Answer, target: ClaimRecord | None) -> float | None:
    value = getattr(answer, "strength", None)
    if value is None and target is not None:
        value = getattr(target, "strength", None)
    return float(value) if value is not None else None


def challenge_card(
    answer: Answer, claims: Mapping[str, ClaimRecord], docs: Mapping[str, Document]
) -> ChallengeCard | None:
    """The card of a challenge answer; None for an ordinary answer (no verdict)."""
    if answer.verdict is None:
        return None
    targets = list(answer.target_claims or [])
    target = claims.get(targets[0]) if targets else None
    claim_cite = next((c for c in answer.citations if c.claim_id in set(targets)), None)
    text = target.text if target is not None else (claim_cite.quote if claim_cite else None)
    doc_id = target.doc_id if target is not None else (claim_cite.doc_id if claim_cite else None)
    doc = docs.get(doc_id or "")
    card = ChallengeCard(
        verdict=answer.verdict,
        claim_text=text,
        essay=doc.meta.title if doc else (claim_cite.title if claim_cite else None),
        authors=tuple(doc.meta.authors) if doc else (claim_cite.authors if claim_cite else ()),
        strength=_strength(answer, target),
        basis=getattr(answer, "verdict_basis", None),
    )
    for c in answer.citations:
        side = _side(c, set(targets), claims)
        if side == "for":
            card.evidence_for.append(c)
        elif side == "against":
            card.evidence_against.append(c)
        elif side is None:
            card.other.append(c)
    return card


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _evidence(cites: Sequence[Citation], empty: str) -> str:
    if not cites:
        return f"<p><em>{empty}</em></p>"
    items = "".join(
        f'<li><a href="#{anchor(c.n)}">[{c.n}]</a> “{_esc(c.quote)}” — <i>{_esc(c.title)}</i></li>'
        for c in cites
    )
    return f"<ul>{items}</ul>"


def verdict_badge(verdict: str, strength: float | None) -> str:
    # No emoji in the badge: the colour carries it, and fonts without emoji show boxes.
    _icon, colour = VERDICT_STYLE.get(verdict, ("", "#666666"))
    extra = f" · strength {strength:.2f}" if strength is not None else ""
    return (
        f'<span class="cp-badge cp-verdict-{_esc(verdict)}" style="background:{colour};'
        f'color:#fff;border-radius:4px;padding:2px 8px;font-weight:bold">'
        f"{_esc(verdict)}{extra}</span>"
    )


def card_html(card: ChallengeCard) -> str:
    who = _esc(", ".join(card.authors)) or "Unknown author"
    claim = (
        f"<blockquote>“{_esc(card.claim_text)}”</blockquote>"
        f"<div>— <i>{_esc(card.essay or 'unknown essay')}</i>, {who}</div>"
        if card.claim_text
        else "<p><em>The claim challenged could not be identified.</em></p>"
    )
    basis = f' <span class="cp-basis">({_esc(card.basis)})</span>' if card.basis else ""
    other = (
        "<div class='cp-other'><b>Other evidence</b>" + _evidence(card.other, "") + "</div>"
        if card.other
        else ""
    )
    return (
        '<div class="cp-card" style="border:1px solid #ccc;border-radius:8px;padding:10px">'
        f"<div><b>Claim challenged</b> {verdict_badge(card.verdict, card.strength)}{basis}</div>"
        f"{claim}"
        '<div class="cp-columns" style="display:flex;gap:12px">'
        '<div class="cp-for" style="flex:1"><b>Evidence for</b>'
        f"{_evidence(card.evidence_for, 'None found in the corpus.')}</div>"
        '<div class="cp-against" style="flex:1"><b>Evidence against</b>'
        f"{_evidence(card.evidence_against, 'None found in the corpus.')}</div>"
        f"</div>{other}</div>"
    )


def claim_card_html(
    claim: ClaimRecord,
    claims: Mapping[str, ClaimRecord],
    docs: Mapping[str, Document],
    challenges: Sequence[Any] = (),
) -> str:
    """A claim of the argument map: its text, essay, status and strength, who attacks and
    supports it, and the readers' challenges recorded against it."""
    doc = docs.get(claim.doc_id)
    title = doc.meta.title if doc else claim.doc_id
    who = _esc(", ".join(doc.meta.authors)) if doc else ""
    strength = getattr(claim, "strength", None)
    colour = STATUS_STYLE.get(claim.status, "#666666")
    head = (
        f'<span class="cp-badge" style="background:{colour};color:#fff;border-radius:4px;'
        f'padding:2px 8px">{_esc(claim.status)}'
        + (f" · strength {float(strength):.2f}" if strength is not None else "")
        + "</span>"
        + (" <b>★ Thesis</b>" if claim.is_thesis else "")
    )
    rows: list[str] = []
    for c in claims.values():
        for kind, targets in (("Attacked by", c.attacks), ("Supported by", c.supports)):
            if claim.id in targets:
                where = docs[c.doc_id].meta.title if c.doc_id in docs else c.doc_id
                rows.append(f"<li>{kind} <i>{_esc(where)}</i>: “{_esc(c.text)}”</li>")
    mine = [ch for ch in challenges if claim.id in getattr(ch, "target_claims", ())]
    rows += [
        f"<li>⚑ Reader challenge ({_esc(str(ch.verdict))}): “{_esc(ch.text)}”</li>" for ch in mine
    ]
    links = f"<ul>{''.join(rows)}</ul>" if rows else "<p><em>No links to other claims.</em></p>"
    return (
        '<div class="cp-card" style="border:1px solid #ccc;border-radius:8px;padding:10px">'
        f"<div>{head}</div><blockquote>“{_esc(claim.text)}”</blockquote>"
        f"<div>— <i>{_esc(title)}</i>{', ' + who if who else ''}</div>{links}</div>"
    )
