"""How often each stance signal puts a labelled essay on its labelled side (dev only): a tuning
aid for sides.py / stance.py, not a bench figure.

Every dev challenge of sets 1-3 is answered; each placed piece of evidence is compared with
the label of its essay (`sides` in the set: "for" / "against" the labelled target), split by
why it was placed (verdict cue, restatement, negated restatement, author's answer, graph
link, ...) and, for cues and restatements, by whose claim the sentence (or the report before
it) speaks of: the target's essay (rep-target), another essay (rep-other) or none (plain).
Only challenges whose chosen target is the labelled one (T) say much: with another target
the labels are about another claim (t?).

    PYTHONPATH=src:. python -m bench.challenge_stance_precision --workspace-prefix /tmp/ws

(workspaces /tmp/ws1, /tmp/ws2, /tmp/ws3, reused). `-v PREFIX` prints each placement whose
reason starts with PREFIX, for challenges with the labelled target.

Measured on h13s (dev, T only), before -> after its changes: restatement of the target's
essay by reference 0 right / 5 wrong -> not placed; verdict cue with no report 4 / 6 -> 4 / 1.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

from bench.challenge_sides import _captured_weigh, dev_challenges


def _signal(corpus: Any, target_row: int, p: Any) -> str:
    """The placement's reason, with whose claim a cue or restatement speaks of."""
    from counterpoint.answer.target import reported_essays

    table = corpus.table
    doc = table.doc_ids[p.row]
    if p.why != "verdict cue" and not p.why.endswith("restatement"):
        return str(p.why)
    judged = reported_essays(corpus.text(p.row), doc, corpus)
    prev = int(table.prev[p.row])
    if not judged and prev >= 0 and p.why == "verdict cue":
        judged = reported_essays(corpus.text(prev), doc, corpus)
    t_doc = table.doc_ids[target_row]
    whose = "rep-target" if t_doc in judged else "rep-other" if judged else "plain"
    return f"{p.why}/{whose}"


def main(argv: list[str] | None = None) -> None:
    from counterpoint.answer import challenge_plan
    from counterpoint.answer.evaluate import SETS
    from counterpoint.config import Settings
    from counterpoint.service import Counterpoint

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace-prefix", required=True)
    parser.add_argument("-v", dest="verbose", default=None)
    args = parser.parse_args(argv)
    tally: Counter[tuple[str, str, str]] = Counter()
    for name in ("1", "2", "3"):
        chosen = SETS[name]
        service = Counterpoint(Settings(workspace=Path(f"{args.workspace_prefix}{name}")))
        try:
            items = dev_challenges(service, chosen)
            for item in items:
                store: list[Any] = []
                with mock.patch.object(challenge_plan, "weigh", _captured_weigh(store)):
                    service.ask(item.question)
                if not store:
                    continue
                corpus, w = store[-1]
                table = corpus.table
                start = int(table.spans[w.target_row][0])
                gold = item.target
                on_target = (
                    gold is not None
                    and gold.doc_id == table.doc_ids[w.target_row]
                    and gold.start <= start < gold.end
                )
                for p in w.evidence:
                    label = item.sides.get(table.doc_ids[p.row])
                    result = (
                        "unlabelled" if label is None else "right" if label == p.side else "wrong"
                    )
                    signal = _signal(corpus, w.target_row, p)
                    tally[(signal, "T" if on_target else "t?", result)] += 1
                    if args.verbose and on_target and signal.startswith(args.verbose):
                        print(
                            item.id,
                            result,
                            signal,
                            p.side,
                            f"{p.weight:.2f}",
                            "|",
                            corpus.text(p.row)[:120],
                        )
        finally:
            service.close()
    for signal in sorted({k[0] for k in tally}):
        for t in ("T", "t?"):
            r, w_, u = (tally[(signal, t, x)] for x in ("right", "wrong", "unlabelled"))
            if r + w_ + u:
                print(f"{signal:45s} {t:3s} right {r:3d} wrong {w_:3d} unlabelled {u:3d}")


if __name__ == "__main__":
    main()
