"""Doctor checks on the vector side: the per-version vector files, the recorded embedding
model, and the indexes derived from them (FAISS, BM25, sentence vectors, any other
`*.manifest.json`): each must name the versions the graph names, or be rebuilt."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from counterpoint.doctor.context import DoctorContext, Problem, stale

if TYPE_CHECKING:
    pass


def _vector_problem(ctx: DoctorContext, doc_id: str, version: str) -> str | None:
    from counterpoint.derived import DerivedFileError

    vectors = ctx.service.vectors
    shown = f"vectors/docs/{vectors.doc_file(doc_id, version).name}"
    if not vectors.has(doc_id, version):
        return f"{shown}: missing (no vector file for the version the graph names)"
    try:
        ids, vecs = vectors.read_doc(doc_id, version)
    except DerivedFileError as exc:
        return f"{shown}: {exc.problem}"
    expected = [c.chunk_id for c in ctx.chunks[doc_id]]
    if ids != expected:
        return f"{shown}: holds {len(ids)} chunk ids, the graph {len(expected)} different ones"
    dim = ctx.dim
    if dim is not None and len(vecs) and vecs.shape[1] != dim:
        return f"{shown}: vectors have dimension {vecs.shape[1]}, the others {dim}"
    return None


def find_vectors(ctx: DoctorContext) -> list[Problem]:
    out = []
    for doc_id, version in sorted(ctx.current.items()):
        problem = _vector_problem(ctx, doc_id, version)
        if problem:
            out.append(Problem("vectors", "error", f"{doc_id}: {problem}"))
    return out


def repair_vectors(ctx: DoctorContext) -> None:
    """Re-embed from the chunk texts stored in the graph (the model loads only if needed)."""
    for doc_id, version in sorted(ctx.current.items()):
        if _vector_problem(ctx, doc_id, version):
            chunks = ctx.chunks[doc_id]
            vecs = ctx.service.embedder.embed_batch([c.text for c in chunks])
            ctx.service.vectors.write_doc(doc_id, version, [c.chunk_id for c in chunks], vecs)


def find_embedding(ctx: DoctorContext) -> list[Problem]:
    """Vectors of another model or backend family than the settings name (the record in
    `vectors/embedding.json`): every question would be refused until re-embedded."""
    from counterpoint.retrieval.backends import compatible, identity_for
    from counterpoint.retrieval.recorded import RECORD, has_vectors, read_record, record_damaged

    settings = ctx.service.settings
    if record_damaged(settings.vectors_dir):
        return [
            Problem(
                "embedding",
                "error",
                f"{RECORD} is damaged: which model made the vectors is unknown, so nothing is "
                "embedded until --repair re-embeds every document and records it",
            )
        ]
    record = read_record(settings.vectors_dir)
    if record is None:
        if has_vectors(settings.vectors_dir):
            return [
                Problem(
                    "embedding",
                    "note",
                    f"{RECORD} is missing: the vectors are taken to be torch's (as in a "
                    "workspace older than the record); --repair writes that record",
                )
            ]
        return []
    current = identity_for(settings.embedding_backend, settings.embedding_model)
    if compatible(record.identity, current):
        return []
    return [
        Problem(
            "embedding",
            "error",
            f"vectors were made by {record.identity}, the settings embed with {current}; "
            "--repair re-embeds every document",
        )
    ]


def repair_embedding(ctx: DoctorContext) -> None:
    """Re-embed every document with the configured backend, record it, and make every
    index built from the old vectors stale (they are rebuilt by the checks after this)."""
    from counterpoint.retrieval.recorded import (
        EmbeddingRecord,
        legacy_record,
        read_record,
        record_damaged,
        write_record,
    )

    service = ctx.service
    vectors = service.vectors
    settings = service.settings
    if read_record(vectors.root) is None and not record_damaged(vectors.root):
        # missing: write what every command already assumes (no re-embedding; a mismatch
        # with the settings is then found, and repaired, by the next doctor run)
        dim = ctx.dim
        legacy = legacy_record(vectors.root, settings.embedding_model, dim) if dim else None
        if legacy is not None:
            write_record(vectors.root, legacy)
        return
    embedder = service.unchecked_embedder()
    for doc_id, version in sorted(ctx.current.items()):
        chunks = ctx.chunks[doc_id]
        vecs = embedder.embed_batch([c.text for c in chunks])
        vectors.write_doc(doc_id, version, [c.chunk_id for c in chunks], vecs)
    for path in vectors.root.glob("*.manifest.json"):
        path.unlink()
    identity = str(getattr(embedder, "identity", ""))
    backend = service.settings.embedding_backend
    write_record(vectors.root, EmbeddingRecord(identity, backend, embedder.name, embedder.dim))
    service.rebuild_derived()


def _read_manifest(path: Path) -> dict[str, str] | None:
    try:
        return dict(json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        return None


def _manifest_problem(ctx: DoctorContext, path: Path) -> str | None:
    manifest = _read_manifest(path)
    if manifest == ctx.current:
        return None
    if not path.exists():
        return "is missing"
    if manifest is None:
        return "is unreadable"
    return "names other document versions than the graph (behind the graph)"


def find_index(ctx: DoctorContext) -> list[Problem]:
    from counterpoint.derived import LOAD_ERRORS
    from counterpoint.retrieval.faiss_index import FaissIndex

    if ctx.service.settings.vectors not in ("", "faiss"):
        return []  # Milvus: its manifest is checked with the other derived indexes
    vectors = ctx.service.vectors
    if not ctx.current and not vectors.index_path.with_suffix(".faiss").exists():
        return []
    problem = _manifest_problem(ctx, vectors.manifest_path)
    if problem:
        return [stale("index", "vectors/index.manifest.json", problem)]
    try:
        index = FaissIndex.load(vectors.index_path)
    except LOAD_ERRORS as exc:
        return [
            stale(
                "index",
                "vectors/index.faiss (or index.ids.json)",
                f"is missing or unreadable ({type(exc).__name__})",
            )
        ]
    expected = [c.chunk_id for d in sorted(ctx.current) for c in ctx.chunks[d]]
    if sorted(index.ids) != sorted(expected):  # rows follow the order they were added in
        return [
            Problem(
                "index",
                "error",
                f"vectors/index.faiss holds {len(index)} chunk ids that "
                f"disagree with the graph's {len(expected)}; run doctor --repair",
            )
        ]
    if ctx.dim is not None and expected and index.dim != ctx.dim:
        return [
            Problem(
                "index",
                "error",
                f"vectors/index.faiss has dimension {index.dim}, the vector files "
                f"{ctx.dim}; run doctor --repair",
            )
        ]
    return []


def find_lexical(ctx: DoctorContext) -> list[Problem]:
    """The BM25 index: its manifest names the graph's versions, it loads, and it holds exactly
    the graph's chunk ids."""
    from counterpoint.derived import LOAD_ERRORS
    from counterpoint.retrieval.lexical import LexicalIndex

    vectors = ctx.service.vectors
    if not ctx.current and not vectors.lexical_path.exists():
        return []
    problem = _manifest_problem(ctx, vectors.lexical_manifest_path)
    if problem:
        return [stale("lexical", "vectors/lexical.manifest.json", problem)]
    try:
        index = LexicalIndex.load(vectors.lexical_path)
        expected = sorted(c.chunk_id for d in ctx.current for c in ctx.chunks[d])
        if len(index) != len(expected):
            return [stale("lexical", "vectors/lexical/", "holds other chunks than the graph")]
        if expected:
            index.search("probe", 1)  # reads every array the scorer needs
    except LOAD_ERRORS as exc:
        name = f"vectors/lexical/{_broken_in(vectors.lexical_path) or ''}"
        return [stale("lexical", name, f"is unreadable ({type(exc).__name__})")]
    return []


def _broken_in(folder: Path) -> str | None:
    """Which file of a saved BM25 index (its segment listing or a segment) does not parse:
    the index's reader does not say."""

    from counterpoint.derived import LOAD_ERRORS, load_npz

    try:
        listing = json.loads((folder / "segments.json").read_text())
        listed = [folder / f"seg-{entry['name']}.npz" for entry in listing["segments"]]
    except LOAD_ERRORS:  # KeyError and TypeError included: a listing of another shape
        return "segments.json"
    for path in listed:  # the listed ones: a deleted segment is broken too
        try:
            load_npz(path)
        except LOAD_ERRORS:
            return path.name
    return None


def find_sentences(ctx: DoctorContext) -> list[Problem]:
    """Sentence vectors, one file per document version: manifest, each file readable, one row
    set per chunk of the graph, spans inside their chunk, the vector files' dimension."""
    from counterpoint.derived import LOAD_ERRORS, DerivedFileError
    from counterpoint.retrieval.sentence_vectors import SentenceVectors

    vectors = ctx.service.vectors
    if not ctx.current:
        return []
    problem = _manifest_problem(ctx, vectors.sentences_manifest_path)
    if problem:
        return [stale("sentences", "vectors/sentences.manifest.json", problem)]
    for doc_id, version in sorted(ctx.current.items()):
        path = vectors.sentence_file(doc_id, version)
        name = f"vectors/sentences/{path.name}"
        try:
            sv = SentenceVectors.load(path)
        except LOAD_ERRORS as exc:
            why = exc.problem if isinstance(exc, DerivedFileError) else type(exc).__name__
            return [stale("sentences", name, f"is {why}")]
        chunks = ctx.chunks[doc_id]
        for c in chunks:
            row = sv.of_chunk(c.chunk_id)
            if row is None:
                return [stale("sentences", name, f"has no sentences of chunk {c.chunk_id}")]
            spans, vecs = row
            if len(spans) and (spans[:, 0].min() < c.start or spans[:, 1].max() > c.end):
                return [stale("sentences", name, f"has spans outside chunk {c.chunk_id}")]
            if ctx.dim is not None and len(vecs) and vecs.shape[1] != ctx.dim:
                why = f"has dimension {vecs.shape[1]}, not {ctx.dim}"
                return [stale("sentences", name, why)]
        if len(sv) != len(chunks):
            return [stale("sentences", name, "holds chunks the graph does not name")]
    return []


KNOWN_MANIFESTS = ("index.manifest.json", "lexical.manifest.json", "sentences.manifest.json")


def find_other_manifests(ctx: DoctorContext) -> list[Problem]:
    """Any other derived index that records the versions it was built from must name the
    graph's versions."""
    root = ctx.service.vectors.root
    out = []
    for path in sorted(root.glob("*.manifest.json")) if root.exists() else ():
        if path.name in KNOWN_MANIFESTS:
            continue
        if _read_manifest(path) != ctx.current:
            name = path.name.removesuffix(".manifest.json")
            out.append(stale("derived", f"{name} index ({path.name})", "is behind the graph"))
    return out
