"""Client/server Chroma: a real `chroma run` server, the sample reports ingested over HTTP, the same answers.

In http mode only the vectors move to the server; the BM25 index, the manifest and the catalogue stay in
`paths.index_dir` of the app (see the README's "Deploying for a team").
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import make_settings, run_ingest, stop_process

from assistant.service import Assistant
from vectorstore.embedder import Embedder

pytestmark = pytest.mark.slow  # embeds the sample reports a second time: a few minutes on two cores

QUESTIONS = [
    "Hvad er Greyston Bakerys motto?",
    "Hvilke politikere fra udvalget var med i New York og Washington i 2014?",
    "Hvordan arbejder man med klimatilpasning?",
    "What is Greyston Bakery's hiring policy?",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _chroma_command() -> str:
    found = Path(sys.executable).with_name("chroma")
    if found.exists():
        return str(found)
    on_path = shutil.which("chroma")
    if on_path is None:
        pytest.skip("the `chroma` command of the chromadb package is not installed")
    return on_path


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    folder = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    command = [_chroma_command(), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)]
    with (folder / "server.log").open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_heartbeat(f"http://127.0.0.1:{port}/api/v2/heartbeat", server, folder / "server.log")
        yield "127.0.0.1", port
    finally:
        stop_process(server)


def _wait_for_heartbeat(url: str, server: subprocess.Popen[bytes], log: Path, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"chroma run exited with {server.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200 and b"heartbeat" in response.read():
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"no heartbeat from {url} within {limit} s")


@pytest.fixture(scope="module")
def http_assistant(
    chroma_server: tuple[str, int], tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> Assistant:
    host, port = chroma_server
    tmp = tmp_path_factory.mktemp("http-app")
    settings = make_settings(tmp, chroma={"mode": "http", "host": host, "port": port})
    bot = Assistant.open(settings, embedder=embedder)
    summary = run_ingest(bot)
    assert summary.counts.get("added") == 5, summary
    return bot


def test_the_server_holds_the_vectors_and_the_app_folder_the_rest(
    http_assistant: Assistant, sample_assistant: Assistant
) -> None:
    import chromadb

    host, port = http_assistant.settings.chroma.host, http_assistant.settings.chroma.port
    client = chromadb.HttpClient(host=host, port=port, settings=chromadb.Settings(anonymized_telemetry=False))
    assert client.get_collection("studietur").count() == sample_assistant.index.chunk_count() > 300
    index_dir = http_assistant.settings.paths.index_dir
    assert (index_dir / "manifest.json").is_file() and (index_dir / "bm25").is_dir()
    assert not (index_dir / "chroma").exists()


@pytest.mark.parametrize("question", QUESTIONS)
def test_same_passages_and_answers_as_the_embedded_store(
    question: str, http_assistant: Assistant, sample_assistant: Assistant
) -> None:
    over_http, embedded = http_assistant.search(question, k=5), sample_assistant.search(question, k=5)
    assert [p.chunk.id for p in over_http] == [p.chunk.id for p in embedded]
    assert [p.dense_score for p in over_http] == pytest.approx([p.dense_score for p in embedded], abs=1e-4)
    a, b = http_assistant.ask(question), sample_assistant.ask(question)
    assert (a.text, a.found) == (b.text, b.found)
    assert [c.passage.chunk.id for c in a.citations] == [c.passage.chunk.id for c in b.citations]
