"""Sentence boundaries in Danish and English text, as offsets; lines are boundaries too (list items, table rows).

The one sentence splitter: chunk boundaries, first sentences in the catalogue and answer units all come from here.
Kept over pysbd (language "da") because it measurably wins on hand-labelled boundaries (precision / recall, see
benchmarks/sentence_splitters.py): report lines 1.000 / 1.000 against 0.845 / 0.984, report lines labelled blind
1.000 / 1.000 against 0.615 / 0.800, tricky strings 0.978 / 1.000 against 0.736 / 0.867; and it splits the five
reports in about 25 ms against pysbd's 2.5 s. pysbd cuts after "bl.a.", "f.eks.", "Adm. dir." and "d." before a date.
"""

from __future__ import annotations

import logging
import re

from studietur.text.lexicon import ABBREVIATIONS, CLOSING_ABBREVIATIONS, MONTHS

logger = logging.getLogger(__name__)

_CLOSERS = "\"”»’')]*"  # after the period: quotes, brackets, markdown emphasis ("bystyret.** Den")
_OPENERS = "\"“„«»‘'([*"
# A candidate boundary: sentence punctuation, closers, spaces (a tab separates table cells, not sentences), then a
# word (whether it opens a sentence is for _ends_sentence).
_CANDIDATE = re.compile(rf"(?<=[.!?…])([{re.escape(_CLOSERS)}]*)[^\S\t\n]+(?=[{re.escape(_OPENERS)}]*\w)")
_FIRST_WORD = re.compile(rf"[{re.escape(_OPENERS)}]*(\w+)")
_WORD = re.compile(r"[^\W\d_]{2}")  # a sentence has a word of two letters; "1.", "- a.", "## 2." have none


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], without surrounding whitespace."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    offset = start
    for line in text[start:end].split("\n"):
        spans.extend(_line_sentences(line, offset))
        offset += len(line) + 1
    return spans


def _line_sentences(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _CANDIDATE.finditer(line):
        if not _ends_sentence(line[begin : match.end(1)], line[match.end() :]):
            continue
        spans.append(_trimmed(line, offset, begin, match.end(1)))
        begin = match.end()
    spans.append(_trimmed(line, offset, begin, len(line)))
    return [span for span in spans if span[1] > span[0]]


def _ends_sentence(before: str, after: str) -> bool:
    """Whether a sentence that began with `before` (up to its final punctuation) ends there, `after` following."""
    following = _first_word(after)
    if not (following[:1].isupper() or following[:1].isdigit()) or not _WORD.search(before):
        return False
    before = before.rstrip(_CLOSERS)
    if not before.endswith("."):
        return True  # "!", "?", "…"
    token = before.split()[-1].lstrip(_OPENERS).lower()[:-1]  # "(f.eks." -> "f.eks"
    if token in ABBREVIATIONS or _initials(token):
        return False
    if token in CLOSING_ABBREVIATIONS:
        return following[:1].isupper() and not (len(following) > 1 and following.isupper())
    if token[:1].isdigit():
        return following.lower() not in MONTHS  # "d. 3. Oktober" is a date; "steg til 55. Det" ends a sentence
    return True


def _first_word(text: str) -> str:
    match = _FIRST_WORD.match(text)
    return match.group(1) if match else ""


def _initials(token: str) -> bool:
    """ "y", "h.c", "u.s": single letters with periods, an initial or a one-letter abbreviation ("d.", "s.")."""
    return all(len(part) == 1 and part.isalpha() for part in token.split("."))


def _trimmed(line: str, offset: int, begin: int, end: int) -> tuple[int, int]:
    piece = line[begin:end]
    lead = len(piece) - len(piece.lstrip())
    return offset + begin + lead, offset + begin + len(piece.rstrip())
