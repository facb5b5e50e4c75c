"""The LLM claim extractor against a real loopback server: verbatim quotes only, and every
failure falls back to the offline extractor."""

from __future__ import annotations

import json

from counterpoint.config import Settings
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.extract.claims import extract_claims
from counterpoint.kg.extract.llm_claims import claim_source
from fakes.llm_server import Reply, fake_llm
from helpers import SEED

REAL = (
    "it’s likely that brand moats will become more important than most building in the space "
    "appreciate"
)
INVENTED = "Brand moats are the only thing that matters in AI."


def _source(url: str, tmp_path):  # type: ignore[no-untyped-def]
    settings = Settings(workspace=tmp_path / "ws", llm_model="openai/fake", llm_api_base=url,
                        llm_api_key="x", llm_timeout_s=2)  # fmt: skip
    source = claim_source(settings)
    assert source is not None
    return source


def test_llm_claims_keep_verbatim_quotes_and_drop_invented_ones(tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(load_file(SEED, 10**8))
    reply = {"claims": [{"quote": REAL, "thesis": True}, {"quote": INVENTED, "thesis": False}]}
    with fake_llm() as server:
        server.enqueue(Reply(content=json.dumps(reply)))
        claims, name, version = _source(server.url, tmp_path)(doc)
    assert name == "counterpoint-llm-claims" and "openai/fake" in version
    assert [c.text for c in claims] == [REAL]
    assert doc.text[claims[0].start : claims[0].end] == REAL and claims[0].is_thesis


def test_malformed_json_falls_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(load_file(SEED, 10**8))
    with fake_llm() as server:
        server.enqueue(Reply(content="claims: sure, here they are {"))
        assert _source(server.url, tmp_path)(doc) is None


def test_only_invented_quotes_falls_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(load_file(SEED, 10**8))
    with fake_llm() as server:
        server.enqueue(Reply(content=json.dumps({"claims": [{"quote": INVENTED}]})))
        assert _source(server.url, tmp_path)(doc) is None


def test_rate_limit_and_timeout_fall_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    doc = make_document(load_file(SEED, 10**8))
    with fake_llm(default=lambda _r: Reply(status=429, content="slow down")) as server:
        assert _source(server.url, tmp_path)(doc) is None
    with fake_llm(default=lambda _r: Reply(content="{}", delay_s=5)) as server:
        assert _source(server.url, tmp_path)(doc) is None
    assert extract_claims(doc)  # and the offline extractor still answers
