"""Follow-ups: a short one ("og hvad med New York?", "and in 2019?") read against the previous question without an
LLM, and the checks an LLM's standalone rewrite of a follow-up must pass before it is used instead of that rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from studietur.questions.names import missing_names, question_names
from studietur.text.danish import fold, is_function_word, stems
from studietur.text.lexicon import EXONYMS, YEAR
from studietur.text.markup import PROMPT_MARKUP

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


# --- checks on an LLM's rewrite ---------------------------------------------------------------------------------

MAX_REWRITE_CHARS = 500
REWRITE_SLACK_CHARS = 80
"""A rewrite is at most the follow-up and the longest earlier question together, and this many characters more for
names taken from the answers (never more than MAX_REWRITE_CHARS)."""

# Markup and prompt tokens, and more that no question holds: any angle bracket or backtick, bracketed control words,
# templates, Markdown emphasis and headings, citation markers copied from an answer, a speaker's label ("A:", "Svar:").
_MARKUP = re.compile(
    rf"{PROMPT_MARKUP.pattern}|[<>‹›`]|\[/?[A-Z_]{{2,}}\]|\[\d+\]|\{{\{{|\}}\}}|\*\*|^#{{1,6}}\s"
    r"|^(?:system|user|assistant|model|human|ai|q|a|svar|answer)\s*:",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+)([A-ZÆØÅÄÖÜ][\w&'’-]*)")


@dataclass(frozen=True)
class Rewrite:
    """An LLM's standalone version of a follow-up, with what it was made from."""

    text: str
    question: str  # the follow-up as the user wrote it
    earlier: tuple[str, ...]  # the earlier questions the LLM was shown, oldest first
    seen: tuple[str, ...]  # everything the LLM was shown of the conversation: questions and answers

    def content(self) -> list[str]:
        """The follow-up's content words: its words without the function words (numbers and years are content)."""
        return [word for word in _WORD.findall(self.question) if not is_function_word(word)]

    def kept(self, word: str) -> bool:
        """Whether the rewrite has the word, inflected or in its Danish form ("Copenhagen" for "København")."""
        return bool(stems(_danish_forms([word])) & stems(_danish_forms(_WORD.findall(self.text))))

    def invented_names(self) -> list[str]:
        """Capitalised names in the rewrite that neither the follow-up nor the conversation holds; a capitalised
        word opening a sentence counts unless it is a function word ("Hvor", "What")."""
        names = question_names(self.text, "da")
        names += [fold(m.group(1)) for m in _SENTENCE_START.finditer(self.text) if not is_function_word(m.group(1))]
        return missing_names(names, [self.question, *self.seen])


@dataclass(frozen=True)
class RewriteCheck:
    """One check on a rewrite: `fails` says whether the rewrite breaks it."""

    id: str
    rule: str
    fails: Callable[[Rewrite], bool]


def _too_long(rewrite: Rewrite) -> bool:
    longest = max((len(q) for q in rewrite.earlier), default=0)
    limit = min(MAX_REWRITE_CHARS, len(rewrite.question) + longest + REWRITE_SLACK_CHARS)
    return len(rewrite.text) > limit


def _repeats_earlier(rewrite: Rewrite) -> bool:
    text = _comparable(rewrite.text)
    repeated = any(text == _comparable(q) for q in rewrite.earlier) and text != _comparable(rewrite.question)
    return repeated and not any(rewrite.kept(word) for word in rewrite.content())


REWRITE_CHECKS: tuple[RewriteCheck, ...] = (
    RewriteCheck("empty", "it has words", lambda r: not _WORD.search(r.text)),
    RewriteCheck("markup", "no markup, prompt tokens or speaker labels", lambda r: bool(_MARKUP.search(r.text))),
    RewriteCheck(
        "too-long", "no longer than the follow-up and the longest earlier question, with some slack", _too_long
    ),
    RewriteCheck("repeats-earlier", "not an earlier question without the follow-up's content", _repeats_earlier),
    RewriteCheck(
        "drops-content", "it keeps the follow-up's content words", lambda r: not all(map(r.kept, r.content()))
    ),
    RewriteCheck(
        "invented-name", "its names come from the follow-up or the conversation", lambda r: bool(r.invented_names())
    ),
)


def failed_check(text: str, question: str, earlier: Sequence[str], seen: Sequence[str]) -> RewriteCheck | None:
    """The first check an LLM's rewrite `text` of the follow-up `question` fails, or None when it may be used;
    `earlier` are the earlier questions and `seen` all the conversation's text the LLM was shown."""
    rewrite = Rewrite(text, question, tuple(earlier), tuple(seen))
    return next((check for check in REWRITE_CHECKS if check.fails(rewrite)), None)


def _danish_forms(words: list[str]) -> list[str]:
    return words + [EXONYMS[fold(word)] for word in words if fold(word) in EXONYMS]


def _comparable(question: str) -> str:
    return _NOT_WORD.sub(" ", fold(question)).strip()
