"""The verifier every LLM answer passes before the user sees it.

A sentence survives only if it cites evidence that was actually supplied ([n] in range) and
that evidence is close enough in meaning to the sentence; invented markers are removed and
counted, unsupported sentences dropped. Surviving markers are renumbered 1..m and each becomes
a citation whose quote is re-read from the canonical text at its offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from counterpoint.answer.evidence import Sentence
from counterpoint.answer.extractive import to_citation
from counterpoint.answer.models import Citation
from counterpoint.answer.prompt import NOT_IN_CORPUS
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.retrieval.base import Embedder

_MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# "… upon. [1][2]" → "… upon [1][2]." so markers stay with the sentence they close.
_TRAILING = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
# Names and numbers a sentence asserts must appear in the evidence it cites: similarity alone
# lets a topical sentence with an invented figure or name through.
_SPECIFIC = re.compile(r"(?<!^)\b(?:\d[\d.,]*|[A-Z][\w-]*)\b")
# A generated sentence must be at least this close (cosine) to one evidence sentence it cites.
MIN_SUPPORT = 0.35


@dataclass
class Checked:
    text: str
    citations: list[Citation]
    kept: int = 0
    dropped: int = 0
    invented: list[int] = field(default_factory=list)
    declined: bool = False

    def problems(self) -> str | None:
        parts = []
        if self.invented:
            parts.append(f"{len(self.invented)} citation(s) to evidence that was never supplied")
        if self.dropped:
            parts.append(f"{self.dropped} unsupported sentence(s)")
        return "removed " + " and ".join(parts) if parts else None


def check_output(
    raw: str, numbered: list[Sentence], embedder: Embedder, min_support: float = MIN_SUPPORT
) -> Checked:
    if raw.strip().strip(".").upper() == NOT_IN_CORPUS or raw.strip().startswith(NOT_IN_CORPUS):
        return Checked(text="", citations=[], declined=True)
    raw = _TRAILING.sub(r"\2\1", raw)
    sentences: list[tuple[str, list[int]]] = []
    invented: list[int] = []
    for s, e in sentence_spans(raw):
        piece = raw[s:e]
        nums = [int(n) for m in _MARKER.finditer(piece) for n in re.split(r"[,;]", m.group(1))]
        body = _MARKER.sub("", piece).strip()
        valid = [n for n in dict.fromkeys(nums) if 1 <= n <= len(numbered)]
        invented += [n for n in nums if not 1 <= n <= len(numbered)]
        if body:
            sentences.append((body, valid))
    cited = [(b, v) for b, v in sentences if v]
    dropped = len(sentences) - len(cited)
    kept_bodies: list[tuple[str, list[int]]] = []
    if cited:
        vecs = embedder.embed_batch([b for b, _ in cited])
        ev = embedder.embed_batch([s.text for s in numbered])
        for (body, valid), vec in zip(cited, vecs, strict=True):
            supported = [n for n in valid if float(ev[n - 1] @ vec) >= min_support]
            cited_text = " ".join(numbered[n - 1].text for n in valid).lower()
            specifics = [w for w in _SPECIFIC.findall(body) if w != "I"]
            if any(w.lower().rstrip(".,") not in cited_text for w in specifics):
                supported = []
            if supported:
                kept_bodies.append((body, supported))
            else:
                dropped += 1
    renumber: dict[int, int] = {}
    out_sentences = []
    for body, nums in kept_bodies:
        for n in nums:
            renumber.setdefault(n, len(renumber) + 1)
        marks = "".join(f"[{renumber[n]}]" for n in nums)
        if body[-1] in ".!?":
            out_sentences.append(f"{body[:-1]} {marks}{body[-1]}")
        else:
            out_sentences.append(f"{body} {marks}")
    citations = [to_citation(new, numbered[old - 1]) for old, new in renumber.items()]
    return Checked(
        text=" ".join(out_sentences),
        citations=citations,
        kept=len(kept_bodies),
        dropped=dropped,
        invented=invented,
    )
