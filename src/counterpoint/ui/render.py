"""Answers as Markdown for the chat and the sources panel (pure functions, easy to test)."""

from __future__ import annotations

from counterpoint.answer.models import Answer


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


def sources_markdown(answer: Answer) -> str:
    if not answer.citations:
        return "_No sources: the corpus has no passage that answers this._"
    parts = []
    for c in answer.citations:
        who = ", ".join(c.authors) or "Unknown author"
        title = f"[{_escape(c.title)}]({c.url})" if c.url else _escape(c.title)
        parts.append(
            f"**[{c.n}]** {who}, *{title}* ({c.date or 'n.d.'}), characters {c.start}–{c.end}"
            f"\n\n> {_escape(c.quote)}"
        )
    return "\n\n---\n\n".join(parts)


def answer_markdown(answer: Answer) -> str:
    text = _escape(answer.answer)
    if answer.verdict:
        text = f"**Verdict: {answer.verdict}**\n\n{text}"
    if answer.notice:
        text = f"{text}\n\n_{_escape(answer.notice)}_"
    return text
