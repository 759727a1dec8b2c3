"""Extractive answers: the sentences of the top passages that best answer the question, each cited."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence

import numpy as np

from assistant.answerers.closeness import closeness
from assistant.quotes import Budget, Candidate, Quote, pick_quotes
from assistant.settings import AnswerSettings
from studietur.core.types import Answer, Chunk, Citation, Language, Passage
from studietur.questions.intents import intent_kind
from studietur.questions.kinds import Kind, asked_kind, holds_kind
from studietur.questions.names import missing_names, names_in, question_names
from studietur.text.units import Unit, paragraph, split_units, titles
from vectorstore.bm25_index import Bm25Index
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

Fetch = Callable[[Sequence[str]], list[Chunk]]  # chunks by id

_PASSAGES_READ = 4
_PER_PASSAGE = 3
_QUOTE_CHARS = 1000  # quoting stops once this much is quoted (the last quote is kept whole)
_SHORT_UNIT = 30
_KIND_BONUS = 0.2
_PART = 0.3  # a question word found only as part of a compound counts for this share of its weight
_RARE_IDF = 4.0  # a term in about 2% of the chunks or fewer
_AROUND = 6  # chunks either side searched for a name of the question (a visit runs to about five)
_TITLE = 0.5  # a question term held by the title line a sentence stands under counts for this share of its weight
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)+\.?\s")  # "9.5 Beskæftigelses- og Integrationsudvalget"

NOT_FOUND = {
    "da": "Det fremgår ikke af rapporterne. Se eventuelt de beslægtede passager nedenfor.",
    "en": "The reports do not answer this. See the possibly related passages below.",
}
INTRO = {"da": "Ifølge rapporterne:", "en": "According to the reports (quoted in Danish):"}


class ExtractiveAnswerer:
    """Scores sentences by the question's terms they hold, weighted by their passage's rank."""

    def __init__(
        self,
        settings: AnswerSettings,
        lexicon: Bm25Index,
        embedder: Embedder | None = None,
        fetch: Fetch | None = None,
    ) -> None:
        self.settings = settings
        self.lexicon = lexicon
        self.analyzer = lexicon.analyzer
        self.embedder = embedder  # None: sentences are chosen by the question's terms alone
        self.fetch = fetch

    def relevance(self, passages: list[Passage]) -> float:
        """The best dense similarity among the passages: the evidence strength used for refusal."""
        scores = [p.dense_score for p in passages if p.dense_score is not None]
        return max(scores, default=0.0)

    def answer(self, question: str, passages: list[Passage], language: Language) -> Answer:
        relevance = self.relevance(passages)
        kind = asked_kind(question, intent_kind(question))
        names = [name for name in question_names(question, language) if self._checkable(name, language)]
        elsewhere = missing_names(names, [p.chunk.embed_text() for p in passages])
        chosen: list[Quote] = []
        if not self._refuse_early(question, passages, elsewhere, relevance):
            chosen = self._choose(question, passages, kind)
        if chosen and kind is not None:
            # A name only the passages' surroundings hold (a visit's head) cannot anchor the fact to a paragraph.
            near = self._rarest([name for name in names if name not in elsewhere], language)
            topic = self._topic(question) if language == "da" else None
            if not any(self._answers_kind(question, q.passage, u, kind, near, topic) for q in chosen for u in q.units):
                chosen = self._with_kind(question, passages, kind, near, topic, chosen)
        if not chosen:
            return Answer(question, NOT_FOUND[language], False, (), language, tuple(passages), relevance)
        return self._compose(question, chosen, language, relevance)

    def _refuse_early(self, question: str, passages: list[Passage], elsewhere: list[str], relevance: float) -> bool:
        """Weak evidence, or a name of the question that neither the retrieved passages (`elsewhere` lists those
        they miss) nor the chunks around the ones read hold."""
        if relevance < self.settings.min_relevance:
            return True
        absent = missing_names(elsewhere, self._around(passages[:_PASSAGES_READ])) if elsewhere else []
        if absent:
            logger.debug("names %s not in the passages: refusing %r", absent, question)
        return bool(absent)

    def _around(self, passages: list[Passage]) -> list[str]:
        """The texts of the chunks next to the passages within the same part of their document: a visit's head
        names the place ("Adresse: …, Bronx") that its minutes, a chunk further on, do not repeat."""
        if self.fetch is None:
            return []
        read = {p.chunk.id for p in passages}
        parts = {(p.chunk.doc, p.chunk.part) for p in passages}
        wanted = sorted({i for p in passages for i in p.chunk.neighbour_ids(_AROUND)} - read)
        return [chunk.embed_text() for chunk in self.fetch(wanted) if (chunk.doc, chunk.part) in parts]

    def _rarest(self, names: list[str], language: Language) -> str | None:
        """The name of the question, or word of one, that the reports mention least, when it is rare enough to
        single out a subject (a Danish question's "Göteborg", "EUROCITIES"; failing a rare word, a phrase such as
        "Oslo Business Region", rarer than its words): an amount or count asked about it should stand in its paragraph or section.
        English names are often translations: only those the reports use count."""
        if language != "da":
            names = [name for name in names if all(self.lexicon.idf(self.analyzer.terms(name)).values())]
        words = {word for name in names for word in name.split()}
        phrases = {name for name in names if " " in name}
        for parts in (words, phrases):
            best = max(((self._rarity(part), part) for part in parts), default=(0.0, None))
            if best[0] >= _RARE_IDF:
                return best[1]
        return None

    def _rarity(self, part: str) -> float:
        """IDF of a word; the summed IDF of a phrase's words (all present, or it is no phrase the reports use)."""
        terms = self.analyzer.terms(part)
        idf = self.lexicon.idf(terms)
        if " " not in part:
            return idf.get(terms[0], 0.0) if terms else 0.0
        return sum(idf.values()) if all(idf.values()) else 0.0

    def _checkable(self, name: str, language: Language) -> bool:
        """Names the passages must hold: those the reports never use (Chicago), and rare ones that single out a
        subject (Göteborg, Jobcenter Silkeborg). A name many chunks use (Deloitte, Boston) is often context, the
        source or the setting of the question, and may sit outside the retrieved passages. A name of several words
        is checked as a phrase when the reports use all of its words ("Oslo Business Region" is not "Stockholm
        Business Region"); otherwise an English one may be a translation ("Technical and Environmental
        Administration") and is left out."""
        terms = self.analyzer.terms(name)
        if not terms:
            return False
        idf = list(self.lexicon.idf(terms).values())
        if " " in name and all(idf):
            return True
        if language == "en" and " " in name:
            return False
        return not all(idf) or max(idf) >= _RARE_IDF

    def _choose(self, question: str, passages: list[Passage], kind: Kind | None) -> list[Quote]:
        weights = self.lexicon.idf(sorted(set(self.lexicon.query_terms(question))))
        units = [
            (p, unit, title) for p in passages[:_PASSAGES_READ] for unit, title in _titled(p) if _readable(unit, p)
        ]
        meaning = self._meaning(question, units)
        candidates = [
            Candidate(
                p,
                unit,
                self._score(unit, p, kind, question) + close,
                self._terms(unit, title, weights),
                _lead(p, unit, title),
            )
            for (p, unit, title), close in zip(units, meaning, strict=True)
        ]
        picked = pick_quotes(candidates, Budget(self.settings.max_sentences, _QUOTE_CHARS, _PER_PASSAGE))
        if not picked and candidates:
            best = max(candidates, key=lambda c: c.score)
            picked = [Quote(best.passage, (best.unit,))]
        return picked

    def _topic(self, question: str) -> dict[str, float]:
        """The question's word terms with their weights (a year or a number is no topic)."""
        return self.lexicon.idf(sorted({term for term in self.lexicon.query_terms(question) if not term.isdigit()}))

    def _answers_kind(
        self, question: str, passage: Passage, unit: Unit, kind: Kind, near: str | None, topic: dict[str, float] | None
    ) -> bool:
        """The unit holds the kind of fact near the subject and, for a Danish question, shares a word with it
        (English words do not match Danish text, so an English question is not held to that)."""
        return self._holds_near(passage, unit, kind, near, question) and (
            topic is None or self._coverage(unit, topic) > 0
        )

    def _holds_near(self, passage: Passage, unit: Unit, kind: Kind, near: str | None, question: str) -> bool:
        """The unit holds the kind of fact, and its paragraph or section names `near` (when given). The chunks around
        it do not count here: a network named two chunks away does not make an amount its fee."""
        if not holds_kind(kind, [unit.text], question):
            return False
        if near is None:
            return True
        return names_in([near], f"{passage.chunk.section} {paragraph(passage.chunk.text, unit.start, unit.end)}")

    def _with_kind(
        self,
        question: str,
        passages: list[Passage],
        kind: Kind,
        near: str | None,
        topic: dict[str, float] | None,
        chosen: list[Quote],
    ) -> list[Quote]:
        """Add the best sentence holding the asked-for kind of fact in a paragraph naming `near` (a compound question
        may rank it low); when the passages have none that shares a term with the question, the reports do
        not answer it."""
        holding = [
            (p, unit)
            for p in passages
            for unit in split_units(p.chunk.text)
            if _readable(unit, p) and self._holds_near(p, unit, kind, near, question)
        ]
        scored = [(1.0 if topic is None else self._coverage(unit, topic), p, unit) for p, unit in holding]
        scored = [item for item in scored if item[0] > 0]
        if not scored:
            logger.debug("no %s in the passages: refusing %r", kind.value, question)
            return []
        coverage, passage, unit = max(scored, key=lambda item: (item[0], -item[1].rank))
        extra = Quote(passage, (unit,))
        kept = chosen[: self.settings.max_sentences - 1]
        return sorted([*kept, extra], key=lambda q: (q.passage.rank, q.units[0].start))

    def _coverage(self, unit: Unit, weights: dict[str, float]) -> float:
        """IDF-weighted share of the question's terms in the unit."""
        return sum(self._shares(unit, weights).values())

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

    def _terms(self, unit: Unit, title: Unit | None, weights: dict[str, float]) -> dict[str, float]:
        """The unit's shares of the question's terms, and `_TITLE` of those its title line holds."""
        shares = self._shares(unit, weights)
        if title is not None:
            for term, share in self._shares(title, weights).items():
                shares[term] = max(shares.get(term, 0.0), _TITLE * share)
        return shares

    def _shares(self, unit: Unit, weights: dict[str, float]) -> dict[str, float]:
        """The question's terms the unit holds, each with its share of the question's IDF weight (plain share when no
        term has a weight yet); a term held only as part of a compound counts for `_PART` of its share."""
        terms = set(self.analyzer.terms(unit.text))
        if weights and not any(weights.values()):
            weights = dict.fromkeys(weights, 1.0)
        total = sum(weights.values()) or 1.0
        shares = {}
        for term, w in weights.items():
            if term in terms:
                shares[term] = w / total
            elif len(term) >= 5 and any(_compound_of(term, t) for t in terms):
                shares[term] = _PART * w / total
        return shares

    def _score(self, unit: Unit, passage: Passage, kind: Kind | None, question: str) -> float:
        """A prior for the passage's rank and a bonus for holding the kind of fact asked for."""
        score = 0.3 / passage.rank
        if kind is not None and holds_kind(kind, [unit.text], question):
            score += _KIND_BONUS
        return score

    def _compose(self, question: str, chosen: list[Quote], language: Language, relevance: float) -> Answer:
        numbers: dict[str, int] = {}
        citations: list[Citation] = []
        lines = [INTRO[language]]
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
        return Answer(question, "\n".join(lines), True, tuple(citations), language, relevance=relevance)


def _titled(passage: Passage) -> list[tuple[Unit, Unit | None]]:
    """The passage's units, each with the title line its paragraph stands under."""
    units = split_units(passage.chunk.text)
    return list(zip(units, titles(units, passage.chunk.text), strict=True))


def _lead(passage: Passage, unit: Unit, title: Unit | None) -> Unit | None:
    """The title to quote in front of the unit: only for the first sentence of its paragraph."""
    if title is None or passage.chunk.text[title.end : unit.start].strip():
        return None
    return title


def _readable(unit: Unit, passage: Passage) -> bool:
    """Long enough to say something, and not a heading (the card shows the section already)."""
    if unit.text.startswith("#") or len(unit.text) < _SHORT_UNIT:
        return False
    closed = unit.text.endswith((".", ":", ")", "!", "?"))
    return closed or not (unit.text in passage.chunk.section or _NUMBERED_HEADING.match(unit.text))


def _compound_of(term: str, other: str) -> bool:
    """One word is a part of the other (Danish compounds: "fattigdom" in "fattigdomsindsats", "områd" ending
    "omstillingsområd")."""
    if len(other) < 5 or term == other:
        return False
    return other.startswith(term) or other.endswith(term) or term.startswith(other) or term.endswith(other)
