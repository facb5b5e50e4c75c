"""User SPARQL: the guard, the runner with its deadline and row cap, and W3C result formats."""

from counterpoint.kg.sparql.guard import GuardedQuery, QueryRefused, guard_query
from counterpoint.kg.sparql.results import FORMATS, MEDIA_TYPES, QueryResult, serialize
from counterpoint.kg.sparql.runner import QueryFailed, QueryTimeout, run_query

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "GuardedQuery",
    "QueryFailed",
    "QueryRefused",
    "QueryResult",
    "QueryTimeout",
    "guard_query",
    "run_query",
    "serialize",
]
