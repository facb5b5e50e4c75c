"""Which parts of an essay are the author's own sentences.

Only text inside `paragraph` spans, outside quotation/footnote/caption/footnote-marker spans,
is body text (see `counterpoint.corpus.models.SPAN_KINDS`). The cleaner may not type every
artefact yet, so two generic guards stay here: a paragraph introduced by "… I wrote:" is a
quotation, and a footnote number glued between a sentence end and a capital ends the sentence
(the segmenter's `glued_notes`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from counterpoint.corpus.models import Document
from counterpoint.corpus.sentences import sentence_spans
from counterpoint.kg.extract.cues import INTRODUCES_QUOTE as _INTRODUCES_QUOTE

# Sentences mostly inside one of these are not the author's claims (a footnote marker is too
# small to cover half a sentence, so a sentence carrying one stays).
_NOT_BODY = {"quotation", "footnote", "footnote_marker", "caption", "heading"}


@dataclass(frozen=True)
class Sentence:
    """One body sentence: exact offsets into the canonical text, and where it sits."""

    start: int
    end: int
    text: str
    paragraph: int  # index of its paragraph among body paragraphs
    section: str | None  # heading text of its section (None before the first heading)


def body_sentences(doc: Document) -> list[Sentence]:
    """The author's own sentences, in order, with paragraph index and section title."""
    excluded = _Excluded(sorted((sp.start, sp.end) for sp in doc.spans if sp.kind in _NOT_BODY))
    out: list[Sentence] = []
    section: str | None = None
    para_index = -1
    previous_para = ""
    previous_end = 0
    spans = sorted(doc.spans, key=lambda sp: (sp.start, -sp.end))
    turns = speaker_turns([doc.text[sp.start : sp.end] for sp in spans if sp.kind == "paragraph"])
    n_para = -1
    for span in spans:
        if span.kind == "heading":
            section = doc.text[span.start : span.end]
            continue
        if span.kind == "quotation" and span.start >= previous_end:
            # the cleaner typed the quotation a lead-in ("… I wrote:") introduces: the
            # paragraph after it is the author's again, not a second quotation
            previous_para = ""
            continue
        if span.kind != "paragraph":
            continue
        n_para += 1
        para = doc.text[span.start : span.end]
        quoted = bool(_INTRODUCES_QUOTE.search(previous_para.strip()))
        previous_para = para
        previous_end = span.end
        label, asking = turns.get(n_para, (0, False))
        if quoted or asking:
            continue
        para_index += 1
        for s, e in sentence_spans(doc.text, span.start, span.end, glued_notes=True):
            if s < span.start + label:  # the speaker label is not part of the claim
                s = span.start + label
                if s >= e:
                    continue
            if excluded.covers_half(s, e):
                continue
            out.append(Sentence(s, e, doc.text[s:e], para_index, section))
    return out


# A speaker label opening a paragraph of a transcript: "Q:", "A:", "Interviewer:", "Jane
# Roe:", "**Q:**" (one to three capitalised words, then a colon).
_SPEAKER = re.compile(r"^[*_]{0,2}([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})[*_]{0,2}:[*_]{0,2}\s+")
# Labels that name the one who asks, whatever share of their turns ends in "?".
_ASKER_LABELS = frozenset({"q", "question", "interviewer", "host", "moderator"})


def speaker_turns(paragraphs: list[str]) -> dict[int, tuple[int, bool]]:
    """For a transcript (Q&A, interview, dialogue), by paragraph index: the length of the
    speaker label opening it (0 for a turn's later paragraphs) and whether the paragraph
    belongs to the one who asks. The asker's questions and prompts are not the author's
    claims (like quotations), and the label is not part of a claim. A text is a transcript
    when at least two labels each open at least two paragraphs; the asker is the label
    named so ("Q", "Interviewer") or else the one whose turns mostly end in "?". Empty for
    an ordinary essay."""
    labels: list[tuple[int, str, int]] = []  # paragraph index, label, label length
    for i, para in enumerate(paragraphs):
        m = _SPEAKER.match(para)
        if m:
            labels.append((i, m.group(1).lower(), m.end()))
    counts: dict[str, int] = {}
    for _, name, _ in labels:
        counts[name] = counts.get(name, 0) + 1
    if sum(1 for n in counts.values() if n >= 2) < 2:
        return {}
    asks = {name: 0 for name in counts}
    for i, name, _ in labels:
        asks[name] += paragraphs[i].rstrip().rstrip("*_").endswith("?")
    named = [name for name in counts if name in _ASKER_LABELS]
    asker = named[0] if named else max(counts, key=lambda n: (asks[n] / counts[n], counts[n]))
    if not named and asks[asker] * 2 <= counts[asker]:
        asker = ""
    out: dict[int, tuple[int, bool]] = {}
    at = {i: (name, end) for i, name, end in labels}
    speaker = ""
    for i in range(len(paragraphs)):
        if i in at:
            speaker, end = at[i]
            out[i] = (end, speaker == asker)
        elif speaker:
            out[i] = (0, speaker == asker)
    return out


class _Excluded:
    """Non-body spans, asked about sentences in text order: a sweep keeps only the spans that
    can still overlap, so a long essay costs linear time, not sentences x spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans  # sorted by start
        self.next = 0
        self.active: list[tuple[int, int]] = []
        self.last_start = -1

    def covers_half(self, s: int, e: int) -> bool:
        """Does one excluded span cover more than half of [s, e)?"""
        if s < self.last_start:  # out of order (nested paragraphs): start the sweep again
            self.next, self.active = 0, []
        self.last_start = s
        while self.next < len(self.spans) and self.spans[self.next][0] < e:
            self.active.append(self.spans[self.next])
            self.next += 1
        self.active = [(a, b) for a, b in self.active if b > s]
        return any(min(e, b) - max(s, a) > (e - s) / 2 for a, b in self.active)


def normalise(text: str) -> str:
    """For matching labels and quotes: NFKC, straight quotes, one space, lower case."""
    t = unicodedata.normalize("NFKC", text)
    t = t.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    # runs of whitespace as one space, none at the ends: str.split() splits at what re's \s
    # matches (both are str.isspace), three times faster than re.sub(r"\s+", " ", t).strip()
    return " ".join(t.split()).lower()


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))
