"""Sentence boundaries in Danish text, as offsets; lines are boundaries too (list items, table rows)."""

from __future__ import annotations

import logging
import re

logger = logging.getLogger(__name__)

_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”»')]*\s+(?=[\"“”«»(]?[A-ZÆØÅÀ-ÖØ-Þ0-9])")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:ca|fx|f\.eks|bl\.a|dvs|mht|jf|evt|inkl|ekskl|hhv|pga|mv|osv|mio|mia|kr|nr|stk|kl|pkt|ift|ifm|vedr|iht"
    r"|alm|adm|dir|tlf|d|p\.t|m\.m|o\.l|mr|mrs|dr|st|vs|etc|prof|ref|jan|feb|aug|sep|sept|okt|nov|dec|\d{1,3})\.$",
    re.IGNORECASE,
)
_INITIAL = re.compile(r"(?:^|\s)[A-ZÆØÅ]\.$")  # "Cynthia Y. Brackett": an initial ends no sentence


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
    for match in _BOUNDARY.finditer(line):
        before = line[begin : match.start()].rstrip("\"”»')")
        if _ABBREVIATION.search(before) or _INITIAL.search(before):
            continue
        spans.append(_trimmed(line, offset, begin, match.start()))
        begin = match.end()
    spans.append(_trimmed(line, offset, begin, len(line)))
    return [span for span in spans if span[1] > span[0]]


def _trimmed(line: str, offset: int, begin: int, end: int) -> tuple[int, int]:
    piece = line[begin:end]
    lead = len(piece) - len(piece.lstrip())
    return offset + begin + lead, offset + begin + len(piece.rstrip())
