"""What the exports read from the graph: the essays and their claims with status and links.

Trusted queries over any GraphStore (embedded, read-only or remote); every claim's quote is
checked against its document's canonical text before an export may show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal

from counterpoint.corpus.models import Document
from counterpoint.errors import UsageError
from counterpoint.export.citations import CitedWork
from counterpoint.kg.base import GraphStore
from counterpoint.kg.documents_read import load_documents
from counterpoint.kg.namespaces import sparql_prefixes


@dataclass
class ClaimRecord:
    iri: str
    claim_id: str
    doc_id: str
    start: int
    end: int
    text: str
    thesis: bool = False
    status: str | None = None
    attacked_by: list[str] = field(default_factory=list)
    supported_by: list[str] = field(default_factory=list)
    attacks: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)


_CLAIMS = """
SELECT ?c ?id ?doc_id ?b ?e ?text ?thesis ?status WHERE {
  GRAPH ?g {
    ?c a schema:Claim ; dcterms:identifier ?id ; aif:claimText ?text ;
       schema:appearance ?doc ; prov:wasQuotedFrom ?span .
    ?doc dcterms:identifier ?doc_id .
    ?span nif:beginIndex ?b ; nif:endIndex ?e .
    OPTIONAL { ?c cp:isThesis ?thesis }
  }
  OPTIONAL { GRAPH ?sg { ?c cp:status ?status } }
  %FILTER%
} ORDER BY ?doc_id ?b ?id
"""
_LINKS = """
SELECT ?kind ?p ?c WHERE { GRAPH ?g {
  ?l a ?kind ; aif:Premise ?p ; aif:Conclusion ?c .
  VALUES ?kind { aif:CA-node aif:RA-node }
} }
"""


def documents(store: GraphStore, doc_id: str | None = None) -> list[Document]:
    docs = [s.doc for s in load_documents(store, doc_id)]
    if doc_id is not None and not docs:
        raise UsageError(f"unknown document id: {doc_id} (see `counterpoint docs`)")
    return docs


def work_of(doc: Document, notes: tuple[str, ...] = ()) -> CitedWork:
    meta = doc.meta
    return CitedWork(
        key=doc.doc_id,
        title=meta.title,
        authors=tuple(meta.authors),
        date=meta.date,
        url=meta.url,
        publisher=meta.publisher,
        notes=notes,
    )


def claims(store: GraphStore, docs: list[Document]) -> tuple[list[ClaimRecord], list[str]]:
    """Claims of the given documents, verified against their text, and the ids that failed."""
    by_id = {d.doc_id: d for d in docs}
    ids = ", ".join(Literal(d).n3() for d in by_id)
    filt = f"FILTER(?doc_id IN ({ids}))" if by_id else ""
    rows = store.select(sparql_prefixes() + _CLAIMS.replace("%FILTER%", filt))
    out: dict[str, ClaimRecord] = {}
    rejected: list[str] = []
    for r in rows:
        doc = by_id.get(r["doc_id"])
        if doc is None or r["c"] in out:
            continue
        b, e = int(r["b"]), int(r["e"])
        if not (0 <= b < e <= len(doc.text)) or doc.text[b:e] != r["text"]:
            rejected.append(r["id"])
            continue
        out[r["c"]] = ClaimRecord(
            iri=r["c"],
            claim_id=r["id"],
            doc_id=r["doc_id"],
            start=b,
            end=e,
            text=r["text"],
            thesis=bool(r.get("thesis")),
            status=r.get("status"),
        )
    for link in store.select(sparql_prefixes() + _LINKS) if out else []:
        attack = link["kind"].endswith("CA-node")
        if link["c"] in out:
            target = out[link["c"]]
            (target.attacked_by if attack else target.supported_by).append(link["p"])
        if link["p"] in out:
            source = out[link["p"]]
            (source.attacks if attack else source.supports).append(link["c"])
    return list(out.values()), rejected
