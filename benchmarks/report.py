"""Tables of a benchmark record, as Markdown for the terminal and BENCHMARKS.md, and the history line."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from benchmarks.precision_report import noop_table, precision_tables

logger = logging.getLogger(__name__)

Table = tuple[str, list[str], list[list[Any]]]

HEADER = """# Benchmarks

Measured with `studietur bench` (code in `benchmarks/`); every run appends a section here and a JSON line to
`benchmarks/history.jsonl`. Each phase runs in a fresh process, so model loading is cold and peak memory
(VmHWM) is the phase's own. Latencies are wall-clock milliseconds per question over the gold questions
(`evals/gold/gold.jsonl`), each asked once with the query-embedding cache emptied before each pass; "ask
(cache hit)" asks them all again. A load average above the core count means other work shared the CPU
during the run and the figures are slower than on an idle machine.
"""


def tables(record: dict[str, Any]) -> list[Table]:
    out: list[Table] = []
    if "ingest" in record:
        out.append(_ingest_table(record["ingest"]))
    if "noop_cli" in record:
        out.append(noop_table(record["noop_cli"]))
    if "query" in record:
        out.append(_latency_table(record["query"]))
    if "ui" in record:
        ui = record["ui"]
        out.append(
            (
                "UI cold start (`studietur ui` subprocess; first answer through the Gradio API `/ask`)",
                ["until HTTP 200 (s)", "until first answer (s)", "first request (ms)", "peak RSS (MB)"],
                [[ui["http_ready_s"], ui["first_answer_s"], ui["first_answer_request_ms"], ui["peak_rss_mb"]]],
            )
        )
    if "naive" in record and "query" in record:
        out.append(_naive_table(record["ingest"], record["query"], record["naive"]))
    if record.get("scale"):
        out.append(_scale_table(record))
    if "precision" in record:
        out.extend(precision_tables(record["precision"]))
    return out


def markdown(record: dict[str, Any]) -> str:
    machine, ver = record["machine"], record["versions"]
    lines = [
        f"## {record['when']}: `{record['command']}`",
        "",
        f"- Machine: {machine['cores']} cores ({machine['usable_cores']} usable), {machine['cpu']}, "
        f"{machine['ram_gb']} GB RAM, {machine['os']}",
        "- Versions: " + ", ".join(f"{name} {version}" for name, version in ver.items()),
        f"- Load average (1/5/15 min) before: {_load(record['load_before'])}, after: {_load(record['load_after'])}; "
        f"run took {record['seconds']:.0f} s",
    ]
    lines += [f"- {note}" for note in record.get("options", {}).get("notes", [])]
    for title, headers, rows in tables(record):
        lines += ["", f"**{title}**", "", _md_table(headers, rows)]
    profile = record.get("query", {}).get("profile")
    if profile:
        lines += ["", _profile_md(profile)]
    return "\n".join(lines) + "\n"


def write(record: dict[str, Any], report: Path, history: Path) -> None:
    """Append the run's section to the report (creating it with its header) and its line to the history."""
    text = markdown(record)
    if not report.exists():
        report.write_text(HEADER, encoding="utf-8")
    with report.open("a", encoding="utf-8") as out:
        out.write("\n" + text)
    history.parent.mkdir(parents=True, exist_ok=True)
    with history.open("a", encoding="utf-8") as out:
        out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _ingest_table(ingest: dict[str, Any]) -> Table:
    headers = [
        "files",
        "chunks",
        "corpus MB",
        "imports s",
        "model load s",
        "ingest s (model excl.)",
        "ingest s (incl. imports + model)",
        "chunks/s",
        "raw model chunks/s",
        "ingest / raw model",
        "precision",
        "MB/s",
        "no-op re-ingest s",
        "index MB",
        "peak RSS MB",
    ]
    row = [
        ingest["files"],
        ingest["chunks"],
        ingest["corpus_mb"],
        ingest["imports_s"],
        ingest["model_load_s"],
        ingest["ingest_s"],
        ingest["ingest_with_model_s"],
        ingest["chunks_per_s"],
        ingest.get("raw_model_chunks_per_s", "-"),
        ingest.get("ratio_to_raw_model", "-"),
        ingest.get("precision", "-"),
        ingest["mb_per_s"],
        ingest["noop_reingest_s"],
        ingest["index_mb"],
        ingest["peak_rss_mb"],
    ]
    return "Ingest of the sample corpus into an empty index", headers, [row]


def _latency_table(query: dict[str, Any]) -> Table:
    rows = [_stat_row("search (wall)", query["search_ms"]), _stat_row("ask (wall)", query["ask_ms"])]
    for name, stats in query["ask_parts_ms"].items():
        rows.append(_stat_row(f"  ask: {name}", stats))
    rows.append(_stat_row("ask (cache hit)", query["ask_cached_ms"]))
    title = (
        f"Warm query latency, ms ({query['questions']} questions, {query['chunks']} chunks; "
        f"serving process peak RSS {query['peak_rss_mb']} MB, model load {query['model_load_s']} s)"
    )
    return title, ["", "n", "p50", "p95", "p99", "mean"], rows


def _stat_row(label: str, stats: dict[str, Any]) -> list[Any]:
    return [
        label,
        stats.get("n", 0),
        stats.get("p50", "-"),
        stats.get("p95", "-"),
        stats.get("p99", "-"),
        stats.get("mean", "-"),
    ]


def _naive_table(ingest: dict[str, Any], query: dict[str, Any], naive: dict[str, Any]) -> Table:
    pairs = [
        ("ingest s (model excl.)", ingest["ingest_s"], naive["ingest_s"]),
        ("chunks", ingest["chunks"], naive["chunks"]),
        ("chunks/s", ingest["chunks_per_s"], naive["chunks_per_s"]),
        ("index MB", ingest["index_mb"], naive["index_mb"]),
        ("search p50 ms", query["search_ms"]["p50"], naive["search_ms"]["p50"]),
        ("search p95 ms", query["search_ms"]["p95"], naive["search_ms"]["p95"]),
        ("search p99 ms", query["search_ms"]["p99"], naive["search_ms"]["p99"]),
        ("peak RSS MB (ingest process)", ingest["peak_rss_mb"], naive["peak_rss_mb"]),
    ]
    rows = [[label, ours, theirs, _ratio(theirs, ours)] for label, ours, theirs in pairs]
    title = (
        "Side by side with the naive llama-index pipeline (evals/naive.py: SentenceSplitter + VectorStoreIndex, "
        "same embedder; its search is dense top-10 only, ours hybrid with fusion)"
    )
    return title, ["", "ours", "naive", "naive / ours"], rows


def _level_label(level: dict[str, Any]) -> str:
    """A level whose passage vectors were composed (benchmarks/composed.py) says so: its ingest skipped the model."""
    label = f"{level['target']:,}"
    return f"{label} (composed vectors)" if level.get("vectors") == "composed" else label


def _scale_table(record: dict[str, Any]) -> Table:
    levels = []
    if "ingest" in record and "query" in record:
        levels.append(("sample", record["ingest"], record["query"], record["ingest"]["files"]))
    levels += [(_level_label(lvl), lvl["ingest"], lvl["query"], lvl["files"]) for lvl in record["scale"]]
    headers = [
        "target",
        "chunks",
        "files",
        "corpus MB",
        "ingest s",
        "chunks/s",
        "ingest / raw model",
        "MB/s",
        "index MB",
        "no-op re-ingest s",
        "search p50",
        "search p95",
        "ask p50",
        "ask p95",
        "ingest RSS MB",
        "serving RSS MB",
        "growth vs first row",
    ]
    rows = []
    first = levels[0]
    for label, ingest, query, files in levels:
        growth = (
            f"chunks ×{_ratio(ingest['chunks'], first[1]['chunks'])}, index ×{_ratio(ingest['index_mb'], first[1]['index_mb'])}, "
            f"search p50 ×{_ratio(query['search_ms']['p50'], first[2]['search_ms']['p50'])}, "
            f"RSS ×{_ratio(query['peak_rss_mb'], first[2]['peak_rss_mb'])}"
        )
        rows.append(
            [
                label,
                ingest["chunks"],
                files,
                ingest["corpus_mb"],
                ingest["ingest_s"],
                ingest["chunks_per_s"],
                ingest.get("ratio_to_raw_model", "-"),
                ingest["mb_per_s"],
                ingest["index_mb"],
                ingest["noop_reingest_s"],
                query["search_ms"]["p50"],
                query["search_ms"]["p95"],
                query["ask_ms"]["p50"],
                query["ask_ms"]["p95"],
                ingest["peak_rss_mb"],
                query["peak_rss_mb"],
                growth,
            ]
        )
    return "Scale (synthetic corpora recombined from the sample reports; latency in ms)", headers, rows


def _profile_md(profile: dict[str, Any]) -> str:
    rows = [[r["function"], r["calls"], r["own_s"], r["cum_s"]] for r in profile["cumulative"]]
    return (
        f"<details><summary>cProfile of {profile['questions']} warm asks ({profile['ms_per_ask']} ms per ask "
        "under the profiler), by cumulative time</summary>\n\n"
        + _md_table(["function", "calls", "own s", "cumulative s"], rows)
        + "\n\n</details>"
    )


def _md_table(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _ratio(value: float, base: float) -> str:
    try:
        return f"{value / base:.2f}"
    except (TypeError, ZeroDivisionError):
        return "-"


def _load(values: list[float]) -> str:
    return " / ".join(str(v) for v in values) or "-"
