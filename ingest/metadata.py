"""Title, year and type of a document, read from its cleaned text by generic rules."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from studietur.text.casing import is_all_caps, learn_case, readable_case
from studietur.text.lexicon import MONTH_WORDS, YEAR

logger = logging.getLogger(__name__)

_HEAD_LINES = 80
_HEAD_CHARS = 600
_MARKDOWN = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
# Lines that label a document rather than name it.
_LABEL = re.compile(
    r"^(?:bilag|appendix|annex|udkast|draft|notat|fortroligt|indhold|indholdsfortegnelse|contents)\b[\s\d.:]*$"
    r"|^[\w&.\- ]{1,25}\.$",
    re.IGNORECASE,
)
_YEAR = f"({YEAR})"
_DATE = re.compile(
    rf"\b(?:{MONTH_WORDS})\.?\s+{_YEAR}\b|\b\d{{1,2}}[-./]\d{{1,2}}[-./ ]\s?{_YEAR}\b|\b{_YEAR}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(rf"\b{_YEAR}\b")
_DATE_LINE_CHARS = 60
_SHORT_TITLE_WORDS = 2
_MAX_TITLE_LINE = 100
_MAX_TITLE_CHARS = 200
_DOC_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "rejserapport",
        re.compile(r"rejserapport|erfaringsopsamling|(?:studie|rejse)tur\w*\W.*(?:rapport|opsamling|referat)", re.I),
    ),
    ("forslag", re.compile(r"\bforslag", re.I)),
    ("katalog", re.compile(r"katalog", re.I)),
    ("kortlaegning", re.compile(r"kortlæg|kortlaeg|afdækning|afdaekning|kortlagt", re.I)),
)


def detect_title(text: str) -> str:
    """The first real heading (highest level) or the title lines at the top; '' when there is none."""
    lines = text.split("\n")[:_HEAD_LINES]
    title = _markdown_title(lines) or _top_lines_title(lines)
    if is_all_caps(title):
        title = readable_case(title, learn_case(text.split("\n")))
    return title[:_MAX_TITLE_CHARS].rstrip(" :")


def detect_year(text: str) -> int | None:
    """The document's own year: in its title, on a date line near the top, or in the first date near the top."""
    title_year = _ANY_YEAR.findall(detect_title(text))
    if title_year:
        return int(title_year[-1])
    head = [line.strip() for line in text.split("\n")[:_HEAD_LINES] if line.strip()]
    for line in head:
        if len(line) <= _DATE_LINE_CHARS and (match := _DATE.search(line)):
            return _year_of(match)
    match = _DATE.search("\n".join(head))
    return _year_of(match) if match else None


def detect_doc_type(title: str, text: str) -> str:
    """One of 'rejserapport', 'forslag', 'kortlaegning', 'katalog', or '' by keywords of the title, then the top."""
    for source in (title, text[:_HEAD_CHARS]):
        for doc_type, pattern in _DOC_TYPES:
            if pattern.search(source):
                return doc_type
    return ""


def _markdown_title(lines: Sequence[str]) -> str:
    headings = [(len(m.group(1)), _plain(m.group(2))) for m in map(_MARKDOWN.match, lines) if m]
    headings = [(level, text) for level, text in headings if text and not _LABEL.match(text)]
    if not headings:
        return ""
    top = min(level for level, _ in headings)
    return next(text for level, text in headings if level == top)


def _top_lines_title(lines: Sequence[str]) -> str:
    blocks = _blocks(lines)
    for index, block in enumerate(blocks):
        kept = [line for line in block if not _LABEL.match(line) and not _DATE.fullmatch(line)]
        if not kept:
            continue
        title = " ".join(_title_lines(kept))
        subtitle = blocks[index + 1] if index + 1 < len(blocks) else []
        if len(title.split()) <= _SHORT_TITLE_WORDS and len(subtitle) == 1 and _is_subtitle(subtitle[0]):
            title = f"{title} – {subtitle[0]}"
        return _plain(title)
    return ""


def _title_lines(lines: Sequence[str]) -> list[str]:
    """The leading lines of a block that read as one title (a title broken over lines), not the text after it."""
    title = [lines[0]]
    for line in lines[1:]:
        if (
            title[-1].endswith((".", "!", "?"))
            or len(line) > _MAX_TITLE_LINE
            or is_all_caps(line) != is_all_caps(title[-1])
        ):
            break
        if line.endswith((".", "!", "?")):
            break
        title.append(line)
    return title


def _blocks(lines: Sequence[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(_plain(line))
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _is_subtitle(line: str) -> bool:
    return len(line) <= 160 and not line.endswith((".", ":")) and not _LABEL.match(line) and not _DATE.fullmatch(line)


def _plain(line: str) -> str:
    return " ".join(line.strip().lstrip("#").replace("*", "").split()).rstrip(":")


def _year_of(match: re.Match[str]) -> int:
    return int(next(group for group in match.groups() if group))
