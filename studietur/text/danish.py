"""Danish-aware analysis for BM25: folding, stop words, Snowball stemming; function words and stems of words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

import Stemmer

from studietur.text.lexicon import FUNCTION_WORDS

# Bump when analysis changes: the stored BM25 terms must then be rebuilt.
ANALYZER_VERSION = 2
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# English function words matter for English questions over Danish text: they must not match anything.
_ENGLISH_STOPWORDS = frozenset(
    "a an and are as at be by did do does for from has have how in is it of on or the this to was were what when where which who whom why with".split()
)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = resources.files("studietur.text").joinpath("danish_stopwords.txt").read_text(encoding="utf-8")
    words = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return frozenset(fold(word) for word in words) | _ENGLISH_STOPWORDS


def is_function_word(word: str) -> bool:
    """Whether a word (any case) is a Danish or English function word: a stop word or one of lexicon.FUNCTION_WORDS."""
    folded = fold(word)
    return folded in stopwords() or folded in FUNCTION_WORDS


def stems(words: Iterable[str]) -> set[str]:
    """The Danish and the English Snowball stems of folded words, so that "lønnen" meets "løn" and "salaries"
    meets "salary" (new stemmers on each call: a stemmer must not be shared between threads)."""
    folded = [fold(word) for word in words]
    return {*Stemmer.Stemmer("danish").stemWords(folded), *Stemmer.Stemmer("english").stemWords(folded)}


def fold(text: str) -> str:
    """Lowercase, NFKC, and Aarhus/Århus folding ('aa' becomes 'å')."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("aa", "å")


class DanishAnalyzer:
    """Text to BM25 terms; one instance holds the (non-picklable) Snowball stemmer."""

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("danish")
        self._stop = stopwords()

    def terms(self, text: str) -> list[str]:
        words = [word for word in _WORD.findall(fold(text)) if word not in self._stop]
        return self._stemmer.stemWords(words)
