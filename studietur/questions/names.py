"""The names a question depends on, and whether texts hold them.

A question naming a place or an organisation the passages never mention ("Hvad lærte udvalget i Toronto?") is not
answered by them, however close they are in meaning: every name of the question must occur in what is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from studietur.core.types import Language
from studietur.text.danish import fold
from studietur.text.lexicon import DANISH_NOT_NAMES, ENGLISH_NOT_NAMES, EXONYMS

_NAME_RUN = re.compile(r"(?:[A-ZÆØÅÄÖÜ][\w&.-]*|[A-ZÆØÅ]{2,})(?:\s+(?:[A-ZÆØÅÄÖÜ][\w&.-]*|of|for|de|la|du|van))*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_COMPOUND_TAIL = re.compile(r"-[a-zæøå]\w*$")  # "USA-turen", "EU-midler": the name is the head
_TRAILING_SMALL = re.compile(r"(?:\s+(?:of|for|de|la|du|van))+$")
# English words that are no names map to "", English forms of names the reports write in Danish to the Danish form.
_ENGLISH_TO_DANISH = dict.fromkeys(ENGLISH_NOT_NAMES, "") | EXONYMS
# Capitalised English words of a translated institution name ("Technical and Environmental Administration").
_ENGLISH_WORD = re.compile(r"(?:al|ical|ive|ous|ary|tion|sion|ment|ship|ance|ence|ity|ies|ing)$")


def question_names(question: str, language: Language) -> list[str]:
    """Runs of capitalised words after the first word ("Jobcenter Silkeborg", "Berlin"), possessives dropped."""
    names = []
    for match in _NAME_RUN.finditer(question):
        if match.start() == 0 or question[: match.start()].rstrip().endswith((".", "?", "!", ":")):
            continue
        name = _TRAILING_SMALL.sub("", _POSSESSIVE.sub("", match.group()))
        words = [_COMPOUND_TAIL.sub("", fold(word)) for word in name.split()]
        if language == "en":
            if any(_ENGLISH_WORD.search(word) for word in words):
                continue  # a described or translated name ("Harvard Digital Reskilling Lab"), not one to look up
            words = [word for word in words if _ENGLISH_TO_DANISH.get(word, word)]
        if words and not (len(words) == 1 and words[0] in DANISH_NOT_NAMES):
            names.append(" ".join(words))
    return names


def names_in(names: Sequence[str], text: str) -> bool:
    return not missing_names(names, [text])


def missing_names(names: Sequence[str], texts: Sequence[str]) -> list[str]:
    """The names no text holds (whole words, each word allowed an ending: "Berlins", "Silkeborg Kommune")."""
    haystack = " ".join(fold(" ".join(text.split())) for text in texts)
    return [name for name in names if not _name_pattern(name).search(haystack)]


def _name_pattern(name: str) -> re.Pattern[str]:
    """Each word as written or in its Danish form ("Copenhagen" or "København"), with any ending."""
    words = []
    for word in name.split():
        forms = {_stem(word), _stem(_ENGLISH_TO_DANISH.get(word) or word)}
        words.append("(?:" + "|".join(sorted(re.escape(form) for form in forms)) + r")\w*")
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(words))


def _stem(word: str) -> str:
    """Drop a genitive or plural ending, so the question's "Berlins" matches the text's "Berlin"."""
    if len(word) > 4 and word.endswith(("s", "'")):
        return word[:-1]
    return word


def as_written(name: str, question: str) -> str:
    """A name as the question writes it ("chicago" -> "Chicago"); the name itself when the question spells it
    otherwise (an "aa" folded to "å")."""
    words = r"[\s-]+".join(re.escape(word) for word in name.split())
    found = re.search(rf"(?<!\w){words}", question, re.IGNORECASE)
    return found.group() if found else name
