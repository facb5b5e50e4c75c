"""Optional LLM claim extractor. The model may only point at sentences: every quote it
returns must occur verbatim in the author's body text, else it is dropped. Any failure
(rate limit, timeout, malformed JSON, nothing usable) falls back to the offline extractor."""

from __future__ import annotations

import json
from collections.abc import Callable

from counterpoint.config import ClaimSettings, Settings
from counterpoint.corpus.models import Document
from counterpoint.kg.extract.claims import Claim, candidate_claims, claim_confidence, mark_thesis
from counterpoint.kg.extract.text import body_sentences
from counterpoint.llm.replies import json_list

EXTRACTOR_NAME = "counterpoint-llm-claims"
EXTRACTOR_VERSION = "1.0"
# The model chose the quote and the text verifies it: that counts for more than the base
# confidence of a plain assertion, whatever cues the offline rules find in it.
MIN_LLM_CONFIDENCE = 0.6
# Shorter quotes are words or fragments, never a claim to verify.
MIN_QUOTE_CHARS = 8
_DEFAULTS = ClaimSettings()

_PROMPT = """You extract the argumentative claims of an essay: the author's own assertions,
predictions, recommendations and evaluations. Not questions, headings, captions, quotations of
others, asides or pure narration. Copy each claim EXACTLY as it appears in the text (verbatim,
one sentence or part of a sentence). Mark the 1-3 thesis claims the essay exists to argue.
Answer with JSON only: {"claims": [{"quote": "...", "thesis": false}]}"""


def _parse(reply: str) -> list[dict[str, object]]:
    items = json_list(reply, "claims", bare_list_ok=True)
    return [i for i in items if isinstance(i, dict) and isinstance(i.get("quote"), str)]


def llm_extract(
    doc: Document,
    complete: Callable[[list[dict[str, str]]], str],
    cfg: ClaimSettings = _DEFAULTS,
) -> list[Claim] | None:
    """Claims whose quotes are verified against the body text; None means 'fall back'."""
    from counterpoint.llm.client import LLMError

    body = "\n\n".join(s.text for s in body_sentences(doc))
    messages = [
        {"role": "system", "content": _PROMPT},
        {"role": "user", "content": f"Title: {doc.meta.title}\n\n{body}"},
    ]
    try:
        items = _parse(complete(messages))
    except (LLMError, ValueError, json.JSONDecodeError):
        return None
    sentences = body_sentences(doc)
    para_of = {(s.start, s.end): s for s in sentences}
    found: dict[tuple[int, int], Claim] = {}
    for item in items:
        quote = str(item["quote"]).strip()
        if len(quote) < MIN_QUOTE_CHARS:
            continue
        for s in sentences:  # verbatim inside one body sentence, or dropped
            pos = s.text.find(quote)
            if pos < 0:
                continue
            start = s.start + pos
            end = start + len(quote)
            assert doc.text[start:end] == quote
            sent = para_of[(s.start, s.end)]
            found[(start, end)] = Claim(
                start,
                end,
                quote,
                max(MIN_LLM_CONFIDENCE, claim_confidence(quote, cfg)),
                bool(item.get("thesis")),
                sent.paragraph,
                sent.section,
            )
            break
    if not found:
        return None
    claims = [found[k] for k in sorted(found)]
    if not any(c.is_thesis for c in claims):
        claims = mark_thesis(doc, claims, cfg=cfg, promote=False)
    return claims


def claim_source(
    settings: Settings,
) -> Callable[[Document], tuple[list[Claim], str, str] | None] | None:
    """The LLM extractor when an LLM is configured, else None (offline only)."""
    from counterpoint.llm.client import LLMClient, LLMConfig

    config = LLMConfig.from_settings(settings)
    if config is None:
        return None
    from counterpoint.llm.cache import FILE_NAME, JudgmentCache, content_key

    client = LLMClient(config)
    cfg = settings.extract.claims
    cache = JudgmentCache(settings.workspace / FILE_NAME)

    def source(doc: Document) -> tuple[list[Claim], str, str] | None:
        # the model's reply for this exact text is asked once: re-ingests read it back
        key = content_key("claims", config.model, EXTRACTOR_VERSION, doc.meta.title, doc.text)
        cached = cache.get(key)
        replies: list[str] = []

        def complete(messages: list[dict[str, str]]) -> str:
            if isinstance(cached, str):
                return cached
            replies.append(client.complete(messages, json_mode=True))
            return replies[-1]

        claims = llm_extract(doc, complete, cfg)
        if claims is None:
            return None
        if replies:
            cache.put(key, replies[-1])
        # keep the concession marks the offline rules see, for the within-essay links
        concessions = {(c.start, c.end) for c in candidate_claims(doc, cfg) if c.concession}
        claims = [
            Claim(
                c.start,
                c.end,
                c.text,
                c.confidence,
                c.is_thesis,
                c.paragraph,
                c.section,
                (c.start, c.end) in concessions,
            )
            for c in claims
        ]
        return claims, EXTRACTOR_NAME, f"{EXTRACTOR_VERSION}+{config.model}"

    return source
