"""`make screenshots`: the README's screenshots, taken by the browser test's tour.

Ingests the bundled corpus into a temporary workspace, serves the app on a free loopback port
and walks the reader's tour in Debian's chromium, saving one PNG per step under
docs/screenshots/. Run it again after changing the UI and commit the pictures.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # browser_tour.py and servers.py live with the tests
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

UPLOAD = """---
title: "Distribution Beats Models"
author: A. Reader
date: 2024-09-01
---
Distribution Beats Models

The durable advantage in AI is distribution, not the model. A lab that owns the channel to
customers can swap in whichever model is best this quarter.
"""


def main() -> None:
    from bench.common import bundled_service
    from browser_tour import chromium_missing_reason, tour
    from servers import serve_app

    missing = chromium_missing_reason()
    if missing:
        sys.exit(f"screenshots: {missing}")
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, bundled_service() as service:
        upload = Path(tmp) / "distribution.md"
        upload.write_text(UPLOAD, encoding="utf-8")
        with serve_app(service) as url:
            result = tour(url + "/", upload, Path(tmp), shots=out)
        outside = result.outside_requests(url)
    print(f"screenshots: {len(list(out.glob('*.png')))} in {out.relative_to(ROOT)}")
    print(f"screenshots: requests outside the machine: {len(outside)}")


if __name__ == "__main__":
    main()
