"""Page furniture: lone page numbers, tables of contents, headers and footers repeated on many pages."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence

logger = logging.getLogger(__name__)

_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:side|page|s\.)\s*)?\d{1,3}(?:\s*(?:/|af|of)\s*\d{1,3})?[-–—\s]*$", re.IGNORECASE
)
_DOT_LEADER = re.compile(r"^\S.*?(?:\.{3,}|(?:\. ){3,}|…+|_{3,})\s*\d{1,3}$")
# "- 3** Introduktion og baggrund": page number, bold marker, entry title.
_NUMBER_FIRST_ENTRY = re.compile(r"^(?:[-•·]\s*)?\d{1,3}\*\*\s+\S")
_TAB_ENTRY = re.compile(r"^([^\t]+)\t+(\d{1,3})$")
_TOC_TITLE = re.compile(r"^#*\s*(?:indhold|indholdsfortegnelse|contents|table of contents)\s*:?$", re.IGNORECASE)
_MIN_TAB_ENTRIES = 3
# Lines looked at on each end of a page when finding repeated headers and footers.
_EDGE_LINES = 2


def remove_page_furniture(text: str) -> str:
    lines = [line for line in text.split("\n") if not is_page_number(line)]
    drop = _toc_lines(lines)
    return "\n".join(line for index, line in enumerate(lines) if index not in drop)


def is_page_number(line: str) -> bool:
    return "\t" not in line and bool(line.strip()) and _PAGE_NUMBER.match(line.strip()) is not None


def is_toc_entry(line: str) -> bool:
    stripped = line.strip()
    return bool(_DOT_LEADER.match(stripped) or _NUMBER_FIRST_ENTRY.match(stripped))


def _toc_lines(lines: Sequence[str]) -> set[int]:
    drop = {index for index, line in enumerate(lines) if is_toc_entry(line)}
    drop |= _tab_toc_blocks(lines)
    for index, line in enumerate(lines):
        if _TOC_TITLE.match(line.strip()):
            following = next((i for i in range(index + 1, len(lines)) if lines[i].strip()), None)
            if following in drop:
                drop.add(index)
    return drop


def _tab_toc_blocks(lines: Sequence[str]) -> set[int]:
    """Runs of 'Entry<TAB>page' rows with rising page numbers; a table with mixed rows is left alone."""
    found: set[int] = set()
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and "\t" in lines[end]:
            end += 1
        if end > index:
            entries = [_TAB_ENTRY.match(lines[i].strip(" ")) for i in range(index, end)]
            pages = [int(match.group(2)) for match in entries if match]
            if len(pages) == end - index >= _MIN_TAB_ENTRIES and pages == sorted(pages):
                found.update(range(index, end))
        index = end + 1
    return found


def repeated_page_lines(pages: Sequence[str]) -> frozenset[str]:
    """Lines at the top or bottom of at least half of the pages (page numbers in them count as equal)."""
    if len(pages) < 2:
        return frozenset()
    seen: Counter[str] = Counter()
    for page in pages:
        lines = [line.strip() for line in page.split("\n") if line.strip()]
        seen.update({_furniture_key(line) for line in lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]})
    needed = max(2, (len(pages) + 1) // 2)
    return frozenset(key for key, count in seen.items() if count >= needed)


def remove_repeated_lines(page: str, repeated: frozenset[str]) -> str:
    """Drop header/footer lines from the ends of one page."""
    if not repeated:
        return page
    lines = page.split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    edges = set(content[:_EDGE_LINES] + content[-_EDGE_LINES:])
    kept = [line for i, line in enumerate(lines) if not (i in edges and _furniture_key(line.strip()) in repeated)]
    return "\n".join(kept)


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


_NAV_MAX_CHARS = 60
_NAV_MIN_REPEATS = 4
_NAV_MIN_RUN = 3


def remove_repeated_navigation(text: str) -> str:
    """Slide navigation: runs of short lines that each recur all over the document lose those recurring lines.

    A single recurring line ('Referat' under every visit) stays; only where three or more of them stand together,
    like the tab bar of a slide, are they taken for furniture.
    """
    lines = text.split("\n")
    short = [_is_short_label(line) for line in lines]
    counts = Counter(_nav_key(line) for line, is_short in zip(lines, short, strict=True) if is_short)
    frequent = [
        is_short and counts[_nav_key(line)] >= _NAV_MIN_REPEATS for line, is_short in zip(lines, short, strict=True)
    ]
    drop: set[int] = set()
    for run in _short_runs(lines, short):
        repeated = [i for i in run if frequent[i]]
        if len(repeated) >= _NAV_MIN_RUN:
            drop.update(repeated)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def _is_short_label(line: str) -> bool:
    stripped = line.strip()
    return 0 < len(stripped) <= _NAV_MAX_CHARS and not stripped.endswith((".", ":", ",", ";")) and stripped[0].isalpha()


def _short_runs(lines: Sequence[str], short: Sequence[bool]) -> list[list[int]]:
    """Groups of short lines with only blank lines between them."""
    runs: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if short[i]:
            runs[-1].append(i)
        elif line.strip():
            runs.append([])
    return [run for run in runs if run]


def _nav_key(line: str) -> str:
    return re.sub(r"\W+", "", line).casefold()
