"""Runs one benchmark phase in a fresh process: `python -m benchmarks.worker PHASE CONFIG.json RESULT.json`.

A process per phase keeps the figures honest: the model loads cold, and peak memory is the phase's own.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.measure import peak_rss_mb
from studietur.core.environment import use_offline_environment

logger = logging.getLogger(__name__)


def _phases() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    from benchmarks import ingest_phase, naive_phase, precision, query_phase

    return {
        "ingest": ingest_phase.run,
        "query": query_phase.run,
        "naive": naive_phase.run,
        "precision": precision.run,
    }


def main(argv: list[str]) -> int:
    use_offline_environment()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    phase, config_path, result_path = argv
    started = time.perf_counter()
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    result = _phases()[phase](config)
    result["process_s"] = round(time.perf_counter() - started, 2)
    result["peak_rss_mb"] = peak_rss_mb()
    Path(result_path).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
