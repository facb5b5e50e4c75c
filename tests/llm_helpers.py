"""Scripted replies for the loopback LLM server, built from what the server was sent."""

from __future__ import annotations

import re
from typing import Any

from counterpoint.config import Settings
from counterpoint.service import Counterpoint
from fakes.llm_server import Reply

_PASSAGE = re.compile(r'<passage n="(\d+)"[^>]*>(.*?)</passage>', re.S)


def passages(request: dict[str, Any]) -> dict[int, str]:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return {int(n): text for n, text in _PASSAGE.findall(user)}


def faithful(request: dict[str, Any]) -> Reply:
    """A well-behaved model: restates the first two passages, citing each."""
    ps = passages(request)
    # every sentence of a (possibly multi-sentence) passage carries its marker
    parts = [f"{ps[n].rstrip('.').replace('. ', f' [{n}]. ')} [{n}]." for n in sorted(ps)[:2]]
    return Reply(content=" ".join(parts))


def with_llm(service: Counterpoint, url: str, timeout_s: float = 30.0) -> Counterpoint:
    service.settings = Settings(
        workspace=service.settings.workspace,
        llm_model="openai/fake-model",
        llm_api_base=url,
        llm_api_key="test-key",
        llm_timeout_s=timeout_s,
    )
    return service


def assert_verified(service: Counterpoint, answer: Any) -> None:
    for c in answer.citations:
        assert service.view.docs[c.doc_id].text[c.start : c.end] == c.quote
        assert f"[{c.n}]" in answer.answer
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
