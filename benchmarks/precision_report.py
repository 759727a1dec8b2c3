"""Tables of the embedding paths (benchmarks/precision.py) and of the no-op ingest as users run it."""

from __future__ import annotations

from typing import Any

Table = tuple[str, list[str], list[list[Any]]]


LABELS = {
    "fp32": "torch fp32",
    "bf16": "torch bf16 autocast",
    "onnx_fp32": "ONNX fp32",
    "onnx_int8": "ONNX int8 (dynamic)",
}


def precision_tables(precision: dict[str, Any]) -> list[Table]:
    chosen = precision.get("chosen") or {}
    paths, retrieval = precision["paths"], precision["retrieval"]
    metrics = sorted(retrieval["fp32"])
    verdict = "holds" if precision["gate_holds"] else "fails"
    onnx = "" if precision.get("onnx") == "measured" else f" ONNX not measured: {precision.get('onnx')}."
    title = (
        f"Embedding paths on this CPU ({precision['passages']} sample passages, the raw model; gold retrieval with each "
        f"path's vectors). Gate (cosine to fp32 ≥ 0.9999 and no metric lower by more than 0.005) for bf16: {verdict}. "
        f"Chosen when the model loaded: {chosen.get('path', '-')}, because {chosen.get('reason', '-')}.{onnx}"
    )
    headers = ["path", "passages/s", "× fp32", "cos to fp32 min", "cos mean", "gate", *metrics]
    rows = [
        [
            LABELS.get(name, name),
            item["passages_per_s"],
            item["speedup"],
            item["cosine_to_fp32_min"],
            item["cosine_to_fp32_mean"],
            "passes" if item["gate_holds"] else "fails",
            *(retrieval[name][m] for m in metrics),
        ]
        for name, item in paths.items()
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
