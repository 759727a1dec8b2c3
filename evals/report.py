"""Write the evaluation report: tables, plots, per-question failures first, and the history trend."""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from evals.runner import K_VALUES, ItemResult, summarise_by

logger = logging.getLogger(__name__)

HEADLINE = (
    "hit@1",
    "hit@5",
    "mrr@10",
    "ndcg@10",
    "evidence_recall@5",
    "key_fact_recall",
    "citation_precision",
    "cites_evidence",
    "refused",
    "false_refusal",
    "language_ok",
    "pass_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)


# Ours in groups: by question type, by language, and by what answered (the catalogue or retrieval).
GROUPS: tuple[tuple[str, Callable[[ItemResult], str | None]], ...] = (
    ("type", lambda r: r.item.type),
    ("lang", lambda r: r.item.lang),
    ("answered by", lambda r: r.output.route),
)


def write_report(
    out_dir: Path,
    summaries: dict[str, dict[str, float]],
    ours: Sequence[ItemResult],
    fingerprint: dict[str, str],
    history: Path,
    sections: dict[str, list[list[str]]] | None = None,
) -> dict[str, Path]:
    """The report files; `sections` are further tables by heading (retrieval by language, uncertainty)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    plots = _plots(out_dir, summaries, ours)
    trend = _append_history(history, summaries.get("ours", {}), fingerprint)
    markdown = _markdown(summaries, ours, fingerprint, plots, trend, sections or {})
    (out_dir / "report.md").write_text(markdown, encoding="utf-8")
    html = _html(summaries, ours, fingerprint, plots, trend, sections or {})
    (out_dir / "report.html").write_text(html, encoding="utf-8")
    return {"report.md": out_dir / "report.md", "report.html": out_dir / "report.html", **plots}


def metrics_table(summaries: dict[str, dict[str, float]]) -> list[list[str]]:
    names = [m for m in HEADLINE if any(m in s for s in summaries.values())]
    rows = [["metric", *summaries]]
    for name in names:
        rows.append([name, *(_fmt(s.get(name)) for s in summaries.values())])
    return rows


def table_text(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows)


def _fmt(value: float | None) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:.0f}" if abs(value) >= 10 else f"{value:.3f}"


def _md_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _by_group_rows(ours: Sequence[ItemResult]) -> list[list[str]]:
    rows = [["group", "items", "hit@5", "mrr@10", "key_fact_recall", "refused", "false_refusal", "pass_rate"]]
    for label, key in GROUPS:
        for name, s in summarise_by(ours, key).items():
            rows.append([f"{label}={name}", str(int(s["items"])), *(_fmt(s.get(m)) for m in rows[0][2:])])
    return rows


def _question_rows(ours: Sequence[ItemResult]) -> list[list[str]]:
    rows = [["id", "type", "lang", "pass", "first hit", "question", "answer"]]
    for r in failures_first(ours):
        answer = " ".join((r.output.answer or "").split())[:240]
        rows.append([*item_cells(r), r.item.question.replace("|", "/"), answer.replace("|", "/")])
    return rows


def failures_first(results: Sequence[ItemResult]) -> list[ItemResult]:
    return sorted(results, key=lambda r: (r.passed, r.item.id))


def item_cells(r: ItemResult) -> list[str]:
    """The first cells of a question's row: id, type, language, passed, the first k whose top k held the evidence."""
    rank = next((k for k in K_VALUES if r.scores.get(f"hit@{k}") == 1.0), None)
    return [r.item.id, r.item.type, r.item.lang, "✔" if r.passed else "✘", f"≤{rank}" if rank else "–"]


def _markdown(summaries, ours, fingerprint, plots, trend, sections) -> str:  # noqa: ANN001 - internal
    parts = [
        "# Studietur evaluation",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · configuration `{json.dumps(fingerprint)}`",
        "",
        "## Systems",
        "",
        _md_table(metrics_table(summaries)),
        "",
        *(line for heading, rows in sections.items() for line in (f"## {heading}", "", _md_table(rows), "")),
        "## Ours by type, language and what answered (catalogue or retrieval)",
        "",
        _md_table(_by_group_rows(ours)),
        "",
        "## Trend (last runs of ours)",
        "",
        _md_table(trend),
        "",
        "## Plots",
        "",
        *(f"![{name}]({path.name})" for name, path in plots.items()),
        "",
        "## Questions (failures first)",
        "",
        _md_table(_question_rows(ours)),
        "",
    ]
    return "\n".join(parts)


def _html(summaries, ours, fingerprint, plots, trend, sections) -> str:  # noqa: ANN001 - internal
    def table(rows: list[list[str]]) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    images = "".join(f'<img src="{html.escape(p.name)}" alt="{html.escape(n)}">' for n, p in plots.items())
    return (
        "<!doctype html><meta charset='utf-8'><title>Studietur evaluation</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 6px;font-size:.9em}img{max-width:48%;margin:4px}</style>"
        f"<h1>Studietur evaluation</h1><p>Configuration: <code>{html.escape(json.dumps(fingerprint))}</code></p>"
        f"<h2>Systems</h2>{table(metrics_table(summaries))}"
        + "".join(f"<h2>{html.escape(heading)}</h2>{table(rows)}" for heading, rows in sections.items())
        + f"<h2>Ours by type, language and what answered (catalogue or retrieval)</h2>{table(_by_group_rows(ours))}"
        f"<h2>Trend</h2>{table(trend)}<h2>Plots</h2>{images}<h2>Questions (failures first)</h2>{table(_question_rows(ours))}"
    )


def _plots(out_dir: Path, summaries: dict[str, dict[str, float]], ours: Sequence[ItemResult]) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = {
        "hit_at_k": out_dir / "hit_at_k.png",
        "by_group": out_dir / "by_group.png",
        "latency": out_dir / "latency.png",
    }
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, s in summaries.items():
        ax.plot(K_VALUES, [s.get(f"hit@{k}", float("nan")) for k in K_VALUES], marker="o", label=name)
    ax.set(xlabel="k", ylabel="hit@k", title="Evidence in the top k", ylim=(0, 1.02), xticks=K_VALUES)
    ax.legend()
    fig.tight_layout()
    fig.savefig(paths["hit_at_k"], dpi=100)
    plt.close(fig)

    groups = {f"{label}={name}": summary for label, key in GROUPS for name, summary in summarise_by(ours, key).items()}
    fig, ax = plt.subplots(figsize=(8, 4))
    names = list(groups)
    for offset, metric in enumerate(("hit@5", "key_fact_recall", "pass_rate")):
        ax.bar(
            [i + offset * 0.27 for i in range(len(names))],
            [groups[n].get(metric, 0) or 0 for n in names],
            width=0.27,
            label=metric,
        )
    ax.set_xticks([i + 0.27 for i in range(len(names))], names, rotation=30, ha="right")
    ax.set(ylim=(0, 1.05), title="Ours by question type, language and what answered")
    ax.legend()
    fig.tight_layout()
    fig.savefig(paths["by_group"], dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.hist([r.output.seconds * 1000 for r in ours], bins=20)
    ax.set(xlabel="ms per question (search + ask)", ylabel="questions", title="Latency of ours")
    fig.tight_layout()
    fig.savefig(paths["latency"], dpi=100)
    plt.close(fig)
    return paths


def _append_history(history: Path, ours: dict[str, float], fingerprint: dict[str, str]) -> list[list[str]]:
    line = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": fingerprint,
        **{m: ours[m] for m in HEADLINE if m in ours},
    }
    history.parent.mkdir(parents=True, exist_ok=True)
    with history.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
    runs = [json.loads(row) for row in history.read_text(encoding="utf-8").splitlines() if row.strip()][-10:]
    cols = ["hit@5", "mrr@10", "key_fact_recall", "refused", "false_refusal", "pass_rate"]
    return [["time", *cols], *[[run["time"], *(_fmt(run.get(c)) for c in cols)] for run in runs]]
