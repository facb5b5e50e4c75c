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

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["citations"] = [_citation_json(c) for c in self.citations]
        for optional in ("verdict", "target_claims", "notice"):
            if data[optional] is None:
                del data[optional]
        return data


def _citation_json(c: Citation) -> dict[str, Any]:
    data = {**asdict(c), "authors": list(c.authors)}
    if data["claim_id"] is None:
        del data["claim_id"]
    return data
