"""The names of the export formats, in one light module (no RDF or citation library imported),
so the CLI's option choices and the app's dropdowns read the same lists the exporters check."""

from __future__ import annotations

CITATION_FORMATS = ("bibtex", "ris", "csl-json")
CITATION_SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csl-json": ".json"}
GRAPH_FORMATS = ("turtle", "jsonld", "trig")
EXPORT_FORMATS = (*CITATION_FORMATS, "annotations", *GRAPH_FORMATS)
