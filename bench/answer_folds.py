"""Fact questions and near-misses, cross-validated within the dev half: does a rule hold on
items it was not written for?

The dev fact and near-miss items of tests/data/qa/eval_set.json are split into two folds by
the SHA-256 of a salted id (the salt of `bench/challenge_folds.py`, so the folds cut across
the dev/test split independently). Each configuration (the code as it is, or with a constant
patched) is scored per fold. `--probe FILE` adds a second set in the same format (items
whose `half` is forced to "probe"): questions reworded from the dev ones and near-misses
written for other attributes of the corpus's entities, a check that a rule does not lean on
the dev items' wording. Only the dev half of the labelled set is ever asked.

    PYTHONPATH=src:. python bench/answer_folds.py --workspace /tmp/ws \\
        --probe bench/answer_probe.json \\
        --ablate "no overlap=counterpoint.answer.select:OVERLAP_WEIGHT=0.0"

`--show` prints each item that fails (dev and probe only).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.challenge_folds import configurations, dev_items, fold_of, run_patched


def _group(item: Any) -> str:
    return "probe" if item.half == "probe" else f"f{fold_of(item.id)}"


def scores(outcomes: list[Any]) -> dict[str, tuple[str, str, str, str]]:
    """Per group: fact in answer, gold cited, answered, near-miss declined."""
    from counterpoint.answer.evaluate import HalfReport

    per: dict[str, HalfReport] = {}
    for o in outcomes:
        per.setdefault(_group(o.item), HalfReport()).add(o)
    return {
        g: (
            str(r.fact_in_answer),
            str(r.gold_cited),
            str(r.answerable_answered),
            str(r.near_miss_declined),
        )
        for g, r in sorted(per.items())
    }


def failed(o: Any) -> bool:
    from counterpoint.answer.evaluate import contains_fact

    a = o.answer
    if o.item.kind == "near_miss":
        return bool(a.grounded)
    return not (a.grounded and contains_fact(a.answer, o.item.raw.get("answer_contains", [])))


def main(argv: list[str] | None = None) -> None:
    from counterpoint.answer.evaluate import load_items
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True, help="kept workspace")
    parser.add_argument("--probe", type=Path, help="extra items (same format), scored apart")
    parser.add_argument("--ablate", action="append", default=[], help="NAME=patches")
    parser.add_argument("--show", action="store_true", help="print failing items")
    args = parser.parse_args(argv)
    configs = configurations(args.ablate)
    service = Counterpoint(Settings(workspace=args.workspace))
    try:
        file_to_doc, texts, items = dev_items(service, ("fact", "near_miss"))
        if args.probe:
            items += [replace(i, half="probe") for i in load_items(args.probe, file_to_doc, texts)]
        service.ask(items[0].question)  # warm
        print("per group: fact in answer, gold cited, answered, near-miss declined")
        for name, patches in configs:
            outcomes = run_patched(service.ask, items, texts, patches)
            print(f"-- {name}")
            for g, row in scores(outcomes).items():
                print(f"   {g:<6} " + "  ".join(f"{c:>14}" for c in row))
            if args.show:
                for o in outcomes:
                    if failed(o):
                        print(f"   x {o.item.id} {o.item.question}")
                        print(f"       → {o.answer.answer[:300]!r}")
    finally:
        service.close()


if __name__ == "__main__":
    main()
