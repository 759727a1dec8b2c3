"""A prepared document as stripped lines with offsets, the chunks that cover a span, and the small readers every
extractor shares."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from studietur.core.types import Chunk, PreparedDocument
from studietur.text.lexicon import BULLET, MONTH_WORDS, YEAR
from studietur.text.sentences import sentence_spans

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Pattern fragments with one group each: a month's name or abbreviation (its number is MONTHS[...]), and a year.
MONTH = rf"({MONTH_WORDS})\b\.?"
YEAR_GROUP = f"({YEAR})"
NUMBERED_LINE = re.compile(r"^(\d{1,2})\.\s*(?=\S)")  # "10. GREYSTON BAKERY": a visit's number
BULLET_LINE = re.compile(rf"^{BULLET}\s*(?P<text>\S.*)$")  # "• Jobcenter Silkeborg"
_MARKDOWN = re.compile(r"^#{1,6}\s*")


@dataclass(frozen=True)
class Line:
    """A stripped line: `start` is where it begins in the text, `at` where `text` (without '#' marks) begins."""

    start: int
    end: int
    text: str
    at: int


class SourceDocument:
    """The cleaned text as stripped lines with offsets, and the chunks that cover a span."""

    def __init__(self, prepared: PreparedDocument) -> None:
        self.prepared = prepared
        self.text = prepared.cleaned_text
        self.lines = split_lines(self.text)
        self.chunks = sorted(prepared.chunks, key=lambda chunk: chunk.char_start)

    def chunk_ids(self, *spans: tuple[int, int]) -> list[str]:
        ids: list[str] = []
        for start, end in spans:
            for chunk in self.chunks:
                if chunk.char_start < max(end, start + 1) and start < chunk.char_end and chunk.id not in ids:
                    ids.append(chunk.id)
        return ids

    def chunk_at(self, offset: int) -> Chunk | None:
        return next((c for c in self.chunks if c.char_start <= offset < c.char_end), None)

    def next_content(self, index: int) -> int | None:
        """Index of the next non-blank line after `index`."""
        for j in range(index + 1, len(self.lines)):
            if self.lines[j].text:
                return j
        return None


def guarded(what: str, doc: str, extract: Callable[[], T], default: T) -> T:
    try:
        return extract()
    except Exception:  # a report written differently must not stop ingest; the record is only left out
        logger.debug("%s: could not read the %s; left out of the catalogue", doc, what, exc_info=True)
        return default


def iso_date(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def place_names(text: str) -> list[str]:
    names = [part.strip(" -–") for part in _PLACE_SPLIT.split(text)]
    return [name for name in names if name and name[0].isupper() and len(name.split()) <= 4]


_PLACE_SPLIT = re.compile(r"\s*,\s*|\s+og\s+|\s+and\s+|\s*/\s*|\s*&\s*")


def first_sentence(text: str) -> str:
    spans = sentence_spans(text)
    return text[spans[0][0] : spans[0][1]] if spans else text


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cleaned = _MARKDOWN.sub("", stripped) if stripped.startswith("#") else stripped
        start = offset + lead
        lines.append(Line(start, start + len(stripped), cleaned, start + len(stripped) - len(cleaned)))
        offset += len(raw) + 1
    return lines
