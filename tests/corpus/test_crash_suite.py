"""The crash suite: a real `counterpoint ingest` child is SIGKILLed at seeded points spread over
a whole re-ingest (some documents changed, some unchanged, one added), at every stage of every
document and inside the final update of derived data (links graph, FAISS, BM25, sentence
vectors, pruning). The child kills itself at a named point (`counterpoint/crashpoints.py`,
test-only), so the place is exact, not wherever a signal from the parent happens to land.

After each kill: the workspace opens; every document is fully old or fully new (graph version,
vector file and chunks agree); `doctor --json` reports either consistent, or only the change
journal that names every document that switched (what `--repair` and the next ingest finish).
Then, on two copies, the next ingest and `doctor --repair` must each give the links graph,
claim statuses, index versions and retrieval top-k of a clean ingest of the same files.

Quick form (`make test`): 4 points chosen by the seed, a links-stage kill always among them.
Full form (`make test-long`): 20 points, every kind of point and every document at least once.
The seed is COUNTERPOINT_CRASH_SEED (default 16); a failure names the seed and the point.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from counterpoint.cli import cli
from counterpoint.config import Settings
from counterpoint.crashpoints import KILL_AT_ENV, TRACE_ENV
from counterpoint.doctor import diagnose
from counterpoint.journal import Journal
from counterpoint.service import Counterpoint
from helpers import CORPUS, ROOT

# The module's shared setup (two in-process ingests, one traced child) runs inside the first
# test's time limit; on 2 cores shared with other jobs it has taken over 300 s.
pytestmark = pytest.mark.timeout(1500)

SEED = int(os.environ.get("COUNTERPOINT_CRASH_SEED", "16"))
QUICK_POINTS = 4
FULL_POINTS = 20
QUERIES = (
    "why brand is a durable moat",
    "regulation and compliance costs favour incumbents",
    "switching costs lock customers in",
)
# (file, edit): the unchanged ones, the ones the re-ingest changes, and the one it adds
KEPT = (
    "switching-costs-not-brand-are-the-ai-moat.md",
    "open-weights-pay-recruiting-and-standards.md",
)
CHANGED = (
    "in-defence-of-the-brand-moat.md",
    "compliance-is-the-moat-regulation-favours-incumbents.md",
)
ADDED = "open-source-ai-business-models-and-brand-moats.md"
EDIT = (
    "A closing paragraph argues that distribution, not brand or regulation, decides which "
    "model labs keep their customers once the models themselves are alike."
)
# short essays keep each child run to seconds; 3,000 characters, not 1,800, since the
# responses' opening reports of the seed are reports, not claims (extractors 2.11): the
# shorter cut left no cross-essay link to lose
BODY_CHARS = 3000


def _trimmed(name: str) -> str:
    """A bundled essay cut after whole paragraphs (front matter kept): short, still on topic."""
    text = (CORPUS / name).read_text()
    _, front, body = text.split("---\n", 2)
    kept: list[str] = []
    for para in body.split("\n\n"):
        if kept and sum(len(p) for p in kept) + len(para) > BODY_CHARS:
            break
        kept.append(para.strip())
    return f"---\n{front}---\n" + "\n\n".join(kept) + "\n"


@dataclass
class Snapshot:
    """What a clean ingest and a recovered workspace must agree on."""

    versions: dict[str, str]
    links: set[tuple[str, str, str]]
    statuses: dict[str, str]
    indexed: dict[str, dict[str, str] | None]
    top_k: dict[str, list[str]]


def _snapshot(service: Counterpoint) -> Snapshot:
    # the links graphs: <links> and the per-pair and per-essay graphs under it
    links_graph = service.iris.links_graph()
    rows = service.store.select(
        "PREFIX aif: <http://www.arg.dundee.ac.uk/aif#>\n"
        f"SELECT ?p ?c ?k WHERE {{ GRAPH ?g {{ "
        "?n aif:Premise ?p ; aif:Conclusion ?c ; a ?k } "
        f'FILTER(STRSTARTS(STR(?g), "{links_graph}")) }}'
    )
    links = {(str(r["p"]), str(r["c"]), str(r["k"])) for r in rows}
    rows = service.store.select(
        "PREFIX cp: <https://w3id.org/counterpoint/ns#>\n"
        f"SELECT ?c ?s WHERE {{ GRAPH ?g {{ ?c cp:status ?s }} "
        f'FILTER(STRSTARTS(STR(?g), "{links_graph}")) }}'
    )
    statuses = {str(r["c"]): str(r["s"]) for r in rows}
    vectors = service.vectors
    indexed = {
        path.name: vectors._read_manifest(path)
        for path in (
            vectors.manifest_path,
            vectors.lexical_manifest_path,
            vectors.sentences_manifest_path,
        )
    }
    top_k = {q: [e.chunk.chunk_id for e in service.retrieve(q, 5)] for q in QUERIES}
    return Snapshot(service.view.versions, links, statuses, indexed, top_k)


@dataclass
class Setup:
    essays: Path  # the files, as the re-ingest sees them (v2)
    models: Path  # the ONNX export the children embed with
    base: Path  # a workspace holding v1 of the kept and changed essays, closed
    old: dict[str, str]  # doc id -> version in `base`
    reference: Snapshot  # a clean ingest of the v2 files into an empty workspace
    points: list[str]  # every crash point an uninterrupted re-ingest of `base` passes, in order
    child_seconds: float  # how long that uninterrupted child took


def _child_env(models: Path, extra: dict[str, str]) -> dict[str, str]:
    # ONNX (the same vector family as torch, exported once per session): a child starts in
    # about a second instead of loading torch
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERPOINT_")}
    return {
        **env,
        "PYTHONPATH": str(ROOT / "src"),
        "HF_HUB_OFFLINE": "1",
        "COUNTERPOINT_EMBEDDING_BACKEND": "onnx",
        "COUNTERPOINT_MODELS_DIR": str(models),
        **extra,
    }


def _run_child(ws: Path, essays: Path, models: Path, extra: dict[str, str]) -> int:
    cmd = [sys.executable, "-c", "from counterpoint.cli import main; main()"]
    files = sorted(str(p) for p in essays.iterdir())
    done = subprocess.run(
        [*cmd, "ingest", *files, "--workspace", str(ws), "--json"],
        env=_child_env(models, extra),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, -signal.SIGKILL), done.stderr[-2000:]
    return done.returncode


@pytest.fixture(scope="module")
def setup(
    tmp_path_factory: pytest.TempPathFactory, embedder, models_cache: Path
) -> Iterator[Setup]:  # type: ignore[no-untyped-def]
    """Built once per module (the per-test environment isolation is not active yet at module
    scope: the user's COUNTERPOINT_ settings are cleared here too)."""
    with pytest.MonkeyPatch.context() as env:
        for key in [k for k in os.environ if k.startswith("COUNTERPOINT_")]:
            env.delenv(key)
        env.setenv("COUNTERPOINT_MODELS_DIR", str(models_cache))
        yield _build(tmp_path_factory, embedder, models_cache)


def _build(tmp_path_factory: pytest.TempPathFactory, embedder: Any, models_cache: Path) -> Setup:
    import time

    from counterpoint.retrieval.embedder import resolve_model_path
    from counterpoint.retrieval.onnx_embedder import ensure_onnx_model

    root = tmp_path_factory.mktemp("crash")
    ensure_onnx_model(Path(resolve_model_path(Settings().embedding_model)), models_cache)
    essays = root / "essays"
    essays.mkdir()
    for name in (*KEPT, *CHANGED):
        (essays / name).write_text(_trimmed(name))
    base = root / "base"
    service = Counterpoint(Settings(workspace=base), embedder=embedder)
    results, _ = service.ingest(sorted(str(p) for p in essays.iterdir()))
    assert [r.status for r in results] == ["added"] * 4, results
    old = service.view.versions
    before = _snapshot(service)
    service.close()
    # the re-ingest: two essays changed, two as they were, one added
    for name in CHANGED:
        (essays / name).write_text(_trimmed(name) + f"\n{EDIT}\n")
    (essays / ADDED).write_text(_trimmed(ADDED))
    service = Counterpoint(Settings(workspace=root / "reference"), embedder=embedder)
    service.ingest(sorted(str(p) for p in essays.iterdir()))
    reference = _snapshot(service)
    service.close()
    assert reference.links and len(reference.versions) == 5  # cross-essay links to lose
    # the re-ingest changes the links graph and claim statuses: stale ones would be seen
    assert reference.links != before.links and reference.statuses != before.statuses
    assert sum(reference.versions[d] != v for d, v in old.items()) == len(CHANGED)

    traced = root / "traced"
    shutil.copytree(base, traced)
    trace = root / "trace.txt"
    started = time.perf_counter()
    assert _run_child(traced, essays, models_cache, {TRACE_ENV: str(trace)}) == 0
    seconds = time.perf_counter() - started
    points = list(dict.fromkeys(trace.read_text().split()))
    _assert_recovered(traced, embedder, reference, "uninterrupted child")
    return Setup(essays, models_cache, base, old, reference, points, seconds)


def _kind(point: str) -> str:
    return point.split(":", 1)[0]


def _choose(points: list[str], n: int, seed: int) -> list[str]:
    """`n` points spread over the run: one of every kind of point (document stages, links,
    indexes, manifests, pruning, journal) and of every document first, then any; always one in
    the links stage. Returned in run order."""
    rng = random.Random(seed)
    chosen: list[str] = [rng.choice([p for p in points if _kind(p) == "links"])]
    strata: dict[str, list[str]] = {}
    for p in points:
        strata.setdefault(_kind(p), []).append(p)
        if ":" in p and p.endswith(".md"):
            strata.setdefault(p.split(":", 1)[1], []).append(p)
    keys = sorted(strata)
    rng.shuffle(keys)
    for key in keys:
        if len(chosen) >= n:
            break
        if not set(strata[key]) & set(chosen):
            chosen.append(rng.choice(strata[key]))
    rest = [p for p in points if p not in chosen]
    chosen += rng.sample(rest, min(len(rest), n - len(chosen)))
    return sorted(chosen, key=points.index)


def _check_killed(ws: Path, setup: Setup, embedder: Any) -> None:
    """Right after the kill, before anything repairs it."""
    doctor = CliRunner().invoke(cli, ["doctor", "--workspace", str(ws), "--json"])
    report = json.loads(doctor.stdout)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    pending = Journal(ws / "vectors").pending()
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        versions = service.view.versions
        new = setup.reference.versions
        for doc_id, version in versions.items():
            # fully old or fully new: the graph names one of the two versions, whose vector
            # file holds exactly the graph's chunks, whose texts are the stored text's spans
            assert version in (setup.old.get(doc_id), new[doc_id]), doc_id
            chunks = service.view.chunks_of(doc_id)
            ids, _ = service.vectors.read_doc(doc_id, version)
            assert ids == [c.chunk_id for c in chunks], doc_id
            text = service.view.docs[doc_id].text
            assert all(c.text == text[c.start : c.end] for c in chunks), doc_id
        assert set(setup.old) <= set(versions)  # nothing lost
        switched = {d for d, v in versions.items() if setup.old.get(d) != v}
    finally:
        service.close()
    if pending is None:
        # nothing announced, so nothing switched; doctor finds the workspace consistent
        assert not switched and report["ok"] and not errors, doctor.stdout
    else:
        # only the journal is an error, and it names every document that switched
        assert doctor.exit_code == 1 and [p["check"] for p in errors] == ["journal"]
        named = {c["doc_id"] for c in pending["changes"]}
        assert switched <= named <= set(new)
        assert "next ingest or doctor --repair" in errors[0]["message"]


def _assert_recovered(ws: Path, embedder: Any, reference: Snapshot, how: str) -> None:
    service = Counterpoint(Settings(workspace=ws), embedder=embedder)
    try:
        assert diagnose(service).ok, how
        got = _snapshot(service)
    finally:
        service.close()
    assert got.versions == reference.versions, how
    assert got.links == reference.links, how
    assert got.statuses == reference.statuses, how
    assert got.indexed == reference.indexed, how
    assert all(v == reference.versions for v in got.indexed.values()), how
    assert got.top_k == reference.top_k, how
    assert Journal(ws / "vectors").pending() is None, how


def _kill_and_recover(point: str, setup: Setup, tmp: Path, embedder: Any) -> None:
    where = f"seed {SEED}, point {point}"
    killed = tmp / "killed"
    shutil.copytree(setup.base, killed)
    code = _run_child(killed, setup.essays, setup.models, {KILL_AT_ENV: point})
    assert code == -signal.SIGKILL, f"{where}: the child was not killed there"
    _check_killed(killed, setup, embedder)
    repaired = tmp / "repaired"
    shutil.copytree(killed, repaired)
    # the next ingest finishes the run
    service = Counterpoint(Settings(workspace=killed), embedder=embedder)
    try:
        results, _ = service.ingest(sorted(str(p) for p in setup.essays.iterdir()))
        assert all(r.status != "error" for r in results), results
    finally:
        service.close()
    _assert_recovered(killed, embedder, setup.reference, f"{where}, after the next ingest")
    # doctor --repair alone: when every document had switched (a kill in the links or index
    # stage), the workspace now equals the clean one; otherwise the documents not yet
    # re-ingested keep their old version, and the next ingest redoes only those
    service = Counterpoint(Settings(workspace=repaired), embedder=embedder)
    try:
        report = diagnose(service, repair=True)
        assert report.ok, f"{where}: {report.to_json()}"
        assert Journal(repaired / "vectors").pending() is None
        switched = service.view.versions
        if switched != setup.reference.versions:
            results, _ = service.ingest(sorted(str(p) for p in setup.essays.iterdir()))
            redone = {r.doc_id for r in results if r.status != "unchanged"}
            assert redone == {
                d for d, v in setup.reference.versions.items() if switched.get(d) != v
            }
    finally:
        service.close()
    _assert_recovered(repaired, embedder, setup.reference, f"{where}, after doctor --repair")


def test_the_run_passes_every_kind_of_point(setup: Setup) -> None:
    """The points cover every stage of every document and the derived update."""
    kinds = {_kind(p) for p in setup.points}
    assert {"load", "clean", "chunk", "embed", "vectors", "graph", "switch"} <= kinds
    assert {"links", "index", "manifest", "journal"} <= kinds
    for name in (*KEPT, *CHANGED, ADDED):
        assert f"load:{name}" in setup.points and f"clean:{name}" in setup.points
    for name in (*CHANGED, ADDED):
        assert {f"{s}:{name}" for s in ("embed", "vectors", "graph", "switch")} <= set(setup.points)
    assert f"embed:{KEPT[0]}" not in setup.points  # unchanged: no work


def test_points_are_chosen_spread_and_seeded(setup: Setup) -> None:
    quick = _choose(setup.points, QUICK_POINTS, SEED)
    assert quick == _choose(setup.points, QUICK_POINTS, SEED) and len(quick) == QUICK_POINTS
    assert any(_kind(p) == "links" for p in quick)
    full = _choose(setup.points, FULL_POINTS, SEED)
    assert len(full) == min(FULL_POINTS, len(setup.points))
    assert {_kind(p) for p in setup.points} <= {_kind(p) for p in full}
    for name in (*KEPT, *CHANGED, ADDED):
        assert any(p.endswith(f":{name}") for p in full), name


@pytest.mark.slow
@pytest.mark.parametrize("nth", range(QUICK_POINTS))
def test_sigkill_at_a_seeded_point(setup: Setup, nth: int, tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    point = _choose(setup.points, QUICK_POINTS, SEED)[nth]
    _kill_and_recover(point, setup, tmp_path, embedder)


@pytest.mark.long
@pytest.mark.parametrize("nth", range(FULL_POINTS))
def test_sigkill_at_twenty_seeded_points(
    setup: Setup,
    nth: int,
    tmp_path: Path,
    embedder,  # type: ignore[no-untyped-def]
) -> None:
    points = _choose(setup.points, FULL_POINTS, SEED)
    assert len(points) == FULL_POINTS, setup.points
    _kill_and_recover(points[nth], setup, tmp_path, embedder)
