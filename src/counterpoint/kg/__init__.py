"""Knowledge-graph stage: RDF vocabulary, per-document named graphs, and the stores."""
