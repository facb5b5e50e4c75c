"""A thin, typed wrapper around litellm with the failure handling the product needs.

Every failure becomes an `LLMError` with a one-line reason, so callers can fall back to the
offline path and tell the user why. litellm is imported on first use only (it costs seconds).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from counterpoint.config import Settings
from counterpoint.errors import CounterpointError

Message = dict[str, str]


class LLMError(CounterpointError):
    """The LLM could not produce a usable reply (rate limit, timeout, server error...)."""


@dataclass(frozen=True)
class LLMConfig:
    model: str
    api_base: str | None = None
    api_key: str | None = None
    timeout_s: float = 60.0
    max_retries: int = 2
    max_retry_wait_s: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMConfig | None:
        if not settings.llm_model:
            return None
        return cls(
            model=settings.llm_model,
            api_base=settings.llm_api_base,
            api_key=settings.llm_api_key,
            timeout_s=settings.llm_timeout_s,
        )


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    value = headers.get("retry-after") if hasattr(headers, "get") else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    if "RateLimit" in name:
        return "rate limited by the LLM provider (HTTP 429)"
    if "Timeout" in name:
        return "the LLM did not answer in time"
    if "Connection" in name:
        return "cannot reach the LLM server"
    if "Authentication" in name:
        return "the LLM provider rejected the API key"
    status = getattr(exc, "status_code", None)
    return f"LLM request failed ({name}{f', HTTP {status}' if status else ''})"


class LLMClient:
    """One configured model; `complete` and `stream` raise LLMError on any failure."""

    def __init__(self, config: LLMConfig) -> None:
        self.config = config

    def _kwargs(self, messages: list[Message], **extra: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "timeout": self.config.timeout_s,
            "num_retries": 0,  # retries are ours: we honour Retry-After and cap the wait
            **extra,
        }
        if self.config.api_base:
            kwargs["api_base"] = self.config.api_base
        if self.config.api_key:
            kwargs["api_key"] = self.config.api_key
        return kwargs

    def _call(self, kwargs: dict[str, Any]) -> Any:
        import os

        # litellm fetches its model price list from the internet at import unless told not to.
        os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
        import litellm

        litellm.telemetry = False

        attempt = 0
        while True:
            try:
                return litellm.completion(**kwargs)
            except Exception as exc:  # litellm maps every provider error to its own classes
                retryable = (
                    "RateLimit" in type(exc).__name__ or "ServiceUnavailable" in type(exc).__name__
                )
                if not retryable or attempt >= self.config.max_retries:
                    raise LLMError(_reason(exc)) from exc
                wait = _retry_after(exc)
                time.sleep(
                    min(
                        wait if wait is not None else 0.5 * 2**attempt, self.config.max_retry_wait_s
                    )
                )
                attempt += 1

    def complete(self, messages: list[Message], json_mode: bool = False) -> str:
        extra = {"response_format": {"type": "json_object"}} if json_mode else {}
        response = self._call(self._kwargs(messages, **extra))
        try:
            content = response.choices[0].message.content
        except (AttributeError, IndexError) as exc:
            raise LLMError("the LLM returned no message") from exc
        if not isinstance(content, str) or not content.strip():
            raise LLMError("the LLM returned an empty message")
        return content

    def stream(self, messages: list[Message]) -> Iterator[str]:
        """Yield text deltas as they arrive; errors mid-stream also become LLMError."""
        response = self._call(self._kwargs(messages, stream=True))
        try:
            for chunk in response:
                delta = chunk.choices[0].delta.content if chunk.choices else None
                if delta:
                    yield delta
        except LLMError:
            raise
        except Exception as exc:
            raise LLMError(_reason(exc)) from exc
        finally:
            # A reader that stops early (a closed chat, a first-token probe) must release the
            # HTTP stream now: left to the garbage collector, httpx closes it in the middle of
            # the next request, under the connection pool's lock, and that request deadlocks.
            _close_stream(response)


def _close_stream(response: Any) -> None:
    for target in (getattr(response, "completion_stream", None), response):
        close = getattr(target, "close", None)
        if callable(close):
            # Closing a broken stream must not mask the real outcome.
            with contextlib.suppress(Exception):
                close()
            return
