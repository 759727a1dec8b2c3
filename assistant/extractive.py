"""Extractive answers: the sentences of the top passages that best answer the question, each cited."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.sentences import Unit, split_units
from assistant.settings import AnswerSettings
from assistant.types import Answer, Citation, Language
from vectorstore.bm25_index import Bm25Index
from vectorstore.types import Passage

logger = logging.getLogger(__name__)

Similarity = Callable[[str, Sequence[str]], Sequence[float]]

_PASSAGES_READ = 4
_PER_PASSAGE = 3
_SHORT_UNIT = 30
_DIGIT = re.compile(r"\d")
_NUMERIC_Q = re.compile(
    r"\b(hvor mange|hvor meget|antal|hvornår|hvilket år|how many|how much|when|which year|beløb|mio|kr)\b", re.I
)
_NAME = re.compile(r"\b[A-ZÆØÅ][\wæøåÆØÅ-]+")
_PLACE_Q = re.compile(r"\b(adresse|hvor ligger|address|where)\b", re.I)

NOT_FOUND = {
    "da": "Det fremgår ikke af rapporterne. Se eventuelt de beslægtede passager nedenfor.",
    "en": "The reports do not answer this. See the possibly related passages below.",
}
INTRO = {"da": "Ifølge rapporterne:", "en": "According to the reports (quoted in Danish):"}


@dataclass(frozen=True)
class _Candidate:
    passage: Passage
    unit: Unit
    score: float


class ExtractiveAnswerer:
    """Scores sentences by the question's terms they hold, weighted by their passage's rank."""

    def __init__(self, settings: AnswerSettings, lexicon: Bm25Index, similarity: Similarity | None = None) -> None:
        self.settings = settings
        self.lexicon = lexicon
        self.analyzer = lexicon.analyzer
        self.similarity = similarity

    def relevance(self, passages: list[Passage]) -> float:
        """The best dense similarity among the passages: the evidence strength used for refusal."""
        scores = [p.dense_score for p in passages if p.dense_score is not None]
        return max(scores, default=0.0)

    def answer(self, question: str, passages: list[Passage], language: Language) -> Answer:
        relevance = self.relevance(passages)
        refuse = relevance < self.settings.min_relevance or self._names_absent(question, language)
        chosen = [] if refuse else self._choose(question, passages)
        if not chosen:
            return Answer(question, NOT_FOUND[language], False, (), language, tuple(passages), relevance)
        return self._compose(question, chosen, language, relevance)

    def _names_absent(self, question: str, language: Language) -> list[str]:
        """Names in a Danish question (capitalised, not the first word) that no report mentions at all.

        English questions are left out: their names are often translated ("Flanders" for "Flandern").
        """
        if language != "da":
            return []
        absent = []
        for match in _NAME.finditer(question):
            name = match.group()
            if match.start() == 0:
                continue
            terms = self.lexicon.query_terms(name)
            if terms and not any(self.lexicon.idf(terms).values()):
                absent.append(name)
        return absent

    def _choose(self, question: str, passages: list[Passage]) -> list[_Candidate]:
        weights = self.lexicon.idf(sorted(set(self.lexicon.query_terms(question))))
        wants_digits = bool(_NUMERIC_Q.search(question))
        wants_place = bool(_PLACE_Q.search(question))
        units = [
            (p, unit)
            for p in passages[:_PASSAGES_READ]
            for unit in split_units(p.chunk.text)
            if not unit.text.startswith("#") and len(unit.text) >= _SHORT_UNIT
        ]
        meaning = self._meaning(question, [unit.text for _, unit in units])
        candidates = [
            _Candidate(p, unit, self._score(unit, p, weights, wants_digits, wants_place) + close)
            for (p, unit), close in zip(units, meaning, strict=True)
        ]
        candidates.sort(key=lambda c: -c.score)
        picked: list[_Candidate] = []
        per_passage: dict[str, int] = {}
        for cand in candidates:
            if cand.score <= 0 or len(picked) >= self.settings.max_sentences:
                break
            if per_passage.get(cand.passage.chunk.id, 0) >= _PER_PASSAGE:
                continue
            per_passage[cand.passage.chunk.id] = per_passage.get(cand.passage.chunk.id, 0) + 1
            picked.append(cand)
        if not picked and candidates:
            picked = [candidates[0]]
        return sorted(picked, key=lambda c: (c.passage.rank, c.unit.start))

    def _meaning(self, question: str, texts: list[str]) -> list[float]:
        """Semantic closeness of each unit to the question, rescaled to 0..weight within this question."""
        weight = self.settings.sentence_similarity_weight
        if not texts or self.similarity is None or weight <= 0:
            return [0.0] * len(texts)
        sims = np.asarray(self.similarity(question, texts), dtype=np.float32)
        spread = float(sims.max() - sims.min()) or 1.0
        return [float(weight * (value - sims.min()) / spread) for value in sims]

    def _score(
        self, unit: Unit, passage: Passage, weights: dict[str, float], wants_digits: bool, wants_place: bool
    ) -> float:
        """IDF-weighted share of the question's terms in the unit, plus a prior for the passage's rank."""
        terms = set(self.analyzer.terms(unit.text))
        total = sum(weights.values()) or 1.0
        coverage = sum(w for term, w in weights.items() if term in terms) / total
        score = coverage + 0.3 / passage.rank
        if wants_digits and _DIGIT.search(unit.text):
            score += 0.15
        if wants_place and re.search(r"\badresse\b|\d{3,5}\b", unit.text, re.I):
            score += 0.2
        if len(unit.text) < _SHORT_UNIT:
            score -= 0.3
        return score

    def _compose(self, question: str, chosen: list[_Candidate], language: Language, relevance: float) -> Answer:
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        lines = [INTRO[language]]
        spans: dict[str, list[tuple[int, int]]] = {}
        for cand in chosen:
            chunk_id = cand.passage.chunk.id
            if chunk_id not in numbers:
                numbers[chunk_id] = len(numbers) + 1
            spans.setdefault(chunk_id, []).append((cand.unit.start, cand.unit.end))
            text = " ".join(cand.unit.text.split())
            lines.append(f"- {text} [{numbers[chunk_id]}]")
        by_id = {c.passage.chunk.id: c.passage for c in chosen}
        for chunk_id, n in numbers.items():
            citations.append(Citation(n, by_id[chunk_id], tuple(sorted(spans[chunk_id]))))
        return Answer(question, "\n".join(lines), True, tuple(citations), language, relevance=relevance)
