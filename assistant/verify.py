"""Check a generated answer against its passages: each sentence must cite given passages that hold its terms
and every one of its numbers, and hold no markup or prompt tokens; the rest is dropped and the kept citations are
renumbered."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from studietur.core.types import Citation, Passage
from studietur.text.lexicon import BULLET, NUMBER_MARKER
from studietur.text.markup import PROMPT_MARKUP
from studietur.text.units import split_units

Terms = Callable[[str], list[str]]

# [1], [1, 2], [2][3], [Passage 1], [kilde 2]
_MARKER = re.compile(r"\[\s*(?:[A-Za-zÆØÅæøå]+\s+)?(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*" + _MARKER.pattern + r")+)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LIST_LEAD = re.compile(rf"^\s*(?:{BULLET}|{NUMBER_MARKER})\s+")


@dataclass(frozen=True)
class Claim:
    """One generated sentence: its text without markers, the passage numbers it cites, and its line."""

    text: str
    markers: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class Verified:
    """What survives verification: the answer text with renumbered markers, its citations, and the count dropped."""

    text: str
    citations: tuple[Citation, ...]
    dropped: int


def parse_claims(answer: str) -> list[Claim]:
    """Sentences of the answer with their [n] markers; a marker after the full stop belongs to that sentence."""
    answer = _MARKERS_AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", answer.strip())
    claims = []
    for unit in split_units(answer):
        markers = tuple(int(n) for group in _MARKER.findall(unit.text) for n in re.split(r"\s*[,;]\s*", group))
        text = " ".join(_MARKER.sub(" ", unit.text).split())
        text = re.sub(r"\s+([.!?:;,])", r"\1", text)
        if text:
            claims.append(Claim(text, tuple(dict.fromkeys(markers)), answer.count("\n", 0, unit.start)))
    return claims


def numbers(text: str) -> set[str]:
    """Digits of each number with separators removed, so '1.200' and '1200' are the same number."""
    return {re.sub(r"\D", "", match) for match in _NUMBER.findall(text)}


class Verifier:
    """Judges claims against the passages they cite, by shared analysed terms and numbers."""

    def __init__(self, terms: Terms, min_share: float) -> None:
        self.terms = terms
        self.min_share = min_share

    def supported(self, claim: Claim, passages: Sequence[Passage]) -> bool:
        if not claim.markers or any(not 1 <= n <= len(passages) for n in claim.markers):
            return False
        if PROMPT_MARKUP.search(claim.text):
            return False  # a model that echoes its prompt ("<<<END PASSAGE 5>>>", "[/INST]") copies passages too
        evidence = " ".join(_evidence(passages[n - 1]) for n in claim.markers)
        if not numbers(_LIST_LEAD.sub("", claim.text)) <= numbers(evidence):
            return False
        wanted = set(self.terms(claim.text))
        shared = wanted & set(self.terms(evidence))
        return bool(shared) and len(shared) / len(wanted) >= self.min_share

    def verify(self, claims: Sequence[Claim], passages: Sequence[Passage]) -> Verified:
        kept = [claim for claim in claims if self.supported(claim, passages)]
        renumber: dict[int, int] = {}
        for claim in kept:
            for n in claim.markers:
                renumber.setdefault(n, len(renumber) + 1)
        text = _compose(kept, renumber)
        citations = tuple(
            Citation(new, passages[old - 1], self._highlights(passages[old - 1], kept, old))
            for old, new in renumber.items()
        )
        return Verified(text, citations, len(claims) - len(kept))

    def _highlights(self, passage: Passage, kept: Sequence[Claim], n: int) -> tuple[tuple[int, int], ...]:
        """For each kept claim citing passage n, the passage sentence sharing most of its terms."""
        units = split_units(passage.chunk.text)
        spans = set()
        for claim in (c for c in kept if n in c.markers):
            wanted = set(self.terms(claim.text))
            scored = [(len(wanted & set(self.terms(u.text))), -i, u) for i, u in enumerate(units)]
            best = max(scored, default=None, key=lambda item: item[:2])
            if best is not None and best[0] > 0:
                spans.add((best[2].start, best[2].end))
        return tuple(sorted(spans))


def _evidence(passage: Passage) -> str:
    chunk = passage.chunk
    return f"{chunk.embed_text()} {chunk.year or ''}"


def _compose(kept: Sequence[Claim], renumber: dict[int, int]) -> str:
    """Kept sentences on their original lines, each with its renumbered markers before the closing stop."""
    lines: dict[int, list[str]] = {}
    for claim in kept:
        refs = "".join(f"[{renumber[n]}]" for n in claim.markers)
        body, stop = (claim.text[:-1], claim.text[-1]) if claim.text[-1] in ".!?" else (claim.text, "")
        lines.setdefault(claim.line, []).append(f"{body} {refs}{stop}")
    return "\n".join(" ".join(sentences) for _, sentences in sorted(lines.items()))
