"""`make bench-scale` (issue 15): incremental index cost by corpus size, retrieval latency at
size, and end-to-end ingest throughput beside pure embedding. Reads `make bench-data`'s corpus.

Two shortcuts, each named in the output: index-size figures give chunks synthetic vectors from
the bench-data vector set (the figure is about index work, not embedding), and the base corpus
of the end-to-end add-one-essay figure is ingested with a hash embedder (the added essay is
embedded by the real model: that time counts). `--sizes` and `--essays` keep a run bounded;
`make bench` runs the small forms (`--small`).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import links_scale
from bench.common import ROOT, percentiles, record, report, write_results
from counterpoint.retrieval.stand_in import HashEmbedder

DATA = ROOT / ".bench-data"
BEFORE_MAX = 100_000  # the old full rebuild is timed up to this many chunks (minutes at 100k)
QUESTIONS = [
    "Why do brands matter to AI labs?",
    "How can open-source labs make money from open weights?",
    "switching costs lock in customers",
    "Does regulation favour incumbents?",
    "what do sieges teach about moats",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def essay_paths(n: int) -> list[Path]:
    paths = sorted((DATA / "essays").rglob("*.md"))[:n]
    if len(paths) < n:
        raise SystemExit(f"only {len(paths)} bench essays in {DATA}: run `make bench-data` first")
    return paths


def iter_chunks(n_chunks: int) -> Iterator[tuple[str, str]]:
    """(chunk id, text) of bench essays, streamed until n_chunks."""
    from counterpoint.corpus.chunk import chunk_document
    from counterpoint.corpus.loaders import load_source
    from counterpoint.corpus.pipeline import make_document

    done = 0
    for path in sorted((DATA / "essays").rglob("*.md")):
        doc = make_document(load_source(str(path), 10_000_000, False, 5.0, False))
        for chunk in chunk_document(doc):
            yield f"{path.stem}#{chunk.chunk_id}", chunk.text
            done += 1
            if done >= n_chunks:
                return
    raise SystemExit(f"bench data holds only {done} chunks: run `make bench-data` first")


# -- index work at size -----------------------------------------------------------------------
def index_at_size(n: int, progress: bool = True) -> dict[str, float]:
    """Build FAISS + BM25 over n real chunk texts (synthetic vectors), then time adding and
    removing one essay (10 chunks) incrementally, against a full rebuild, and search latency."""
    from counterpoint.retrieval.faiss_index import make_index
    from counterpoint.retrieval.lexical import LexicalIndex

    vectors = np.load(DATA / "vectors" / "vectors.npy", mmap_mode="r")
    queries = np.load(DATA / "vectors" / "queries.npy")
    ids: list[str] = []
    texts: list[str] = []
    t0 = time.perf_counter()
    for cid, text in iter_chunks(n + 10):
        ids.append(cid)
        texts.append(text)
        if progress and len(ids) % 5000 == 0:
            rate = len(ids) / (time.perf_counter() - t0)
            print(f"\r  chunks {len(ids)}/{n + 10} ETA {(n - len(ids)) / rate:.0f} s", end="")
    if progress:
        print("\r", end="")
    base_ids, base_texts, new_ids, new_texts = ids[:n], texts[:n], ids[n:], texts[n:]
    base_vecs = np.asarray(vectors[:n], dtype=np.float32)
    new_vecs = np.asarray(vectors[n : n + 10], dtype=np.float32)

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        index = make_index(base_vecs.shape[1], n, "auto")
        index.add(base_ids, base_vecs)
        lexical = LexicalIndex.build(base_ids, base_texts)
        index.save(Path(tmp) / "index")
        lexical.save(Path(tmp) / "lexical")
        out["full_build_s"] = time.perf_counter() - t0
        if n <= BEFORE_MAX:
            out["before_rebuild_s"] = old_rebuild(
                base_ids + new_ids, base_texts + new_texts, base_vecs, new_vecs
            )
        t0 = time.perf_counter()
        index.add(new_ids, new_vecs)
        lexical.add(new_ids, new_texts)
        index.save(Path(tmp) / "index")
        lexical.save(Path(tmp) / "lexical")
        out["add_one_essay_index_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        index.remove(new_ids)
        lexical.remove(new_ids)
        index.save(Path(tmp) / "index")
        lexical.save(Path(tmp) / "lexical")
        out["remove_one_essay_index_s"] = time.perf_counter() - t0
        dense = [
            (time.perf_counter(), index.search(q, 50), time.perf_counter())[::2] for q in queries
        ]
        out["dense_p50_ms"], out["dense_p95_ms"] = percentiles([(b - a) * 1000 for a, b in dense])
        lex = [
            (time.perf_counter(), lexical.search(q, 50), time.perf_counter())[::2]
            for q in QUESTIONS * 10
        ]
        out["bm25_p50_ms"], out["bm25_p95_ms"] = percentiles([(b - a) * 1000 for a, b in lex])
    return out


def old_rebuild(ids: list[str], texts: list[str], base: Any, new: Any) -> float:
    """What every ingest cost before issue 15: FAISS and one bm25s index over all chunks."""
    import bm25s
    import faiss

    from counterpoint.retrieval.lexical import Tokenizer

    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(base.shape[1])
    flat.add(np.concatenate([base, new]))
    tok = Tokenizer()
    bm25s.BM25().index([tok(t) for t in texts], show_progress=False)
    return time.perf_counter() - t0


# -- end to end ------------------------------------------------------------------------------
class Progress:
    """`ProgressSink` for long bench ingests: a line every `every` documents with documents
    done, chunks/s so far, ETA and peak memory (stderr stays free of per-stage lines)."""

    def __init__(self, every: int) -> None:
        self.every = max(1, every)
        self.total = 0
        self.finished = 0
        self.chunks = 0
        self.t0 = time.perf_counter()

    def start(self, total: int) -> None:
        self.total, self.t0 = total, time.perf_counter()

    def stage(self, source: str, stage: str) -> None:
        if stage == "index":
            print("  index stage (links, FAISS, BM25, sentence vectors) ...", flush=True)

    def done(self, result: Any) -> None:
        self.finished += 1
        self.chunks += result.n_chunks
        if self.finished % self.every and self.finished != self.total:
            return
        elapsed = time.perf_counter() - self.t0
        left = elapsed / self.finished * (self.total - self.finished)
        print(
            f"  {self.finished}/{self.total} documents, {self.chunks} chunks, "
            f"{self.chunks / elapsed:.1f} chunks/s, ETA {left / 60:.1f} min, "
            f"peak {peak_rss_mb():.0f} MB",
            flush=True,
        )


def chunk_batches(paths: list[str], size: int = 256) -> Iterator[list[str]]:
    """The chunk texts of these files as ingest cuts them, a batch at a time (streamed:
    never the whole corpus's texts in one list)."""
    from counterpoint.corpus.chunk import chunk_document
    from counterpoint.corpus.loaders import load_source
    from counterpoint.corpus.pipeline import make_document

    batch: list[str] = []
    for p in paths:
        for c in chunk_document(make_document(load_source(p, 10_000_000, False, 5.0, False))):
            batch.append(c.text)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def throughput(n_essays: int, hashed: bool = False) -> dict[str, float]:
    """Ingest n bench essays end to end (progress, ETA, peak memory), then embed the same
    chunk texts alone with the same embedder: the real model, or (`hashed`) the hash
    embedder, for memory and streaming at sizes the model would take hours on."""
    from bench.common import shared_embedder
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    embedder: Any = HashEmbedder() if hashed else shared_embedder()
    embedder.embed_batch(["warm up"])
    paths = [str(p) for p in essay_paths(n_essays)]
    rss_before = peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(Settings(workspace=Path(tmp) / "ws"), embedder=embedder)
        t0 = time.perf_counter()
        results, timings = service.ingest(paths, progress=Progress(max(1, n_essays // 20)))
        ingest_s = time.perf_counter() - t0
        service.close()
    assert all(r.status == "added" for r in results), [r for r in results if r.error][:2]
    n_texts = 0
    t0 = time.perf_counter()
    for batch in chunk_batches(paths):
        embedder.embed_batch(batch)
        n_texts += len(batch)
    embed_s = time.perf_counter() - t0
    return {
        "essays": float(n_essays),
        "chunks": float(timings.chunks),
        "ingest_s": ingest_s,
        "ingest_chunks_per_s": timings.chunks / ingest_s,
        "embed_only_chunks_per_s": n_texts / embed_s,
        "ratio": (timings.chunks / ingest_s) / (n_texts / embed_s),
        **{f"stage_{k}_s": v for k, v in timings.extra.items()},
        "peak_rss_mb": peak_rss_mb(),
        "peak_rss_before_ingest_mb": rss_before,
    }


def add_one_end_to_end(n_essays: int) -> dict[str, float]:
    """A workspace of n bench essays (hash embedder), then one more essay with the real model:
    the time a user waits to add one essay to a corpus of that size."""
    from bench.common import shared_embedder
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    paths = [str(p) for p in essay_paths(n_essays + 2)]
    with tempfile.TemporaryDirectory() as tmp:
        service = Counterpoint(
            Settings(workspace=Path(tmp) / "ws"), embedder=HashEmbedder(384, "hash-embedder")
        )
        t0 = time.perf_counter()
        service.ingest(paths[:-2])
        base_s = time.perf_counter() - t0
        service.close()
        real = shared_embedder()
        real.embed_batch(["warm up"])
        service = Counterpoint(Settings(workspace=Path(tmp) / "ws"), embedder=real)
        service.indexes.index  # noqa: B018 (a running service: indexes loaded)
        # the first add re-embeds every stored claim with the real model (the base was made
        # with the hash embedder); the second is the steady state a user sees
        service.ingest([paths[-2]])
        t0 = time.perf_counter()
        results, timings = service.ingest([paths[-1]])
        add_s = time.perf_counter() - t0
        links = service.last_links
        service.close()
    assert results[0].status == "added", results
    return {
        "base_essays": float(n_essays),
        "base_ingest_s": base_s,
        "add_one_essay_s": add_s,
        **{f"add_stage_{k}_s": v for k, v in timings.extra.items()},
        "add_links_s": sum(links.seconds.values()) if links is not None else float("nan"),
    }


def search_at_size(workspace: Path, n_questions: int = 150) -> dict[str, float]:
    """Retrieval latency through the service on an ingested workspace (e.g. the one
    `--ingest-hash-essays` builds with `--keep`): hybrid (dense + BM25 + graph expansion),
    dense and BM25 alone over the labelled questions, plus the question's embedding by the
    model's fp32 ONNX export (what `ask` uses). The workspace's vectors may come from the hash
    embedder: latency does not depend on which vectors they are."""
    import json

    from counterpoint.config import Settings
    from counterpoint.retrieval.onnx_embedder import OnnxEmbedder
    from counterpoint.service import Counterpoint

    items = json.loads((ROOT / "tests" / "data" / "qa" / "eval_set.json").read_text())["items"]
    questions = [i["question"] for i in items][:n_questions]
    service = Counterpoint(Settings(workspace=workspace), embedder=HashEmbedder())
    out: dict[str, float] = {"chunks": float(len(service.indexes.view.chunks))}
    try:
        service.retrieve("warm up the indexes", 10)
        for method in ("hybrid", "dense", "lexical"):
            took = []
            for q in questions:
                t0 = time.perf_counter()
                service.retrieve(q, 10, method=method)
                took.append((time.perf_counter() - t0) * 1000)
            out[f"{method}_p50_ms"], out[f"{method}_p95_ms"] = percentiles(took)
    finally:
        service.close()
    settings = Settings()
    onnx = OnnxEmbedder(settings.embedding_model, settings.onnx_dir)
    onnx.embed_batch(["warm up"])
    took = []
    for q in questions:
        t0 = time.perf_counter()
        onnx.embed_batch([q])
        took.append((time.perf_counter() - t0) * 1000)
    out["question_p50_ms"], out["question_p95_ms"] = percentiles(took)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="chunk counts for indexes")
    parser.add_argument("--ingest-essays", type=int, default=200, help="end-to-end throughput")
    parser.add_argument(
        "--ingest-hash-essays",
        type=int,
        default=0,
        help="end-to-end ingest with the hash embedder (memory and streaming at size)",
    )
    parser.add_argument("--add-one-bases", default="100", help="essays before adding one")
    parser.add_argument("--links-bases", default="100,1000", help="links stage, add one essay")
    parser.add_argument("--small", action="store_true", help="the forms `make bench` runs")
    parser.add_argument(
        "--search-workspace", type=Path, help="retrieval latency on this ingested workspace"
    )
    args = parser.parse_args(argv)
    if args.small:
        args.sizes, args.ingest_essays, args.add_one_bases = "1000", 10, "20"
        args.links_bases = "20"
    results: dict[str, Any] = {}
    note = "(index work only: synthetic vectors, real chunk texts)"
    for n in [int(s) for s in args.sizes.split(",") if s]:
        r = index_at_size(n)
        results[f"index_{n}"] = r
        report("scale", f"add one essay, indexes, {n} chunks (s)", r["add_one_essay_index_s"], note)
        report("scale", f"remove one essay, indexes, {n} chunks (s)", r["remove_one_essay_index_s"])
        report("scale", f"full index build, {n} chunks (s)", r["full_build_s"])
        if "before_rebuild_s" in r:
            report("scale", f"before: rebuild per add, {n} chunks (s)", r["before_rebuild_s"])
        report(
            "scale",
            f"dense p50/p95, {n} chunks (ms)",
            f"{r['dense_p50_ms']:.2f}/{r['dense_p95_ms']:.2f}",
        )
        report(
            "scale",
            f"BM25 p50/p95, {n} chunks (ms)",
            f"{r['bm25_p50_ms']:.2f}/{r['bm25_p95_ms']:.2f}",
        )
    for base in [int(s) for s in args.add_one_bases.split(",") if s]:
        r = add_one_end_to_end(base)
        results[f"add_one_{base}_essays"] = r
        report(
            "scale",
            f"add one essay end to end, {base} essays (s)",
            r["add_one_essay_s"],
            "(base ingested with a hash embedder; the new essay with the model)",
        )
        report("scale", f"  of which links stage, {base} essays (s)", r["add_links_s"])
    results.update(links_scale.run([int(s) for s in args.links_bases.split(",") if s]))
    for n, hashed in ((args.ingest_essays, False), (args.ingest_hash_essays, True)):
        if not n:
            continue
        r = throughput(n, hashed)
        key, how = ("throughput_hash", " (hash embedder)") if hashed else ("throughput", "")
        results[key] = r
        c = int(r["chunks"])
        report("scale", f"ingest{how}, {c} chunks (chunks/s)", r["ingest_chunks_per_s"])
        report("scale", f"embedding alone{how}, same chunks", r["embed_only_chunks_per_s"])
        goal = "(hash: embedding is ~free, not the goal's ratio)" if hashed else "(goal >= 0.8)"
        report("scale", f"ingest / embedding alone{how}", r["ratio"], goal)
        stages = ", ".join(f"{k[6:-2]} {v:.1f}" for k, v in r.items() if k.startswith("stage_"))
        report("scale", f"stages{how} (s)", stages)
        report("scale", f"peak memory{how} (MB)", r["peak_rss_mb"], "(whole process)")
    if args.search_workspace is not None:
        r = search_at_size(args.search_workspace)
        results["search_workspace"] = r
        c = int(r["chunks"])
        for method in ("hybrid", "dense", "lexical", "question"):
            what = "question embedding (ONNX)" if method == "question" else f"{method} search"
            p50, p95 = r[f"{method}_p50_ms"], r[f"{method}_p95_ms"]
            report("scale", f"{what}, {c} chunks p50/p95 (ms)", f"{p50:.1f}/{p95:.1f}")
        total = r["hybrid_p95_ms"] + r["question_p95_ms"]
        report("scale", f"hybrid + question p95, {c} chunks (ms)", total, "(goal <= 50 at 100k)")
    results["peak_rss_mb"] = peak_rss_mb()
    record("scale_small" if args.small else "scale", results)


def _have_data() -> bool:
    if (DATA / "vectors" / "vectors.npy").exists():
        return True
    report("scale", "skipped: no bench data", "run `make bench-data`")
    return False


def run_small() -> None:
    """`make bench`: the small forms, when `make bench-data` has been run (else one line)."""
    if _have_data():
        main(["--small"])


def run_scale() -> None:
    """`make bench-scale` (`bench/run.py --scale`): the full sizes (minutes)."""
    if _have_data():
        main([])


if __name__ == "__main__":
    main()
    # only the full default run replaces the recorded figures: a partial one (some sizes, one
    # section) would otherwise wipe the others from bench/results-scale.json
    if len(sys.argv) == 1:
        write_results(ROOT / "bench" / "results-scale.json")
