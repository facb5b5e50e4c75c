"""Incremental links (issue 15): cross-essay links are a function of their two essays, kept in
one named graph per ordered pair, so ingesting essays one at a time, all at once, or removing
one and adding it back gives the same links, statuses, strengths and CiTO roll-up; and adding
an essay compares only the pairs it is part of, leaving every other pair's graph untouched.

The embedder hashes words into a bag-of-words vector: texts sharing words are similar (so
real cross-essay links form, unlike with a per-text random vector), each text's vector is the
same whatever else is in its batch (so "identical" is testable), and no model loads. The
similarity bars are lowered to suit it (bags of words score lower than the model)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from counterpoint.config import ExtractSettings, LinkSettings, Settings
from counterpoint.kg.extract import link_essays, link_status, link_update
from counterpoint.kg.extract.link_cache import CACHE_FILE, LinkCache
from counterpoint.kg.namespaces import CP
from counterpoint.retrieval.stand_in import BagOfWordsEmbedder
from counterpoint.service import Counterpoint
from helpers import CORPUS

ESSAYS = [
    CORPUS / "open-source-ai-business-models-and-brand-moats.md",
    CORPUS / "switching-costs-not-brand-are-the-ai-moat.md",
    CORPUS / "in-defence-of-the-brand-moat.md",
]


def _open(path: Path) -> Counterpoint:
    links = LinkSettings(essay_similarity=0.3, link_similarity=0.5)
    settings = Settings(workspace=path, extract=ExtractSettings(links=links))
    return Counterpoint(settings, embedder=BagOfWordsEmbedder(256, "bag-of-words"))


def _state(service: Counterpoint) -> dict[str, Any]:
    """Links (as sets, with confidence), every claim's status and strength, CiTO triples."""
    claims = service.claims()
    cito = service.sparql(
        "SELECT ?a ?r ?b WHERE { GRAPH ?g { ?a ?r ?b } "
        'FILTER(STRSTARTS(STR(?r), "http://purl.org/spar/cito/")) } ORDER BY ?a ?r ?b'
    )
    doc_of = {c.id: c.doc_id for c in claims}
    return {
        "cross": {
            (c.id, t, kind, c.link_confidence.get(t))
            for c in claims
            for kind, ts in (("attack", c.attacks), ("support", c.supports))
            for t in ts
            if doc_of.get(t) != c.doc_id
        },
        "within": {
            (c.id, t) for c in claims for t in c.attacks + c.supports if doc_of.get(t) == c.doc_id
        },
        "claims": {(c.id, c.status, c.strength) for c in claims},
        "cito": {tuple(r.values()) for r in cito.values()},
    }


def _pair_graphs(service: Counterpoint) -> dict[str, str]:
    prefix = link_update.pair_graph(service.iris, "", "")[:-1]
    return {
        g: service.store.construct_ntriples(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"
        )
        for g in service.store.named_graphs()
        if g.startswith(prefix)
    }


@pytest.fixture(scope="module")
def together(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    service = _open(tmp_path_factory.mktemp("together") / "ws")
    service.ingest([str(p) for p in ESSAYS])
    state = _state(service)
    service.close()
    return state


def test_one_at_a_time_equals_all_at_once_and_remove_readd_restores(
    tmp_path: Path, together: dict[str, Any]
) -> None:
    assert len(together["cross"]) >= 2, "the test needs real cross-essay links"
    assert any(status != "undecided" for _, status, _ in together["claims"])
    service = _open(tmp_path / "ws")
    ids = []
    for path in ESSAYS:
        results, _ = service.ingest([str(path)])
        ids.append(results[0].doc_id)
    assert _state(service) == together

    service.remove([ids[1]])
    gone = _state(service)
    assert not any(ids[1] in a or ids[1] in b for a, b, _, _ in gone["cross"])
    never = _open(tmp_path / "never")
    never.ingest([str(ESSAYS[0]), str(ESSAYS[2])])
    assert gone == _state(never)
    never.close()

    service.ingest([str(ESSAYS[1])])
    assert _state(service) == together
    service.close()


def test_adding_an_essay_compares_only_its_own_pairs(tmp_path: Path) -> None:
    service = _open(tmp_path / "ws")
    first, _ = service.ingest([str(p) for p in ESSAYS[:2]])
    before = _pair_graphs(service)
    assert before, "the first two essays should already be linked"
    full = service.last_links
    assert full is not None
    added, _ = service.ingest([str(ESSAYS[2])])
    new, old = added[0].doc_id, [r.doc_id for r in first]
    stats = service.last_links
    assert stats is not None and stats.changed == 1
    assert stats.essay_pairs == {(new, d) for d in old} | {(d, new) for d in old}
    after = _pair_graphs(service)
    # the untouched pair's graph is byte for byte what it was
    for g, triples in before.items():
        assert after[g] == triples
    assert set(after) - set(before), "the new essay's links have their own pair graph"
    service.close()


def test_a_workspace_linked_the_old_way_is_relinked_whole_once(
    tmp_path: Path, together: dict[str, Any]
) -> None:
    """Before pair graphs, `<links>` held every link, status and strength: such a workspace
    has no status graphs, so the first update re-links every pair instead of trusting it."""
    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS[:2]])
    store, iris = service.store, service.iris
    under = f"{iris.links_graph()}/"
    old = {g: "" for g in store.named_graphs() if g.startswith(under)}
    claim = iris.claim(next(iter(service.claims())).id)
    old[iris.links_graph()] = f'<{claim}> <{CP.status}> "standing" .\n'
    store.replace_graphs(old)  # the old layout: one graph, statuses of the whole corpus
    service.ingest([str(ESSAYS[2])])
    stats = service.last_links
    assert stats is not None and stats.changed == 3  # every essay re-linked
    assert _state(service) == together
    service.close()


def test_strength_nodes_only_for_linked_claims_and_readers_see_the_same(tmp_path: Path) -> None:
    """A claim no link reaches keeps its base score as DF-QuAD strength, so its essay's status
    graph holds no strength node for it (six triples for each of most claims of a long essay):
    claims read back equal those read when every claim has its node, as written before."""
    from counterpoint.kg import strength
    from counterpoint.kg.extract.pipeline import STRENGTH_AGENT
    from counterpoint.kg.extract.rdf import add_run, add_strengths
    from counterpoint.kg.ntriples import NTriplesGraph

    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS])
    claims = service.claims()
    ends = {c.id for c in claims if c.attacks or c.supports}
    ends |= {t for c in claims for t in c.attacks + c.supports}
    unlinked = [c for c in claims if c.id not in ends]
    assert ends and unlinked, "the test needs linked and unlinked claims"
    rows = service.store.select(f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c <{CP.hasStrength}> ?s }} }}")
    assert {r["c"] for r in rows} == {service.iris.claim(c) for c in ends}
    assert all(c.strength is not None for c in claims)

    # the former layout: a strength node for every claim, at its base score
    hashes = {s.doc.doc_id: s.doc.content_hash for s in service.stored_documents()}
    for doc_id, content_hash in hashes.items():
        g = NTriplesGraph()
        run = add_run(g, service.iris, STRENGTH_AGENT, strength.VERSION, [content_hash])
        base = {c.id: c.confidence for c in unlinked if c.doc_id == doc_id}
        values = {c: round(min(max(v, 0.0), 1.0), 4) for c, v in base.items()}
        add_strengths(g, service.iris, base, values, strength.SEMANTICS, run)
        service.store.add_to_graph(link_status.status_graph(service.iris, doc_id), g.serialize())
    every = service.claims()
    assert len(
        service.store.select(f"SELECT ?c WHERE {{ GRAPH ?g {{ ?c <{CP.hasStrength}> ?s }} }}")
    ) == len(claims)
    assert [c.to_json() for c in every] == [c.to_json() for c in claims]
    service.close()


def test_claim_contexts_made_at_ingest_equal_those_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The links update takes each new essay's claim contexts from its enrichment instead of
    reading the essay's spans back and segmenting it again: they are the same contexts."""
    from counterpoint.kg.documents_read import load_documents

    recomputed = []
    real = link_essays._contexts
    monkeypatch.setattr(
        link_essays, "_contexts", lambda doc, recs: recomputed.append(doc.doc_id) or real(doc, recs)
    )
    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS])
    assert recomputed == []
    cache = LinkCache(service.vectors.root / CACHE_FILE, service.indexes.embedder.name)
    claims = service.claims()
    for stored in service.stored_documents():
        doc = load_documents(service.store, stored.doc.doc_id, with_spans=True)[0].doc
        recs = [c for c in claims if c.doc_id == doc.doc_id]
        expected = real(doc, recs)
        assert any(expected.values()), "the test needs claims with a context"
        assert cache.contexts(doc.doc_id, stored.version) == expected
    cache.close()
    service.close()


def test_claims_kept_per_version_give_the_graphs_of_reading_every_claim(tmp_path: Path) -> None:
    """An update takes unchanged essays' claims (with their own links) from the per-version
    cache instead of reading every claim back, and recomputes status and strength only for
    the parts of the argument graph the change reaches: the graphs it writes equal those of
    an update that reads every claim from the store and recomputes every part. A cached entry
    of another version of an essay is not used."""
    from counterpoint.kg.claims import load_claims, load_essay_claims

    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS[:2]])
    stored = {s.doc.doc_id: s for s in service.stored_documents()}
    path, model = service.vectors.root / CACHE_FILE, service.indexes.embedder.name
    cache = LinkCache(path, model)
    graphs = {d: service.iris.doc_graph(d) for d in stored}
    known = {d: cache.claims(d, s.version) for d, s in stored.items()}
    assert all(v for v in known.values()), "every essay's claims are cached after ingest"
    every = load_claims(service.store)
    doc_of = {c.id: c.doc_id for c in every}

    def own(targets: list[str], doc_id: str) -> list[str]:
        return sorted(t for t in targets if doc_of[t] == doc_id)

    expected = [
        {
            **c.to_json(),
            "status": "undecided",
            "strength": None,
            "attacks": own(c.attacks, c.doc_id),
            "supports": own(c.supports, c.doc_id),
        }
        for c in every
    ]
    assert any(e["attacks"] or e["supports"] for e in expected), "needs within-essay links"
    from_cache = [r for d in sorted(known) for r in known[d] or []]
    for recs in (load_essay_claims(service.store, graphs, {}), from_cache):
        assert [r.to_json() for r in sorted(recs, key=lambda r: (r.doc_id, r.start))] == expected

    # an entry for another version of an essay: its (altered) claims must not be used
    first = sorted(stored)[0]
    altered = [replace(r, text="Not what the graph holds.") for r in known[first] or []]
    cache.put_claims(first, "other", altered)
    cache.save()
    cache.close()
    results, _ = service.ingest([str(ESSAYS[2])])
    new = results[0].doc_id
    embed, cfg = service.enricher.embed, service.settings.extract
    root = service.vectors.root
    cached, _ = link_update.link_graphs(
        service.store, service.iris, embed, None, cfg, [new], root, model=model
    )
    uncached, _ = link_update.link_graphs(service.store, service.iris, embed, None, cfg, [new])
    whole, _ = link_update.link_graphs(service.store, service.iris, embed, None, cfg, None)
    assert cached == uncached
    # the update writes a subset of the whole rebuild's graphs, each the same
    assert {g: v for g, v in whole.items() if g in cached} == cached
    cache = LinkCache(path, model)
    assert cache.claims(first, stored[first].version) == known[first]
    cache.close()
    service.close()


def test_doctor_finds_cached_claims_the_graph_does_not_hold(tmp_path: Path) -> None:
    """A well-formed cache entry for a stored essay version whose claims differ from the
    graph's would make updates link claims the graph does not hold: doctor names the file and
    the essay, --repair deletes it, and the next update reads the claims from the graph."""
    from counterpoint.doctor import diagnose

    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS[:2]])
    assert diagnose(service).ok
    path = service.vectors.root / CACHE_FILE
    cache = LinkCache(path, service.indexes.embedder.name)
    stored = sorted((s.doc.doc_id, s.version) for s in service.stored_documents())
    doc_id, version = stored[0]
    rows = cache.claims(doc_id, version)
    assert rows
    rows[0] = replace(rows[0], text="A claim the graph does not hold.")
    cache.put_claims(doc_id, version, rows)
    cache.save()
    cache.close()

    report = diagnose(service)
    assert not report.ok or report.problems
    named = [p for p in report.problems if CACHE_FILE in str(p)]
    assert named and doc_id in str(named[0]), report
    repaired = diagnose(service, repair=True)
    assert not path.exists() and not repaired.problems, repaired
    service.ingest([str(ESSAYS[2])])
    assert "A claim the graph does not hold." not in {c.text for c in service.claims()}
    assert diagnose(service).ok
    service.close()


def test_reading_many_essays_in_one_pass_gives_what_one_query_per_essay_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above MAX_BOUND_GRAPHS essays the claims and stored statuses are read in one pass over
    every graph and filtered, below it one query per named graph: the same records."""
    from counterpoint.kg import claims as claims_mod

    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS])
    docs = sorted(s.doc.doc_id for s in service.stored_documents())
    graphs = {d: service.iris.doc_graph(d) for d in docs[:2]}
    bound = claims_mod.load_essay_claims(service.store, graphs, {})
    status_graphs = [link_status.status_graph(service.iris, d) for d in docs[:2]]
    status = claims_mod.read_status(service.store, service.iris, status_graphs)
    assert bound and any(s is not None for s, _ in status.values())
    monkeypatch.setattr(claims_mod, "MAX_BOUND_GRAPHS", 0)
    one_pass = claims_mod.load_essay_claims(service.store, graphs, {})
    assert [r.to_json() for r in one_pass] == [r.to_json() for r in bound]
    assert claims_mod.read_status(service.store, service.iris, status_graphs) == status
    service.close()


def test_an_update_rewrites_a_reached_essays_lost_status_graph_whole(tmp_path: Path) -> None:
    """An update writes each essay its change reaches whole, taking the stored values of the
    claims whose parts it did not recompute; when that essay's status graph is gone (damage),
    every claim of it is recomputed, and the graph written equals the whole rebuild's."""
    service = _open(tmp_path / "ws")
    results, _ = service.ingest([str(p) for p in ESSAYS[:2]])
    a, b = (r.doc_id for r in results)
    name = link_status.status_graph(service.iris, a)
    assert name in service.store.named_graphs()
    service.store.replace_graphs({name: ""})
    embed, cfg = service.enricher.embed, service.settings.extract
    update, _ = link_update.link_graphs(service.store, service.iris, embed, None, cfg, [b])
    whole, _ = link_update.link_graphs(service.store, service.iris, embed, None, cfg, None)
    assert name in update, "the change to b reaches a (the two essays are linked)"
    assert update[name] == whole[name]
    service.close()
