"""Tables of the embedding paths (benchmarks/precision.py) and of the no-op ingest as users run it."""

from __future__ import annotations

from typing import Any

Table = tuple[str, list[str], list[list[Any]]]


def precision_tables(precision: dict[str, Any]) -> list[Table]:
    chosen = precision.get("chosen") or {}
    fp32, bf16 = precision["fp32"], precision["bf16"]
    retrieval = precision["retrieval"]
    metrics = sorted(retrieval["fp32"])
    verdict = "holds" if precision["gate_holds"] else "fails"
    title = (
        f"Embedding paths on this CPU ({precision['passages']} sample passages, raw model, best of the runs; gold "
        f"retrieval with each path's vectors). Gate (cosine ≥ 0.9999, no metric lower by more than 0.005): {verdict}. "
        f"Chosen when the model loaded: {chosen.get('path', '-')}, because {chosen.get('reason', '-')}"
    )
    headers = ["path", "passages/s", "× fp32", "cos to fp32 min", "cos mean", *metrics]
    rows = [
        ["fp32", fp32["passages_per_s"], 1.0, 1.0, 1.0, *(retrieval["fp32"][m] for m in metrics)],
        [
            "bf16 autocast",
            bf16["passages_per_s"],
            bf16["speedup"],
            bf16["cosine_to_fp32_min"],
            bf16["cosine_to_fp32_mean"],
            *(retrieval["bf16"][m] for m in metrics),
        ],
    ]
    tables: list[Table] = [(title, headers, rows)]
    tuning = precision.get("tuning") or []
    if tuning:
        batches = sorted({row["batch"] for row in tuning})
        threads = sorted({row["threads"] for row in tuning})
        rate = {(row["threads"], row["batch"]): row["passages_per_s"] for row in tuning}
        grid = [[f"{t} threads", *(rate.get((t, b), "-") for b in batches)] for t in threads]
        title = f"Batch size and torch threads on the chosen path (passages/s, best of 2; {chosen.get('path', '-')})"
        tables.append((title, ["", *(f"batch {b}" for b in batches)], grid))
    return tables


def noop_table(noop: dict[str, Any]) -> Table:
    heavy = ", ".join(noop["heavy_imports"]) or "none"
    row = [noop["wall_s_median"], noop["wall_s_best"], noop["peak_rss_mb"], heavy]
    title = f"No-op `studietur ingest` in a fresh process, as users run it ({noop['repeats']} runs)"
    return title, ["wall s (median)", "wall s (best)", "peak RSS MB", "model libraries imported"], [row]
