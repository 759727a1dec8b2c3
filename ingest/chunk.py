"""Cut a cleaned document into passages that fit the embedding model, along its structure."""

from __future__ import annotations

import bisect
import hashlib
import logging
import re
from collections import deque
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from ingest.config import ChunkSettings
from ingest.sections import Section, Unit, merge_small_sections, split_sections
from ingest.structure import is_field
from studietur.core.types import Chunk, chunk_id
from studietur.text.sentences import sentence_spans

logger = logging.getLogger(__name__)

# Tokens of the "passage: " prefix the embedder adds in front of every chunk.
PREFIX_TOKENS = 4
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class _Span:
    """A piece of a section; depth says how finely it was cut: block, line, sentence, word, characters."""

    start: int
    end: int
    depth: int = 0
    glue: bool = False


class _Budget:
    """Whether a slice of the text, as the embedder sees it, fits the token limit."""

    def __init__(self, text: str, title: str, label: str, max_tokens: int, count_tokens: Callable[[str], int]) -> None:
        self.text, self.title, self.label = text, title, label
        self.max_tokens = max_tokens
        self.count_tokens = count_tokens
        self._cache: dict[tuple[int, int], int] = {}

    def tokens(self, start: int, end: int) -> int:
        key = (start, end)
        if key not in self._cache:
            probe = Chunk("", "", self.title, self.label, self.text[start:end], 0, start, end, "")
            self._cache[key] = self.count_tokens(probe.embed_text()) + PREFIX_TOKENS
        return self._cache[key]

    def fits(self, start: int, end: int) -> bool:
        return self.tokens(start, end) <= self.max_tokens


def chunk_document(
    doc: str,
    text: str,
    settings: ChunkSettings,
    count_tokens: Callable[[str], int],
    *,
    title: str,
    year: int | None,
    doc_type: str,
    page_starts: Sequence[int] = (),
    ocr_pages: Collection[int] = (),
) -> list[Chunk]:
    """Chunks of the cleaned `text`; each chunk's text is exactly text[char_start:char_end]. A chunk is marked `ocr`
    when a page it spans was read by OCR (`ocr_pages`, numbered from 1 as `page_starts` are)."""
    sections = split_sections(text, title)
    sections = merge_small_sections(sections, lambda s: count_tokens(text[s.start : s.end]) < settings.min_tokens)
    text_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    chunks: list[Chunk] = []
    for section in sections:
        budget = _Budget(text, title, section.label, settings.max_tokens, count_tokens)
        for start, end in _pack(section, text, budget, settings.overlap_sentences):
            position = len(chunks)
            chunk = Chunk(
                id=chunk_id(text_id, position),
                doc=doc,
                doc_title=title,
                section=section.label,
                text=text[start:end],
                position=position,
                char_start=start,
                char_end=end,
                content_hash="",
                year=year,
                page=_page(page_starts, start),
                doc_type=doc_type,
                ocr=_spans_ocr(page_starts, ocr_pages, start, end),
            )
            digest = hashlib.sha256(chunk.embed_text().encode("utf-8")).hexdigest()[:16]
            chunks.append(replace(chunk, content_hash=digest))
    logger.debug("%s: %d sections, %d chunks", doc, len(sections), len(chunks))
    return chunks


@dataclass
class _Open:
    """The chunk being filled; until it holds content it is only a heading or only sentences repeated for overlap."""

    start: int
    end: int
    state: str
    last: _Span | None = None
    before_last: int | None = None  # where the content before `last` ends


def _pack(section: Section, text: str, budget: _Budget, overlap: int) -> list[tuple[int, int]]:
    """Greedy packing of the section's units; a unit too big for a chunk is cut finer, a heading never ends one."""
    queue = deque(_Span(unit.start, unit.end, glue=unit.heading) for unit in section.units)
    headings = [unit for unit in section.units if unit.heading]
    done: list[tuple[int, int]] = []
    current: _Open | None = None
    while queue:
        span = queue.popleft()
        if current is None:
            if budget.fits(span.start, span.end) or not _refinable(span):
                current = _Open(span.start, span.end, "heading" if span.glue else "content", span)
            else:
                queue.extendleft(reversed(_refine(span, text)))
            continue
        if current.state == "overlap" and span.glue:
            # Sentences repeated in front of a new heading would belong to neither.
            current = None
            queue.appendleft(span)
            continue
        if budget.fits(current.start, span.end):
            current.before_last = current.end if current.state == "content" else None
            current.end, current.last = span.end, span
            current.state = "heading" if current.state == "heading" and span.glue else "content"
            continue
        if current.state != "content" and span.depth < 3 and _refinable(span):
            queue.extendleft(reversed(_refine(span, text)))
            continue
        if _ends_with_introduction(text, current):
            # "De fem områder omfatter:" would end this chunk without its list: the paragraph opens the next one.
            done.append((current.start, current.before_last))
            queue.extendleft([span, current.last])
            current = None
            continue
        if current.state != "overlap":
            # A heading goes alone only when not even one word of what follows fits beside it: the limit wins.
            done.append((current.start, current.end))
        resume = _overlap_start(text, current, headings, overlap) if current.state == "content" else None
        current = _Open(resume, current.end, "overlap") if resume is not None else None
        queue.appendleft(span)
    if current is not None and current.state == "heading" and done:
        done.append(_closing(text, budget, done, current.start, current.end))
    elif current is not None and current.state != "overlap":
        done.append((current.start, current.end))
    return done


def _ends_with_introduction(text: str, chunk: _Open) -> bool:
    """The chunk's last block is a whole paragraph that introduces what follows, and content comes before it."""
    last = chunk.last
    if last is None or chunk.before_last is None or chunk.state != "content" or last.depth > 0 or last.glue:
        return False
    return text[last.start : last.end].rstrip().endswith(":")


def _closing(text: str, budget: _Budget, done: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """A heading with nothing after it: join it to the previous chunk, or to as many of its last sentences as fit."""
    previous_start, previous_end = done[-1]
    if budget.fits(previous_start, end):
        done.pop()
        return previous_start, end
    for sentence_start, _ in reversed(sentence_spans(text, previous_start, previous_end)):
        if not budget.fits(sentence_start, end):
            break
        start = sentence_start
    return start, end


def _overlap_start(text: str, chunk: _Open, headings: Sequence[Unit], count: int) -> int | None:
    """Where the next chunk starts to repeat the last `count` sentences of this one, if that makes sense."""
    start, end, last = chunk.start, chunk.end, chunk.last
    if count <= 0 or last is None or last.depth >= 3:
        return None
    if _is_table(text[last.start : last.end]):
        return None
    spans = [span for span in sentence_spans(text, start, end) if span[0] > start]
    if not spans:
        return None
    resume = spans[-min(count, len(spans))][0]
    if any(resume < unit.end and unit.start < end for unit in headings):
        return None
    return resume


def _is_table(block: str) -> bool:
    # Repeating a table row at the top of the next chunk would read as a stray row.
    return any(is_field(row) for row in block.split("\n"))


def _refinable(span: _Span) -> bool:
    return span.end - span.start > 1


def _refine(span: _Span, text: str) -> list[_Span]:
    """The span cut one level finer: lines, then sentences, then words, then halves."""
    depth = span.depth
    while depth < 3:
        depth += 1
        pieces = _pieces(text, span.start, span.end, depth)
        if len(pieces) > 1:
            return [_Span(s, e, depth, span.glue) for s, e in pieces]
    middle = (span.start + span.end) // 2
    return [_Span(span.start, middle, 4, span.glue), _Span(middle, span.end, 4, span.glue)]


def _pieces(text: str, start: int, end: int, depth: int) -> list[tuple[int, int]]:
    if depth == 1:
        return _line_spans(text, start, end)
    if depth == 2:
        return sentence_spans(text, start, end)
    return _words(text, start, end)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    offset = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((offset + lead, offset + lead + len(stripped)))
        offset += len(line) + 1
    return spans


def _spans_ocr(page_starts: Sequence[int], ocr_pages: Collection[int], start: int, end: int) -> bool:
    first, last = _page(page_starts, start), _page(page_starts, max(end - 1, start))
    return first is not None and last is not None and any(p in ocr_pages for p in range(first, last + 1))


def _page(page_starts: Sequence[int], offset: int) -> int | None:
    if not page_starts:
        return None
    return max(bisect.bisect_right(page_starts, offset), 1)
