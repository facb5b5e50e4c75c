"""Vectors on disk, per document version, plus the search index derived from them.

Per-document files are written before the graph switches to a new version, and the index is
rebuilt from whichever versions the graph names. A crash at any point therefore leaves a
workspace whose index can be rebuilt to agree with the graph, never a mix of versions.

Each derived index is saved with a manifest naming the {doc_id: version} it holds, so it can
also be brought up to date incrementally (`service/indexes.py`): the documents whose version
differs are removed and re-added, and the manifest is rewritten after the index itself.
Sentence vectors live per document version too, in `sentences/`, in files named for the
way they were made (`sentence_mode`: late-chunked ones never mix with separately embedded
ones; switching the setting re-derives them and prunes the others).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

from counterpoint.crashpoints import crash_point
from counterpoint.derived import LOAD_ERRORS, check_matrix, read_npz
from counterpoint.retrieval.base import Vectors
from counterpoint.retrieval.faiss_index import FaissIndex, choose_kind, make_index
from counterpoint.retrieval.lexical import LexicalIndex
from counterpoint.retrieval.sentence_vectors import SentenceVectors

ChunkTexts = Callable[[], tuple[list[str], list[str]]]


class VectorStore:
    def __init__(self, root: Path, sentence_mode: str = "separate") -> None:
        self.root = root
        self.sentence_mode = sentence_mode
        # "separate" keeps the names of the files written before the setting existed
        mode = "" if sentence_mode == "separate" else f".{sentence_mode}"
        self.docs_dir = root / "docs"
        self.sentences_dir = root / "sentences"
        self.text_vectors_path = root / "texts.npz"
        self.index_path = root / "index"
        self.manifest_path = root / "index.manifest.json"
        self.lexical_path = root / "lexical"
        self.lexical_manifest_path = root / "lexical.manifest.json"
        self.sentences_path = root / "sentences.npz"
        self.sentences_manifest_path = root / "sentences.manifest.json"
        self._sentence_suffix = f"{mode}.npz"

    def doc_file(self, doc_id: str, version: str) -> Path:
        return self.docs_dir / f"{doc_id}.{version[:16]}.npz"

    def sentence_file(self, doc_id: str, version: str) -> Path:
        return self.sentences_dir / f"{doc_id}.{version[:16]}{self._sentence_suffix}"

    def has(self, doc_id: str, version: str) -> bool:
        return self.doc_file(doc_id, version).exists()

    def write_doc(
        self, doc_id: str, version: str, chunk_ids: list[str], vectors: Vectors, key: str = ""
    ) -> None:
        """One document version's chunk vectors; `key` names what they were embedded from
        (`ingest.embedding_key`), so a later version made of the same inputs can reuse them."""
        self.docs_dir.mkdir(parents=True, exist_ok=True)
        final = self.doc_file(doc_id, version)
        tmp = final.with_name(final.name + ".tmp.npz")
        np.savez(tmp, ids=np.array(chunk_ids, dtype=str), vectors=vectors, key=np.array(key))
        os.replace(tmp, final)

    def reusable(self, doc_id: str, version: str, key: str, chunk_ids: list[str]) -> Vectors | None:
        """The chunk vectors of a stored version when they were embedded from exactly the
        inputs named by `key` for these chunks (a re-extraction after a rule or settings
        change: same text, same model), else None. Files written before keys were recorded,
        or damaged ones, are never reused: the document is embedded again."""
        if not key:
            return None
        path = self.doc_file(doc_id, version)
        try:
            data = read_npz(path, ("ids", "vectors", "key"))
        except LOAD_ERRORS:
            return None
        if str(data["key"]) != key or [str(i) for i in data["ids"]] != chunk_ids:
            return None
        vecs = data["vectors"].astype(np.float32)
        try:
            check_matrix(path, vecs, len(chunk_ids))
        except LOAD_ERRORS:
            return None
        return vecs

    def copy_sentences(self, doc_id: str, old_version: str, version: str) -> None:
        """Give a new version the sentence vectors of an old one made from the same inputs
        (see `reusable`); without an old file the index stage embeds them as usual."""
        src = self.sentence_file(doc_id, old_version)
        final = self.sentence_file(doc_id, version)
        if src == final or not src.exists():
            return
        tmp = final.with_name(final.name + ".tmp.npz")
        try:
            shutil.copyfile(src, tmp)
        except OSError:
            tmp.unlink(missing_ok=True)
            return
        os.replace(tmp, final)

    def read_doc(self, doc_id: str, version: str) -> tuple[list[str], Vectors]:
        path = self.doc_file(doc_id, version)
        data = read_npz(path, ("ids", "vectors"))
        ids = [str(i) for i in data["ids"]]
        vecs = data["vectors"].astype(np.float32)
        check_matrix(path, vecs, len(ids))
        return ids, vecs

    @staticmethod
    def _read_manifest(path: Path) -> dict[str, str] | None:
        try:
            return dict(json.loads(path.read_text()))
        except (OSError, ValueError):
            return None

    @staticmethod
    def _write_manifest(path: Path, current: dict[str, str]) -> None:
        crash_point(f"manifest:{path.name}")  # the index itself is written, not its manifest
        # one temporary name per writer: a server's ingest and its snapshot refresh may both
        # record a manifest, and a shared name let one rename the other's file away
        tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(current, sort_keys=True))
        os.replace(tmp, path)

    def _manifest(self) -> dict[str, str] | None:
        return self._read_manifest(self.manifest_path)

    def indexed_versions(self) -> dict[str, str]:
        """{doc_id: version} the saved search index holds ({} when none)."""
        return self._manifest() or {}

    # -- incremental: load what is on disk with the versions it holds, save after changes ---
    def load_index(self, dim: int) -> tuple[FaissIndex, dict[str, str]] | None:
        """The saved index and the versions it holds (None when missing or unreadable)."""
        manifest = self._manifest()
        if manifest is None:
            return None
        try:
            index = FaissIndex.load(self.index_path)
        except (OSError, ValueError, RuntimeError):
            return None
        return (index, manifest) if index.dim == dim else None

    def save_index(self, index: FaissIndex, current: dict[str, str]) -> None:
        index.save(self.index_path)
        self._write_manifest(self.manifest_path, current)

    def load_lexical(self) -> tuple[LexicalIndex, dict[str, str]] | None:
        manifest = self._read_manifest(self.lexical_manifest_path)
        if manifest is None:
            return None
        try:
            return LexicalIndex.load(self.lexical_path), manifest
        except LOAD_ERRORS:
            return None

    def save_lexical(self, index: LexicalIndex, current: dict[str, str]) -> None:
        index.save(self.lexical_path)
        self._write_manifest(self.lexical_manifest_path, current)

    def doc_sentences(
        self, doc_id: str, version: str, build: Callable[[], SentenceVectors]
    ) -> SentenceVectors:
        """One document version's sentence vectors: read from its file, else built and
        written (the embedding is the costly part, done once per version)."""
        path = self.sentence_file(doc_id, version)
        try:
            return SentenceVectors.load(path)
        except LOAD_ERRORS:  # missing or damaged: re-embedded from the graph's text
            vectors = build()
            vectors.save(path)
            return vectors

    def write_sentences(self, doc_id: str, version: str, sentences: SentenceVectors) -> None:
        """A document version's sentence vectors, made at ingest (late chunking)."""
        sentences.save(self.sentence_file(doc_id, version))

    def sentences_held(self) -> dict[str, str] | None:
        return self._read_manifest(self.sentences_manifest_path)

    def mark_sentences(self, current: dict[str, str]) -> None:
        """Record which versions the in-memory sentence vectors hold (for `doctor`)."""
        self._write_manifest(self.sentences_manifest_path, current)

    def index_for(self, current: dict[str, str], dim: int, kind: str = "auto") -> FaissIndex:
        """The index for exactly the given {doc_id: version}; rebuilt if it disagrees."""
        if self._manifest() == current:
            try:
                index = FaissIndex.load(self.index_path)
                if index.dim == dim and index.kind == choose_kind(len(index), kind, index.kind):
                    return index
            except LOAD_ERRORS:
                pass
        return self.rebuild(current, dim, kind)

    def rebuild(self, current: dict[str, str], dim: int, kind: str = "auto") -> FaissIndex:
        all_ids: list[str] = []
        parts: list[Vectors] = []
        for doc_id in sorted(current):
            # a missing or broken file is a named error (doctor --repair), never a silent gap
            ids, vecs = self.read_doc(doc_id, current[doc_id])
            all_ids += ids
            parts.append(vecs)
        # All vectors at once: IVF trains on what it indexes.
        index = make_index(dim, len(all_ids), kind)
        if all_ids:
            index.add(all_ids, np.concatenate(parts).astype(np.float32))
        index.save(self.index_path)
        self._write_manifest(self.manifest_path, current)
        return index

    def lexical_for(self, current: dict[str, str], chunk_texts: ChunkTexts) -> LexicalIndex:
        """The BM25 index for exactly these versions; rebuilt from the graph's chunk texts
        (`chunk_texts()` → ids, texts) when the versions changed or the files are unreadable."""
        loaded = self.load_lexical()
        if loaded is not None and loaded[1] == current:
            return loaded[0]
        return self.rebuild_lexical(current, chunk_texts)

    def rebuild_lexical(self, current: dict[str, str], chunk_texts: ChunkTexts) -> LexicalIndex:
        ids, texts = chunk_texts()
        index = LexicalIndex.build(ids, texts)
        index.save(self.lexical_path)
        self._write_manifest(self.lexical_manifest_path, current)
        return index

    def sentences_for(
        self, current: dict[str, str], build_doc: Callable[[str], SentenceVectors]
    ) -> SentenceVectors:
        """Sentence vectors for exactly these versions, from the per-version files; a missing
        one is built (embedding) by `build_doc(doc_id)` and written."""
        out = SentenceVectors({})
        for doc_id in sorted(current):
            out.update(self.doc_sentences(doc_id, current[doc_id], partial(build_doc, doc_id)))
        self.sentences_path.unlink(missing_ok=True)  # the one-file form of earlier versions
        self.mark_sentences(current)
        return out

    def load_text_vectors(self, model: str) -> dict[str, Vectors]:
        """Cached embeddings of short texts (claims) made by `model` ({} when none). Read
        without pickle (a workspace handed over must not run code when opened): the texts are
        one UTF-8 byte array and their end offsets. A file of the earlier pickled form, or a
        damaged one, reads as empty: only slower, the claims are re-embedded."""
        try:
            with np.load(self.text_vectors_path) as data:
                if str(data["model"]) != model:
                    return {}
                texts = unpack_texts(data["text_bytes"], data["text_ends"])
                vectors = data["vectors"].astype(np.float32)
        except LOAD_ERRORS:
            return {}
        if len(texts) != len(vectors):
            return {}
        return dict(zip(texts, vectors, strict=True))

    def save_text_vectors(self, model: str, cache: dict[str, Vectors]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.text_vectors_path.with_name("texts.tmp.npz")
        vectors = np.stack(list(cache.values())) if cache else np.zeros((0, 0), np.float32)
        encoded = [t.encode("utf-8", "surrogatepass") for t in cache]
        ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        np.savez(tmp, model=np.array(model), text_bytes=blob, text_ends=ends, vectors=vectors)
        os.replace(tmp, self.text_vectors_path)

    def missing(self, current: dict[str, str]) -> list[str]:
        return [d for d, v in sorted(current.items()) if not self.has(d, v)]

    def prune(self, current: dict[str, str]) -> None:
        """Delete vector files of versions the graph no longer names."""
        # by name, not Path: hashing and sorting 20k Paths took 0.9 s of an add at 10k essays
        for folder, file_of in (
            (self.docs_dir, self.doc_file),
            (self.sentences_dir, self.sentence_file),
        ):
            keep = {file_of(d, v).name for d, v in current.items()}
            if folder.exists():
                for name in sorted(os.listdir(folder)):
                    if name not in keep:
                        (folder / name).unlink(missing_ok=True)
                        crash_point(f"pruned:{name}")


def unpack_texts(text_bytes: np.ndarray, text_ends: np.ndarray) -> list[str]:
    """The texts `save_text_vectors` packed: one UTF-8 byte array cut at the end offsets."""
    raw = text_bytes.astype(np.uint8).tobytes()
    ends = [int(e) for e in text_ends]
    starts = [0, *ends[:-1]]
    if any(b < a for a, b in zip(starts, ends, strict=True)) or (ends and ends[-1] != len(raw)):
        raise ValueError("text offsets do not match the text bytes")
    return [raw[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, ends, strict=True)]
