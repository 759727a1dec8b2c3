"""The whole server (API and app) over the session's sample index, on a free loopback port, closed by a token."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from assistant.service import Assistant
from ui.api.access import Access
from ui.server import build_server, serving

TOKEN = "a-token-for-tests-only"


@pytest.fixture(scope="module")
def base_url(sample_assistant: Assistant) -> Iterator[str]:
    with serving(build_server(sample_assistant, access=Access(api_token=TOKEN))) as url:
        yield url


@pytest.fixture()
def token() -> str:
    return TOKEN


@pytest.fixture()
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120) as http:
        yield http
