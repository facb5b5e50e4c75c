"""Answer figures: gold passages cited, out-of-corpus declined, the calibration of
`min_evidence_similarity`, extractive `ask` latency warm, and time to first token through
the loopback fake LLM (our overhead over the server's own latency)."""

from __future__ import annotations

import statistics
import sys
import time

from bench.common import ROOT, bundled_service, percentiles, report

QA = ROOT / "tests" / "data" / "qa" / "questions.json"
SERVER_LATENCY_S = 0.2


def _best_similarity(service, question: str) -> float:  # type: ignore[no-untyped-def]
    from counterpoint.answer.extractive import rank_sentences

    evidence = service.retrieve(question, service.settings.retrieval.top_k)
    ranked = rank_sentences(
        service.indexes.query_embedder, question, evidence, service.indexes.sentence_vectors
    )
    return max((s.similarity for s in ranked), default=0.0)


def _calibrate(service, golds, out_of_corpus) -> None:  # type: ignore[no-untyped-def]
    inside = [_best_similarity(service, g.question) for g in golds]
    outside = [_best_similarity(service, q) for q in out_of_corpus]
    report(
        "answer",
        "best evidence sim, QA: min / median",
        f"{min(inside):.3f} / {statistics.median(inside):.3f}",
    )
    report(
        "answer",
        "best evidence sim, out-of-corpus: max / median",
        f"{max(outside):.3f} / {statistics.median(outside):.3f}",
    )
    for t in (0.20, 0.25, 0.30, 0.35, 0.40):
        kept = sum(s >= t for s in inside) / len(inside)
        declined = sum(s < t for s in outside) / len(outside)
        report(
            "answer",
            f"threshold {t:.2f}: QA answered / OOC declined",
            f"{kept:.2f} / {declined:.2f}",
        )


def _ttft(service, questions: list[str]) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "tests"))
    from counterpoint.config import Settings
    from fakes.llm_server import Reply, fake_llm

    def reply(request):  # type: ignore[no-untyped-def]
        return Reply(content="Labs sell hosting and support [1].", delay_s=SERVER_LATENCY_S)

    with fake_llm(default=reply) as server:
        service.settings = Settings(
            workspace=service.settings.workspace,
            llm_model="openai/fake",
            llm_api_base=server.url,
            llm_api_key="bench",
        )
        q = "How can open-source AI labs make money?"
        list(service.ask_stream(q))  # warm: litellm import, connection
        fresh, cached = [], []
        for other in questions[:8]:
            for q_, out in ((other, fresh), (other, cached)):  # second time: vector cached
                t0 = time.perf_counter()
                for event in service.ask_stream(q_):
                    if event.delta:
                        out.append((time.perf_counter() - t0) * 1000)
                        break
    for label, samples in (("new question", fresh), ("repeated question", cached)):
        p50, p95 = percentiles(samples)
        report("answer", f"TTFT p50 / p95, {label} (server 200 ms)", f"{p50:.0f} / {p95:.0f}", "ms")
        report(
            "answer",
            f"  overhead over server latency, {label}",
            f"{p50 - 200:.0f} / {p95 - 200:.0f}",
            "ms",
        )


def _eval_set(which: str = "1") -> None:
    """A labelled set through `ask`, dev and test halves side by side: set 1
    (tests/data/qa/eval_set.json) over the bundled corpus plus the held-out essays, set 2
    (eval_set2.json, the independent measure) over the eight heldout2 essays alone, or set 3
    (eval_set3.json, independent items over set 1's essays) or set 4 (eval_set4.json, over the
    eight heldout3 essays alone), each in a workspace of its own."""
    import tempfile
    from pathlib import Path

    from bench.common import shared_embedder
    from counterpoint.answer.evaluate import SETS, evaluate, ingest_eval_corpus, print_report
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    chosen = SETS[which]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(workspace=Path(tmp) / "ws", llm_model=None)
        service = Counterpoint(settings, embedder=shared_embedder())
        try:
            ev = evaluate(service, ingest_eval_corpus(service, chosen.corpora), eval_set=chosen)
        finally:
            service.close()
    if which == "1":
        report("eval-set", "(bundled + held-out essays)", "dev | test")
        print_report(ev, lambda name, value: report("eval-set", name, value))
    else:
        section = f"eval-set{which}"
        essays = {"2": "heldout2 essays only", "4": "heldout3 essays only"}.get(
            which, "bundled + held-out essays"
        )
        report(section, f"(set {which}: {essays})", f"{which} dev | {which} test")
        print_report(ev, lambda name, value: report(section, name, value))


def run() -> None:
    from counterpoint.retrieval.evaluate import load_qa, overlaps

    with bundled_service() as service:
        texts = {d: doc.text for d, doc in service.view.docs.items()}
        golds, out_of_corpus, _ = load_qa(QA, texts)
        service.ask(golds[0].question)  # warm
        cited, verified, samples = 0, True, []
        for g in golds:
            t0 = time.perf_counter()
            answer = service.ask(g.question)
            samples.append((time.perf_counter() - t0) * 1000)
            cited += any(overlaps(g, c.doc_id, c.start, c.end) for c in answer.citations)
            verified &= all(texts[c.doc_id][c.start : c.end] == c.quote for c in answer.citations)
        declined = sum(not service.ask(q).grounded for q in out_of_corpus)
        report(
            "answer",
            "gold passage cited (extractive)",
            f"{cited}/{len(golds)} = {cited / len(golds):.2f}",
        )
        report("answer", "every citation verifies", str(verified))
        report("answer", "out-of-corpus declined", f"{declined}/{len(out_of_corpus)}")
        p50, p95 = percentiles(samples)
        report(
            "answer", "extractive ask p50 / p95 (warm, in process)", f"{p50:.1f} / {p95:.1f}", "ms"
        )
        _calibrate(service, golds, out_of_corpus)
        _ttft(service, [g.question for g in golds[1:]])
    _eval_set("1")
    _eval_set("2")
    _eval_set("3")
    _eval_set("4")
