"""The external people of a visit, from its "Eksterne:" field: "Greyston Bakery Kevin McGahren, General Manager
Christian Gomez, bager" -> ["Kevin McGahren, General Manager", "Christian Gomez, bager"].

Such a field is a run of "Name, role" pairs, often after a label naming the people's organisation, with no mark
between one person's role and the next person's name. Where a name begins is read from facts about the languages
(job-title words, name particles, given names: `studietur.text`) and from what the report says around the field
(the visit's organisation and the trip's cities), never from words picked out of particular reports.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from studietur.catalogue.extract.people import NAME_TOKEN
from studietur.text.given_names import is_given_name
from studietur.text.lexicon import COMPASS_WORDS, EXONYMS, NAME_JOINERS, NAME_PARTICLES, is_role_word

logger = logging.getLogger(__name__)

_MAX_NAME_WORDS = 3

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


@dataclass(frozen=True)
class _Setting:
    """What the reader knows besides the field: the words of the visit's organisation, and of the places around."""

    organisation: str
    label_words: frozenset[str]
    place_words: frozenset[str]

    @classmethod
    def of(cls, organisation: str, places: Sequence[str]) -> _Setting:
        cities = _words(" ".join(places))
        known = set(EXONYMS) | set(EXONYMS.values()) | COMPASS_WORDS
        return cls(organisation.casefold(), _words(organisation) | cities, frozenset(cities | known))


def externals(value: str, organisation: str = "", places: Sequence[str] = ()) -> list[str]:
    """The people of an "Eksterne:" field as "Name, role" (or "Name" where the field gives no role); the value as
    one item when it does not split.

    Each comma-separated segment is the end of one person's role followed by the next person's name; a segment
    without a name goes on with the role ('Head of Trade, Deputy Consul General Thomas Jørgensen'). A field with no
    comma is a list of names ('Danske expats Jacob Hyllested-Vinge Mette Hyllested-Vinge Christian Geelan').
    """
    if not value:
        return []
    setting = _Setting.of(organisation, places)
    if "," not in value:
        return _names_only(value, setting) or [value]
    segments = [segment.strip() for segment in value.split(",")]
    people: list[list[str]] = []  # [name, role parts...]
    for position, segment in enumerate(segments):
        before, name = _trailing_name(segment, setting) if position < len(segments) - 1 else (segment, "")
        if people and before:
            people[-1].append(_without_label(before, setting) if name else before)
        if name:
            people.append([name])
        elif not people:
            return [value]
    if not people or any(len(person) < 2 for person in people):
        logger.debug("external people kept as written, no 'Name, role' pairs found: %r", value)
        return [value]
    return [f"{person[0]}, {', '.join(person[1:])}" for person in people]


def _trailing_name(segment: str, setting: _Setting) -> tuple[str, str]:
    """Split 'Commercial Advisor Patrick Risager Mikkelsen' into ('Commercial Advisor', 'Patrick Risager Mikkelsen')."""
    tokens = segment.split()
    start = _name_start(tokens)
    start = _past_label(tokens, start, setting)
    name = tokens[start:]
    if sum(token not in NAME_PARTICLES for token in name) < 2 or name[0].casefold() in setting.place_words:
        return segment, ""
    return " ".join(tokens[:start]), " ".join(name)


def _name_start(tokens: Sequence[str]) -> int:
    """Where the run of at most three name words (with any particles inside) at the end of the tokens begins."""
    start = len(tokens)
    words = 0
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if token in NAME_PARTICLES and words:
            continue
        if words == _MAX_NAME_WORDS or not _may_be_name(token):
            break
        start, words = index, words + 1
    return start


def _may_be_name(token: str) -> bool:
    """A capitalised word that is no job-title word and no acronym ('IDCK', 'KL'); an initial ('Y.') may be."""
    acronym = token.isupper() and sum(char.isalpha() for char in token) > 1
    return bool(NAME_TOKEN.match(token)) and not acronym and not is_role_word(token.strip("()"))


def _past_label(tokens: Sequence[str], start: int, setting: _Setting) -> int:
    """Step over first words that end a label or a title rather than start the name, while more than two name words
    are left. A name that the organisation's title itself spells out is left whole ('Annegrethe Felter Rasmussen')."""
    if " ".join(tokens[start:]).casefold() in setting.organisation:
        return start
    while len(tokens) - start > 2 and _ends_label(tokens, start, setting):
        start += 1
    return start


def _ends_label(tokens: Sequence[str], index: int, setting: _Setting) -> bool:
    """Whether the word at index belongs to what goes before a name: a word of the organisation or of a place
    ('Greyston Bakery Kevin McGahren'), a word after a joining word ('Vice President of Programs Luis Hernández'),
    or a word that is no given name before one that is ('Small Businesses Max Weprin')."""
    word = tokens[index]
    if word.casefold() in setting.label_words | setting.place_words:
        return True
    if index > 0 and tokens[index - 1].casefold() in NAME_JOINERS:
        return True
    return not is_given_name(word) and is_given_name(tokens[index + 1])


def _without_label(role: str, setting: _Setting) -> str:
    """A role without the label of the next person's organisation that ends it: 'Executive Director & Consul City
    of Boston' -> 'Executive Director & Consul' when the visit is to the City of Boston.

    The label starts right after a job-title word with a word of the visit's organisation or of its places, and
    runs to the end in capitalised and joining words."""
    tokens = role.split()
    for index in range(1, len(tokens)):
        first = re.split(r"[/&]", tokens[index])[0].casefold()
        if not is_role_word(tokens[index - 1]) or first not in setting.label_words:
            continue
        parts = [part for token in tokens[index:] for part in token.split("/") if part]
        if all(NAME_TOKEN.match(part) or part.casefold() in NAME_JOINERS for part in parts):
            return " ".join(tokens[:index])
    return role


def _names_only(value: str, setting: _Setting) -> list[str]:
    """'Danske expats Jacob Hyllested-Vinge Mette Hyllested-Vinge Christian Geelan' -> ['Jacob Hyllested-Vinge',
    'Mette Hyllested-Vinge', 'Christian Geelan']: a label, then two or more names, each starting with a given name
    and at least two words long. Empty when the value does not read so."""
    tokens = value.split()
    start = next((i for i, token in enumerate(tokens) if _may_be_name(token) and is_given_name(token)), len(tokens))
    if not all(token.casefold() in setting.label_words or not _may_be_name(token) for token in tokens[:start]):
        return []
    names: list[list[str]] = []
    for token in tokens[start:]:
        if not (_may_be_name(token) or token in NAME_PARTICLES):
            return []
        if not names or len(names[-1]) >= 2 and is_given_name(token):
            names.append([token])
        else:
            names[-1].append(token)
    if len(names) < 2 or any(len(name) < 2 for name in names):
        return []
    return [" ".join(name) for name in names]


def _words(text: str) -> frozenset[str]:
    """The words of a text, folded, with the parts of hyphenated and slashed words besides the whole."""
    found = {word.casefold() for word in _WORD.findall(text)}
    return frozenset(found | {part for word in found for part in re.split(r"[-/]", word) if part})
