"""The example queries shipped with the package (kg/queries/*.rq): the app's SPARQL tab offers
them, and `counterpoint sparql --examples` / `--example NAME` list and run them."""

from __future__ import annotations

from importlib import resources

from counterpoint.errors import UsageError


def example_queries() -> dict[str, str]:
    """File stem -> query text, sorted by name."""
    folder = resources.files("counterpoint.kg") / "queries"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name.removesuffix(".rq"): f.read_text(encoding="utf-8") for f in files}


def example_query(name: str) -> str:
    """The text of one example query; an unknown name is a one-line usage error."""
    queries = example_queries()
    if name not in queries:
        raise UsageError(
            f"unknown example query {name!r}: see `counterpoint sparql --examples` for the names"
        )
    return queries[name]


def describe(query: str) -> str:
    """The first comment line of a query: what it answers."""
    for line in query.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""
