"""Browser fixtures: Debian's Chromium driven by Playwright, and the app served on a free loopback port."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from assistant.service import Assistant
from evals.evaluator import SuiteEvaluator
from ui.api.access import Access
from ui.server import build_server, serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}


def serve(bot: Assistant) -> AbstractContextManager[str]:
    """The server over `bot`, as `studietur ui` serves it, on a free port of 127.0.0.1 in a background thread;
    without login or token, whatever the environment says."""
    return serving(build_server(bot, SuiteEvaluator(), Access()))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/install-browser.sh (make setup-test)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def serve_app() -> Callable[[Assistant], AbstractContextManager[str]]:
    """`with serve_app(bot) as url:` for tests that need an app over their own assistant."""
    return serve


@pytest.fixture(scope="module")
def sample_url(sample_assistant: Assistant) -> Iterator[str]:
    """The app over the shared, read-only index of the sample reports."""
    with serve(sample_assistant) as url:
        yield url


@dataclass
class Tab:
    """A browser page that records console errors and uncaught exceptions, and saves numbered screenshots."""

    page: Page
    shots: Path
    errors: list[str] = field(default_factory=list)
    taken: int = 0

    def shot(self, name: str, full_page: bool = False) -> Path:
        self.taken += 1
        path = self.shots / f"{self.taken:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location})")


@pytest.fixture()
def tab(browser: Browser, tmp_path: Path) -> Iterator[Tab]:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(60_000)
    recorder = Tab(page, tmp_path)
    page.on("console", recorder.on_console)
    page.on("pageerror", lambda exc: recorder.errors.append(f"page error: {exc}"))
    yield recorder
    page.close()
