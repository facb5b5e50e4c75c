"""The versions of every rule-based extractor whose output is stored with a document.

A document's version (`ingest.version_of`) includes this string, so a changed extractor makes
the next ingest of an unchanged corpus re-extract each document (one atomic replace per
document, its links pairs and statuses recomputed with it) instead of keeping claims and links
made by rules that no longer exist beside new ones. Without it, an upgrade that changed only
the claim rules left every stored essay's claims as they were until the file itself changed.
"""

from __future__ import annotations

from counterpoint.kg import strength
from counterpoint.kg.extract import claims, entities, links


def derived_versions() -> str:
    """One string naming each extractor and its version, in a fixed order."""
    parts = {
        claims.EXTRACTOR_NAME: claims.EXTRACTOR_VERSION,
        entities.EXTRACTOR_NAME: entities.EXTRACTOR_VERSION,
        links.EXTRACTOR_NAME: links.EXTRACTOR_VERSION,
        strength.SEMANTICS: strength.VERSION,
    }
    return ";".join(f"{name}={version}" for name, version in sorted(parts.items()))
