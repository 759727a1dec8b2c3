"""A no-op `studietur ingest` as users run it: a fresh process over an index that is up to date, timed from launch to
exit, with its peak memory and the model libraries it imported (none, when it decides from the manifest)."""

from __future__ import annotations

import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from studietur.core.errors import StudieturError

logger = logging.getLogger(__name__)

HEAVY = ("torch", "transformers", "sentence_transformers", "chromadb", "llama_index")
# The command, then one JSON line: its exit code, peak RSS (VmHWM) and the heavy modules it imported.
_PROBE = (
    "import json, sys\n"
    "from benchmarks.measure import peak_rss_mb\n"
    "from ui.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
    "print(json.dumps({'code': code, 'peak_rss_mb': peak_rss_mb(), 'heavy': heavy}))\n"
)


def run(settings_path: Path | None, env: dict[str, str], repeats: int = 3) -> dict[str, Any]:
    """`studietur ingest` `repeats` times in fresh processes; wall seconds (median and best), peak RSS, imports."""
    command = [sys.executable, "-c", _PROBE, *(["--settings", str(settings_path)] if settings_path else []), "ingest"]
    walls, last = [], {}
    for _ in range(repeats):
        started = time.perf_counter()
        done = subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
        walls.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise StudieturError(f"no-op `studietur ingest` failed (exit {done.returncode}): {done.stderr[-500:]}")
        last = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        "wall_s_median": round(statistics.median(walls), 2),
        "wall_s_best": round(min(walls), 2),
        "peak_rss_mb": last["peak_rss_mb"],
        "heavy_imports": last["heavy"],
        "repeats": repeats,
    }
