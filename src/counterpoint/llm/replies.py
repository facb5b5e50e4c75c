"""Reading structured replies from models, which often wrap JSON in Markdown fences."""

from __future__ import annotations

import json
from typing import Any


def json_list(reply: str, key: str, bare_list_ok: bool = False) -> list[Any]:
    """The list under `key` in a JSON reply (``` fences tolerated). Raises ValueError (or
    json.JSONDecodeError, a ValueError) when the reply holds no such list."""
    text = reply.strip()
    if text.startswith("```"):
        text = text.strip("`").removeprefix("json").strip()
    data = json.loads(text)
    items = data.get(key) if isinstance(data, dict) else (data if bare_list_ok else None)
    if not isinstance(items, list):
        raise ValueError(f"no '{key}' list")
    return items
