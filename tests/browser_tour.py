"""A reader's tour of the app in a real browser (Playwright driving Debian's chromium): ask,
see a highlighted source, open an essay, "Challenge this", read the verdict card, look at the
map, upload a file, run a SPARQL example, download BibTeX. Used by the browser test and by
bench/screenshots.py (which saves a screenshot at each step).

Every request the page makes is logged, so the caller can assert nothing left the machine.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
QUESTION = "What does the essay argue about brand moats?"
STEP_TIMEOUT_MS = 240_000  # an upload ingests and rebuilds the indexes on 2 busy cores


def chromium_missing_reason() -> str | None:
    """Why the browser test cannot run here, in one line; None when it can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: pip install -e '.[test]'"
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return f"{CHROMIUM} is missing: `apt-get install -y chromium` (make test does it as root)"
    return None


@dataclass
class TourResult:
    requests: list[str] = field(default_factory=list)
    sources_html: str = ""
    card_html: str = ""
    upload_report: str = ""
    sparql_rows: int = 0
    bibtex: str = ""

    def outside_requests(self, base_url: str) -> list[str]:
        """Requests to any host other than the app's own (data: and blob: stay local)."""
        host = urlsplit(base_url).netloc
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != host
        ]


def _pick(page: Any, elem_id: str, option: str) -> None:
    """Choose an option of a Gradio dropdown by (part of) its label."""
    page.click(f"#{elem_id} input")
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")


def tour(base_url: str, upload: Path, download_dir: Path, shots: Path | None = None) -> TourResult:
    from playwright.sync_api import sync_playwright

    result = TourResult()

    def shot(page: Any, name: str) -> None:
        if shots is not None:
            page.wait_for_timeout(800)  # let the last update paint
            page.screenshot(path=str(shots / f"{name}.png"))

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        try:
            context = browser.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            page = context.new_page()
            page.set_default_timeout(STEP_TIMEOUT_MS)
            page.on("request", lambda r: result.requests.append(r.url))
            page.on("websocket", lambda ws: result.requests.append(ws.url))
            # A Gradio page never reaches "networkidle" (its event stream stays open).
            page.goto(base_url)
            box = "#cp-question textarea"
            page.wait_for_selector(box)
            # 1. Ask: the sources panel shows the cited passage with its quote marked.
            page.fill(box, QUESTION)
            page.press(box, "Enter")
            page.wait_for_selector("#cp-sources mark")
            result.sources_html = page.inner_html("#cp-sources")
            shot(page, "1-chat-sources")
            # 2. Open the seed essay; "Challenge this" asks about its thesis in the chat.
            page.get_by_role("tab", name="Essay").click()
            _pick(page, "cp-essay-pick", "Open Source AI Business Models")
            page.wait_for_selector("#cp-essay-view blockquote")
            shot(page, "2-essay")
            page.click("#cp-challenge-this")
            page.wait_for_selector("#cp-card .cp-card")
            result.card_html = page.inner_html("#cp-card")
            shot(page, "3-verdict-card")
            # 3. The argument map of that essay.
            page.get_by_role("tab", name="Argument map").click()
            _pick(page, "cp-map-pick", "Open Source AI Business Models")
            page.wait_for_selector("#cp-map .cp-map svg")  # not the loading spinner's svg
            shot(page, "4-argument-map")
            # 4. Upload an essay while the app runs.
            page.get_by_role("tab", name="Library").click()
            page.set_input_files("#cp-upload input[type=file]", str(upload))
            page.wait_for_timeout(1000)
            page.click("#cp-add")
            page.wait_for_selector("#cp-upload-report :text('added')")
            result.upload_report = page.inner_text("#cp-upload-report")
            shot(page, "5-library-upload")
            # 5. Run the default SPARQL example.
            page.get_by_role("tab", name="SPARQL").click()
            page.click("#cp-sparql-run")
            page.wait_for_selector("#cp-sparql-table :text('Open Source AI Business Models')")
            result.sparql_rows = page.locator("#cp-sparql-table tbody tr").count()
            shot(page, "6-sparql")
            # 6. Export what this chat cited as BibTeX and download it.
            page.get_by_role("tab", name="Export").click()
            page.click("#cp-export-run")
            link = page.locator("#cp-export-file a").first
            link.wait_for()
            with page.expect_download() as info:
                link.click()
            target = download_dir / "citations.bib"
            info.value.save_as(str(target))
            result.bibtex = target.read_text(encoding="utf-8")
            shot(page, "7-export")
        finally:
            browser.close()
    return result
