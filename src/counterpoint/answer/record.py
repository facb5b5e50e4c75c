"""User challenges in their own named graph, so the argument map can show what readers pushed
back on. Pattern (docs/vocabulary.md): the challenge is an aif:I-node and cp:Challenge with
text, time, session and verdict; one aif:CA-node per target claim links it to what it attacks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, URIRef

from counterpoint.kg.base import GraphStore
from counterpoint.kg.namespaces import AIF, CP, DCTERMS, PROV, Iris, sparql_prefixes

# Recording (count, then append) and purging (read, change, replace) the challenges graph:
# one at a time in this process, so neither loses the other's change.
_GRAPH_LOCK = threading.Lock()


@dataclass(frozen=True)
class ChallengeRecord:
    id: str
    text: str
    created: str
    target_claims: list[str]
    verdict: str
    session: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "created": self.created,
            "target_claims": self.target_claims,
            "verdict": self.verdict,
        }


def challenge_triples(
    iris: Iris, text: str, targets: dict[str, str], verdict: str, session: str, now: dt.datetime
) -> tuple[str, Graph]:
    created = now.astimezone(dt.UTC).isoformat(timespec="microseconds")
    digest = hashlib.sha256(f"{session}|{created}|{text}".encode()).hexdigest()[:16]
    cid = f"ch-{digest}"
    g = Graph()
    node = URIRef(f"{iris.base}challenge/{cid}")
    g.add((node, RDF.type, AIF["I-node"]))
    g.add((node, RDF.type, CP.Challenge))
    g.add((node, DCTERMS.identifier, Literal(cid)))
    g.add((node, AIF.claimText, Literal(text)))
    g.add((node, PROV.generatedAtTime, Literal(created, datatype=XSD.dateTime)))
    g.add((node, CP.session, Literal(session)))
    g.add((node, CP.verdict, Literal(verdict)))
    for target, target_iri in targets.items():
        ca = URIRef(f"{iris.base}challenge/{cid}/attacks/{target}")
        g.add((ca, RDF.type, AIF["CA-node"]))
        g.add((ca, AIF.Premise, node))
        g.add((ca, AIF.Conclusion, URIRef(target_iri)))
    return cid, g


def count_challenges(store: GraphStore, iris: Iris, session: str | None = None) -> int:
    """Recorded challenges, all or one session's."""
    where = "?ch a cp:Challenge ."
    if session is not None:
        where += f" ?ch cp:session {Literal(session).n3()} ."
    q = f"SELECT (COUNT(?ch) AS ?n) WHERE {{ GRAPH <{iris.challenges_graph()}> {{ {where} }} }}"
    rows = store.select(sparql_prefixes() + q)
    return int(rows[0]["n"]) if rows and rows[0].get("n") is not None else 0


def record_challenge(
    store: GraphStore,
    iris: Iris,
    text: str,
    targets: list[str],
    verdict: str,
    session: str,
    now: dt.datetime | None = None,
    max_per_session: int | None = None,
    max_total: int | None = None,
) -> str | None:
    """Append to the challenges graph (one INSERT DATA update; a rewrite only when the oldest
    must be dropped). Targets are
    linked by the IRI the claim has in the store (minted by whoever extracted it). A session
    that already has `max_per_session` recorded challenges records no more (None): a client
    asking in a loop cannot fill the disk; the answer itself is unaffected.

    Past `max_total` recorded challenges (all sessions: a client opening new sessions gets
    round the per-session cap), the oldest are dropped to make room, with their attack nodes.
    Why drop the oldest rather than refuse the new: the challenges graph shows what readers
    push back on now, and a user who challenges a claim expects to see that challenge in the
    argument map; refusing would freeze the map at its first `max_total` challenges for good,
    silently. The bound on disk is the same either way; `purge-challenges` removes on demand."""
    with _GRAPH_LOCK:
        if max_per_session is not None and (
            count_challenges(store, iris, session) >= max_per_session
        ):
            return None
        drop: list[str] = []
        if max_total is not None:
            excess = count_challenges(store, iris) - max_total + 1
            if excess > 0:
                drop = _oldest(store, iris, excess)
        return _append(store, iris, text, targets, verdict, session, now, drop)


def _oldest(store: GraphStore, iris: Iris, n: int) -> list[str]:
    """IRIs of the `n` oldest recorded challenges and of their attack nodes."""
    graph = iris.challenges_graph()
    rows = store.select(
        sparql_prefixes() + f"SELECT ?ch WHERE {{ GRAPH <{graph}> {{ "
        f"?ch a cp:Challenge ; prov:generatedAtTime ?t }} }} ORDER BY ?t ?ch LIMIT {int(n)}"
    )
    challenges = [str(r["ch"]) for r in rows]
    if not challenges:
        return []
    values = " ".join(f"<{c}>" for c in challenges)
    rows = store.select(
        sparql_prefixes() + f"SELECT ?ca WHERE {{ VALUES ?ch {{ {values} }} "
        f"GRAPH <{graph}> {{ ?ca aif:Premise ?ch }} }}"
    )
    return challenges + [str(r["ca"]) for r in rows]


def _append(
    store: GraphStore,
    iris: Iris,
    text: str,
    targets: list[str],
    verdict: str,
    session: str,
    now: dt.datetime | None,
    drop: list[str] | None = None,
) -> str:
    iri_of = {t: iris.claim(t) for t in targets}
    if targets:
        values = " ".join(f'"{t}"' for t in targets if '"' not in t and "\\" not in t)
        rows = store.select(
            sparql_prefixes() + f"SELECT ?id ?c WHERE {{ VALUES ?id {{ {values} }} "
            "GRAPH ?g { ?c a aif:I-node ; dcterms:identifier ?id } }"
        )
        iri_of.update({r["id"]: r["c"] for r in rows})
    now = now or dt.datetime.now(dt.UTC)
    cid, g = challenge_triples(iris, text, iri_of, verdict, session, now)
    graph = iris.challenges_graph()
    if not drop:
        # Appended in one update: reading and rewriting the whole graph made each record
        # cost time in proportion to every challenge recorded before it.
        store.add_to_graph(graph, g.serialize(format="nt"))
        return cid
    existing = store.construct_ntriples(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    )
    # every triple of a dropped node has it as subject (see challenge_triples)
    doomed = {f"<{iri}>" for iri in drop}
    existing = "\n".join(
        # split on "\n" only: N-Triples escapes it in literals, not U+2028 and the like
        line
        for line in existing.split("\n")
        if line.split(" ", 1)[0] not in doomed
    )
    store.replace_graphs({graph: existing + "\n" + g.serialize(format="nt")})
    return cid


_LIST = """
SELECT ?id ?text ?created ?session ?verdict ?claim WHERE {
  GRAPH <%GRAPH%> {
    ?ch a cp:Challenge ; dcterms:identifier ?id ; aif:claimText ?text ;
        prov:generatedAtTime ?created ; cp:session ?session ; cp:verdict ?verdict .
    OPTIONAL { ?ca a aif:CA-node ; aif:Premise ?ch ; aif:Conclusion ?claim . }
  }
} ORDER BY DESC(?created) ?id
"""

_CLAIM_DOCS = """
SELECT DISTINCT ?id WHERE { GRAPH ?g {
  ?c a aif:I-node ; dcterms:identifier ?id ; schema:appearance ?doc .
  ?doc dcterms:identifier "%DOC%" } }
"""


def list_challenges(
    store: GraphStore, iris: Iris, doc_id: str | None = None
) -> list[ChallengeRecord]:
    """Newest first; with a document, only challenges targeting one of its claims."""
    rows = store.select(sparql_prefixes() + _LIST.replace("%GRAPH%", iris.challenges_graph()))
    iris_ = sorted({r["claim"] for r in rows if r.get("claim")})
    id_of: dict[str, str] = {}
    if iris_:
        values = " ".join(f"<{i}>" for i in iris_)
        q = (
            f"SELECT ?c ?id WHERE {{ VALUES ?c {{ {values} }} "
            "GRAPH ?g { ?c a aif:I-node ; dcterms:identifier ?id } }"
        )
        id_of = {r["c"]: r["id"] for r in store.select(sparql_prefixes() + q)}
    merged: dict[str, ChallengeRecord] = {}
    for r in rows:
        rec = merged.setdefault(
            r["id"],
            ChallengeRecord(
                id=r["id"],
                text=r["text"],
                created=str(r["created"]),
                target_claims=[],
                verdict=r["verdict"],
                session=r["session"],
            ),
        )
        if r.get("claim"):
            # A claim whose document was removed keeps its id in the IRI's last segment.
            rec.target_claims.append(id_of.get(r["claim"], r["claim"].rsplit("/", 1)[-1]))
    out = list(merged.values())
    if doc_id is not None:
        from counterpoint.corpus.ids import slugify

        q = sparql_prefixes() + _CLAIM_DOCS.replace("%DOC%", slugify(doc_id))
        in_doc = {r["id"] for r in store.select(q)}
        out = [c for c in out if in_doc & set(c.target_claims)]
    return out


def purge_challenges(
    store: GraphStore,
    iris: Iris,
    session: str | None = None,
    before: dt.datetime | None = None,
) -> int:
    """Remove recorded challenges (all, one session's, and/or those created before `before`)
    with the attack nodes that hang off them; the number removed."""
    graph = iris.challenges_graph()
    with _GRAPH_LOCK:
        g = Graph()
        g.parse(
            data=store.construct_ntriples(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
            ),
            format="nt",
        )
        doomed = [
            node
            for node in g.subjects(RDF.type, CP.Challenge)
            if _matches(g, node, session, before)
        ]
        if not doomed:
            return 0
        for node in doomed:
            for ca in list(g.subjects(AIF.Premise, node)):
                g.remove((ca, None, None))
            g.remove((node, None, None))
        store.replace_graphs({graph: g.serialize(format="nt")})
    return len(doomed)


def _matches(g: Graph, node: Any, session: str | None, before: dt.datetime | None) -> bool:
    if session is not None and str(g.value(node, CP.session)) != session:
        return False
    if before is not None:
        created = g.value(node, PROV.generatedAtTime)
        try:
            when = dt.datetime.fromisoformat(str(created))
        except ValueError:
            return True  # an unreadable time cannot prove the challenge is recent
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return when < before
    return True
