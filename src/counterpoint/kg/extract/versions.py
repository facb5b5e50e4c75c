"""The versions of everything that decides what extraction stores with a document.

A document's version (`ingest.version_of`) includes this string, so a changed extractor makes
the next ingest of an unchanged corpus re-extract each document (one atomic replace per
document, its links pairs and statuses recomputed with it) instead of keeping claims and links
made by rules that no longer exist beside new ones. Without it, an upgrade that changed only
the claim rules left every stored essay's claims as they were until the file itself changed.

The same holds for what a user sets rather than what a release ships: the extraction settings
(claim threshold, link similarities...) and the LLM extractor, when one is configured. Before,
configuring a model or raising a threshold and re-ingesting answered "unchanged" for every
stored essay and kept its old claims; now each essay is re-extracted once (LLM judgments are
cached by content, so going back to a model used before asks it nothing again). The vectors
do not depend on any of this: the re-extraction reuses them (`ingest.embedding_key`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from counterpoint.kg import strength
from counterpoint.kg.extract import claims, entities, links

if TYPE_CHECKING:
    from counterpoint.config import Settings


def derived_versions(settings: Settings | None = None) -> str:
    """One string naming each extractor and its version, in a fixed order; with `settings`,
    also a digest of the extraction settings and the LLM extractor's model, if any."""
    parts = {
        claims.EXTRACTOR_NAME: claims.EXTRACTOR_VERSION,
        entities.EXTRACTOR_NAME: entities.EXTRACTOR_VERSION,
        links.EXTRACTOR_NAME: links.EXTRACTOR_VERSION,
        strength.SEMANTICS: strength.VERSION,
    }
    if settings is not None:
        from counterpoint.kg.extract import llm_claims, llm_links

        dumped = settings.extract.model_dump_json().encode("utf-8")
        parts["extract-settings"] = hashlib.sha256(dumped).hexdigest()[:16]
        if settings.llm_model:  # the model, not its address or key: those change no output
            parts[llm_claims.EXTRACTOR_NAME] = (
                f"{llm_claims.EXTRACTOR_VERSION}+{settings.llm_model}"
            )
            parts[llm_links.EXTRACTOR_NAME] = f"{llm_links.EXTRACTOR_VERSION}+{settings.llm_model}"
    return ";".join(f"{name}={version}" for name, version in sorted(parts.items()))
