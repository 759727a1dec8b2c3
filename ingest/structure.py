"""Which lines of a cleaned document are headings, at which level, and how they read in a section path."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from studietur.text.casing import is_all_caps, learn_case
from studietur.text.headings import NUMBERED, display_title
from studietur.text.lexicon import BULLET, LETTER_MARKER, NUMBER_MARKER
from studietur.text.sentences import sentence_spans

logger = logging.getLogger(__name__)

_MARKDOWN = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
_LIST_ITEM = re.compile(rf"^(?:(?:{BULLET}|\+)\s|{NUMBER_MARKER}\s|{LETTER_MARKER}\s)")
_FIELD = re.compile(r"^[^:]{1,40}: \S")
# A line ending in one of these words (or a comma) breaks off mid-sentence, so neither it nor the next line is a title.
_DANGLING = re.compile(
    r"(?:,|\b(?:og|eller|samt|i|på|til|for|med|af|at|som|der|den|det|en|et|fra|om|hos|ved|mod|the|and|of|to|in|a|an))$",
    re.I,
)
_MIN_COHERENCE = 0.6
_CLOSING = (".", ",", ";", ":", "!")
_MAX_NUMBERED_CHARS = 110
_MIN_CAPS_HEADINGS = 3
_MIN_OUTLINE_NUMBERED = 3
_SUBSTANTIAL_CHARS = 60
# (characters, words) of a heading that is only recognised by looking like a title; stricter when the
# document has a real outline (Markdown or numbered headings), where such lines are rarely headings.
_LOOSE_TITLE = (130, 18)
_STRICT_TITLE = (60, 8)
WEAK_LEVEL = 99


@dataclass(frozen=True)
class Heading:
    """A heading line; weak headings only look like titles and nest under the nearest strong one."""

    line: int
    level: int
    title: str
    numbered: bool = False

    @property
    def weak(self) -> bool:
        return self.level == WEAK_LEVEL


def find_headings(lines: Sequence[str]) -> dict[int, Heading]:
    """Headings by line index: Markdown '#', numbered ('4.1.2 C40'), ALL-CAPS and short title-like lines."""
    lines = [line.strip() for line in lines]
    markdown = {i: m for i, m in enumerate(map(_MARKDOWN.match, lines)) if m}
    numbered = {
        i: m
        for i, m in enumerate(map(NUMBERED.match, lines))
        if m and i not in markdown and _is_numbered_heading(lines, i, m)
    }
    if not _coherent([m.group(1) for _, m in sorted(numbered.items())]):
        numbered = {}
    outline = bool(markdown) or len(numbered) >= _MIN_OUTLINE_NUMBERED
    caps = [i for i in range(len(lines)) if i not in markdown and i not in numbered and _is_caps_heading(lines, i)]
    strong_caps = not markdown and len(caps) >= _MIN_CAPS_HEADINGS
    case = learn_case(lines)
    headings: dict[int, Heading] = {}
    for i, match in numbered.items():
        headings[i] = Heading(i, match.group(1).count(".") + 1, display_title(lines[i], case), numbered=True)
    if strong_caps:
        for i in caps:
            headings[i] = Heading(i, 1, display_title(lines[i], case))
    headings.update(_markdown_headings(lines, markdown, case))
    limits = _STRICT_TITLE if outline else _LOOSE_TITLE
    for i in range(len(lines) - 1, -1, -1):
        if i not in headings and _is_title_like(lines, i, limits) and _leads_content(lines, i, headings, outline):
            headings[i] = Heading(i, WEAK_LEVEL, display_title(lines[i], case))
    return dict(sorted(headings.items()))


def _markdown_headings(
    lines: Sequence[str], markdown: dict[int, re.Match[str]], case: dict[str, str]
) -> dict[int, Heading]:
    """Levels of Markdown headings, evened out where converted text gave sibling numbered headings different levels."""
    numbered_levels: dict[int, int] = {}
    for match in markdown.values():
        number = NUMBERED.match(match.group(2))
        if number:
            depth = number.group(1).count(".") + 1
            numbered_levels[depth] = min(numbered_levels.get(depth, 99), len(match.group(1)))
    for depth in sorted(numbered_levels):
        if depth - 1 in numbered_levels:
            numbered_levels[depth] = max(numbered_levels[depth], numbered_levels[depth - 1] + 1)
    headings: dict[int, Heading] = {}
    section_level = 0
    for i, match in sorted(markdown.items()):
        level = len(match.group(1))
        number = NUMBERED.match(match.group(2))
        if number:
            level = section_level = numbered_levels[number.group(1).count(".") + 1]
        elif section_level and level >= section_level:
            level = max(level, section_level + 1)
        elif level < section_level:
            section_level = 0
        title = display_title(lines[i], case)
        if title:
            headings[i] = Heading(i, level, title, numbered=bool(number))
    return headings


def _is_numbered_heading(lines: Sequence[str], i: int, match: re.Match[str]) -> bool:
    line = lines[i]
    if len(line) > _MAX_NUMBERED_CHARS or line.endswith((",", ";", ":")) or "\t" in line:
        return False
    if not match.group(2)[0].isupper() and not match.group(2)[0].isdigit():
        return False
    if not _blank_around(lines, i):
        return False
    previous, following = _neighbour(lines, i, -1), _neighbour(lines, i, 1)
    if previous is not None and lines[previous].endswith(":"):
        return False
    return not any(_continues_list(match.group(1), lines[j]) for j in (previous, following) if j is not None)


def _coherent(numbers: Sequence[str]) -> bool:
    """Numbered headings of a real outline mostly follow each other (1, 2, 2.1, 2.2, 3 ...)."""
    if len(numbers) < 2:
        return True
    steps = list(zip(numbers, numbers[1:], strict=False))
    good = sum(_follows(previous, current) for previous, current in steps)
    return good / len(steps) >= _MIN_COHERENCE


def _follows(previous: str, current: str) -> bool:
    before = [int(part) for part in previous.split(".")]
    after = [int(part) for part in current.split(".")]
    if after == before + [1]:
        return True
    depth = len(after)
    return depth <= len(before) and after[:-1] == before[: depth - 1] and after[-1] == before[depth - 1] + 1


def _continues_list(number: str, other: str) -> bool:
    """'5. Q/A' after '4. Oplæg' is a list, not a heading."""
    other_match = NUMBERED.match(other)
    if not other_match or "." in number or "." in other_match.group(1):
        return False
    return abs(int(other_match.group(1)) - int(number)) == 1


def _is_caps_heading(lines: Sequence[str], i: int) -> bool:
    line = lines[i]
    letters = sum(ch.isalpha() for ch in line)
    return (
        letters >= 4
        and len(line) <= 80
        and is_all_caps(line)
        and not line.endswith(_CLOSING)
        and not _LIST_ITEM.match(line)
        and _starts_block(lines, i)
        and _neighbour(lines, i, 1) is not None
    )


def _is_title_like(lines: Sequence[str], i: int, limits: tuple[int, int]) -> bool:
    line = lines[i]
    max_chars, max_words = limits
    return (
        2 <= len(line) <= max_chars
        and len(line.split()) <= max_words
        and line[0].isupper()
        and not line.endswith(_CLOSING)
        and "\t" not in line
        and not _LIST_ITEM.match(line)
        and len(sentence_spans(line)) < 2
        and not _DANGLING.search(line)
        and _starts_block(lines, i)
        and not _is_table_row(lines, i)
    )


def _leads_content(lines: Sequence[str], i: int, headings: dict[int, Heading], outline: bool) -> bool:
    """A title-like line is a heading when substantial text or another heading follows it."""
    following = _neighbour(lines, i, 1)
    if following is None:
        return False
    if following in headings:
        # In an outlined document a title-like line right before an outline heading ends the previous section.
        return headings[following].weak or not outline
    nxt = lines[following]
    return len(nxt) >= _SUBSTANTIAL_CHARS or bool(_LIST_ITEM.match(nxt))


def _neighbour(lines: Sequence[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if lines[j]:
            return j
        j += step
    return None


def _blank_before(lines: Sequence[str], i: int) -> bool:
    return i == 0 or not lines[i - 1]


def _starts_block(lines: Sequence[str], i: int) -> bool:
    """After a blank line or a finished sentence, and not after a line broken off mid-sentence."""
    previous = _neighbour(lines, i, -1)
    if previous is not None and _DANGLING.search(lines[previous]):
        return False
    return _blank_before(lines, i) or lines[i - 1].endswith((".", "!", "?"))


def _is_table_row(lines: Sequence[str], i: int) -> bool:
    """'Tidspunkt: ...' next to 'Adresse: ...' is a row of a converted table."""
    return is_field(lines[i]) and any(0 <= j < len(lines) and is_field(lines[j]) for j in (i - 1, i + 1))


def is_field(line: str) -> bool:
    """A 'Label: value' or 'a: b | c: d' row, as tables come out of cleaning."""
    return bool(_FIELD.match(line)) or " | " in line


def _blank_around(lines: Sequence[str], i: int) -> bool:
    return _blank_before(lines, i) and (i + 1 >= len(lines) or not lines[i + 1])
