"""What the retrieved passages say about a question, as signals the refusal policy weighs (`assistant.refusal`).

Dense similarity rewards passages on the right topic even when the asked-for fact is missing (the address of a
place the reports only name, a cost they never give, a city they never mention). So besides the best dense
similarity the reader measures how much of the question's term weight the best passage holds, how close in meaning
its best sentence is, whether every name the question depends on occurs in the passages read or the chunks around
them, and whether a sentence holds the kind of fact asked for near its subject. The same signals serve the extractive
and the generative answerer: both are judged on the same evidence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answerers.closeness import closeness
from assistant.terms import TermWeights
from studietur.core.types import Chunk, Passage
from studietur.questions.analysis import Question
from studietur.questions.kinds import Kind, holds_kind
from studietur.questions.names import missing_names, names_in
from studietur.text.units import Unit, paragraph, readable, split_units
from vectorstore.bm25_index import Bm25Index
from vectorstore.embedder import Embedder

logger = logging.getLogger(__name__)

Fetch = Callable[[Sequence[str]], list[Chunk]]  # chunks by id

PASSAGES_READ = 4  # the top passages an answer quotes from
_RARE_IDF = 4.0  # a term in about 2% of the chunks or fewer
_AROUND = 6  # chunks either side searched for a name of the question (a visit runs to about five)


@dataclass(frozen=True)
class Evidence:
    """The signals, and what they found: the names missing from the passages, and the sentence that holds the kind of
    fact asked for (quoted by the extractive answer when its own choice lacks one)."""

    relevance: float  # the best dense similarity of a passage to the question
    coverage: float  # the largest share of the question's term weight one passage read holds
    closeness: float  # the best cosine of a sentence of the passages read to the question
    names: tuple[str, ...]  # names of the question the passages must hold
    absent: tuple[str, ...]  # of those, the ones neither the passages nor the chunks around them hold
    kind: Kind | None  # the kind of fact asked for
    subject: str | None  # the rare name a fact of that kind must stand near
    kind_unit: tuple[Passage, Unit] | None  # the best sentence holding that kind near the subject
    kind_units: frozenset[tuple[str, str]] = frozenset()  # every such sentence, as (document, text)
    kind_closeness: float = 0.0  # the best cosine of such a sentence to the question (0 when none holds the kind)

    @property
    def kind_absent(self) -> bool:
        return self.kind is not None and self.kind_unit is None


class EvidenceReader:
    """Reads passages for a question; needs the BM25 index's statistics, and optionally the embedder (closeness) and
    a way to fetch chunks by id (the chunks around the passages)."""

    def __init__(self, lexicon: Bm25Index, embedder: Embedder | None = None, fetch: Fetch | None = None) -> None:
        self.lexicon = lexicon
        self.analyzer = lexicon.analyzer
        self.embedder = embedder
        self.fetch = fetch

    def read(self, question: Question, passages: Sequence[Passage]) -> Evidence:
        read = list(passages[:PASSAGES_READ])
        names = tuple(name for name in question.names if self._checkable(name, question))
        elsewhere = missing_names(names, [p.chunk.embed_text() for p in passages])
        absent = tuple(missing_names(elsewhere, self._around(read))) if elsewhere else ()
        # A name only the passages' surroundings hold (a visit's head) cannot anchor a fact to a paragraph.
        subject = self._rarest([name for name in names if name not in elsewhere], question)
        holding = self._kind_units(question, passages, subject) if question.kind is not None else []
        return Evidence(
            relevance=max((p.dense_score for p in passages if p.dense_score is not None), default=0.0),
            coverage=self._coverage(question, read),
            closeness=self._closeness(question, read),
            names=names,
            absent=absent,
            kind=question.kind,
            subject=subject,
            kind_unit=max(holding, key=lambda item: item[:2])[2:] if holding else None,
            kind_units=frozenset((p.chunk.doc, unit.text) for *_, p, unit in holding),
            kind_closeness=self._best_closeness(question, [(p, unit.text) for *_, p, unit in holding]),
        )

    def _coverage(self, question: Question, passages: Sequence[Passage]) -> float:
        weights = TermWeights(self.lexicon, question.text, topic=True)
        return max((weights.coverage(p.chunk.embed_text()) for p in passages), default=0.0)

    def _closeness(self, question: Question, passages: Sequence[Passage]) -> float:
        return self._best_closeness(question, [(p, unit.text) for p in passages for unit in split_units(p.chunk.text)])

    def _best_closeness(self, question: Question, units: Sequence[tuple[Passage, str]]) -> float:
        if self.embedder is None or not units:
            return 0.0
        return float(closeness(self.embedder, question.text, units).max())

    def _around(self, passages: Sequence[Passage]) -> list[str]:
        """The texts of the chunks next to the passages within the same part of their document: a visit's head
        names the place ("Adresse: …, Bronx") that its minutes, a chunk further on, do not repeat."""
        if self.fetch is None:
            return []
        read = {p.chunk.id for p in passages}
        parts = {(p.chunk.doc, p.chunk.part) for p in passages}
        wanted = sorted({i for p in passages for i in p.chunk.neighbour_ids(_AROUND)} - read)
        return [chunk.embed_text() for chunk in self.fetch(wanted) if (chunk.doc, chunk.part) in parts]

    def _kind_units(
        self, question: Question, passages: Sequence[Passage], subject: str | None
    ) -> list[tuple[float, int, Passage, Unit]]:
        """The sentences of the passages that hold the asked-for kind of fact in a paragraph naming the subject and,
        for a Danish question, share some of the question's term weight (English words do not match Danish text, so
        an English question is not held to that), as (share, -rank, passage, sentence)."""
        assert question.kind is not None
        topic = TermWeights(self.lexicon, question.text, topic=True) if question.language == "da" else None
        holding = []
        for p in passages:
            for unit in split_units(p.chunk.text):
                if readable(unit, p.chunk.section) and self._holds_near(question, p, unit, question.kind, subject):
                    share = 1.0 if topic is None else topic.coverage(unit.text)
                    if share > 0:
                        holding.append((share, -p.rank, p, unit))
        if not holding:
            logger.debug("no %s near %r in the passages of %r", question.kind.value, subject, question.text)
        return holding

    def _holds_near(self, question: Question, passage: Passage, unit: Unit, kind: Kind, near: str | None) -> bool:
        """The unit holds the kind of fact, and its paragraph or section names `near` (when given). The chunks around
        it do not count here: a network named two chunks away does not make an amount its fee."""
        if not holds_kind(kind, [unit.text], question.text):
            return False
        if near is None:
            return True
        return names_in([near], f"{passage.chunk.section} {paragraph(passage.chunk.text, unit.start, unit.end)}")

    def _rarest(self, names: list[str], question: Question) -> str | None:
        """The name of the question, or word of one, that the reports mention least, when it is rare enough to
        single out a subject (a Danish question's "Göteborg", "EUROCITIES"; failing a rare word, a phrase such as
        "Oslo Business Region", rarer than its words): an amount or count asked about it should stand in its
        paragraph or section. English names are often translations: only those the reports use count."""
        if question.language != "da":
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

    def _checkable(self, name: str, question: Question) -> bool:
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
        if question.language == "en" and " " in name:
            return False
        return not all(idf) or max(idf) >= _RARE_IDF
