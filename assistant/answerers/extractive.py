"""Extractive answers: the sentences of the top passages that best answer the question, each cited.

Whether to answer at all is the refusal policy's decision (`assistant.refusal`), made before: this answerer is
asked only when the evidence answers the question, and quotes it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from assistant.answerers.closeness import closeness
from assistant.evidence import PASSAGES_READ, Evidence
from assistant.quotes import Budget, Candidate, Quote, pick_quotes
from assistant.settings import AnswerSettings
from assistant.terms import TermWeights
from studietur.core.types import Answer, Citation, Language, Passage
from studietur.questions.analysis import Question
from studietur.questions.kinds import Kind, holds_kind
from studietur.text.units import Unit, readable, split_units, titles
from vectorstore.bm25_index import Bm25Index
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

_KIND_BONUS = 0.2
_TITLE = 0.5  # a question term held by the title line a sentence stands under counts for this share of its weight

NOT_FOUND = {
    "da": "Det fremgår ikke af rapporterne. Se eventuelt de beslægtede passager nedenfor.",
    "en": "The reports do not answer this. See the possibly related passages below.",
}
INTRO = {"da": "Ifølge rapporterne:", "en": "According to the reports (quoted in Danish):"}


class ExtractiveAnswerer:
    """Scores sentences by the question's terms they hold, weighted by their passage's rank, and by how close they
    are in meaning; quotes the best, and the sentence holding the kind of fact asked for when they lack it."""

    def __init__(self, settings: AnswerSettings, lexicon: Bm25Index, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.lexicon = lexicon
        self.embedder = embedder  # None: sentences are chosen by the question's terms alone

    def answer(self, question: Question, passages: Sequence[Passage], evidence: Evidence) -> Answer:
        chosen = self._choose(question, passages[:PASSAGES_READ], evidence.kind)
        answered = any((q.passage.chunk.doc, u.text) in evidence.kind_units for q in chosen for u in q.units)
        if chosen and evidence.kind_unit is not None and not answered:
            chosen = self._with(placed(evidence.kind_unit, passages), chosen)
        if not chosen:
            return not_found(question, passages, evidence.relevance)
        return self._compose(question, chosen, evidence.relevance)

    def _choose(self, question: Question, passages: Sequence[Passage], kind: Kind | None) -> list[Quote]:
        weights = TermWeights(self.lexicon, question.text)
        units = [(p, unit, title) for p in passages for unit, title in _titled(p) if readable(unit, p.chunk.section)]
        meaning = self._meaning(question.text, units)
        candidates = [
            Candidate(
                p,
                unit,
                _score(unit, p, kind, question.text) + close,
                _terms(unit, title, weights),
                _lead(p, unit, title),
            )
            for (p, unit, title), close in zip(units, meaning, strict=True)
        ]
        picked = pick_quotes(candidates, self._budget())
        if not picked and candidates:
            best = max(candidates, key=lambda c: c.score)
            picked = [Quote(best.passage, (best.unit,))]
        return picked

    def _budget(self) -> Budget:
        s = self.settings
        return Budget(s.max_sentences, s.max_chars, s.quotes_per_passage, s.passage_share)

    def _with(self, holding: tuple[Passage, Unit], chosen: list[Quote]) -> list[Quote]:
        """The quotes and the sentence holding the kind of fact asked for (a compound question may rank it low)."""
        passage, unit = holding
        kept = chosen[: self.settings.max_sentences - 1]
        return sorted([*kept, Quote(passage, (unit,))], key=lambda q: (q.passage.rank, q.units[0].start))

    def _meaning(self, question: str, units: list[tuple[Passage, Unit, Unit | None]]) -> list[float]:
        """Semantic closeness of each unit to the question, lifted towards its title line's when that is closer
        ("Udvalget drøfter sjældent …" under "9.5 Beskæftigelses- og Integrationsudvalget"), rescaled to 0..weight
        within this question."""
        weight = self.settings.sentence_similarity_weight
        if not units or self.embedder is None or weight <= 0:
            return [0.0] * len(units)
        heads = sorted({(p.chunk.id, title.text): p for p, _, title in units if title}.items())
        texts = [(p, unit.text) for p, unit, _ in units] + [(p, text) for (_, text), p in heads]
        sims = closeness(self.embedder, question, texts)
        by_head = dict(zip([key for key, _ in heads], sims[len(units) :], strict=True))
        sims = sims[: len(units)]
        sims = np.asarray(
            [
                max(sim, (sim + by_head[(p.chunk.id, t.text)]) / 2) if t else sim
                for sim, (p, _, t) in zip(sims, units, strict=True)
            ],
            dtype=np.float32,
        )
        spread = float(sims.max() - sims.min()) or 1.0
        return [float(weight * (value - sims.min()) / spread) for value in sims]

    def _compose(self, question: Question, chosen: list[Quote], relevance: float) -> Answer:
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        lines = [INTRO[question.language]]
        spans: dict[str, list[tuple[int, int]]] = {}
        for quote in chosen:
            chunk_id = quote.passage.chunk.id
            if chunk_id not in numbers:
                numbers[chunk_id] = len(numbers) + 1
            spans.setdefault(chunk_id, []).extend(quote.spans)
            lines.append(f"- {quote.text} [{numbers[chunk_id]}]")
        by_id = {q.passage.chunk.id: q.passage for q in chosen}
        for chunk_id, n in numbers.items():
            citations.append(Citation(n, by_id[chunk_id], tuple(sorted(spans[chunk_id]))))
        return Answer(question.text, "\n".join(lines), True, tuple(citations), question.language, relevance=relevance)


def placed(holding: tuple[Passage, Unit], passages: Sequence[Passage]) -> tuple[Passage, Unit]:
    """The sentence the evidence found in a chunk, at its place in the passage that holds that chunk (a window of
    chunks, assistant.windows); the chunk's own passage when none does."""
    found, unit = holding
    for passage in passages:
        chunk = passage.chunk
        if chunk.doc == found.chunk.doc and chunk.char_start <= found.chunk.char_start < chunk.char_end:
            start = found.chunk.char_start - chunk.char_start + unit.start
            if chunk.text[start : start + len(unit.text)] == unit.text:
                return passage, Unit(start, start + len(unit.text), unit.text)
    return holding


def not_found(question: Question, passages: Sequence[Passage], relevance: float, mode: str = "extractive") -> Answer:
    """The answer that says the reports do not hold one, with the passages that came closest."""
    language: Language = question.language
    return Answer(question.text, NOT_FOUND[language], False, (), language, tuple(passages), relevance, mode=mode)


def _score(unit: Unit, passage: Passage, kind: Kind | None, question: str) -> float:
    """A prior for the passage's rank and a bonus for holding the kind of fact asked for."""
    score = 0.3 / passage.rank
    if kind is not None and holds_kind(kind, [unit.text], question):
        score += _KIND_BONUS
    return score


def _terms(unit: Unit, title: Unit | None, weights: TermWeights) -> dict[str, float]:
    """The unit's shares of the question's terms, and `_TITLE` of those its title line holds."""
    shares = weights.shares(unit.text)
    if title is not None:
        for term, share in weights.shares(title.text).items():
            shares[term] = max(shares.get(term, 0.0), _TITLE * share)
    return shares


def _titled(passage: Passage) -> list[tuple[Unit, Unit | None]]:
    """The passage's units, each with the title line its paragraph stands under."""
    units = split_units(passage.chunk.text)
    return list(zip(units, titles(units, passage.chunk.text), strict=True))


def _lead(passage: Passage, unit: Unit, title: Unit | None) -> Unit | None:
    """The title to quote in front of the unit: only for the first sentence of its paragraph."""
    if title is None or passage.chunk.text[title.end : unit.start].strip():
        return None
    return title
