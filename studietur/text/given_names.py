"""Given names of many countries, to tell where a person's name begins in a run of capitalised words
("Greyston Bakery Kevin McGahren").

The names are those of the dictionary that the `gender-guesser` package ships (Jörg Michael's name data: about
60,000 spellings of given names from 54 countries, Danish, Nordic and other European ones among them). Only the
names are used, never the genders.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Imported here, not on first use: the catalogue's readers leave out a record whose reading fails, so a missing
# package must fail at import rather than empty every visit's list of people.
from gender_guesser.detector import Detector


@cache
def _names() -> frozenset[str]:
    """The dictionary's given names, folded; read once, on first use."""
    return frozenset(Detector(case_sensitive=False).names)


def is_given_name(word: str) -> bool:
    """'Kevin', 'Mette', 'Siobhán' (as 'Siobhan') and 'Ann-Christina' (each part) are given names; 'Bakery' is not."""
    return all(_is_one_given_name(part) for part in word.casefold().split("-"))


def _is_one_given_name(word: str) -> bool:
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word in _names() or plain in _names()
