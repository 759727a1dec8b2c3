"""Load through the JSON and OpenAI-compatible APIs (slow): 20 concurrent httpx clients for 30 seconds against the
real server while a new report is uploaded and ingested through the API. No request may fail; p50/p95 are logged."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx
import pytest
from helpers import LOAD_QUESTIONS, NEW_REPORT, REPORTS, latency_report, run_together, two_report_corpus

from ui.api.access import Access
from ui.server import build_server, serving
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

pytestmark = pytest.mark.slow

CLIENTS = 20
SECONDS = 30.0
UPLOAD_AFTER = 3.0
TOKEN = "load-test-token"
REQUEST_TIMEOUT = 180.0


def _request(http: httpx.Client, kind: str, question: str) -> httpx.Response:
    if kind == "ask":
        return http.post("/api/v1/ask", json={"question": question})
    if kind == "search":
        return http.post("/api/v1/search", json={"query": question, "k": 5})
    body = {"model": "studietur", "messages": [{"role": "user", "content": question}]}
    return http.post("/v1/chat/completions", json=body)


def test_twenty_api_clients_for_thirty_seconds_during_an_ingest(tmp_path: Path, embedder: Embedder) -> None:
    corpus, bot = two_report_corpus(tmp_path, embedder)
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    uploaded: list[dict] = []
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {TOKEN}"}

    with serving(build_server(bot, access=Access(api_token=TOKEN))) as url:
        deadline = time.monotonic() + SECONDS

        def client_loop(number: int) -> None:
            kind = ("ask", "search", "chat")[number % 3]
            with httpx.Client(base_url=url, headers=headers, timeout=REQUEST_TIMEOUT) as http:
                asked = 0
                while time.monotonic() < deadline:
                    question = (
                        f"{LOAD_QUESTIONS[(number + asked) % len(LOAD_QUESTIONS)]} ({number}.{asked})"  # no cache hits
                    )
                    started = time.perf_counter()
                    try:
                        response = _request(http, kind, question)
                        failure = "" if response.status_code == 200 else f"{response.status_code} {response.text[:200]}"
                    except httpx.HTTPError as exc:  # counted; none may happen
                        failure = repr(exc)
                    with lock:
                        latencies[kind].append(time.perf_counter() - started)
                        if failure:
                            errors.append(f"client {number} {kind}: {failure}")
                    asked += 1

        def upload_new_report() -> None:
            time.sleep(UPLOAD_AFTER)
            with httpx.Client(base_url=url, headers=headers, timeout=600) as http:
                started = time.perf_counter()
                content = (REPORTS / NEW_REPORT).read_bytes()
                response = http.post("/api/v1/documents", files=[("files", (NEW_REPORT, content))])
                logger.info("upload and ingest during the load: %.1f s", time.perf_counter() - started)
                if response.status_code != 201:
                    errors.append(f"upload: {response.status_code} {response.text[:300]}")
                else:
                    uploaded.extend(response.json()["files"])

        threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CLIENTS)]
        threads.append(threading.Thread(target=upload_new_report))
        wall = run_together(threads, timeout=SECONDS + 600)

    lines = [f"{CLIENTS} API clients, {wall:.0f} s, {len(errors)} errors"]
    lines += [f"{kind}: {latency_report(values, wall)}" for kind, values in sorted(latencies.items())]
    lines.append(f"all: {latency_report([v for values in latencies.values() for v in values], wall)}")
    lines.append(f"uploaded during the load: {[(f['status'], f['chunks']) for f in uploaded]}")
    (tmp_path / "api-load-summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    logger.info("%s", "\n".join(lines))

    assert not errors, errors[:5]
    assert all(len(values) >= CLIENTS // 3 for values in latencies.values())
    assert [f["status"] for f in uploaded] == ["added"]
    chroma, bm25, manifest = bot.index.store.ids(), bot.index.bm25.ids(), bot.index.manifest.done_chunk_ids()
    assert chroma == bm25 == manifest
