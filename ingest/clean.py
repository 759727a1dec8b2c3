"""Cleaning of extracted text: one small function per step, composed by `clean_text`."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable

from ingest.clean_html import html_fragments_to_text
from ingest.clean_lines import join_broken_lines
from ingest.clean_tables import tables_to_text
from ingest.furniture import remove_page_furniture, remove_repeated_navigation

logger = logging.getLogger(__name__)

_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_INVISIBLE = ("Cc", "Cf", "Cs")
_LINE_BREAKS = re.compile(r"\r\n?|[\f\v\x85\u2028\u2029]")
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACES = re.compile(r" {2,}")
_SPACED_TAB = re.compile(r" *\t *")
_BLANK_RUNS = re.compile(r"\n{3,}")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")
# Steps can feed each other (an entity that becomes a tag, a join that makes a page number line), so the
# pipeline runs until nothing changes; real text settles in two rounds.
_MAX_ROUNDS = 6


def clean_text(text: str) -> str:
    """The cleaned form of extracted text; idempotent: clean_text(clean_text(x)) == clean_text(x)."""
    for _ in range(_MAX_ROUNDS):
        cleaned = _clean_once(text)
        if cleaned == text:
            return cleaned
        text = cleaned
    logger.warning("cleaning did not settle after %d rounds", _MAX_ROUNDS)
    return text


def _clean_once(text: str) -> str:
    for step in _STEPS:
        text = step(text)
    return text


def normalize_unicode(text: str) -> str:
    """Unix line breaks, odd spaces as plain spaces, no control or invisible format characters, then NFC."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _ODD_SPACES.sub(" ", text)
    text = _ASCII_CONTROLS.sub("", text)
    invisible = {ord(ch): None for ch in set(_NON_ASCII.findall(text)) if unicodedata.category(ch) in _INVISIBLE}
    if invisible:
        text = text.translate(invisible)
    return unicodedata.normalize("NFC", text)


def normalize_whitespace(text: str) -> str:
    """Single spaces, no space at line ends or starts (tabs of table rows kept), at most one blank line."""
    lines = [_normalize_line(line) for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def _normalize_line(line: str) -> str:
    if "\t" not in line:
        return _SPACES.sub(" ", line.strip())
    # Trailing tabs are empty cells that keep a row inside its table; they go when the table is converted.
    return _SPACED_TAB.sub("\t", _SPACES.sub(" ", line.strip(" ")))


def strip_emphasis(text: str) -> str:
    """Markdown bold markers go; *italic* pairs lose their stars."""
    return _ITALIC.sub(r"\1", text.replace("**", ""))


_STEPS: tuple[Callable[[str], str], ...] = (
    html_fragments_to_text,
    normalize_unicode,
    normalize_whitespace,
    remove_page_furniture,
    strip_emphasis,
    tables_to_text,
    normalize_whitespace,
    join_broken_lines,
    remove_repeated_navigation,
    normalize_whitespace,
)
