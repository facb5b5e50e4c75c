"""The LLM link-polarity judge against a real loopback server: it re-labels the pairs the
offline linker found, its verdicts carry its own provenance, and anything unusable (malformed
JSON, invented pair ids, 429, timeouts) keeps the offline labels while ingest still succeeds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from counterpoint.config import Settings
from counterpoint.kg.extract.llm_links import DATA_BEGIN, DATA_END
from counterpoint.kg.namespaces import sparql_prefixes
from counterpoint.service import Counterpoint
from fakes.llm_server import Reply, fake_llm

ESSAY_A = """---
title: "Brand Moats in Open-Source AI"
author: Ann Carver
date: 2024-01-10
---
Brand Moats in Open-Source AI

OpenAI, Anthropic, Meta, Mistral and Google all release models, and Llama and GPT-4 compete for developers. I believe brand moats will matter more than model quality for open-source AI labs.

It's true that open-source models commoditise quickly. But in practice developers will keep choosing the labs they trust.

Hugging Face and Stability AI show that community matters. Brand should be the first investment of any open-source lab.
"""  # noqa: E501
ESSAY_B = """---
title: "Against the Brand Moat"
author: Ben Ortiz
date: 2024-03-01
---
Against the Brand Moat

OpenAI, Anthropic, Meta, Mistral and Google all compete on models like Llama and GPT-4. Carver argues that brand moats will matter more than model quality for open-source AI labs. This prediction is wrong: switching costs will matter more than brand for open-source labs.

Switching costs are what keep developers on OpenAI and Anthropic. Distribution through Microsoft and Google matters more than brand.
"""  # noqa: E501
VERDICT = "This prediction is wrong"  # cross-essay premise (offline: attack)
REBUTTAL = "But in practice developers"  # within-essay premise (offline: attack)
RULE = "counterpoint-rule-links"
LLM = "counterpoint-llm-links"

_LINKS = """
SELECT ?kind ?ptext ?ctext ?agent ?version WHERE {
  VALUES ?kind { aif:CA-node aif:RA-node }
  GRAPH ?g { ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c ; prov:wasGeneratedBy ?run .
             ?run prov:wasAssociatedWith ?ag . ?ag schema:name ?agent ;
             schema:softwareVersion ?version }
  GRAPH ?g1 { ?p aif:claimText ?ptext }
  GRAPH ?g2 { ?c aif:claimText ?ctext }
}
"""

Handler = Callable[[list[dict[str, Any]]], Reply]


def _pairs(request: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The pairs of a link-judging request (None for other requests, e.g. claims)."""
    user = request["messages"][-1]["content"]
    if not user.startswith(DATA_BEGIN):
        return None
    return json.loads(user.removeprefix(DATA_BEGIN).removesuffix(DATA_END))


def _server_default(judge: Handler) -> Callable[[dict[str, Any]], Reply]:
    def default(request: dict[str, Any]) -> Reply:
        pairs = _pairs(request)
        if pairs is None:  # the LLM claim extractor: make it fall back to the offline claims
            return Reply(content="no claims today")
        return judge(pairs)

    return default


def _labels(label: str, confidence: float = 0.9) -> Handler:
    def judge(pairs: list[dict[str, Any]]) -> Reply:
        links = [{"id": p["id"], "label": label, "confidence": confidence} for p in pairs]
        return Reply(content=json.dumps({"links": links}))

    return judge


def _ingest(
    tmp_path: Path, embedder: Any, url: str | None, timeout: float = 2.0
) -> list[tuple[str, str, str, str, str]]:
    """Ingest both essays (LLM configured when `url`); the stored links as
    (premise text, conclusion text, kind, agent, version), sorted."""
    src = tmp_path / "essays"
    src.mkdir(parents=True)
    (src / "a.md").write_text(ESSAY_A)
    (src / "b.md").write_text(ESSAY_B)
    llm = {"llm_model": "openai/fake", "llm_api_base": url, "llm_api_key": "x"} if url else {}
    settings = Settings(workspace=tmp_path / "ws", llm_timeout_s=timeout, **llm)
    service = Counterpoint(settings, embedder=embedder)
    try:
        results, _ = service.ingest([str(src / "a.md"), str(src / "b.md")])
        assert [r.status for r in results] == ["added", "added"], results
        rows = service.store.select(sparql_prefixes() + _LINKS)
    finally:
        service.close()
    kinds = {"CA-node": "attack", "RA-node": "support"}
    return sorted(
        (r["ptext"], r["ctext"], kinds[str(r["kind"]).rsplit("#", 1)[-1]], r["agent"], r["version"])
        for r in rows
    )


def _offline(tmp_path: Path, embedder: Any) -> list[tuple[str, str, str, str, str]]:
    links = _ingest(tmp_path / "offline", embedder, None)
    # the essays exercise both paths: one counterpoint within A, one answer from B to A
    assert {(p.split(" ")[0], k, a) for p, _, k, a, _ in links} == {
        ("But", "attack", RULE),
        ("This", "attack", RULE),
    }
    return links


def test_llm_flips_polarity_with_llm_provenance(tmp_path: Path, embedder: Any) -> None:
    offline = _offline(tmp_path, embedder)
    with fake_llm(default=_server_default(_labels("support", 0.83))) as server:
        judged = _ingest(tmp_path / "llm", embedder, server.url)
    assert len(judged) == len(offline) == 2
    for (p, c, kind, agent, version), (p0, c0, kind0, _, _) in zip(judged, offline, strict=True):
        assert (p, c) == (p0, c0)  # same candidate pairs: the LLM adds none
        assert kind0 == "attack" and kind == "support"  # CA-node became RA-node
        assert agent == LLM and version.endswith("+openai/fake")


def test_none_label_drops_the_link_and_partial_replies_keep_offline_labels(
    tmp_path: Path, embedder: Any
) -> None:
    offline = _offline(tmp_path, embedder)

    def judge(pairs: list[dict[str, Any]]) -> Reply:
        if any(p["premise"].startswith(REBUTTAL) for p in pairs):  # within-essay batch
            return Reply(content=json.dumps({"links": []}))  # says nothing: offline kept
        return Reply(
            content=json.dumps({"links": [{"id": "L1", "label": "none", "confidence": 1}]})
        )

    with fake_llm(default=_server_default(judge)) as server:
        judged = _ingest(tmp_path / "llm", embedder, server.url)
    assert judged == [x for x in offline if x[0].startswith(REBUTTAL)]


def test_malformed_json_keeps_offline_labels(tmp_path: Path, embedder: Any) -> None:
    offline = _offline(tmp_path, embedder)
    with fake_llm(
        default=_server_default(lambda _p: Reply(content='{"links": [{"id": "L1",'))
    ) as server:
        judged = _ingest(tmp_path / "llm", embedder, server.url)
        asked = [r for r in server.requests if _pairs(r) is not None]
    assert asked and judged == offline


def test_invented_ids_and_bad_labels_are_ignored(tmp_path: Path, embedder: Any) -> None:
    offline = _offline(tmp_path, embedder)

    def judge(pairs: list[dict[str, Any]]) -> Reply:
        links = [
            {"id": "L99", "label": "support", "confidence": 0.9},  # invented pair
            {"id": "cl-anything", "label": "support", "confidence": 0.9},
            {"id": "L1", "label": "agrees", "confidence": 0.9},  # unknown label
            {"id": "L1", "label": "support", "confidence": 7},  # confidence out of range
        ]
        return Reply(content=json.dumps({"links": links}))

    with fake_llm(default=_server_default(judge)) as server:
        judged = _ingest(tmp_path / "llm", embedder, server.url)
    assert judged == offline


def test_rate_limit_and_timeout_keep_offline_labels(tmp_path: Path, embedder: Any) -> None:
    offline = _offline(tmp_path, embedder)
    limited = _server_default(lambda _p: Reply(status=429, headers={"retry-after": "0"}))
    with fake_llm(default=limited) as server:
        assert _ingest(tmp_path / "429", embedder, server.url) == offline
        assert any(_pairs(r) is not None for r in server.requests)
    slow = _server_default(lambda _p: Reply(content="{}", delay_s=3))
    with fake_llm(default=slow) as server:
        assert _ingest(tmp_path / "slow", embedder, server.url, timeout=1.0) == offline
        assert any(_pairs(r) is not None for r in server.requests)


def test_prompt_holds_claim_texts_inside_the_data_block(tmp_path: Path, embedder: Any) -> None:
    offline = _offline(tmp_path, embedder)
    with fake_llm(default=_server_default(_labels("attack"))) as server:
        _ingest(tmp_path / "llm", embedder, server.url)
        asked = [r for r in server.requests if _pairs(r) is not None]
    assert len(asked) == 2  # one batch for essay A's own links, one for the pair of essays
    texts = {t for p, c, *_ in offline for t in (p, c)}
    seen: set[str] = set()
    for request in asked:
        system, user = request["messages"][0]["content"], request["messages"][-1]["content"]
        assert not any(t in system for t in texts)  # essay text never in the instructions
        begin, end = user.index(DATA_BEGIN), user.rindex(DATA_END)
        seen |= {t for t in texts if begin < user.find(t) and user.find(t) + len(t) <= end}
        assert {p["id"] for p in _pairs(request) or []} == {f"L{i}" for i in range(1, 2)}
    assert seen == texts
