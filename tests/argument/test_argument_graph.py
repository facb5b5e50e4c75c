"""The argument graph in the store: grounding, SHACL, determinism, status, CLI, remove."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from counterpoint.cli import cli
from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.argument import essay_stance, grounded_status
from counterpoint.kg.claims import load_claims
from counterpoint.kg.extract.claims import extract_claims
from counterpoint.kg.extract.pipeline import enrich
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.ntriples import NTriplesGraph
from counterpoint.kg.validate import graph_of, validate
from counterpoint.service import Counterpoint
from helpers import SEED, SEED_ID


@pytest.mark.slow
def test_every_claim_is_exact_text_and_every_graph_passes_shacl(service: Counterpoint) -> None:
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    claims = load_claims(service.store)
    assert len({c.doc_id for c in claims}) == len(texts)
    for c in claims:
        assert texts[c.doc_id][c.start : c.end] == c.text
        assert c.id.startswith("cl-") and 0 < c.confidence <= 1
        assert c.status in {"standing", "defeated", "undecided"}
        assert c.strength is not None and 0 <= c.strength <= 1  # DF-QuAD, in the links graph
        assert c.provenance.startswith("counterpoint-rule-claims ")
    union = Graph()
    for g in service.store.named_graphs():
        union += graph_of(service.store, g)
    ok, report = validate(union)
    assert ok, report[:2000]


def test_seed_thesis_and_main_argument_are_claims(service: Counterpoint) -> None:
    seed = load_claims(service.store, SEED_ID)
    texts = " ".join(c.text for c in seed)
    for part in (
        "not sure the labs doing open-source model development win at scale",
        "brand moats will become more important",
        "crypto industry deals with",
    ):
        assert part in texts
    assert 1 <= sum(c.is_thesis for c in seed) <= 3
    theses = " ".join(c.text for c in seed if c.is_thesis).replace("’", "'")
    assert "brand moats will become more important than most building in the space" in theses
    assert load_claims(service.store, SEED_ID, thesis_only=True)
    assert not any("Recent Posts" in c.text or c.text.endswith("?") for c in seed)


def test_essay_stance_roll_up_is_in_the_links_graph(service: Counterpoint) -> None:
    # the roll-up of a pair of essays lives in that pair's links graph (under <links>/pair/)
    rows = service.store.select(
        "PREFIX cito: <http://purl.org/spar/cito/> SELECT ?a ?rel ?b WHERE { GRAPH ?g "
        "{ ?a ?rel ?b FILTER(?rel IN (cito:agreesWith, cito:disagreesWith)) } "
        f'FILTER(STRSTARTS(STR(?g), "{service.iris.links_graph()}/")) }}'
    )
    pairs = {
        (r["a"].rsplit("/", 1)[-1], r["rel"].rsplit("/", 1)[-1], r["b"].rsplit("/", 1)[-1])
        for r in rows
    }
    # the roll-up follows the claim links: the reply that names its disagreement disagrees
    assert ("switching-costs-not-brand-are-the-real-ai-moat", "disagreesWith", SEED_ID) in pairs
    assert all(b == SEED_ID or a != SEED_ID for a, _, b in pairs)  # the seed answers nobody


def test_extraction_is_deterministic() -> None:
    doc = make_document(load_file(SEED, 10**8))
    first = extract_claims(doc)
    assert first == extract_claims(doc)
    iris = Iris("https://kg.example.org/")
    g1, g2 = NTriplesGraph(), NTriplesGraph()
    enrich(doc, g1, iris, None)
    enrich(doc, g2, iris, None)
    assert set(g1) == set(g2) and len(g1) > 500
    assert [c.claim_id(doc) for c in first] == [c.claim_id(doc) for c in extract_claims(doc)]


def test_grounded_semantics() -> None:
    status = grounded_status("abcdxy", [("a", "b"), ("b", "c"), ("x", "y"), ("y", "x")])
    assert status == {
        "a": "standing", "b": "defeated", "c": "standing", "d": "standing",
        "x": "undecided", "y": "undecided",
    }  # fmt: skip
    stance = essay_stance(
        [("p1", "q1", "attack"), ("p2", "q1", "attack"), ("p3", "q2", "support")],
        {"p1": "A", "p2": "A", "p3": "A", "q1": "B", "q2": "B"},
    )
    assert stance == [("A", "disagreesWith", "B")]


def test_remove_recomputes_links_and_status(service: Counterpoint) -> None:
    other = "in-defence-of-the-brand-moat"
    assert any(c.attacks or c.supports for c in load_claims(service.store, other))
    service.remove([other])
    claims = load_claims(service.store)
    ids = {c.id for c in claims}
    assert other not in {c.doc_id for c in claims}
    assert all(set(c.attacks) | set(c.supports) <= ids for c in claims)
    # claims are selective: about half of the seed's 61 body sentences argue
    assert service.count_claims(other) == 0 and service.count_claims(SEED_ID) > 20


def _run(workspace: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, [*args, "--workspace", str(workspace)])


def test_cli_claims_entities_graph(workspace: Path, tmp_path: Path) -> None:
    res = _run(workspace, "claims", "--doc", SEED_ID, "--thesis", "--json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data and all(c["is_thesis"] and c["doc_id"] == SEED_ID for c in data)
    keys = {"id", "doc_id", "text", "start", "end", "is_thesis", "status", "attacks",
            "supports", "confidence", "strength", "provenance"}  # fmt: skip
    assert keys <= set(data[0])
    ents = json.loads(_run(workspace, "entities", "--doc", SEED_ID, "--json").stdout)
    by_label = {e["label"]: e for e in ents}
    assert by_label["OpenAI"]["wikidata"] == "Q21708200"
    assert by_label["Hugging Face"]["type"] == "Organization"
    assert all(m["doc_id"] == SEED_ID for e in ents for m in e["mentions"])
    dot = _run(workspace, "graph", "--doc", SEED_ID, "--format", "dot")
    assert dot.exit_code == 0 and dot.stdout.startswith("digraph") and "attacks" in dot.stdout
    out = tmp_path / "map.svg"
    assert (
        _run(workspace, "graph", "--doc", SEED_ID, "--format", "svg", "--out", str(out)).exit_code
        == 0
    )
    assert b"<svg" in out.read_bytes()[:400]
    png = tmp_path / "map.png"
    res = _run(workspace, "graph", "--doc", SEED_ID, "--format", "png", "--out", str(png))
    assert res.exit_code == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = _run(workspace, "claims", "--doc", "no-such-essay")
    assert bad.exit_code == 2 and "no-such-essay" in bad.stderr


@pytest.mark.parametrize("cmd", ["claims", "entities"])
def test_cli_reads_need_a_workspace(tmp_path: Path, cmd: str) -> None:
    res = _run(tmp_path / "nowhere", cmd)
    assert res.exit_code == 2 and "no workspace" in res.stderr
