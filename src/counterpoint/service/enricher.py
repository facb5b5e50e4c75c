"""Derived argument data, and which extractors produce it: per document, mentions, claims and
the essay's own counterpoint links (into the document's named graph); across essays, the
links graphs (cross-essay links per pair of essays, claim status, CiTO roll-up), updated for
the changed essays' pairs only.

Built from the settings of the moment (cheap: no state beyond them), so a changed LLM setting
takes effect at the next ingest.
With an LLM configured, claims come from it and it judges link polarity; any failure falls
back to the offline extractors. Essays below the topic gate
(`kg/extract/pipeline.is_on_topic`) take part in no link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from counterpoint.config import Settings
from counterpoint.corpus.models import Document
from counterpoint.crashpoints import crash_point
from counterpoint.deadline import Deadline
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_read import StoredDocument
from counterpoint.kg.extract.pipeline import Embed, Prepared
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.ntriples import NTriplesGraph

if TYPE_CHECKING:
    from counterpoint.kg.extract.link_update import LinkUpdate


class Enricher:
    def __init__(
        self,
        settings: Settings,
        iris: Iris,
        embed: Embed,
        cache_dir: Path | None = None,
        model: Callable[[], str] = str,
    ) -> None:
        self.settings = settings
        self.iris = iris
        self.embed = embed
        self.cache_dir = cache_dir  # where link_update keeps its link cache
        # the name of the embedding model `embed` uses (the link cache records it), asked
        # only when links are updated: it loads the model
        self.model = model

    def document(
        self,
        doc: Document,
        graph: NTriplesGraph,
        deadline: Deadline | None = None,
        contexts: dict[str, str] | None = None,
        prepared: Prepared | None = None,
    ) -> int:
        """Add entities, claims and within-essay links to the document's graph; returns the
        number of claims. `deadline`, the document's time budget, is checked between steps;
        `contexts` receives each claim's context for the links update (see `update_links`);
        `prepared`: what `prefetch` found in this document."""
        from counterpoint.kg.extract.llm_claims import claim_source
        from counterpoint.kg.extract.llm_links import link_judge
        from counterpoint.kg.extract.pipeline import enrich

        return enrich(
            doc,
            graph,
            self.iris,
            self.embed,
            claim_source(self.settings),
            link_judge(self.settings),
            self.settings.extract,
            deadline,
            contexts,
            prepared,
        )

    def prefetch(self, docs: Sequence[Document]) -> list[Prepared]:
        """Embed now, in one call, every text the offline claim extractor will ask to embed
        for these documents (each thesis candidate and the title; the embed function caches
        them by text), so that `document` finds them cached. Ingest calls it for a window of
        documents ahead: one essay's ~15-30 short texts are a handful of small model passes,
        a window's are a few full ones (retrieval/batching.py), about half the CPU per text.
        Which texts is found by running the extractor with an embed function that records
        them (the candidates do not depend on the vectors); returns each document's sentences
        and candidate claims, which its own `document` call takes rather than finding them
        again. Nothing to do with an LLM claim source, whose claims are not known ahead."""
        from counterpoint.kg.extract.claims import extract_claims
        from counterpoint.kg.extract.llm_claims import claim_source

        if claim_source(self.settings) is not None:
            return []
        wanted: list[str] = []

        def record(texts: list[str]) -> np.ndarray:
            wanted.extend(texts)
            return np.zeros((len(texts), 1), dtype=np.float32)

        out = []
        cfg = self.settings.extract.claims
        for doc in docs:
            prepared = Prepared.of(doc, self.settings.extract)
            extract_claims(doc, record, cfg, prepared.sentences, prepared.candidates)
            out.append(prepared)
        if wanted:
            self.embed(wanted)
        return out

    def rebuild_links(
        self, store: GraphStore, fresh: Mapping[str, tuple[str, dict[str, str]]] | None = None
    ) -> LinkUpdate:
        """Recompute every pair of essays' links, and every claim's status and strength.
        With an LLM configured this calls its link judge (network, seconds)."""
        return self.update_links(store, None, fresh)

    def update_links(
        self,
        store: GraphStore,
        doc_ids: list[str] | None,
        fresh: Mapping[str, tuple[str, dict[str, str]]] | None = None,
        table: Mapping[str, StoredDocument] | None = None,
    ) -> LinkUpdate:
        """After these documents were added, changed or removed: re-link only the pairs of
        essays they are part of (kg/extract/link_update.py); None re-links every pair.
        `fresh`: claim contexts computed during this ingest, {doc: (version, contexts)}."""
        from counterpoint.kg.extract.link_update import update_links
        from counterpoint.kg.extract.llm_links import link_judge

        crash_point("links:compute")
        return update_links(
            store,
            self.iris,
            self.embed,
            link_judge(self.settings),
            self.settings.extract,
            doc_ids,
            self.cache_dir,
            fresh,
            model=self.model(),
            table=table,
        )

    def links_without(
        self,
        store: GraphStore,
        doc_ids: frozenset[str],
        table: Mapping[str, StoredDocument] | None = None,
    ) -> tuple[dict[str, str], LinkUpdate]:
        """The links graphs to write (N-Triples by name, '' = drop) for the stored corpus less
        the documents `doc_ids`, which the caller removes in the same transaction. `table`:
        the stored documents (text-free) as the caller just read them."""
        from counterpoint.kg.extract.link_update import link_graphs
        from counterpoint.kg.extract.llm_links import link_judge

        return link_graphs(
            store,
            self.iris,
            self.embed,
            link_judge(self.settings),
            self.settings.extract,
            sorted(doc_ids),
            self.cache_dir,
            without=doc_ids,
            model=self.model(),
            table=table,
        )
