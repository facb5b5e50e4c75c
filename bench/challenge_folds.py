"""Challenge mode, cross-validated within the dev half: does a rule help on both folds?

The dev challenge items of tests/data/qa/eval_set.json are split into two folds by the
SHA-256 of a salted id (a different salt from the dev/test split, so the folds cut across
it independently). Each configuration (the code as it is, or with a constant or rule
patched to a neutral value) is scored on each fold separately. A rule that helps one fold
and hurts the other, or helps neither, is a candidate for an overfit rule: it earns its
place on dev alone, the way the dev/test gap of issue 13 says earlier rounds did. Only the
dev half is ever asked: the test half stays for the report.

    PYTHONPATH=src:. python bench/challenge_folds.py --workspace /tmp/ws \\
        --ablate "no principal=counterpoint.answer.target:PRINCIPAL_BONUS=0.0"

Each `--ablate NAME=MODULE:ATTR=LITERAL[;MODULE:ATTR=LITERAL…]` is one configuration. The
columns are hits per fold: target claim cited, both sides cited (when labelled), verdict
agrees, detected; the delta is against the unpatched code.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from unittest import mock

FOLD_SALT = "challenge-fold:"
Patch = tuple[Any, str, Any]


def fold_of(item_id: str) -> int:
    """0 or 1: the SHA-256 of the salted id, modulo 2."""
    return int(hashlib.sha256((FOLD_SALT + item_id).encode()).hexdigest(), 16) % 2


def parse_patches(spec: str) -> list[Patch]:
    """`module:ATTR=literal;…` → (module object, attribute, value) triples."""
    out: list[Patch] = []
    for part in filter(None, (p.strip() for p in spec.split(";"))):
        target, literal = part.split("=", 1)
        module, attr = target.split(":", 1)
        out.append((importlib.import_module(module), attr, ast.literal_eval(literal)))
    return out


def configurations(specs: list[str]) -> list[tuple[str, list[Patch]]]:
    """The code as it is, then one configuration per `--ablate NAME=patches`."""
    configs: list[tuple[str, list[Patch]]] = [("as is", [])]
    for spec in specs:
        name, patches = spec.split("=", 1)
        configs.append((name, parse_patches(patches)))
    return configs


def dev_items(
    service: Any, kinds: tuple[str, ...]
) -> tuple[dict[str, str], dict[str, str], list[Any]]:
    """Ingest the eval corpus; its file -> doc id map, the documents' texts and the dev items
    of these kinds (the test half is never asked)."""
    from counterpoint.answer.evaluate import EVAL_SET, ingest_eval_corpus, load_items

    file_to_doc = ingest_eval_corpus(service)
    texts = {d: doc.text for d, doc in service.view.docs.items()}
    items = [
        i for i in load_items(EVAL_SET, file_to_doc, texts) if i.half == "dev" and i.kind in kinds
    ]
    return file_to_doc, texts, items


def run_patched(
    ask: Any, items: list[Any], texts: dict[str, str], patches: list[Patch]
) -> list[Any]:
    """The items' outcomes with these patches applied for the run only."""
    from counterpoint.answer.evaluate import run_items

    with ExitStack() as stack:
        for obj, attr, value in patches:
            stack.enter_context(mock.patch.object(obj, attr, value))
        return run_items(ask, items, texts)


def scores(outcomes: list[Any]) -> dict[int, tuple[int, int, int, int]]:
    """Per fold: (target cited, both sides cited, verdict agrees, detected) hit counts."""
    from counterpoint.answer.evaluate import HalfReport

    per = {0: HalfReport(), 1: HalfReport()}
    for o in outcomes:
        per[fold_of(o.item.id)].add(o)
    return {
        f: (
            r.target_cited.hits,
            r.both_sides_cited.hits,
            r.verdict_agrees.hits,
            r.challenge_detected.hits,
        )
        for f, r in per.items()
    }


def main(argv: list[str] | None = None) -> None:
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, required=True, help="kept workspace")
    parser.add_argument("--ablate", action="append", default=[], help="NAME=patches")
    args = parser.parse_args(argv)
    configs = configurations(args.ablate)
    service = Counterpoint(Settings(workspace=args.workspace))
    try:
        _, texts, items = dev_items(service, ("challenge",))
        service.ask(items[0].question)  # warm
        sizes = [sum(fold_of(i.id) == f for i in items) for f in (0, 1)]
        print(f"dev challenges: fold 0 n={sizes[0]}, fold 1 n={sizes[1]}")
        print("hits per fold: (target cited, both sides, verdict agrees, detected)")
        base: dict[int, tuple[int, int, int, int]] | None = None
        for name, patches in configs:
            got = scores(run_patched(service.ask, items, texts, patches))
            base = base or got
            delta = {f: tuple(a - b for a, b in zip(got[f], base[f], strict=True)) for f in got}
            print(f"{name:<28} f0 {got[0]} f1 {got[1]}   Δf0 {delta[0]} Δf1 {delta[1]}")
    finally:
        service.close()


if __name__ == "__main__":
    main()
