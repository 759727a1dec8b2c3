"""Readable case for ALL-CAPS lines, learnt from how the same words are written elsewhere in the document."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SUFFIXES = ("s", "e", "en", "et", "er", "ens", "ets", "erne", "es")


def is_all_caps(text: str) -> bool:
    upper = 0
    for ch in text:
        if ch.islower():
            return False
        upper += ch.isupper()
    return upper >= 2


def learn_case(lines: Iterable[str]) -> dict[str, str]:
    """The most frequent written form of each word in mixed-case lines (ALL-CAPS lines say nothing about case)."""
    forms: Counter[str] = Counter()
    for line in lines:
        if not is_all_caps(line):
            forms.update(_WORD.findall(line))
    best: dict[str, tuple[int, str]] = {}
    for form, count in forms.items():
        key = form.lower()
        if key not in best or (count, form) > best[key]:
            best[key] = (count, form)
    return {key: form for key, (_, form) in best.items()}


def readable_case(text: str, case: dict[str, str]) -> str:
    """'10. GREYSTON BAKERY' -> '10. Greyston Bakery': each word as most often written, else lower case."""
    result = _WORD.sub(lambda match: _form(match.group(0).lower(), case), text)
    return _capitalise_first(result)


def _form(word: str, case: dict[str, str]) -> str:
    if word in case:
        return case[word]
    # 'DANMARK' when the text only has 'Danmarks': take the case of an inflected form.
    for suffix in _SUFFIXES:
        inflected = case.get(word + suffix)
        if inflected is not None:
            return inflected[0] + word[1:] if inflected[0].isupper() else word
    return word


def _capitalise_first(text: str) -> str:
    for index, ch in enumerate(text):
        if ch.isalpha():
            return text[:index] + ch.upper() + text[index + 1 :]
    return text
