"""Tell Danish from English questions (the answer speaks the question's language)."""

from __future__ import annotations

import re

from studietur.core.types import Language

_WORD = re.compile(r"[a-zæøå]+")
_DANISH = frozenset(
    "og i at er en et den det de der som på med til af for hvad hvem hvilke hvilken hvor hvornår hvordan hvorfor "
    "var blev har havde om fra ved kan skal nogen noget mødte besøgte udvalget rapporten ikke også".split()
)
_ENGLISH = frozenset(
    "the a an and of in is are was were what who which where when how why did does do with for to from "
    "on at by about has have any this that committee visit visited report".split()
)


def detect_language(text: str) -> Language:
    lowered = text.lower()
    if re.search(r"[æøå]", lowered):
        return "da"
    words = _WORD.findall(lowered)
    danish = sum(word in _DANISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "en" if english > danish else "da"
