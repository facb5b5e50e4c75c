"""Why a labelled side goes uncited: per dev challenge, for each side the labels give and the
answer does not cite, was the evidence not retrieved at all, retrieved but placed on the
wrong side, retrieved but given no side (no stance signal / under a threshold), or placed
but not shown? And which verdicts are confused with which.

    PYTHONPATH=src:. python bench/challenge_sides.py --set 3 --workspace /tmp/ws3

Only the dev half is asked. Writes nothing; prints counts and one line per failing item.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock


def _captured_weigh(store: list[Any]) -> Any:
    from counterpoint.answer import challenge_plan

    real = challenge_plan.weigh

    def wrapped(corpus: Any, *args: Any, **kwargs: Any) -> Any:
        w = real(corpus, *args, **kwargs)
        store.append((corpus, w))
        return w

    return wrapped


def dev_challenges(service: Any, chosen: Any) -> list[Any]:
    """The dev challenges of an answer set (evaluate.SETS entry), its corpus ingested into
    `service`: what every challenge tuning aid here starts from."""
    from counterpoint.answer.evaluate import ingest_eval_corpus, load_items

    f2d = ingest_eval_corpus(service, chosen.corpora)
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    return [
        i
        for i in load_items(chosen.path, f2d, texts, None, chosen.salt)
        if i.half == "dev" and i.kind == "challenge"
    ]


def diagnose(item: Any, answer: Any, corpus: Any, w: Any) -> list[str]:
    """Per missing side: the cause, as a short label."""
    from counterpoint.answer.evaluate import _side_cited
    from counterpoint.answer.sides import shown

    table = corpus.table
    out = []
    placed = {(table.doc_ids[p.row], p.side) for p in w.evidence}
    shown_docs = {(table.doc_ids[p.row], p.side) for p in shown(w, corpus)}
    t_vec = table.vecs[w.target_row]
    sims = table.vecs @ t_vec
    for side in ("for", "against"):
        if _side_cited(item, answer, side):
            continue
        docs = [d for d, s in item.sides.items() if s == side]
        if any((d, side) in shown_docs for d in docs):
            out.append(f"{side}: shown but not cited")
        elif any((d, side) in placed for d in docs):
            out.append(f"{side}: placed, not shown (per-side cap)")
        elif any((d, "for" if side == "against" else "against") in placed for d in docs):
            out.append(f"{side}: placed on the wrong side")
        else:
            best = max(
                (float(sims[table.rows_of([d])].max()) for d in docs if len(table.rows_of([d]))),
                default=0.0,
            )
            out.append(f"{side}: not placed (best cosine in labelled essays {best:.2f})")
    return out


def main(argv: list[str] | None = None) -> None:
    from counterpoint.answer import challenge_plan
    from counterpoint.answer.evaluate import SETS, both_sides_labelled
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="3")
    parser.add_argument("--workspace", type=Path, required=True)
    args = parser.parse_args(argv)
    chosen = SETS[args.set]
    service = Counterpoint(Settings(workspace=args.workspace))
    try:
        items = dev_challenges(service, chosen)
        causes: Counter[str] = Counter()
        confusion: Counter[tuple[str, str]] = Counter()
        for item in items:
            store: list[Any] = []
            with mock.patch.object(challenge_plan, "weigh", _captured_weigh(store)):
                a = service.ask(item.question)
            gold = item.raw.get("verdict")
            confusion[(str(gold), str(a.verdict))] += 1
            if not store:
                print(f"{item.id}: no weighing (verdict {a.verdict})")
                continue
            corpus, w = store[-1]
            t_ok = item.target is not None and any(item.target.overlaps(c) for c in a.citations)
            miss = diagnose(item, a, corpus, w) if both_sides_labelled(item) else []
            for m in miss:
                causes[m.split(" (")[0]] += 1
            print(
                f"{item.id}: gold {gold} got {a.verdict} basis {w.basis} "
                f"wf {w.weight_for:.2f} wa {w.weight_against:.2f} target {'ok' if t_ok else 'MISS'}"
                f" both={'n/a' if not both_sides_labelled(item) else not miss} {miss}"
            )
        print("missing-side causes:", dict(causes))
        print("verdict (gold, got):", dict(confusion))
    finally:
        service.close()


if __name__ == "__main__":
    main()
