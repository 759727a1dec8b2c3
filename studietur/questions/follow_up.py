"""A short follow-up ("og hvad med New York?", "and in 2019?") read against the previous question, without an LLM."""

from __future__ import annotations

import re

from studietur.text.lexicon import YEAR

_FOLLOW_UP_WORDS = 6
_FOLLOW_UP = re.compile(
    r"^(?:(?:og|and|men|but)\s+)?(?:hvad\s+(?:så\s+)?med|hvordan\s+med|what\s+about|how\s+about)\s+(?P<a>.+?)[\s?.!]*$"
    r"|^(?:og|and)\s+(?P<b>.+?)[\s?.!]*$",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-ZÆØÅ][\w&.'’-]*(?:\s+[A-ZÆØÅ][\w&.'’-]*)*")
_LEAD = re.compile(r"^(?:i|in|på|on|om|about|for|fra|from)\s+", re.IGNORECASE)
_YEAR = re.compile(rf"\b{YEAR}\b")


def follow_up(question: str, previous: str) -> str:
    """A short follow-up ("og hvad med New York?", "and in 2019?") merged into the previous question: its year or
    its last name is replaced by the new one, or the new words are added; anything else is returned as it is."""
    match = _FOLLOW_UP.match(question.strip())
    if match is None or len(question.split()) > _FOLLOW_UP_WORDS:
        return question
    new = _LEAD.sub("", match.group("a") or match.group("b"))
    if _YEAR.fullmatch(new) and _YEAR.search(previous):
        return _replace_last(_YEAR, previous, new)
    if _NAME.fullmatch(new) and _names(previous):
        start, end = _names(previous)[-1]
        return previous[:start] + new + previous[end:]
    return f"{previous.rstrip(' ?.!')}: {new}?"


def _names(question: str) -> list[tuple[int, int]]:
    """Spans of capitalised runs, except the question's first word."""
    return [m.span() for m in _NAME.finditer(question) if m.start() > 0]


def _replace_last(pattern: re.Pattern[str], text: str, new: str) -> str:
    *_, last = pattern.finditer(text)
    return text[: last.start()] + new + text[last.end() :]
