"""Documents over the API: upload (the UI's rules), delete, re-sync with progress, and the errors, with httpx."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from helpers import make_settings

from assistant.service import Assistant
from ui.api.access import Access
from ui.api.jobs import INTERRUPTED, JOBS_FILE
from ui.server import build_server, serving
from vectorstore.embedder import Embedder

NUUK = "# Besøg i Nuuk\n\nUdvalget besøgte Nuuk Jobcenter den 4. maj 2023 og talte om beskæftigelse af unge.\n"


@pytest.fixture()
def own(tmp_path: Path, embedder: Embedder) -> Iterator[tuple[httpx.Client, Assistant, Path]]:
    """A server over an index of its own (empty at first), with files of at most 0.05 MB."""
    corpus = tmp_path / "corpus"
    bot = Assistant.open(make_settings(tmp_path, corpus=corpus, ingest={"max_file_mb": 0.05}), embedder=embedder)
    server = build_server(bot, access=Access())
    with serving(server) as url, httpx.Client(base_url=url, timeout=120) as http:
        http.app_state = server.state.studietur  # type: ignore[attr-defined]
        yield http, bot, corpus


def test_upload_list_ask_and_delete(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    response = http.post("/api/v1/documents", files=[("files", ("../../Møde i Nuuk.md", NUUK.encode()))])
    assert response.status_code == 201, response.text
    (stored,) = response.json()["files"]
    assert stored["status"] == "added" and stored["stored_as"] == "Møde_i_Nuuk.md" and stored["chunks"] >= 1
    assert stored["name"] == "../../Møde i Nuuk.md" and [p.name for p in corpus.iterdir()] == ["Møde_i_Nuuk.md"]
    (listed,) = http.get("/api/v1/documents").json()
    assert listed["doc"] == "Møde_i_Nuuk.md" and listed["passages"] == stored["chunks"] and listed["done"]
    answer = http.post("/api/v1/ask", json={"question": "Hvornår besøgte udvalget Nuuk Jobcenter?"}).json()
    assert answer["found"] and answer["citations"][0]["doc"] == "Møde_i_Nuuk.md"

    deleted = http.delete("/api/v1/documents/Møde_i_Nuuk.md")
    assert deleted.json() == {"deleted": "Møde_i_Nuuk.md", "file_removed": True}
    assert http.get("/api/v1/documents").json() == [] and not any(corpus.iterdir())
    again = http.delete("/api/v1/documents/Møde_i_Nuuk.md")
    assert again.status_code == 404 and again.json()["error"]["param"] == "doc"


def test_refused_uploads_store_nothing(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    wrong_type = http.post(
        "/api/v1/documents", files=[("files", ("notat.md", NUUK.encode())), ("files", ("virus.exe", b"MZ"))]
    )
    assert wrong_type.status_code == 400 and ".exe" in wrong_type.json()["error"]["message"]
    too_large = http.post("/api/v1/documents", files=[("files", ("stor.txt", b"ord " * 20_000))])
    assert too_large.status_code == 413 and "stor.txt" in too_large.json()["error"]["message"]
    none = http.post("/api/v1/documents")
    assert none.status_code == 400 and none.json()["error"]["param"] == "files"
    assert not corpus.exists() or not any(corpus.iterdir())
    assert bot.documents() == []


def test_an_upload_sent_without_its_size_is_refused_once_it_passes_the_limit(
    own: tuple[httpx.Client, Assistant, Path],
) -> None:
    """A chunked multipart body larger than 20 files of ingest.max_file_mb is cut off while it arrives: nothing is
    spooled to disk whole, nothing stored."""
    http, bot, corpus = own
    boundary = "studietur-test-boundary"

    def body() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="stor.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        for _ in range(100):  # 6.4 MB; the limit is 20 x 0.05 MB + 64 KB
            yield b"ord " * 16_384
        yield f"\r\n--{boundary}--\r\n".encode()

    response = http.post(
        "/api/v1/documents", content=body(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert not corpus.exists() or not any(corpus.iterdir())
    many = http.post("/api/v1/documents", files=[("files", (f"notat{i}.md", NUUK.encode())) for i in range(21)])
    assert many.status_code == 413 and many.json()["error"]["param"] == "files"
    assert bot.documents() == []


def test_an_upload_the_ingest_skips_is_not_kept(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    response = http.post("/api/v1/documents", files=[("files", ("tom.txt", b""))])
    assert response.status_code == 201 and response.json()["files"][0]["status"] == "skipped"
    assert not any(corpus.iterdir()) and bot.documents() == []


def test_resync_reports_progress_until_it_ends(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    corpus.mkdir()
    (corpus / "nuuk.md").write_text(NUUK, encoding="utf-8")
    started = http.post("/api/v1/ingest")
    assert started.status_code == 202 and started.json()["state"] == "running"
    location = started.headers["Location"]
    deadline = time.monotonic() + 120
    while (job := http.get(location).json())["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job["state"] == "done" and job["progress"]["files_done"] == job["progress"]["files_total"] == 1
    assert job["files"] == [{"file": "nuuk.md", "status": "added", "chunks": job["files"][0]["chunks"], "reason": ""}]
    waited = http.post("/api/v1/ingest", json={"wait": True})
    assert waited.status_code == 200 and waited.json()["summary"]["counts"] == {"unchanged": 1}
    assert http.get("/api/v1/ingest/ingest-999").status_code == 404


def test_a_failed_ingest_says_why_and_the_index_is_kept(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    http.post("/api/v1/documents", files=[("files", ("nuuk.md", NUUK.encode()))])
    for path in corpus.iterdir():
        path.unlink()
    corpus.rmdir()  # the shared folder is not mounted
    job = http.post("/api/v1/ingest", json={"wait": True}).json()
    assert job["state"] == "failed" and str(corpus) in job["error"] and job["finished_at"]
    assert [r.doc for r in bot.documents()] == ["nuuk.md"]
    assert http.get("/api/v1/health").json()["ingest_running"] is False


def test_a_second_change_while_one_runs_is_a_409(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    keeper = http.app_state.keeper  # type: ignore[attr-defined]
    keeper._lock.acquire()  # an ingest started from the UI
    try:
        for response in (
            http.post("/api/v1/ingest"),
            http.post("/api/v1/documents", files=[("files", ("nuuk.md", NUUK.encode()))]),
        ):
            assert response.status_code == 409 and response.json()["error"]["code"] == "busy"
    finally:
        keeper._lock.release()
    assert not corpus.exists() or not any(corpus.iterdir())


def test_jobs_outlive_a_restart_and_one_cut_short_says_so(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    corpus.mkdir()
    (corpus / "nuuk.md").write_text(NUUK, encoding="utf-8")
    done = http.post("/api/v1/ingest", json={"wait": True}).json()
    saved = bot.settings.paths.index_dir / JOBS_FILE
    # The server stops while a second job runs: its last save says "running".
    jobs = json.loads(saved.read_text(encoding="utf-8"))
    cut_short = {**jobs[-1], "id": "ingest-cut", "state": "running"}
    saved.write_text(json.dumps([*jobs, cut_short, {"id": "ingest-odd", "state": "paused"}, 7]), encoding="utf-8")
    restarted = build_server(bot, access=Access())
    with serving(restarted) as url, httpx.Client(base_url=url, timeout=120) as again:
        assert again.get(f"/api/v1/ingest/{done['id']}").json() == done
        cut = again.get("/api/v1/ingest/ingest-cut").json()
        assert cut["state"] == "failed" and cut["error"] == INTERRUPTED
        assert again.get("/api/v1/ingest/ingest-odd").status_code == 404  # an entry the API cannot give is left out
        fresh = again.post("/api/v1/ingest", json={"wait": True}).json()
        assert fresh["id"] not in {done["id"], "ingest-cut"} and fresh["state"] == "done"


def test_a_damaged_jobs_file_is_ignored_and_replaced(own: tuple[httpx.Client, Assistant, Path]) -> None:
    http, bot, corpus = own
    corpus.mkdir()
    saved = bot.settings.paths.index_dir / JOBS_FILE
    saved.write_text("{not json", encoding="utf-8")
    restarted = build_server(bot, access=Access())
    with serving(restarted) as url, httpx.Client(base_url=url, timeout=120) as again:
        assert again.get("/api/v1/health").status_code == 200
        assert again.post("/api/v1/ingest", json={"wait": True}).json()["state"] == "done"
    assert json.loads(saved.read_text(encoding="utf-8"))[-1]["state"] == "done"
