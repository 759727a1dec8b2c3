"""The README's screenshots: the chat answering a question with its source cards, and the Dokumenter tab.

Run after `make setup-test` (the app's index in place, e.g. by `make run` or `studietur ingest`):
    .venv/bin/python scripts/screenshots.py [--out docs]
It serves the app as `studietur ui` does, on a free loopback port, and drives Debian's Chromium at 1,400 x 900.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from studietur.core.environment import use_offline_environment

use_offline_environment()

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from assistant.service import Assistant  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from evals.evaluator import SuiteEvaluator  # noqa: E402
from ui.api.access import Access  # noqa: E402
from ui.server import build_server, serving  # noqa: E402

logger = logging.getLogger("screenshots")
QUESTION = "Hvad er Greyston Bakerys motto?"
WINDOW = {"width": 1400, "height": 900}


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args()
    bot = Assistant.open(load_settings())
    if not bot.documents():
        raise SystemExit("the index is empty: run `studietur ingest` first")
    with serving(build_server(bot, SuiteEvaluator(), Access())) as url:
        shoot(url, args.out)


def shoot(url: str, out: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport=WINDOW, locale="da-DK")
        page.set_default_timeout(120_000)
        page.goto(url)
        page.locator("#question textarea").fill(QUESTION)
        page.locator("#question textarea").press("Enter")
        expect(page.locator("#sources .source-card").first).to_be_visible()
        page.wait_for_timeout(500)  # the cards' fonts and highlights settle
        page.screenshot(path=str(out / "screenshot-chat.png"))
        page.get_by_role("tab", name="Dokumenter").click()
        expect(page.locator("#documents-table tbody tr").first).to_be_visible()
        page.wait_for_timeout(500)
        page.screenshot(path=str(out / "screenshot-documents.png"))
        browser.close()
    logger.info("saved %s and %s", out / "screenshot-chat.png", out / "screenshot-documents.png")


if __name__ == "__main__":
    main()
