"""The suite's tables: every metric with its interval, ours against each baseline paired, and catalogue answers
scored by the passages they cite."""

from __future__ import annotations

from pathlib import Path

from assistant.service import Assistant
from evals.gold import GoldItem, load_gold
from evals.report import write_report
from evals.runner import ItemResult, SystemOutput, run_system, score_item
from evals.suite import DEFAULT_GOLD, uncertainty_rows
from evals.systems import RETRIEVE_K, assistant_system

QUOTE = "Greyston Bakery bager brownies til Ben & Jerry's."


def _item(n: int) -> GoldItem:
    return GoldItem(
        id=f"q{n}",
        question="?",
        lang="da",
        type="fact",
        answer="a",
        key_facts=["brownies"],
        evidence=[{"doc": "r.txt", "quote": QUOTE}],
    )


def _result(n: int, hit: bool, answer: str | None = None, route: str | None = None) -> ItemResult:
    passages = [QUOTE if hit else "Noget andet."]
    output = SystemOutput(
        passages, answer=answer, found=answer is not None or None, cited=passages, language="da", route=route
    )
    return ItemResult(_item(n), output, score_item(_item(n), output))


def test_every_metric_has_an_interval_and_each_baseline_a_paired_difference() -> None:
    ours = [_result(n, hit=n % 4 != 0, answer="brownies", route="retrieval") for n in range(40)]
    bm25 = [_result(n, hit=n % 2 == 0) for n in range(40)]
    naive = [_result(n, hit=n % 4 != 0) for n in range(40)]
    rows = uncertainty_rows(ours, {"bm25_only": bm25, "naive_llamaindex": naive})
    assert rows[0] == [
        "metric",
        "n",
        "ours",
        "bm25_only",
        "ours - bm25_only (paired)",
        "naive_llamaindex",
        "ours - naive_llamaindex (paired)",
    ]
    by_metric = {row[0]: row for row in rows[1:]}
    assert {"hit@1", "hit@5", "mrr@10", "ndcg@10", "key_fact_recall", "pass_rate"} <= set(by_metric)
    hit = by_metric["hit@5"]
    assert hit[2].startswith("0.750 [") and hit[3].startswith("0.500 [") and hit[4].startswith("0.250 [")
    assert hit[6] == "0.000 [0.000, 0.000]"  # the same questions hit: no difference, no spread
    assert by_metric["key_fact_recall"][3:] == ["–", "–", "–", "–"]  # retrievers alone do not answer


def test_without_baselines_ours_still_has_intervals() -> None:
    rows = uncertainty_rows([_result(n, hit=n % 2 == 0, answer="x") for n in range(20)], {})
    assert rows[0] == ["metric", "n", "ours"]
    assert all(row[2].count("[") == 1 for row in rows[1:])


def test_the_report_groups_catalogue_answers_apart(tmp_path: Path) -> None:
    ours = [_result(n, hit=True, answer="brownies", route="catalogue" if n < 3 else "retrieval") for n in range(8)]
    files = write_report(tmp_path, {"ours": {}}, ours, {}, tmp_path / "history.jsonl", {})
    text = files["report.md"].read_text(encoding="utf-8")
    assert "| answered by=catalogue | 3 |" in text and "| answered by=retrieval | 5 |" in text


def test_catalogue_answers_are_scored_by_the_passages_they_cite(sample_assistant: Assistant, tmp_path: Path) -> None:
    items = [item for item in load_gold(DEFAULT_GOLD) if item.type == "planning"]
    result_of = run_system(assistant_system(sample_assistant), items)
    catalogue = [r for r in result_of if r.output.route == "catalogue"]
    assert catalogue, "no planning question of the gold set was answered from the catalogue"
    for r in catalogue:
        assert r.output.passages == list(dict.fromkeys(r.output.cited))
        assert len(r.output.passages) <= RETRIEVE_K
    assert any(r.scores["hit@5"] == 1.0 for r in catalogue)
    assert all(r.output.route == "retrieval" for r in result_of if r not in catalogue)
