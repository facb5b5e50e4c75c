"""Hand-made claims and links written into a test workspace's real store.

Offsets come from the real canonical text (found by exact sentence text), so the claims obey
the grounding rule like extracted ones; the RDF follows the contract in kg/claims.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterpoint.service import Counterpoint

TEST_GRAPH = "graph/test-claims"


@dataclass(frozen=True)
class ClaimSpec:
    id: str
    doc_id: str
    text: str  # exact sentence (or part) of the canonical text
    thesis: bool = False


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def add_claims(
    service: Counterpoint,
    claims: list[ClaimSpec],
    attacks: list[tuple[str, str]] = (),  # type: ignore[assignment]
    supports: list[tuple[str, str]] = (),  # type: ignore[assignment]
    status: dict[str, str] | None = None,
) -> dict[str, tuple[int, int]]:
    """Write claims, links and status into one test graph (the links graph belongs to the
    corpus-wide derivation and is left alone); return offsets."""
    iris = service.iris
    aif = "http://www.arg.dundee.ac.uk/aif#"
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    dct = "http://purl.org/dc/terms/"
    cp = "https://w3id.org/counterpoint/ns#"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    lines: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    docs = {d.doc.doc_id: d.doc for d in service.stored_documents()}
    for c in claims:
        text = docs[c.doc_id].text
        start = text.index(c.text)
        end = start + len(c.text)
        assert text[start:end] == c.text
        offsets[c.id] = (start, end)
        node = f"<{iris.claim(c.id)}>"
        doc = f"<{iris.doc(c.doc_id)}>"
        span = f"<{iris.span(c.doc_id, docs[c.doc_id].content_hash, start, end)}>"
        lines += [
            f"{doc} <{dct}identifier> {_lit(c.doc_id)} .",
            f"{node} {rdf_type} <{aif}I-node> .",
            f"{node} {rdf_type} <https://schema.org/Claim> .",
            f"{node} <{dct}identifier> {_lit(c.id)} .",
            f"{node} <{aif}claimText> {_lit(c.text)} .",
            f"{node} <https://schema.org/appearance> {doc} .",
            f"{node} <http://www.w3.org/ns/prov#wasQuotedFrom> {span} .",
            f'{node} <{nif}confidence> "0.9"^^<{xsd}decimal> .',
            f'{node} <{cp}isThesis> "{str(c.thesis).lower()}"^^<{xsd}boolean> .',
            f'{span} <{nif}beginIndex> "{start}"^^<{xsd}nonNegativeInteger> .',
            f'{span} <{nif}endIndex> "{end}"^^<{xsd}nonNegativeInteger> .',
        ]
    link_lines: list[str] = []
    for kind, pairs in (("CA-node", attacks), ("RA-node", supports)):
        for premise, conclusion in pairs:
            link = f"<{iris.base}link/{kind}/{premise}/{conclusion}>"
            link_lines += [
                f"{link} {rdf_type} <{aif}{kind}> .",
                f"{link} <{aif}Premise> <{iris.claim(premise)}> .",
                f"{link} <{aif}Conclusion> <{iris.claim(conclusion)}> .",
            ]
    for cid, st in (status or {}).items():
        link_lines.append(f"<{iris.claim(cid)}> <{cp}status> {_lit(st)} .")
    service.store.replace_graphs({iris.base + TEST_GRAPH: "\n".join(lines + link_lines)})
    service.indexes.reread_graph()  # chunks and expansion flags; indexes are unchanged
    return offsets
