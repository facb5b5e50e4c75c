"""`make bench-data`: a large benchmark corpus recombined from real essays, plus a 1M-vector set.

Why recombined and not random words: BM25, the sentence segmenter, claim extraction and the
embedding model all behave differently on lorem ipsum; whole sentences and paragraphs from the
bundled essays (corpus/) and the labelled held-out essays (tests/data/heldout/essays) keep the
vocabulary, sentence lengths and argument cues realistic. Each generated essay gets a new title,
author and date, and paragraphs sized so each one is one chunk (120-300 words): 11 paragraphs
per essay give ~10.5 chunks (a few short ones merge). Output goes outside git (.bench-data/),
written one essay at a time (memory stays flat) with a progress line; the vector set is written
in blocks to a .npy memmap.

Deterministic: the same seed gives byte-identical files, so runs compare across commits.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT / "corpus", ROOT / "tests" / "data" / "heldout" / "essays")
PARAGRAPHS_PER_ESSAY = 11  # each paragraph is one chunk (see corpus/chunk.py MIN/MAX_WORDS)
MIN_WORDS, MAX_WORDS = 130, 260  # inside the chunker's 120-300 so each paragraph stays one chunk
ESSAYS_PER_FOLDER = 1000  # keeps directory listings short
VECTOR_DIM = 384  # all-MiniLM-L6-v2
VECTOR_BLOCK = 50_000
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
FIRST = "Ada Bruno Carmen Dara Emil Farah Goran Hana Ivo Jana Kofi Lena Mateo Nadia Oren Priya "
FIRST += "Quinn Rosa Sami Tove Umar Vera Wren Xavi Yara Zeno"
LAST = "Abbott Brandt Castell Dvorak Ekwueme Farrow Galindo Holm Ishikawa Jovanovic Keller Lund "
LAST += "Moreau Nakamura Okafor Petrov Quist Rinaldi Sorensen Tanaka Ulloa Varga Whitlock Yilmaz"
OPENERS = ("The Case for", "Against", "Notes on", "Why", "Rethinking", "In Defence of", "After")


def _blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 2)[-1]
    return [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]


def load_material() -> tuple[list[list[str]], list[str], list[str]]:
    """(paragraphs as sentence lists, headings, title words) from every source essay."""
    paragraphs: list[list[str]] = []
    headings: list[str] = []
    words: set[str] = set()
    for folder in SOURCES:
        for path in sorted(folder.glob("*.md")):
            for block in _blocks(path):
                if len(block.split()) < 12 and not block.endswith((".", "?", "!", '"')):
                    headings.append(block)
                    words.update(w for w in _TITLE_WORD.findall(block) if w[0].isupper())
                    continue
                sentences = [s for s in _SENTENCE.split(block) if s]
                if sentences:
                    paragraphs.append(sentences)
    return paragraphs, headings, sorted(words)


def _paragraph(rng: random.Random, paragraphs: list[list[str]]) -> str:
    """A source paragraph, extended with sentences of others until MIN_WORDS, cut at MAX."""
    out: list[str] = []
    n = 0
    para = rng.choice(paragraphs)
    while n < MIN_WORDS:
        for sentence in para:
            if n + len(sentence.split()) > MAX_WORDS and n >= MIN_WORDS // 2:
                break
            out.append(sentence)
            n += len(sentence.split())
            if n >= MIN_WORDS and rng.random() < 0.5:
                break
        para = rng.choice(paragraphs)
    return " ".join(out)


def essay(i: int, seed: int, material: tuple[list[list[str]], list[str], list[str]]) -> str:
    paragraphs, headings, words = material
    rng = random.Random(seed * 1_000_003 + i)
    title = f"{rng.choice(OPENERS)} {' '.join(rng.sample(words, 2))} ({i})"
    author = f"{rng.choice(FIRST.split())} {rng.choice(LAST.split())}"
    date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    body: list[str] = []
    for p in range(PARAGRAPHS_PER_ESSAY):
        if p and p % 4 == 0:
            body.append(rng.choice(headings))
        body.append(_paragraph(rng, paragraphs))
    front = f'---\ntitle: "{title}"\nauthor: {author}\ndate: {date.isoformat()}\n---\n'
    return front + "\n\n".join(body) + "\n"


class Progress:
    """One overwritten line: done/total, rate and ETA."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.t0, self.last = label, total, time.perf_counter(), 0.0

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.last < 0.5 and done < self.total:
            return
        self.last = now
        rate = done / max(now - self.t0, 1e-9)
        eta = (self.total - done) / rate if rate else 0.0
        end = "\n" if done >= self.total else ""
        print(
            f"\r{self.label}: {done}/{self.total} ({rate:,.0f}/s, ETA {eta:,.0f} s)  ",
            end=end,
            file=sys.stderr,
            flush=True,
        )


def write_essays(out: Path, n: int, seed: int) -> None:
    material = load_material()
    progress = Progress("essays", n)
    for i in range(n):
        folder = out / "essays" / f"{i // ESSAYS_PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"essay-{i:06d}.md").write_text(essay(i, seed, material), encoding="utf-8")
        progress.update(i + 1)


def write_vectors(out: Path, n: int, seed: int, n_queries: int = 1000) -> None:
    """Clustered unit vectors (topics with spread, like sentence embeddings) and queries drawn
    the same way, written block by block: memory stays at one block, whatever n is."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(16, n // 500), VECTOR_DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)

    def draw(count: int) -> np.ndarray:
        picks = centres[rng.integers(0, len(centres), count)]
        v = picks + 0.6 * rng.standard_normal((count, VECTOR_DIM)).astype(np.float32) / 19.6
        return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)

    out.mkdir(parents=True, exist_ok=True)
    target = np.lib.format.open_memmap(
        out / "vectors.npy", mode="w+", dtype=np.float32, shape=(n, VECTOR_DIM)
    )
    progress = Progress("vectors", n)
    for start in range(0, n, VECTOR_BLOCK):
        stop = min(n, start + VECTOR_BLOCK)
        target[start:stop] = draw(stop - start)
        progress.update(stop)
    target.flush()
    del target
    np.save(out / "queries.npy", draw(n_queries))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / ".bench-data")
    parser.add_argument("--essays", type=int, default=10_000)
    parser.add_argument("--vectors", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    write_essays(args.out, args.essays, args.seed)
    write_vectors(args.out / "vectors", args.vectors, args.seed)
    print(
        f"bench data in {args.out}: {args.essays} essays "
        f"(~{args.essays * PARAGRAPHS_PER_ESSAY * 0.96:,.0f} chunks), {args.vectors} vectors, "
        f"{time.perf_counter() - t0:.1f} s"
    )


if __name__ == "__main__":
    main()
