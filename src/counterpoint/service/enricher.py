"""Derived argument data, and which extractors produce it: per document, mentions, claims and
the essay's own counterpoint links (into the document's named graph); per corpus, the links
graph (cross-essay links, claim status, CiTO roll-up).

Built from the settings of the moment (cheap: no state beyond them), so a changed LLM setting
takes effect at the next ingest. With an LLM configured, claims come from it and it judges link
polarity; any failure falls back to the offline extractors. Essays below the topic gate
(`kg/extract/pipeline.is_on_topic`) take part in no link.
"""

from __future__ import annotations

from counterpoint.config import Settings
from counterpoint.corpus.models import Document
from counterpoint.crashpoints import crash_point
from counterpoint.deadline import Deadline
from counterpoint.kg.base import GraphStore
from counterpoint.kg.extract.pipeline import Embed
from counterpoint.kg.namespaces import Iris
from counterpoint.kg.ntriples import NTriplesGraph


class Enricher:
    def __init__(self, settings: Settings, iris: Iris, embed: Embed) -> None:
        self.settings = settings
        self.iris = iris
        self.embed = embed

    def document(
        self, doc: Document, graph: NTriplesGraph, deadline: Deadline | None = None
    ) -> int:
        """Add entities, claims and within-essay links to the document's graph; returns the
        number of claims. `deadline`, the document's time budget, is checked between steps."""
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
        )

    def rebuild_links(self, store: GraphStore) -> None:
        """Recompute the corpus-wide links graph from the claims stored now and replace it in
        one update. With an LLM configured this calls its link judge (network, seconds)."""
        crash_point("links:compute")
        graph = self.links(store)
        crash_point("links:replace")
        store.replace_graphs({self.iris.links_graph(): graph})

    def links(self, store: GraphStore, without: frozenset[str] = frozenset()) -> str:
        """N-Triples of the links graph for the stored corpus less the documents `without`."""
        from counterpoint.kg.extract.llm_links import link_judge
        from counterpoint.kg.extract.pipeline import links_graph

        return links_graph(
            store, self.iris, self.embed, link_judge(self.settings), self.settings.extract, without
        )
