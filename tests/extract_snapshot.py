"""What the offline extractors make of a document, as plain JSON: the golden file
tests/data/extract_golden.json holds it for the bundled corpus and the held-out essays, and
tests/argument/test_extract_golden.py checks that the extractors still give exactly that
(speed-ups of the extractors must not change one mention, claim, confidence or link).

Per document: the body sentences, every sentence's claim features and score, whether it is a
granted view, an answer or an attributed view, the mentions, the candidate claims, the claims
with theses marked offline (no vectors) and with the hash embedder's vectors, and the
within-essay links of each claim set.

Regenerate (only when an extractor's *output* is meant to change, with the reason in the
commit message) from the repository root:

    PYTHONPATH=src:tests python tests/extract_snapshot.py

It was first written from main at c5c2896 (before the extractors were made faster).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from counterpoint.corpus.loaders import load_file
from counterpoint.corpus.models import Document
from counterpoint.corpus.pipeline import make_document
from counterpoint.kg.extract import scoring, signals
from counterpoint.kg.extract.claims import Claim, candidate_claims, extract_claims
from counterpoint.kg.extract.counterpoints import answers, is_granted_view
from counterpoint.kg.extract.entities import extract_mentions
from counterpoint.kg.extract.links import EssayClaim, within_essay_links
from counterpoint.kg.extract.text import body_sentences
from counterpoint.retrieval.stand_in import HashEmbedder

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "data" / "extract_golden.json"


def sources() -> list[Path]:
    """The bundled corpus and the held-out essays, in a fixed order."""
    return sorted((ROOT / "corpus").glob("*.md")) + sorted(
        (ROOT / "tests" / "data" / "heldout" / "essays").glob("*.md")
    )


def load(path: Path) -> Document:
    return make_document(load_file(path, 50_000_000))


_CLAIM_FIELDS = (
    "start",
    "end",
    "confidence",
    "is_thesis",
    "paragraph",
    "section",
    "concession",
    "index",
    "provisional",
)


def _claims(doc: Document, found: list[Claim]) -> dict[str, Any]:
    own = [
        EssayClaim(c.claim_id(doc), c.text, c.paragraph, c.index, thesis=c.is_thesis) for c in found
    ]
    return {
        "claims": [[getattr(c, f) for f in _CLAIM_FIELDS] for c in found],
        "links": [[x.premise, x.conclusion, x.kind, x.confidence] for x in within_essay_links(own)],
    }


def snapshot(doc: Document) -> dict[str, Any]:
    sentences = body_sentences(doc)
    per_sentence = []
    for i, s in enumerate(sentences):
        prev = sentences[i - 1] if i and sentences[i - 1].paragraph == s.paragraph else None
        feats = scoring.claim_features(s, prev)
        per_sentence.append(
            {
                "span": [s.start, s.end, s.paragraph, s.section],
                "features": {k: v for k, v in feats.items() if v},
                "score": scoring.claim_score(s, prev),
                "granted": is_granted_view(s.text),
                "answers": answers(s.text),
                "attributes": signals.attributes_view(s.text),
                "content_words": " ".join(scoring.content_words(s.text)),
            }
        )
    embed = HashEmbedder(384, "hash-embedder").embed_batch
    return {
        "doc": doc.doc_id,
        "sentences": per_sentence,
        "mentions": [
            [m.start, m.end, m.entity.slug, m.entity.type, m.entity.wikidata, m.confidence]
            for m in extract_mentions(doc, sentences)
        ],
        "candidates": _claims(doc, candidate_claims(doc, sentences=sentences)),
        "offline": _claims(doc, extract_claims(doc, None, sentences=sentences)),
        "hashed": _claims(doc, extract_claims(doc, embed, sentences=sentences)),
    }


def snapshots(paths: list[Path]) -> dict[str, Any]:
    return {p.name: snapshot(load(p)) for p in paths}


def dumps(data: dict[str, Any]) -> str:
    """JSON with one line per sentence, mention, claim or link (diffs stay readable)."""

    def one(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)

    def rows(items: list[Any], indent: str) -> str:
        inner = ",\n".join(indent + "  " + one(x) for x in items)
        return f"[\n{inner}\n{indent}]" if items else "[]"

    docs = []
    for name, snap in data.items():
        parts = [f'    "doc": {one(snap["doc"])}']
        for key in ("sentences", "mentions"):
            parts.append(f"    {one(key)}: {rows(snap[key], '    ')}")
        for key in ("candidates", "offline", "hashed"):
            sub = [f"      {one(k)}: {rows(v, '      ')}" for k, v in snap[key].items()]
            parts.append(f"    {one(key)}: {{\n" + ",\n".join(sub) + "\n    }")
        docs.append(f"  {one(name)}: {{\n" + ",\n".join(parts) + "\n  }")
    return "{\n" + ",\n".join(docs) + "\n}\n"


def main() -> None:
    data = snapshots(sources())
    GOLDEN.write_text(dumps(data), "utf-8")
    print(f"wrote {GOLDEN} ({len(data)} documents)", file=sys.stderr)


if __name__ == "__main__":
    main()
