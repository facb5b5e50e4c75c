"""Paths and ids the tests share. Import from here, never from conftest: pytest imports every
conftest.py under the same module name, so `from conftest import …` gets whichever came last."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DATA = ROOT / "tests" / "data"
SEED = CORPUS / "open-source-ai-business-models-and-brand-moats.md"
SEED_ID = "open-source-ai-business-models-brand-moats"
