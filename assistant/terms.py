"""A question's terms weighted by how rare they are in the reports, and how much of that weight a text holds."""

from __future__ import annotations

from vectorstore.bm25_index import Bm25Index

_PART = 0.3  # a question word found only as part of a compound counts for this share of its weight


class TermWeights:
    """The question's BM25 terms with their IDF weights; `topic=True` leaves out numbers and years (no topic)."""

    def __init__(self, lexicon: Bm25Index, question: str, topic: bool = False) -> None:
        self.analyzer = lexicon.analyzer
        terms = {term for term in lexicon.query_terms(question) if not (topic and term.isdigit())}
        self.weights = lexicon.idf(sorted(terms))

    def shares(self, text: str) -> dict[str, float]:
        """The question's terms the text holds, each with its share of the question's IDF weight (plain share when no
        term has a weight yet); a term held only as part of a compound counts for `_PART` of its share."""
        terms = set(self.analyzer.terms(text))
        weights = self.weights
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

    def coverage(self, text: str) -> float:
        """IDF-weighted share of the question's terms in the text."""
        return sum(self.shares(text).values())


def _compound_of(term: str, other: str) -> bool:
    """One word is a part of the other (Danish compounds: "fattigdom" in "fattigdomsindsats", "områd" ending
    "omstillingsområd")."""
    if len(other) < 5 or term == other:
        return False
    return other.startswith(term) or other.endswith(term) or term.startswith(other) or term.endswith(other)
