"""The link cache (kg/extract/link_cache.py) and what it lets an update skip (issue 15): an
update reads from the graph only the changed essays' claims, and compares them only with the
claims of essays their mean claim vectors relate them to; the graphs it writes are still
those of a whole rebuild. A cache entry of another version or model is never used, and a
damaged file is started afresh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from counterpoint.config import ExtractSettings, LinkSettings, Settings
from counterpoint.kg.claims import ClaimRecord
from counterpoint.kg.extract import link_essays, link_update
from counterpoint.kg.extract.link_cache import CACHE_FILE, LinkCache
from counterpoint.retrieval.stand_in import BagOfWordsEmbedder
from counterpoint.service import Counterpoint
from helpers import CORPUS

ESSAYS = [
    CORPUS / "open-source-ai-business-models-and-brand-moats.md",
    CORPUS / "switching-costs-not-brand-are-the-ai-moat.md",
    CORPUS / "the-case-for-a-slower-sourdough.md",
    CORPUS / "in-defence-of-the-brand-moat.md",
]


def _record(i: int, text: str = "Brand moats matter more than models.") -> ClaimRecord:
    return ClaimRecord(
        f"cl-{i}",
        "doc",
        text,
        i * 10,
        i * 10 + 5,
        i == 0,
        0.5,
        "rules 1",
        attacks=["cl-9"] if i else [],
        link_confidence={"cl-9": 0.7} if i else {},
    )


def test_entries_are_kept_per_version_and_model(tmp_path: Path) -> None:
    path = tmp_path / CACHE_FILE
    cache = LinkCache(path, "model-a")
    records = [_record(0), _record(1, "Ünïcode “quotes” survive.")]
    vector = np.arange(4, dtype=np.float32)
    cache.put_claims("doc", "v1", records)
    cache.put_contexts("doc", "v1", {"cl-1": "The sentence before."})
    cache.put_vector("doc", "v1", vector)
    cache.put_vector("empty", "v1", None)
    cache.save()
    cache.close()

    cache = LinkCache(path, "model-a")
    assert cache.claims("doc", "v1") == records
    assert cache.contexts("doc", "v1") == {"cl-1": "The sentence before."}
    got = cache.vectors({"doc": "v1", "empty": "v1"})
    assert got.keys() == {"doc", "empty"} and got["empty"] is None
    assert np.array_equal(got["doc"], vector)  # type: ignore[arg-type]
    # another version: nothing of the old one is used, and writing it drops the old fields
    assert cache.claims("doc", "v2") is None and cache.vectors({"doc": "v2"}) == {}
    cache.put_vector("doc", "v2", vector)
    assert cache.claims("doc", "v1") is None and cache.claims("doc", "v2") is None
    cache.save()
    cache.close()

    before = path.read_bytes()
    reader = LinkCache(path, "model-b", read_only=True)  # doctor's reader: no writes
    assert reader.vectors({"doc": "v2"}) == {} and reader.claims("doc", "v2") is None
    reader.close()
    reader = LinkCache(path, "model-a", read_only=True)
    assert reader.vectors({"doc": "v2"}).keys() == {"doc"}
    reader.close()
    assert path.read_bytes() == before
    cache = LinkCache(path, "model-b")  # vectors of another model are never compared
    assert cache.vectors({"doc": "v2"}) == {} and cache.doc_ids() == set()
    cache.close()


@pytest.mark.parametrize("damage", [b"\x00garbage{" * 10, b"SQLite format 3\x00" + b"\xff" * 90])
def test_a_damaged_file_is_started_afresh(tmp_path: Path, damage: bytes) -> None:
    path = tmp_path / CACHE_FILE
    path.write_bytes(damage)
    cache = LinkCache(path, "m")
    assert cache.claims("doc", "v1") is None
    cache.put_claims("doc", "v1", [_record(0)])
    cache.save()
    cache.close()
    assert LinkCache(path, "m").claims("doc", "v1") == [_record(0)]


def _open(path: Path) -> Counterpoint:
    # bags of words score every pair of English essays 0.58-0.81 (function words): at 0.75
    # the two switching-cost/brand essays are related, the seed and the sourdough essay not
    links = LinkSettings(essay_similarity=0.75, link_similarity=0.5)
    settings = Settings(workspace=path, extract=ExtractSettings(links=links))
    return Counterpoint(settings, embedder=BagOfWordsEmbedder(256, "bag-of-words"))


def test_an_update_reads_and_compares_only_the_related_essays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding an essay reads from the graph only that essay's claims (the others come from
    the cache), compares them with the claims of related essays only (never the unrelated
    essay's), and writes the graphs a whole rebuild writes for what it touches."""
    from counterpoint.kg.claims import load_essay_claims

    service = _open(tmp_path / "ws")
    service.ingest([str(p) for p in ESSAYS[:3]])
    results, _ = service.ingest([str(ESSAYS[3])])  # warm: every essay cached
    new = results[0].doc_id
    docs = {s.doc.doc_id: s for s in service.stored_documents()}
    unrelated = next(d for d, s in docs.items() if "sourdough" in s.doc.meta.title.lower())
    seed = next(d for d, s in docs.items() if "Dempsey" in s.doc.meta.authors[0])
    cache = LinkCache(service.vectors.root / CACHE_FILE, service.indexes.embedder.name)
    vectors = cache.vectors({d: s.version for d, s in docs.items()})
    cache.close()
    assert len(vectors) == len(docs)
    gates = service.settings.extract.links
    cosine = {
        other: float(np.dot(vectors[new], vectors[other]))  # type: ignore[arg-type]
        for other in (unrelated, seed)
    }
    assert cosine[unrelated] < gates.essay_similarity, "needs an essay it neither names nor is like"
    # the new essay names the seed's author: related down to named_essay_similarity
    assert cosine[seed] < gates.essay_similarity, "needs a seed below the topic gate"
    seed_related = cosine[seed] >= gates.named_essay_similarity

    read: list[str] = []
    compared: set[str] = set()

    def reading(store: Any, graphs: dict[str, str], known: Any) -> list[ClaimRecord]:
        read.extend(d for d in graphs if d not in known)
        return load_essay_claims(store, graphs, known)

    real_between = link_update.links_between

    def between(claims: Any, *args: Any, **kwargs: Any) -> Any:
        compared.update(c.doc_id for c in claims)
        return real_between(claims, *args, **kwargs)

    monkeypatch.setattr(link_essays, "load_essay_claims", reading)
    monkeypatch.setattr(link_update, "links_between", between)
    embed, cfg = service.enricher.embed, service.settings.extract
    root, model = service.vectors.root, service.indexes.embedder.name
    update, stats = link_update.link_graphs(
        service.store, service.iris, embed, None, cfg, [new], root, model=model
    )
    assert read == [new]
    assert new in compared and len(compared) >= 2
    assert unrelated not in compared
    assert (seed in compared) == seed_related
    assert stats.cross_links > 0
    monkeypatch.undo()
    whole, _ = link_update.link_graphs(service.store, service.iris, embed, None, cfg, None)
    assert {g: v for g, v in whole.items() if g in update} == update
    service.close()
