"""Benchmark figures: percentiles, and the report and history a run appends to."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.measure import percentiles, summarize
from benchmarks.report import HEADER, markdown, write


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentiles(values) == {"p50": 50.0, "p95": 95.0, "p99": 99.0}
    assert percentiles([7.0]) == {"p50": 7.0, "p95": 7.0, "p99": 7.0}
    assert summarize([]) == {"n": 0}


def _record() -> dict:
    stats = summarize([10.0, 20.0, 30.0])
    ingest = {
        "files": 5, "chunks": 390, "corpus_mb": 0.27, "imports_s": 2.0, "model_load_s": 3.0, "ingest_s": 60.0,
        "ingest_with_model_s": 65.0, "chunks_per_s": 6.5, "mb_per_s": 0.0045, "noop_reingest_s": 0.2,
        "index_mb": 9.0, "peak_rss_mb": 900.0,
    }  # fmt: skip
    query = {
        "questions": 3, "chunks": 390, "model_load_s": 3.0, "search_ms": stats, "ask_ms": stats,
        "ask_parts_ms": {"embed": stats, "total": stats}, "ask_cached_ms": stats, "peak_rss_mb": 800.0,
    }  # fmt: skip
    return {
        "when": "2025-01-01T00:00:00+00:00", "command": "studietur bench", "seconds": 99.0,
        "machine": {"cores": 2, "usable_cores": 2, "cpu": "CPU", "ram_gb": 8.0, "os": "Linux"},
        "versions": {"python": "3.11"}, "load_before": [1.0, 1.0, 1.0], "load_after": [2.0, 2.0, 2.0],
        "ingest": ingest, "query": query,
        "scale": [{"target": 1000, "files": 13, "corpus_mb": 0.7, "ingest": ingest, "query": query}],
    }  # fmt: skip


def test_every_run_appends_a_section_and_a_history_line(tmp_path: Path) -> None:
    report, history = tmp_path / "BENCHMARKS.md", tmp_path / "history.jsonl"
    write(_record(), report, history)
    write(_record(), report, history)
    text = report.read_text(encoding="utf-8")
    assert text.startswith(HEADER) and text.count(HEADER) == 1
    assert text.count("## 2025-01-01T00:00:00+00:00: `studietur bench`") == 2
    assert [json.loads(line)["ingest"]["chunks"] for line in history.read_text().splitlines()] == [390, 390]
    section = markdown(_record())
    assert "| search (wall) | 3 | 20.0 | 30.0 | 30.0 | 20.0 |" in section
    assert "| 1,000 | 390 | 13 |" in section
