"""Quotes for an extractive answer: the best-scored sentences, each carried on by the sentences of its paragraph that
continue it, without repeats, within a length budget."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from studietur.core.types import Passage
from studietur.text.lexicon import BULLET
from studietur.text.units import Unit

# A sentence that opens with one of these leans on the one before it ("Her arbejdes med …", "Dette gøres …"): it is
# quoted with its predecessor, and it carries a quoted predecessor on.
_LEANS_BACK = re.compile(
    r"^(?:her|dette|denne|disse|derfor|samtidig|derudover|desuden|endvidere|herudover|heraf|hertil|ligeledes|"
    r"bl\.\s?a\.|i denne|i den forbindelse|i sådanne|som led|på den baggrund|this|these|in addition|moreover)\b",
    re.IGNORECASE,
)
_NOT_WORD = re.compile(r"\W+")
_MIN_REPEAT = 25  # a shorter text may recur in a longer one by chance
_CARRY_ON = 0.6  # a next sentence scoring this share of the quoted one's value continues the quote
_REPEATED_TERM = 0.3  # a question term already quoted counts for this share of its weight
_MARKER = re.compile(rf"^{BULLET}\s+")
_CLOSED = (".", "!", "?", ":", ";", ",")


@dataclass(frozen=True)
class Candidate:
    """A sentence with its score apart from the question's terms, and the shares of the question's term weight it
    holds (a term already quoted counts for less: the answer should say something new)."""

    passage: Passage
    unit: Unit
    score: float
    terms: dict[str, float] = field(default_factory=dict)
    lead: Unit | None = None  # the title line the sentence's paragraph stands under, quoted in front of it

    def value(self, quoted: set[str]) -> float:
        return self.score + sum(
            share * (_REPEATED_TERM if term in quoted else 1.0) for term, share in self.terms.items()
        )


@dataclass(frozen=True)
class Quote:
    """Consecutive sentences of one paragraph of a passage."""

    passage: Passage
    units: tuple[Unit, ...]

    @property
    def text(self) -> str:
        """The units' text without list markers (the answer gives each quote its own bullet); a title line without
        closing punctuation is followed by a colon."""
        parts = [_MARKER.sub("", " ".join(unit.text.split())) for unit in self.units]
        return " ".join(
            part if part.endswith(_CLOSED) or at == len(parts) - 1 else f"{part}:" for at, part in enumerate(parts)
        )

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [(unit.start, unit.end) for unit in self.units]


@dataclass(frozen=True)
class Budget:
    quotes: int  # bullets in the answer
    chars: int  # characters quoted in all (a quote that starts within it is kept whole)
    per_passage: int  # bullets from one passage
    passage_share: float = 0.0  # a further passage is quoted only when its sentence is worth this share of the best


def pick_quotes(candidates: Sequence[Candidate], budget: Budget) -> list[Quote]:
    """Best candidates first; each grows into a quote of its paragraph; ordered as the passages read."""
    neighbours = _by_passage(candidates)
    quotes: list[Quote] = []
    used: set[tuple[str, int]] = set()
    keys: list[str] = []
    quoted: set[str] = set()
    chars = 0
    best = 0.0
    left = list(candidates)
    while left and len(quotes) < budget.quotes and chars < budget.chars:
        cand = max(left, key=lambda c: c.value(quoted))
        left.remove(cand)
        if cand.value(quoted) <= 0:
            break
        best = best or cand.value(quoted)
        if _key(cand) in used or _repeats(cand.unit.text, keys):
            continue
        if sum(q.passage.chunk.id == cand.passage.chunk.id for q in quotes) >= budget.per_passage:
            continue
        if not _may_open(cand, quotes, budget, best):
            continue
        run = [c for c in _grow(cand, neighbours[cand.passage.chunk.id], quoted) if _key(c) not in used]
        run = [c for c in run if c is cand or not _repeats(c.unit.text, keys)]
        lead = _lead(run[0], used, keys)
        units = tuple(c.unit for c in run) if lead is None else (lead, *(c.unit for c in run))
        used.update((cand.passage.chunk.id, unit.start) for unit in units)
        keys.extend(_norm(unit.text) for unit in units)
        quoted.update(term for c in run for term in c.terms)
        quote = Quote(cand.passage, units)
        chars += len(quote.text)
        quotes.append(quote)
    return sorted(quotes, key=lambda q: (q.passage.rank, q.units[0].start))


def _may_open(cand: Candidate, quotes: list[Quote], budget: Budget, best: float) -> bool:
    """A quote from a passage already quoted is always welcome; a new passage's sentence must be worth the budget's
    share of the best one: each cited passage should hold part of the answer, not only share its topic."""
    cited = {q.passage.chunk.id for q in quotes}
    if not cited or cand.passage.chunk.id in cited:
        return True
    return cand.score + sum(cand.terms.values()) >= budget.passage_share * best


def _grow(cand: Candidate, row: list[Candidate], quoted: set[str]) -> list[Candidate]:
    """The candidate, its predecessor when it leans back on it (its paragraph when it is a title line), and the next
    sentences of its paragraph that lean back, give the list the paragraph announces, or score nearly as well."""
    at = row.index(cand)
    run = [cand]
    if _LEANS_BACK.match(cand.unit.text) and at > 0 and _same_paragraph(row[at - 1], cand):
        run.insert(0, row[at - 1])
    rest = row[at + 1 :]
    if rest and rest[0].lead == cand.unit:
        run.append(rest.pop(0))  # a title line says little without the paragraph under it
    for nxt in rest:
        if _unfinished(run[-1], nxt):
            run.append(nxt)
            continue
        if not _same_paragraph(run[-1], nxt):
            break
        if not (
            _LEANS_BACK.match(nxt.unit.text) or _is_list(nxt) or nxt.value(quoted) >= _CARRY_ON * cand.value(quoted)
        ):
            break
        run.append(nxt)
    return run


def _lead(first: Candidate, used: set[tuple[str, int]], keys: list[str]) -> Unit | None:
    """The title line to quote in front of the quote's first sentence, unless it is quoted already."""
    lead = first.lead
    if lead is None or (first.passage.chunk.id, lead.start) in used or _repeats(lead.text, keys):
        return None
    return lead


def _unfinished(first: Candidate, second: Candidate) -> bool:
    """The first sentence ends in a comma and goes on in the second, the next line of the text (a PDF cut it into
    list items: "De største virksomheder, som har produktion i København," / "- er Lundbeck, …")."""
    between = first.passage.chunk.text[first.unit.end : second.unit.start]
    return first.unit.text.endswith(",") and not between.strip(" \t\n-•")


def _same_paragraph(first: Candidate, second: Candidate) -> bool:
    """In these reports a line is a paragraph (or a table row): no line break between the two units."""
    return "\n" not in first.passage.chunk.text[first.unit.end : second.unit.start]


def _is_list(cand: Candidate) -> bool:
    """A sentence joined with the list items it introduces (see vectorstore.units.attach_lists)."""
    return "\n" in cand.passage.chunk.text[cand.unit.start : cand.unit.end]


def _by_passage(candidates: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    rows: dict[str, list[Candidate]] = {}
    for cand in candidates:
        rows.setdefault(cand.passage.chunk.id, []).append(cand)
    return {chunk_id: sorted(row, key=lambda c: c.unit.start) for chunk_id, row in rows.items()}


def _key(cand: Candidate) -> tuple[str, int]:
    return cand.passage.chunk.id, cand.unit.start


def _norm(text: str) -> str:
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def _repeats(text: str, keys: list[str]) -> bool:
    """Already quoted: the same sentence, or one holding or held by a quoted one (overlapping chunks repeat lines,
    sometimes behind page furniture such as "Deloitte.")."""
    key = _norm(text)
    return any(
        key == seen or (min(len(key), len(seen)) >= _MIN_REPEAT and (key in seen or seen in key)) for seen in keys
    )
