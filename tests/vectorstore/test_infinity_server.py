"""Against a real embeddings server: Infinity (`infinity-emb`, in its own virtualenv, `make test-slow` installs it)
serving the bundled model folder on loopback. Its vectors match the in-process model's, token counts (and so the
chunks) are the same, and an ingest through it with several batches in flight retrieves what the in-process
embedder's index retrieves."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import MODELS, REPORTS, ROOT, make_settings, run_ingest, stop_process

from assistant.service import Assistant
from vectorstore.config import EmbeddingSettings
from vectorstore.e5_convert import ensure_e5_model
from vectorstore.embedder import Embedder, load_embedder
from vectorstore.precision import MIN_COSINE, calibration_passages, cosines
from vectorstore.remote_embedder import OpenAIEmbedder

pytestmark = pytest.mark.slow

SERVER = Path(os.environ.get("STUDIETUR_INFINITY", ROOT / ".venv-infinity" / "bin" / "infinity_emb"))
SERVED_NAME = "studietur-e5"
STARTUP_SECONDS = 900  # the server times the model at start-up; two shared cores make that slow
QUESTIONS = [
    "Hvem deltog i studieturen i 2014?",
    "Hvilke destinationer foreslås med fokus på AI og tech?",
    "What did the committee learn in Washington?",
    "beskæftigelsesindsats for unge",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/health", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    assert SERVER.exists(), f"{SERVER} is missing: `make setup-slow` installs Infinity in .venv-infinity"
    folder = ensure_e5_model(MODELS)
    port = _free_port()
    log = tmp_path_factory.mktemp("infinity") / "server.log"
    command = [str(SERVER), "v2", "--model-id", str(folder), "--served-model-name", SERVED_NAME]
    command += ["--engine", "torch", "--device", "cpu", "--dtype", "float32", "--no-vector-disk-cache"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "INFINITY_ANONYMOUS_USAGE_STATS": "0", "DO_NOT_TRACK": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not _healthy(url):
            assert process.poll() is None, f"Infinity exited with {process.returncode}: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"Infinity did not start in {STARTUP_SECONDS} s: {log}"
            time.sleep(1)
        yield url
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def remote(server_url: str) -> OpenAIEmbedder:
    settings = EmbeddingSettings(backend="openai", api_base=server_url, api_model=SERVED_NAME, workers=3)
    embedder = load_embedder(settings, MODELS)
    assert isinstance(embedder, OpenAIEmbedder)
    return embedder


def test_the_servers_vectors_and_token_counts_are_the_models(remote: OpenAIEmbedder, embedder: Embedder) -> None:
    texts = ["passage: " + p for p in calibration_passages()]
    assert cosines(embedder.embed_batch(texts), remote.embed_batch(texts)).min() >= MIN_COSINE
    question = "Hvad er Greyston Bakerys motto?"
    assert float(embedder.embed_query(question) @ remote.embed_query(question)) >= MIN_COSINE
    assert [remote.count_tokens(t) for t in texts] == [embedder.count_tokens(t) for t in texts]


def test_an_ingest_through_the_server_retrieves_the_same(
    remote: OpenAIEmbedder, embedder: Embedder, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("001_126ffb89a7bb1106.txt", "002_4b34b2f1d849fae7.txt"):
        shutil.copy(REPORTS / name, corpus / name)
    local_bot = Assistant.open(make_settings(tmp_path / "local", corpus=corpus), embedder=embedder)
    served_bot = Assistant.open(make_settings(tmp_path / "served", corpus=corpus), embedder=remote)
    local, served = run_ingest(local_bot), run_ingest(served_bot)
    assert served.counts == local.counts == {"added": 2} and served.chunks_total == local.chunks_total
    assert served_bot.index.store.ids() == local_bot.index.store.ids()  # the same chunks, cut by the same counts
    for question in QUESTIONS:
        expected = [p.chunk.id for p in local_bot.search(question, k=5)]
        assert [p.chunk.id for p in served_bot.search(question, k=5)] == expected, question
