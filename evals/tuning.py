"""Choose what ranking and answer selection weigh by grouped k-fold cross-validation over the development gold sets,
and report each choice's cross-validated figures, with bootstrap intervals, beside the settings in use and the naive
llama-index pipeline of the same run.

Folds are made by the part of a document that holds a question's evidence, so questions about one visit never sit
on both sides of a fold. Each outer fold chooses on its training part alone; the figures are its test part's scores,
averaged over repeats. Only gold files meant for fitting belong here: the validation set is only ever measured.
"""

from __future__ import annotations

import logging
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from assistant.answerers.extractive import ExtractiveAnswerer
from assistant.service import Assistant, Examination
from assistant.settings import Fusion
from evals import metrics
from evals.gold import GoldItem
from evals.naive import naive_system
from evals.uncertainty import Estimate, estimate, paired

logger = logging.getLogger(__name__)

FOLDS = 5
REPEATS = 20
# (retrieval.sentence_weight, retrieval.bm25_weight) for each fusion: small grids, since every choice made is a
# chance to overfit. The fusion not in use is cross-validated beside it, so the report compares the two.
RANKING_GRIDS: dict[Fusion, tuple[tuple[float, float], ...]] = {
    "convex": tuple(product((0.0, 0.25, 0.5, 1.0), (0.5, 0.75, 1.0, 1.5))),
    "rrf": tuple(product((0.0, 0.5, 1.0), (0.5, 1.0, 1.5))),
}
# (answer.quotes_per_passage, answer.passage_share)
ANSWER_GRID = tuple(product((3, 4, 6), (0.0, 0.5, 0.6, 0.7, 0.8)))
# Citing fewer passages must not cost key facts: a share is taken only when its key-fact recall is within this of
# the best share's.
KFR_TOLERANCE = 0.005
RETRIEVE_K = 10

Table = dict[str, np.ndarray]  # metric -> scores, configurations x questions
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Fit:
    """One fitted choice: the values chosen on every question, the rows of figures to report, and how often each
    value won an outer fold (a choice that flips between folds is a weak one)."""

    setting: str
    chosen: tuple[float, ...]
    in_use: tuple[float, ...]
    rows: list[tuple[str, dict[str, Estimate]]]
    choices: Counter[tuple[float, ...]]


def groups_of(bot: Assistant, items: Sequence[GoldItem]) -> list[str]:
    """Each question's fold group: the document part holding its first evidence quote (the question itself when no
    chunk holds it)."""
    chunks = list(bot.index.store.chunks())
    groups = []
    for item in items:
        quote = item.evidence[0].quote if item.evidence else ""
        home = next(
            (c for c in chunks if quote and c.doc == item.evidence[0].doc and metrics.holds(c.text, quote)), None
        )
        groups.append(f"{home.doc}|{home.part}" if home else item.id)
    return groups


def cross_validate(
    table: Table, groups: Sequence[str], choose: Callable[[Table], int], repeats: int = REPEATS
) -> tuple[Table, Counter[int]]:
    """Per-question test scores of the configuration each outer fold chose on its training part, averaged over
    repeats of shuffled grouped folds."""
    n = len(groups)
    folds = min(FOLDS, len(set(groups)))
    scores = {name: np.zeros(n) for name in table}
    chosen: Counter[int] = Counter()
    unique = sorted(set(groups))
    for repeat in range(repeats):
        order = {g: i for i, g in enumerate(np.random.default_rng(repeat).permutation(unique))}
        ids = np.array([order[g] for g in groups])
        for train, test in GroupKFold(folds).split(np.zeros(n), groups=ids):
            pick = choose({name: values[:, train] for name, values in table.items()})
            chosen[pick] += 1
            for name, values in table.items():
                scores[name][test] += values[pick, test] / repeats
    return scores, chosen


def fit_ranking(bot: Assistant, items: Sequence[GoldItem], progress: Progress | None = None) -> Fit:
    """retrieval.sentence_weight and bm25_weight by MRR@10 (hit@1 breaks ties), on the answerable questions."""
    items = [item for item in items if item.type != "unanswerable" and item.evidence]
    groups = groups_of(bot, items)
    r = bot.settings.retrieval
    grid = RANKING_GRIDS[r.fusion]
    table = _stack([_ranking_scores(_variant(bot, s, b), items, progress) for s, b in grid])
    scores, choices = cross_validate(table, groups, _best_ranking)
    other: Fusion = "rrf" if r.fusion == "convex" else "convex"
    other_table = _stack(
        [_ranking_scores(_variant(bot, s, b, other), items, progress) for s, b in RANKING_GRIDS[other]]
    )
    other_scores, _ = cross_validate(other_table, groups, _best_ranking)
    in_use = _ranking_scores(bot, items, progress)
    naive = _naive_scores(bot, items)
    english = np.array([item.lang == "en" for item in items])
    rows = [
        ("cross-validated choice", _estimates(scores)),
        ("settings in use", _estimates(in_use)),
        ("naive llama-index", _estimates(naive)),
        ("cross-validated - naive", {m: paired(scores[m], naive[m]) for m in scores}),
        ("cross-validated - in use", {m: paired(scores[m], in_use[m]) for m in scores}),
        (f"{other} fusion, cross-validated", _estimates(other_scores)),
        (f"cross-validated - {other} fusion", {m: paired(scores[m], other_scores[m]) for m in scores}),
        ("English questions, cross-validated", _estimates({m: v[english] for m, v in scores.items()})),
        ("English questions, naive", _estimates({m: v[english] for m, v in naive.items()})),
    ]
    return Fit(
        f"retrieval.sentence_weight, retrieval.bm25_weight ({r.fusion} fusion)",
        grid[_best_ranking(table)],
        (r.sentence_weight, r.bm25_weight),
        rows,
        Counter({grid[i]: c for i, c in choices.items()}),
    )


def fit_answers(bot: Assistant, items: Sequence[GoldItem], progress: Progress | None = None) -> Fit:
    """answer.quotes_per_passage and passage_share: the largest citation precision whose key-fact recall is within
    KFR_TOLERANCE of the best configuration's, over the answerable questions the assistant answers (a refusal has
    neither figure)."""
    exams = [(item, bot.examine(item.question)) for item in items if item.type != "unanswerable"]
    if progress:
        progress(f"examined {len(exams)} answerable questions")
    answered = [(item, exam) for item, exam in exams if _answered(exam)]
    groups = [_answer_group(item, exam) for item, exam in answered]
    table = _stack([_answer_scores(bot, answered, per, share) for per, share in ANSWER_GRID])
    scores, choices = cross_validate(table, groups, _best_answers)
    a = bot.settings.answer
    in_use = _answer_scores(bot, answered, a.quotes_per_passage, a.passage_share)
    baseline = _answer_scores(bot, answered, 3, 0.0)
    rows = [
        ("cross-validated choice", _estimates(scores)),
        ("settings in use", _estimates(in_use)),
        ("before (3 per passage, share 0)", _estimates(baseline)),
        ("cross-validated - before", {m: paired(scores[m], baseline[m]) for m in scores}),
    ]
    return Fit(
        "answer.quotes_per_passage, answer.passage_share",
        ANSWER_GRID[_best_answers(table)],
        (a.quotes_per_passage, a.passage_share),
        rows,
        Counter({ANSWER_GRID[i]: c for i, c in choices.items()}),
    )


def report_lines(fit: Fit) -> list[str]:
    metric_names = list(fit.rows[0][1])
    lines = [f"{fit.setting}: chosen {fit.chosen} (in use {fit.in_use})"]
    lines.append(f"{'':38}" + "".join(f"{name:>26}" for name in metric_names))
    for name, figures in fit.rows:
        lines.append(f"{name:38}" + "".join(f"{str(figures[m]):>26}" for m in metric_names))
    wins = ", ".join(f"{values}: {count}" for values, count in fit.choices.most_common())
    lines.append(f"outer folds chose ({FOLDS} folds x {REPEATS} repeats): {wins}")
    return lines


def _variant(bot: Assistant, sentence_weight: float, bm25_weight: float, fusion: Fusion | None = None) -> Assistant:
    retrieval = bot.settings.retrieval.model_copy(
        update={
            "sentence_weight": sentence_weight,
            "bm25_weight": bm25_weight,
            "fusion": fusion or bot.settings.retrieval.fusion,
        }
    )
    return Assistant(bot.settings.model_copy(update={"retrieval": retrieval}), bot.index, bot.embedder)


def _ranking_scores(bot: Assistant, items: Sequence[GoldItem], progress: Progress | None) -> Table:
    hit1, mrr = [], []
    for item in items:
        hits = metrics.evidence_hits([p.chunk.text for p in bot.search(item.question, k=RETRIEVE_K)], item)
        hit1.append(metrics.hit_at(hits, 1))
        mrr.append(metrics.mrr_at(hits))
    r = bot.settings.retrieval
    if progress:
        progress(
            f"ranked {len(items)} questions with {r.fusion} fusion, sentence_weight {r.sentence_weight}, "
            f"bm25_weight {r.bm25_weight}"
        )
    return {"hit@1": np.array(hit1), "mrr@10": np.array(mrr)}


def _naive_scores(bot: Assistant, items: Sequence[GoldItem]) -> Table:
    with tempfile.TemporaryDirectory(prefix="studietur-naive-") as work:
        naive = naive_system(bot.settings.paths.corpus_dir, bot.embedder, Path(work))
        hits = [metrics.evidence_hits(naive(item.question).passages[:RETRIEVE_K], item) for item in items]
    return {
        "hit@1": np.array([metrics.hit_at(h, 1) for h in hits]),
        "mrr@10": np.array([metrics.mrr_at(h) for h in hits]),
    }


def _answer_scores(
    bot: Assistant, answered: Sequence[tuple[GoldItem, Examination]], per_passage: int, share: float
) -> Table:
    settings = bot.settings.answer.model_copy(update={"quotes_per_passage": per_passage, "passage_share": share})
    answerer = ExtractiveAnswerer(settings, bot.index.bm25, bot.embedder)
    kfr, precision, cites = [], [], []
    for item, exam in answered:
        if exam.quick is not None:
            answer = exam.quick
        else:
            assert exam.evidence is not None
            answer = answerer.answer(exam.question, exam.passages, exam.evidence)
        cited = metrics.citation_precision([c.passage.chunk.text for c in answer.citations], item)
        kfr.append(metrics.key_fact_recall(answer.text, item.key_facts) if answer.found else 0.0)
        precision.append(cited or 0.0)
        cites.append(float(bool(cited)))
    return {
        "key_fact_recall": np.array(kfr),
        "citation_precision": np.array(precision),
        "cites_evidence": np.array(cites),
    }


def _answer_group(item: GoldItem, exam: Examination) -> str:
    """The document part of the first passage (the catalogue's answers have none: each is its own group)."""
    top = exam.passages[0].chunk if exam.passages else None
    return f"{top.doc}|{top.part}" if top else item.id


def _answered(exam: Examination) -> bool:
    if exam.quick is not None:
        return exam.quick.found
    return exam.decision is not None and exam.decision.answer


def _best_ranking(table: Table) -> int:
    mrr, hit1 = table["mrr@10"].mean(axis=1), table["hit@1"].mean(axis=1)
    return int(np.lexsort((-hit1, -mrr))[0])


def _best_answers(table: Table) -> int:
    kfr = table["key_fact_recall"].mean(axis=1)
    precision = table["citation_precision"].mean(axis=1)
    allowed = np.flatnonzero(kfr >= kfr.max() - KFR_TOLERANCE)
    return int(allowed[np.argmax(precision[allowed])])


def _stack(tables: Sequence[Table]) -> Table:
    return {name: np.stack([t[name] for t in tables]) for name in tables[0]}


def _estimates(table: Table) -> dict[str, Estimate]:
    return {name: estimate(values) for name, values in table.items()}
