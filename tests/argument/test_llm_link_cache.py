"""LLM link verdicts are cached per pair by content hash: a rebuild asks only new pairs."""

from __future__ import annotations

import json

from counterpoint.kg.extract.links import Link
from counterpoint.kg.extract.llm_links import DATA_BEGIN, DATA_END, LinkJudge
from counterpoint.llm.cache import JudgmentCache


def _judge(asked: list[list[str]], cache: JudgmentCache) -> LinkJudge:
    def complete(messages: list[dict[str, str]]) -> str:
        data = messages[1]["content"].split(DATA_BEGIN, 1)[1].split(DATA_END, 1)[0]
        pairs = json.loads(data)
        asked.append([p["premise"] for p in pairs])
        links = [{"id": p["id"], "label": "support", "confidence": 0.9} for p in pairs]
        return json.dumps({"links": links})

    return LinkJudge(complete, "counterpoint-llm-links", "1.0+fake", cache=cache)


def test_a_rebuild_asks_only_pairs_never_judged() -> None:
    texts = {"a": "Brand wins.", "b": "Brand loses.", "c": "Price wins.", "d": "Price loses."}
    cache = JudgmentCache()
    asked: list[list[str]] = []
    first = _judge(asked, cache)([Link("a", "b", "attack", 0.6)], texts)
    assert [x.kind for x in first.llm] == ["support"] and asked == [["Brand wins."]]
    again = _judge(asked, cache)(
        [Link("a", "b", "attack", 0.6), Link("c", "d", "attack", 0.6)], texts
    )
    assert asked[1:] == [["Price wins."]]  # the judged pair came from the cache
    assert sorted((x.premise, x.kind) for x in again.llm) == [("a", "support"), ("c", "support")]
    assert cache.hits == 1
