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


def test_the_report_shows_the_ratio_to_the_raw_model_the_paths_and_the_no_op_ingest() -> None:
    record = _record()
    record["ingest"] = {
        **record["ingest"],
        "raw_model_chunks_per_s": 7.0,
        "ratio_to_raw_model": 0.929,
        "precision": "bf16",
    }
    record["noop_cli"] = {
        "wall_s_median": 0.6,
        "wall_s_best": 0.5,
        "peak_rss_mb": 48.0,
        "heavy_imports": [],
        "repeats": 3,
    }
    metrics = {"hit@5": 0.977, "mrr@10": 0.843}
    fp32 = {"passages_per_s": 20.0, "speedup": 1.0, "cosine_to_fp32_min": 1.0, "cosine_to_fp32_mean": 1.0}
    bf16 = {"passages_per_s": 29.7, "speedup": 1.49, "cosine_to_fp32_min": 0.999986, "cosine_to_fp32_mean": 0.999993}
    int8 = {"passages_per_s": 31.0, "speedup": 1.55, "cosine_to_fp32_min": 0.98016, "cosine_to_fp32_mean": 0.98419}
    record["precision"] = {
        "passages": 396,
        "chosen": {"path": "bf16", "reason": "the CPU has avx512_bf16"},
        "gate_holds": True,
        "paths": {
            "fp32": {**fp32, "gate_holds": True, "largest_metric_drop": 0.0},
            "bf16": {**bf16, "gate_holds": True, "largest_metric_drop": 0.002},
            "onnx_int8": {**int8, "gate_holds": False, "largest_metric_drop": 0.02},
        },
        "onnx": "measured",
        "retrieval": {"fp32": metrics, "bf16": {**metrics, "mrr@10": 0.841}, "onnx_int8": {**metrics, "hit@5": 0.957}},
        "tuning": [{"threads": t, "batch": b, "passages_per_s": float(t * b)} for t in (1, 2) for b in (8, 16)],
    }
    section = markdown(record)
    assert "| 6.5 | 7.0 | 0.929 | bf16 |" in section  # chunks/s, the raw model's, their ratio, the path
    assert "| 0.6 | 0.5 | 48.0 | none |" in section
    assert "no metric lower by more than 0.005) for bf16: holds" in section
    assert "| torch bf16 autocast | 29.7 | 1.49 | 0.999986 | 0.999993 | passes | 0.977 | 0.841 |" in section
    assert "| ONNX int8 (dynamic) | 31.0 | 1.55 | 0.98016 | 0.98419 | fails | 0.957 | 0.843 |" in section
    assert "| 2 threads | 16.0 | 32.0 |" in section
