"""`counterpoint sparql` and `counterpoint export` on a real workspace, including while another
process holds the store for writing (as `counterpoint serve` does)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rispy
from click.testing import CliRunner
from rdflib import Variable
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
from rdflib.plugins.sparql.results.tsvresults import TSVResultParser
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from claim_graphs import over_workspace
from counterpoint.cli import cli
from counterpoint.kg.claims import load_claims
from counterpoint.kg.documents_read import load_documents
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.oxigraph_store import OxigraphStore
from counterpoint.kg.sparql.examples import describe, example_queries

SEED_ID = "open-source-ai-business-models-brand-moats"
CLAIMS_BY_STATUS = (
    "PREFIX cp: <https://w3id.org/counterpoint/ns#> "
    "SELECT ?status (COUNT(?c) AS ?n) WHERE { ?c cp:status ?status } "
    "GROUP BY ?status ORDER BY ?status"
)


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def held_workspace(workspace: Path) -> Iterator[tuple[Path, OxigraphStore]]:
    """The seeded workspace plus argument graphs, with the store held open for writing."""
    store = OxigraphStore(workspace / "graph")
    store.replace_graphs(over_workspace(store, Iris("https://counterpoint.example.org/")))
    yield workspace, store
    store.close()


@pytest.mark.slow
def test_sparql_formats_parse_as_w3c_results(held_workspace) -> None:  # type: ignore[no-untyped-def]
    ws, _ = held_workspace
    out = run("sparql", CLAIMS_BY_STATUS, "--format", "json", "--workspace", str(ws))
    assert out.exit_code == 0, out.output
    parsed = JSONResultParser().parse(io.StringIO(out.stdout))
    counts = {str(r[Variable("status")]): int(r[Variable("n")]) for r in parsed.bindings}
    assert counts == {"defeated": 2, "standing": 3, "undecided": 1}
    tsv = run("sparql", CLAIMS_BY_STATUS, "--format", "tsv", "--workspace", str(ws))
    parsed_tsv = TSVResultParser().parse(io.StringIO(tsv.stdout))
    assert {
        str(r[Variable("status")]): int(r[Variable("n")]) for r in parsed_tsv.bindings
    } == counts
    xml = run("sparql", CLAIMS_BY_STATUS, "--format", "xml", "--workspace", str(ws))
    parsed_xml = XMLResultParser().parse(io.BytesIO(xml.stdout.encode()))
    assert {
        str(r[Variable("status")]): int(r[Variable("n")]) for r in parsed_xml.bindings
    } == counts
    rows = list(
        csv.DictReader(
            io.StringIO(
                run("sparql", CLAIMS_BY_STATUS, "--format", "csv", "--workspace", str(ws)).stdout
            )
        )
    )
    assert {r["status"]: int(r["n"]) for r in rows} == counts
    table = run("sparql", CLAIMS_BY_STATUS, "--workspace", str(ws)).stdout
    assert table.splitlines()[0].split() == ["status", "n"] and "(3 rows)" in table


@pytest.mark.slow
def test_sparql_file_construct_limit_and_refusals(held_workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, store = held_workspace
    before = ox.serialize(store.raw, format=ox.RdfFormat.N_QUADS)
    rq = tmp_path / "essay-agreement-graph.rq"
    rq.write_text(example_queries()["essay-agreement-graph"], encoding="utf-8")
    turtle = run("sparql", "--file", str(rq), "--format", "turtle", "--workspace", str(ws))
    assert turtle.exit_code == 0, turtle.output
    assert len(list(ox.parse(turtle.stdout.encode(), format=ox.RdfFormat.TURTLE))) >= 2
    capped = run(
        "sparql",
        "SELECT * WHERE { ?s ?p ?o }",
        "--limit",
        "3",
        "--format",
        "csv",
        "--workspace",
        str(ws),
    )
    assert capped.exit_code == 0 and len(capped.stdout.strip().splitlines()) == 4
    assert "truncated" in capped.stderr
    for query in (
        "DROP ALL",
        "SELECT * FROM <http://127.0.0.1:9/> WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ):
        refused = run("sparql", query, "--workspace", str(ws))
        assert refused.exit_code == 2
        assert refused.stderr.startswith("error: ") and refused.stderr.count("\n") == 1
    slow = run(
        "sparql",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "--timeout",
        "0.5",
        "--workspace",
        str(ws),
    )
    assert slow.exit_code == 2 and "timeout" in slow.stderr
    assert run("sparql", "--workspace", str(ws)).exit_code == 2
    assert run("sparql", "--file", str(tmp_path / "nope.rq"), "--workspace", str(ws)).exit_code == 2
    assert ox.serialize(store.raw, format=ox.RdfFormat.N_QUADS) == before


@pytest.mark.slow
def test_sparql_examples_listed_and_run_by_name(held_workspace) -> None:  # type: ignore[no-untyped-def]
    ws, _ = held_workspace
    listed = run("sparql", "--examples")
    assert listed.exit_code == 0
    queries = example_queries()
    lines = listed.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(queries)
    for line, text in zip(lines, queries.values(), strict=True):
        assert line.endswith(describe(text))
    by_name = run(
        "sparql", "--example", "claims-by-status", "--format", "json", "--workspace", str(ws)
    )
    by_text = run("sparql", queries["claims-by-status"], "--format", "json", "--workspace", str(ws))
    assert by_name.exit_code == 0 and json.loads(by_name.stdout)["results"]["bindings"]
    assert json.loads(by_name.stdout) == json.loads(by_text.stdout)
    unknown = run("sparql", "--example", "no-such-query", "--workspace", str(ws))
    assert unknown.exit_code == 2 and "--examples" in unknown.stderr
    both = run("sparql", "ASK {}", "--example", "essays", "--workspace", str(ws))
    assert both.exit_code == 2


@pytest.mark.slow
def test_export_cli(held_workspace, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws, store = held_workspace
    out = tmp_path / "refs.ris"
    done = run("export", "--format", "ris", "--out", str(out), "--workspace", str(ws))
    assert done.exit_code == 0, done.output
    ids = {r["id"] for r in rispy.loads(out.read_text(encoding="utf-8"))}
    stored = {s.doc.doc_id for s in load_documents(store)}
    assert SEED_ID in stored
    assert ids == stored
    seed = rispy.loads(
        run("export", "--format", "ris", "--doc", SEED_ID, "--workspace", str(ws)).stdout
    )
    assert seed[0]["authors"] == ["Michael Dempsey"] and seed[0]["publisher"] == "michaeldempsey.me"
    notes = json.loads(
        run(
            "export",
            "--format",
            "csl-json",
            "--doc",
            "brand-moats",
            "--claims",
            "--workspace",
            str(ws),
        ).stdout
    )
    assert notes[0]["note"].startswith("Thesis: ")
    annotations = json.loads(
        run("export", "--format", "annotations", "--workspace", str(ws)).stdout
    )
    assert annotations["total"] == len(load_claims(store))
    assert annotations["total"] > 6  # the six hand-made claims plus the corpus's own
    trig = run("export", "--format", "trig", "--doc", SEED_ID, "--workspace", str(ws)).stdout
    graphs = {q.graph_name.value for q in ox.parse(trig.encode(), format=ox.RdfFormat.TRIG)}
    assert graphs == {f"https://counterpoint.example.org/graph/doc/{SEED_ID}"}
    unknown = run("export", "--format", "bibtex", "--doc", "nope", "--workspace", str(ws))
    assert unknown.exit_code == 2 and "unknown document id: nope" in unknown.stderr
    missing = run("export", "--format", "bibtex", "--workspace", str(tmp_path / "none"))
    assert missing.exit_code == 2
