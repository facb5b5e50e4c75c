"""Linking time on synthetic claims (1k, 10k, 100k): does linking grow like n log n or n²?

Each size runs in a child process (`python -m bench.link_timing N` prints seconds) with a
time limit and a memory cap, so a quadratic linker shows up as "stopped" instead of
stalling `make bench` or exhausting the machine. Texts are pseudo-words in a few sentence
shapes (assertions, reports with verdicts, concessions with rebuttals) so every code path of
the linker runs; vectors are hashed bags of words (the real embedder's cost is linear in
claims and is measured with ingest, not here).
"""

from __future__ import annotations

import hashlib
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_PER_ESSAY = 25
DIM = 384
TIME_LIMIT_S = 120
MEMORY_CAP_BYTES = 6 * 1024**3


def _word(rng: random.Random) -> str:
    syllables = ["ka", "lo", "te", "mi", "ra", "no", "su", "vi", "de", "po", "ga", "ri"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def synthetic_essays(n_claims: int, seed: int = 0) -> list[dict[str, Any]]:
    """Essays of CLAIMS_PER_ESSAY claims: text, paragraph, with a report/verdict pair and a
    concession/rebuttal pair in each, and an author and a date per essay."""
    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(3000)]
    essays = []
    for e in range(max(1, n_claims // CLAIMS_PER_ESSAY)):
        author = _word(rng).capitalize()
        other = _word(rng).capitalize()
        claims = []
        for i in range(CLAIMS_PER_ESSAY):
            words = " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 16)))
            if i % 12 == 1:
                text = f"{other} argues that the {words} will matter."
            elif i % 12 == 2:
                text = f"This is wrong because the {words} do not last."
            elif i % 12 == 8:
                text = f"It's true that the {words} help."
            elif i % 12 == 9:
                text = f"But the {words} will not hold."
            else:
                text = f"The {words} will decide the market."
            claims.append({"text": text, "paragraph": i // 6})
        date = f"20{10 + e % 15:02d}-{1 + e % 12:02d}-{1 + e % 28:02d}"
        essays.append(
            {
                "doc_id": f"essay-{e}",
                "author": author,
                "title": f"On {_word(rng)} and {_word(rng)}",
                "text": " ".join(c["text"] for c in claims),
                "date": date,
                "claims": claims,
            }
        )
    return essays


def hashed_embed(texts: list[str]) -> np.ndarray:
    """Unit vectors from hashed words: similar word sets give similar vectors."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        for w in text.lower().split():
            h = int.from_bytes(hashlib.blake2b(w.encode(), digest_size=4).digest(), "little")
            out[i, h % DIM] += 1.0 if (h >> 16) & 1 else -1.0
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1, norms)


def time_linking(n_claims: int) -> float:
    """Seconds for within- and cross-essay linking of a synthetic corpus of n claims."""
    from counterpoint.kg.extract.links import (
        EssayClaim,
        EssayInfo,
        ResponseClaim,
        cross_essay_links,
        named_essays,
        within_essay_links,
    )

    essays = synthetic_essays(n_claims)
    t0 = time.perf_counter()
    response_claims = []
    for e in essays:
        own = [
            EssayClaim(f"{e['doc_id']}-{i}", c["text"], c["paragraph"], i)
            for i, c in enumerate(e["claims"])
        ]
        within_essay_links(own)
        for i, c in enumerate(e["claims"]):
            context = e["claims"][i - 1]["text"] if i else ""
            response_claims.append(
                ResponseClaim(f"{e['doc_id']}-{i}", e["doc_id"], c["text"], e["date"], context)
            )
    info = [EssayInfo(e["doc_id"], e["title"], (e["author"],), e["text"]) for e in essays]
    cross_essay_links(response_claims, hashed_embed, named_essays(info))
    return time.perf_counter() - t0


def time_add_one(n_claims: int) -> float:
    """Seconds to link one more essay into a synthetic corpus of n claims: only the pairs
    with the new essay are compared (the claim texts are embedded beforehand, as the
    workspace's claim-vector cache has them)."""
    from counterpoint.kg.extract.links import EssayInfo, Naming, ResponseClaim, cross_essay_links

    essays = synthetic_essays(n_claims + CLAIMS_PER_ESSAY)
    claims = [
        ResponseClaim(
            f"{e['doc_id']}-{i}",
            e["doc_id"],
            c["text"],
            e["date"],
            e["claims"][i - 1]["text"] if i else "",
        )
        for e in essays
        for i, c in enumerate(e["claims"])
    ]
    texts = sorted({c.text for c in claims} | {c.context for c in claims if c.context})
    cache = dict(zip(texts, hashed_embed(texts), strict=True))

    def embed(batch: list[str]) -> np.ndarray:
        return np.stack([cache[t] for t in batch]) if batch else np.zeros((0, DIM), np.float32)

    info = [EssayInfo(e["doc_id"], e["title"], (e["author"],), e["text"]) for e in essays]
    t0 = time.perf_counter()
    cross_essay_links(claims, embed, Naming(info), changed={essays[-1]["doc_id"]})
    return time.perf_counter() - t0


def measure(n_claims: int, what: str = "all") -> str:
    """Run one size in a child process under the time limit and memory cap."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bench.link_timing", str(n_claims), what],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT_S,
        )
    except subprocess.TimeoutExpired:
        return f"> {TIME_LIMIT_S} s (stopped)"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return "out of memory (6 GB cap)" if "MemoryError" in last else last[:60]
    return f"{float(done.stdout.strip()):.2f} s"


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    add_one = len(sys.argv) > 2 and sys.argv[2] == "add-one"
    n = int(sys.argv[1])
    print(f"{time_add_one(n) if add_one else time_linking(n):.4f}")


if __name__ == "__main__":
    main()
