"""A cleaned document as sections: a heading path and the units (heading runs, text blocks) under it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ingest.structure import Heading, find_headings

logger = logging.getLogger(__name__)

PATH_SEPARATOR = " › "
# Consecutive title-like headings (slide title, then a sub-label) keep this many in the path.
_MAX_WEAK_IN_PATH = 2


@dataclass(frozen=True)
class Unit:
    """An exact span of the cleaned text; a heading run is glued to what follows it."""

    start: int
    end: int
    heading: bool = False


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    units: tuple[Unit, ...]

    @property
    def start(self) -> int:
        return self.units[0].start

    @property
    def end(self) -> int:
        return self.units[-1].end

    @property
    def label(self) -> str:
        return PATH_SEPARATOR.join(self.path)

    @property
    def has_content(self) -> bool:
        return any(not unit.heading for unit in self.units)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def split_sections(text: str, title: str = "") -> list[Section]:
    """Sections in document order; together their units cover every non-blank line of `text`."""
    lines = _lines(text)
    headings = find_headings([line.text for line in lines])
    sections: list[Section] = []
    path: list[Heading] = []
    units: list[Unit] = []
    current: tuple[str, ...] = ()
    in_run = False
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        heading = headings.get(index)
        if heading is not None:
            if not in_run and units:
                sections.append(Section(current, tuple(units)))
                units = []
            path = _push(path, heading, in_run)
            current = _visible(path, title)
            _extend(units, line, heading=True)
            in_run = True
        else:
            _extend(units, line, heading=False, new_block=in_run or not units or _blank_before(lines, index))
            in_run = False
    if units:
        sections.append(Section(current, tuple(units)))
    return _attach_heading_only_tail(sections)


def merge_small_sections(sections: Sequence[Section], is_small: Callable[[Section], bool]) -> list[Section]:
    """A small section joins the next section of the same parent; the merged path is what they share."""
    merged: list[Section] = []
    for section in sections:
        previous = merged[-1] if merged else None
        if previous is not None and is_small(previous) and _same_parent(previous.path, section.path):
            merged[-1] = Section(_shared_path(previous.path, section.path), previous.units + section.units)
        else:
            merged.append(section)
    return merged


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def _blank_before(lines: Sequence[_Line], index: int) -> bool:
    return index > 0 and not lines[index - 1].text


def _extend(units: list[Unit], line: _Line, *, heading: bool, new_block: bool = True) -> None:
    """Add a line as a new unit, or grow the last unit when the line continues it."""
    last = units[-1] if units else None
    if last is not None and last.heading == heading and (heading or not new_block):
        units[-1] = replace(last, end=line.end)
    else:
        units.append(Unit(line.start, line.end, heading))


def _push(path: list[Heading], heading: Heading, in_run: bool) -> list[Heading]:
    if not heading.weak:
        return [h for h in path if not h.weak and h.level < heading.level] + [heading]
    strong = [h for h in path if not h.weak]
    weak = [h for h in path if h.weak] if in_run else []
    return strong + (weak + [heading])[-_MAX_WEAK_IN_PATH:]


def _visible(path: Sequence[Heading], title: str) -> tuple[str, ...]:
    """The path without headings that only repeat the document title."""
    hidden = {part.casefold() for part in [title, *title.split(" – ")] if part}
    return tuple(h.title for h in path if h.title.casefold() not in hidden)


def _attach_heading_only_tail(sections: list[Section]) -> list[Section]:
    if len(sections) > 1 and not sections[-1].has_content:
        tail = sections.pop()
        sections[-1] = Section(sections[-1].path, sections[-1].units + tail.units)
    return sections


def _same_parent(small: tuple[str, ...], following: tuple[str, ...]) -> bool:
    return following[: max(len(small) - 1, 0)] == small[:-1]


def _shared_path(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    shared: list[str] = []
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        shared.append(a)
    return tuple(shared) or second
