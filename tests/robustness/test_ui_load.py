"""Load through the UI's API (slow): 20 concurrent clients ask questions for 60 seconds against the real served
app while a new report is ingested into the same index. No request may fail; latency is logged."""

from __future__ import annotations

import logging
import shutil
import threading
import time
from pathlib import Path

import pytest
from gradio_client import Client
from helpers import LOAD_QUESTIONS, NEW_REPORT, REPORTS, latency_report, run_together, two_report_corpus
from robustness.served import serve

from ingest.events import FileFinished
from studietur.core.types import Filters
from ui.chat import UNEXPECTED
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

pytestmark = pytest.mark.slow

CLIENTS = 20
SECONDS = 60.0
INGEST_AFTER = 5.0
# A client gives up on a request after this long (a slow answer is measured, a lost one is an error).
REQUEST_TIMEOUT = 180.0


def test_twenty_clients_for_a_minute_during_an_ingest(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STUDIETUR_UI_USER", raising=False)
    monkeypatch.delenv("STUDIETUR_UI_PASSWORD", raising=False)
    corpus, bot = two_report_corpus(tmp_path, embedder)

    latencies: list[float] = []
    errors: list[str] = []
    ingest_events: list[FileFinished] = []
    lock = threading.Lock()

    with serve(bot) as url:
        deadline = time.monotonic() + SECONDS

        def client_loop(number: int) -> None:
            try:
                client = Client(url, verbose=False, analytics_enabled=False, httpx_kwargs={"timeout": REQUEST_TIMEOUT})
            except Exception as exc:  # every failure is counted; none may happen
                with lock:
                    errors.append(f"client {number} could not connect: {exc!r}")
                return
            asked = 0
            while time.monotonic() < deadline:
                question = (
                    f"{LOAD_QUESTIONS[(number + asked) % len(LOAD_QUESTIONS)]} ({number}.{asked})"  # no cache hits
                )
                started = time.perf_counter()
                try:
                    chat, sources, *_ = client.predict(question=question, year_from=None, year_to=None, api_name="/ask")
                    shown = str(chat) + str(sources)
                    failure = "msg-error" in shown or UNEXPECTED in shown or "⚠" in shown
                except Exception as exc:  # counted as an error
                    shown, failure = repr(exc), True
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if failure:
                        errors.append(f"client {number}: {question}: {shown[-300:]}")
                asked += 1

        def ingest_new_report() -> None:
            time.sleep(INGEST_AFTER)
            target = corpus / NEW_REPORT
            shutil.copy(REPORTS / NEW_REPORT, target)
            started = time.perf_counter()
            events = [e for e in bot.ingest([target]) if isinstance(e, FileFinished)]
            logger.info("ingest of %s during the load: %.1f s", NEW_REPORT, time.perf_counter() - started)
            ingest_events.extend(events)

        threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CLIENTS)]
        threads.append(threading.Thread(target=ingest_new_report))
        wall = run_together(threads, timeout=SECONDS + 600)

    report = (
        f"{CLIENTS} clients, {wall:.0f} s, {len(errors)} errors: {latency_report(latencies, wall)}; "
        f"ingest during the load: {[(e.status, e.chunks) for e in ingest_events]}"
    )
    (tmp_path / "load-summary.txt").write_text(report + "\n", encoding="utf-8")
    logger.info("%s", report)

    assert not errors, errors[:5]
    assert len(latencies) >= CLIENTS
    assert [e.status for e in ingest_events] == ["added"]
    assert bot.search("studietur", k=5, filters=Filters(docs=(NEW_REPORT,)))
    chroma, bm25, manifest = bot.index.store.ids(), bot.index.bm25.ids(), bot.index.manifest.done_chunk_ids()
    assert chroma == bm25 == manifest
