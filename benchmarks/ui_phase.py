"""UI cold start: `studietur ui` as a subprocess on a free port, timed until it serves and until it answers."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from benchmarks.measure import peak_rss_mb
from studietur.core.errors import StudieturError

logger = logging.getLogger(__name__)

QUESTION = "Hvad er Greyston Bakerys motto?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(settings_path: Path | None, env: dict[str, str], log: Path, timeout: float = 600) -> dict[str, Any]:
    """Seconds from launch until GET / answers 200, and until a first answer comes back through /ask."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "ui.cli.main", *(["--settings", str(settings_path)] if settings_path else [])]
    command += ["ui", "--host", "127.0.0.1", "--port", str(port)]
    child_env = {k: v for k, v in os.environ.items() if k not in ("STUDIETUR_UI_USER", "STUDIETUR_UI_PASSWORD")}
    child_env.update(env)
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(command, env=child_env, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for_http(url, process, started + timeout, log)
        http_s = time.perf_counter() - started
        from gradio_client import Client

        client = Client(url, verbose=False)
        asked = time.perf_counter()
        reply = client.predict(QUESTION, [], None, None, [], 5, api_name="/ask")
        answered = time.perf_counter()
        if "msg-answer" not in str(reply[0]):
            raise StudieturError(f"the UI's first reply holds no answer: {str(reply[0])[:300]}")
        return {
            "http_ready_s": round(http_s, 2),
            "first_answer_s": round(answered - started, 2),
            "first_answer_request_ms": round((answered - asked) * 1000, 1),
            "peak_rss_mb": peak_rss_mb(process.pid),
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_http(url: str, process: subprocess.Popen[bytes], deadline: float, log: Path) -> None:
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise StudieturError(f"`studietur ui` exited with {process.returncode} before serving; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise StudieturError(f"{url} did not answer within the time limit; see {log}")
