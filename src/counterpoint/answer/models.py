"""The answer shape shared by the CLI (`ask --json`), the app and exports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# How a challenged claim stands: from the argument graph, or from the evidence alone.
Verdict = Literal["supported", "contested", "refuted", "unclear"]


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    authors: tuple[str, ...]
    date: str | None
    url: str | None
    chunk_id: str
    start: int
    end: int
    quote: str
    claim_id: str | None = None
    # In a challenge: "claim" (the claim challenged), "for" or "against" it, or "near" (a
    # sentence the reader's words fit about as well as the claim; shown, not weighed).
    side: str | None = None


@dataclass
class Answer:
    question: str
    answer: str
    grounded: bool
    mode: str = "extractive"
    citations: list[Citation] = field(default_factory=list)
    verdict: Verdict | None = None
    target_claims: list[str] | None = None
    notice: str | None = None
    # How the question was read: kind, asked_for, essays (ids), scope (how they were found).
    analysis: dict[str, Any] | None = None
    # Nearest passages offered as reading when the answer is "not in the corpus": never
    # evidence for an answer, so kept apart from `citations`.
    related: list[Citation] = field(default_factory=list)
    # A challenge's verdict rests on the "argument graph", on "retrieved evidence" only, or
    # (nothing else found) on the "target essay" itself.
    verdict_basis: str | None = None
    # The challenged claim's argument strength in [0, 1], when the graph carries one.
    strength: float | None = None

    # -- the challenge card (what the app shows for a challenge) -----------------------------
    # The claim challenged, the verdict (`verdict`, `strength`, `verdict_basis`) and the two
    # sides are all carried by the fields above; these read them out by citation `side`.
    @property
    def target_citation(self) -> Citation | None:
        """The claim challenged (quoted, with its essay), or None outside a challenge."""
        return next((c for c in self.citations if c.side == "claim"), None)

    @property
    def evidence_for(self) -> list[Citation]:
        """Citations supporting the challenged claim."""
        return [c for c in self.citations if c.side == "for"]

    @property
    def evidence_against(self) -> list[Citation]:
        """Citations against the challenged claim."""
        return [c for c in self.citations if c.side == "against"]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["citations"] = [_citation_json(c) for c in self.citations]
        data["related"] = [_citation_json(c) for c in self.related]
        for optional in ("verdict", "target_claims", "notice", "analysis"):
            if data[optional] is None:
                del data[optional]
        for added in ("related", "verdict_basis", "strength"):
            if not data[added] and data[added] != 0:
                del data[added]
        return data


def _citation_json(c: Citation) -> dict[str, Any]:
    data = {**asdict(c), "authors": list(c.authors)}
    for optional in ("claim_id", "side"):
        if data[optional] is None:
            del data[optional]
    return data
