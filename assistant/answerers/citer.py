"""Citations for answers composed from catalogue records: each fact is cited [n] to the chunk that holds it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from studietur.catalogue.themes import theme_spans
from studietur.core.types import Chunk, Citation, Passage


class Citer:
    """Numbers the chunks an answer cites, in order of first use, and collects the highlighted facts."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks = {chunk.id: chunk for chunk in chunks}
        self.order: list[str] = []
        self.spans: dict[str, list[tuple[int, int]]] = {}

    def cite(self, chunk_ids: Sequence[str], facts: Sequence[str], extra: Sequence[str] = ()) -> int | None:
        """[n] of the first chunk (in `chunk_ids` order) holding facts[0]; every fact and every keyword of the themes
        in `extra` found in it is highlighted. None when no chunk holds the first fact (the catalogue is stale, or
        the text differs)."""
        facts = [fact for fact in facts if fact]
        if not facts:
            return None
        for chunk_id in chunk_ids:
            chunk = self.chunks.get(chunk_id)
            if chunk is None:
                continue
            first = find_fact(chunk.text, facts[0])
            if first is None:
                continue
            spans = [first, *(span for fact in facts[1:] if (span := find_fact(chunk.text, fact)))]
            # Theme keywords after the record's first fact show why it was chosen.
            tail = chunk.text[first[0] :]
            for theme in extra:
                spans += [(first[0] + s, first[0] + e) for s, e in theme_spans(tail, theme)[:2]]
            return self._add(chunk, spans)
        return None

    def citations(self) -> tuple[Citation, ...]:
        result = []
        for n, chunk_id in enumerate(self.order, start=1):
            highlights = tuple(sorted(set(self.spans[chunk_id])))
            result.append(Citation(n, Passage(self.chunks[chunk_id], score=1.0, rank=n), highlights))
        return tuple(result)

    def _add(self, chunk: Chunk, spans: list[tuple[int, int]]) -> int:
        if chunk.id not in self.spans:
            self.order.append(chunk.id)
            self.spans[chunk.id] = []
        self.spans[chunk.id].extend(spans)
        return self.order.index(chunk.id) + 1


def find_fact(text: str, fact: str) -> tuple[int, int] | None:
    """Where `fact` is in `text`, exactly or with any whitespace between its words."""
    at = text.find(fact)
    if at >= 0:
        return at, at + len(fact)
    words = fact.split()
    if not words:
        return None
    match = re.search(r"\s+".join(map(re.escape, words)), text)
    return match.span() if match else None
