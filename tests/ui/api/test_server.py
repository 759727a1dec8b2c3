"""The server as a whole: 503 while the model loads, who may serve where, and Gradio's named API with gradio_client."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from gradio_client import Client
from helpers import MODELS, broken_model, make_settings

from assistant.service import Assistant
from studietur.core.errors import ConfigError
from ui.api.access import Access, is_loopback
from ui.cli.main import main
from ui.server import build_server, serve, serving
from vectorstore.background_embedder import BackgroundEmbedder

MOTTO = "Hvad er Greyston Bakerys motto?"
GRADIO_API = {"/ask", "/feedback_up", "/feedback_down", "/upload", "/resync", "/delete"}


def test_questions_wait_for_the_model_with_503_and_retry_after(sample_assistant: Assistant) -> None:
    background = BackgroundEmbedder(sample_assistant.settings.embedding, MODELS)
    bot = Assistant(sample_assistant.settings, sample_assistant.index, background)
    with serving(build_server(bot, access=Access())) as url:
        loading = httpx.post(f"{url}api/v1/ask", json={"question": MOTTO})  # this request starts the load
        assert loading.status_code == 503 and int(loading.headers["Retry-After"]) > 0
        assert loading.json()["error"]["code"] == "model_loading"
        assert httpx.get(f"{url}api/v1/documents").status_code == 200  # what needs no model is served meanwhile
        deadline = time.monotonic() + 300
        while httpx.get(f"{url}api/v1/health").json()["status"] == "loading" and time.monotonic() < deadline:
            time.sleep(0.2)
        assert httpx.post(f"{url}api/v1/ask", json={"question": MOTTO}).json()["found"] is True


def test_a_model_that_failed_to_load_is_a_503_that_says_why(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, embedding={"model": str(broken_model(tmp_path))})
    bot = Assistant.open(settings, embedder=BackgroundEmbedder(settings.embedding, MODELS))
    bot.embedder.wait()  # type: ignore[attr-defined]
    with serving(build_server(bot, access=Access())) as url:
        failed = httpx.post(f"{url}api/v1/ask", json={"question": MOTTO})
        assert failed.status_code == 503 and failed.json()["error"]["code"] == "model_failed"
        health = httpx.get(f"{url}api/v1/health").json()
        assert health["status"] == "failed" and health["model"]["error"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("10.0.0.5", False), ("studietur.kk.dk", False)],
)  # fmt: skip
def test_only_loopback_counts_as_private(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serving_others_needs_both_the_token_and_the_login() -> None:
    Access().check_exposure("127.0.0.1")
    Access(api_token="t", login=("anna", "kode")).check_exposure("0.0.0.0")
    with pytest.raises(ConfigError, match="STUDIETUR_API_TOKEN"):
        Access(login=("anna", "kode")).check_exposure("0.0.0.0")
    with pytest.raises(ConfigError, match="STUDIETUR_UI_USER and STUDIETUR_UI_PASSWORD"):
        Access(api_token="t").check_exposure("10.0.0.5")
    environment = {"STUDIETUR_API_TOKEN": " t ", "STUDIETUR_UI_USER": "anna", "STUDIETUR_UI_PASSWORD": ""}
    assert Access.from_environment(environment) == Access(api_token="t", login=None)


def test_studietur_ui_refuses_an_open_address_before_doing_anything(
    cli_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("STUDIETUR_API_TOKEN", "STUDIETUR_UI_USER", "STUDIETUR_UI_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    started = time.monotonic()
    assert main(["ui", "--host", "0.0.0.0", "--ingest"]) == 2
    assert time.monotonic() - started < 10
    assert "refusing to serve on 0.0.0.0" in capsys.readouterr().err


def test_a_taken_port_is_a_clear_error(sample_assistant: Assistant) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # In a thread of its own: a session's browser fixture may run an event loop in the main thread.
        with ThreadPoolExecutor(1) as pool:
            attempt = pool.submit(serve, sample_assistant, host="127.0.0.1", port=port)
            with pytest.raises(ConfigError, match=f"cannot serve on 127.0.0.1:{port}: the port is taken"):
                attempt.result(timeout=120)


def test_gradio_client_sees_a_few_named_events(sample_assistant: Assistant) -> None:
    with serving(build_server(sample_assistant, access=Access())) as url:
        client = Client(url, verbose=False)
        api = client.view_api(return_format="dict", print_info=False)
        assert set(api["named_endpoints"]) == GRADIO_API and not api["unnamed_endpoints"]
        ask = api["named_endpoints"]["/ask"]
        assert [p["parameter_name"] for p in ask["parameters"]][:1] == ["question"]
        assert not any(r["label"].startswith("value_") for r in ask["returns"])
        chat, sources, question, status = client.predict(MOTTO, [], None, None, [], 5, "extractive", api_name="/ask")
        assert "brownies" in str(chat[-1]["content"]).lower() and "source-card" in sources and question == ""


def test_only_listed_origins_may_call_the_api_from_a_browser(sample_assistant: Assistant, tmp_path: Path) -> None:
    intranet = "https://intranet.example.kk.dk"
    settings = sample_assistant.settings.model_copy(
        update={"ui": sample_assistant.settings.ui.model_copy(update={"cors_origins": [intranet]})}
    )
    bot = Assistant(settings, sample_assistant.index, sample_assistant.embedder)
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    with serving(build_server(bot, access=Access())) as url:
        allowed = httpx.options(f"{url}api/v1/ask", headers={"Origin": intranet, **preflight})
        assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == intranet
        stranger = httpx.options(f"{url}api/v1/ask", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in stranger.headers
    with serving(build_server(sample_assistant, access=Access())) as url:
        default = httpx.post(f"{url}api/v1/ask", json={"question": MOTTO}, headers={"Origin": intranet})
        assert default.status_code == 200 and "access-control-allow-origin" not in default.headers


def test_studietur_ui_serves_the_api_and_stops_cleanly_on_ctrl_c(cli_env: None, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "ui.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.cli.main", "ui", "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").json()["status"] == "ok":
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        answer = httpx.post(f"http://127.0.0.1:{port}/api/v1/ask", json={"question": MOTTO}, timeout=60)
        assert answer.json()["found"] is True
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    log.seek(0)
    output = log.read()
    assert code == 0 and "interrupted" not in output, output[-1000:]
