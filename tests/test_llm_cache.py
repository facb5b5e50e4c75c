"""The LLM judgment cache: same content, same key; values survive reopening the file."""

from __future__ import annotations

from pathlib import Path

from counterpoint.llm.cache import JudgmentCache, content_key


def test_keys_depend_on_every_part_and_on_where_parts_split() -> None:
    assert content_key("m", "a", "b") == content_key("m", "a", "b")
    assert content_key("m", "ab", "c") != content_key("m", "a", "bc")
    assert content_key("m1", "a") != content_key("m2", "a")


def test_values_persist_across_instances_and_count_hits(tmp_path: Path) -> None:
    path = tmp_path / "ws" / "cache.sqlite"
    cache = JudgmentCache(path)
    key = content_key("model", "premise", "target")
    assert cache.get(key) is None and cache.misses == 1
    cache.put(key, {"label": "attack", "confidence": 0.8})
    cache.close()
    again = JudgmentCache(path)
    assert again.get(key) == {"label": "attack", "confidence": 0.8}
    assert again.hits == 1
    again.close()
