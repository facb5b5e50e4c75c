"""Vocabularies (see docs/vocabulary.md) and the IRI scheme. IRIs derive from ids and content
hashes under one base IRI, so the same text always maps to the same nodes."""

from __future__ import annotations

from rdflib import Namespace

SCHEMA = Namespace("https://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
CITO = Namespace("http://purl.org/spar/cito/")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
CP = Namespace("https://w3id.org/counterpoint/ns#")

PREFIXES = {
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "aif": str(AIF),
    "cito": str(CITO),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "wd": str(WD),
    "cp": str(CP),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class Iris:
    """Mints IRIs under the configured base; one instance per settings object."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def doc(self, doc_id: str) -> str:
        return f"{self.base}doc/{doc_id}"

    def doc_graph(self, doc_id: str) -> str:
        return f"{self.base}graph/doc/{doc_id}"

    def links_graph(self) -> str:
        return f"{self.base}graph/links"

    def challenges_graph(self) -> str:
        return f"{self.base}graph/challenges"

    def span(self, doc_id: str, content_hash: str, start: int, end: int) -> str:
        return f"{self.base}doc/{doc_id}/{content_hash[:12]}#char={start},{end}"

    def person(self, slug: str) -> str:
        return f"{self.base}person/{slug}"

    def claim(self, claim_id: str) -> str:
        return f"{self.base}claim/{claim_id}"

    def strength(self, claim_id: str) -> str:
        return f"{self.base}strength/{claim_id}"

    def entity(self, slug: str) -> str:
        return f"{self.base}entity/{slug}"

    def activity(self, run_id: str) -> str:
        return f"{self.base}run/{run_id}"

    def agent(self, name: str, version: str) -> str:
        return f"{self.base}agent/{name}-{version}"
