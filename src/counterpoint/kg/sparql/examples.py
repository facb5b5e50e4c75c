"""The example queries shipped with the package (kg/queries/*.rq, mirrored in ./queries)."""

from __future__ import annotations

from importlib import resources


def example_queries() -> dict[str, str]:
    """File stem -> query text, sorted by name."""
    folder = resources.files("counterpoint.kg") / "queries"
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name.removesuffix(".rq"): f.read_text(encoding="utf-8") for f in files}


def describe(query: str) -> str:
    """The first comment line of a query: what it answers."""
    for line in query.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""
