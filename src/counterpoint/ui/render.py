"""Answers as Markdown for the chat and the sources panel (pure functions, easy to test)."""

from __future__ import annotations

from counterpoint.answer.models import Answer, Citation
from counterpoint.corpus.ids import is_http_url


def _escape(text: str) -> str:
    """Essay text is data: keep Markdown/HTML in quotes from rendering as markup."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
    )


# The essay view and other panels escape quotes the same way as the chat.
escape = _escape

_VERDICT_ICON = {"supported": "✅", "contested": "⚖️", "refuted": "❌", "unclear": "❔"}


def _link_text(text: str) -> str:
    """Escaped for inside [...]: a title holding `](javascript:…)` must stay text."""
    return _escape(text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]"))


def _source(c: Citation) -> str:
    who = _escape(", ".join(c.authors)) or "Unknown author"
    # Only http(s) URLs become links, in <...> so parentheses in them cannot end the link.
    link = is_http_url(c.url)
    title = f"[{_link_text(c.title)}](<{c.url}>)" if link else _escape(c.title)
    claim = f" · claim `{c.claim_id}`" if c.claim_id else ""
    return (
        f"**[{c.n}]** {who}, *{title}* ({c.date or 'n.d.'}), characters {c.start}–{c.end}"
        f"{claim}\n\n> {_escape(c.quote)}"
    )


def sources_markdown(answer: Answer) -> str:
    """The sources panel; for a challenge, grouped into the two sides."""
    if not answer.citations:
        none = "_No sources: the corpus has no passage that answers this._"
        if answer.related:
            related = "\n\n---\n\n".join(_source(c) for c in answer.related)
            return f"{none}\n\n#### Related reading (not an answer)\n\n{related}"
        return none
    if answer.verdict is None:
        return "\n\n---\n\n".join(_source(c) for c in answer.citations)
    targets = set(answer.target_claims or [])
    groups: dict[str, list[Citation]] = {
        "Challenged claim": [],
        "Evidence for the claim": [],
        "Evidence against the claim": [],
        "As close to your words (not weighed)": [],
        "Evidence": [],
    }
    by_side = {"claim": "Challenged claim", "for": "Evidence for the claim"}
    by_side["against"] = "Evidence against the claim"
    by_side["near"] = "As close to your words (not weighed)"
    for c in answer.citations:
        if c.side in by_side:
            groups[by_side[c.side]].append(c)
        else:
            groups["Challenged claim" if c.claim_id in targets else "Evidence"].append(c)
    return "\n\n".join(
        f"#### {head}\n\n" + "\n\n---\n\n".join(_source(c) for c in cites)
        for head, cites in groups.items()
        if cites
    )


def streaming_markdown(verified_so_far: str) -> str:
    return f"{_escape(verified_so_far)}\n\n_…writing (only verified sentences are shown)_"


def answer_markdown(answer: Answer) -> str:
    # Evidence lists put one quote per line: keep those breaks (Markdown joins lines).
    text = _escape(answer.answer).replace("\n", "  \n")
    if answer.verdict:
        icon = _VERDICT_ICON.get(answer.verdict, "")
        text = f"**{icon} Verdict: {answer.verdict}**\n\n{text}"
    if answer.notice:
        text = f"{text}\n\n_{_escape(answer.notice)}_"
    return text
