"""Does the evidence hold what the question asks for? Checks a retriever's similarity score cannot make.

Dense similarity rewards passages on the right topic even when the asked-for fact is missing (the address of a
place the reports only name, a cost they never give, a city they never mention). Two checks catch most of these:
every name in the question must occur in the passages read, and a question asking for an address, an amount, a
count, a date (a day when the question asks for one), a frequency, a share, a person by name, a phone number,
an e-mail address or lodging must get answer sentences that hold one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from studietur.core.types import Language
from studietur.text.danish import fold

_NAME_RUN = re.compile(r"(?:[A-ZÆØÅÄÖÜ][\w&.-]*|[A-ZÆØÅ]{2,})(?:\s+(?:[A-ZÆØÅÄÖÜ][\w&.-]*|of|for|de|la|du|van))*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_COMPOUND_TAIL = re.compile(r"-[a-zæøå]\w*$")  # "USA-turen", "EU-midler": the name is the head
_TRAILING_SMALL = re.compile(r"(?:\s+(?:of|for|de|la|du|van))+$")
# English words written with a capital that are not names (mapped to ""), and English forms of names the reports
# write in Danish.
_NOT_NAMES_EN = (
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday danish swedish norwegian finnish german dutch british english "
    "estonian french american european nordic city council committee mayor municipality administration "
    "department the i"
)
_EXONYMS = (
    "copenhagen:københavn denmark:danmark sweden:sverige norway:norge germany:tyskland netherlands:holland "
    "estonia:estland belgium:belgien flanders:flandern gothenburg:göteborg jutland:jylland zealand:sjælland "
    "funen:fyn greenland:grønland lisbon:lissabon brussels:bruxelles vienna:wien munich:münchen rome:rom "
    "europe:europa america:amerika scandinavia:skandinavien us:usa"
)
_ENGLISH_TO_DANISH = {word: "" for word in _NOT_NAMES_EN.split()} | dict(pair.split(":") for pair in _EXONYMS.split())
# Capitalised English words of a translated institution name ("Technical and Environmental Administration").
_ENGLISH_WORD = re.compile(r"(?:al|ical|ive|ous|ary|tion|sion|ment|ship|ance|ence|ity|ies|ing)$")
_NOT_NAMES_DA = frozenset("jeg vi du de i hvad hvem hvor hvilke hvilken hvilket hvordan hvornår hvorfor".split())


class Kind(Enum):
    ADDRESS = "address"
    AMOUNT = "amount"
    COUNT = "count"
    DATE = "date"
    DAY = "day"
    EMAIL = "email"
    FREQUENCY = "frequency"
    LODGING = "lodging"
    PERSON = "person"
    PHONE = "phone"
    SHARE = "share"


_KIND_IN_QUESTION: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.PHONE, re.compile(r"\b(telefon\w*|tlf|phone\w*|ringe til)\b", re.I)),
    (Kind.EMAIL, re.compile(r"\b(e-?mail\w*|mailadresse\w*|mail address)\b", re.I)),
    (Kind.LODGING, re.compile(r"\b(hotel\w*|overnat\w*|boede|indkvarter\w*|stay(?:ed)? at|accommodation)\b", re.I)),
    (
        Kind.SHARE,
        re.compile(
            r"\b(hvor stor (?:en )?(?:andel|del|procentdel)|hvor mange procent|what (?:share|percentage|proportion))\b",
            re.I,
        ),
    ),
    (Kind.ADDRESS, re.compile(r"\b(adressen?|address)\b", re.I)),
    (Kind.FREQUENCY, re.compile(r"\b(hvor (?:tit|ofte|hyppigt)|how often|how frequently)\b", re.I)),
    (Kind.COUNT, re.compile(r"\b(hvor mange|antallet|how many|number of)\b", re.I)),
    (
        Kind.AMOUNT,
        re.compile(
            r"\b(kost(?:e|ede|er|ede)|prisen|beløbet|udgiften|udgifterne|betal(?:er|te)|costs?|cost of|price|spent|"
            r"pay|paid|fees?|how much money)\b",
            re.I,
        ),
    ),
    (
        Kind.DAY,
        re.compile(
            r"\b(hvilken dato|hvilke datoer|hvilken dag|hvilke dage|what dates?|which dates?|which days?)\b", re.I
        ),
    ),
    (Kind.DATE, re.compile(r"\b(hvornår|hvilket år|when|which year|what year)\b", re.I)),
    (
        Kind.PERSON,
        re.compile(
            r"\b(hvem holdt \w*oplæg\w*|kontaktperson\w*|oplægsholder\w*|ved navn|navnet på|by name|contact person|"
            r"who (?:spoke|presented|gave the \w+))\b",
            re.I,
        ),
    ),
)
# "Hvordan …"/"Why …" questions want an explanation, even when they name an amount or a date.
_EXPLANATION = re.compile(r"^\s*(hvordan|hvorfor|how(?! (?:much|many|often|frequently))|why)\b", re.I)
_MONTHS = (
    r"januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|january|february|"
    r"march|may|june|july|october"
)
_CAPITALISED = r"[A-ZÆØÅ][a-zæøåäöüé]+(?:-[A-ZÆØÅ][a-zæøåäöüé]+)?"
_WEEKDAYS = r"mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday|wednesday|thursday|friday"
_KIND_IN_ANSWER = {
    Kind.PHONE: re.compile(r"(?<![\w/.])\+?\d[\d ()-]{6,}\d(?![\w/.])"),
    Kind.EMAIL: re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    # Two or three capitalised words, perhaps with a middle initial: "Cynthia Y. Brackett", "Annegrethe Felter Rasmussen".
    Kind.PERSON: re.compile(rf"\b{_CAPITALISED}(?:\s+[A-ZÆØÅ]\.)?(?:\s+{_CAPITALISED}){{1,2}}\b"),
    Kind.LODGING: re.compile(r"\b(?:hotel\w*|hostel|inn|indkvarter\w*|overnat\w*|boede)\b", re.I),
    Kind.SHARE: re.compile(
        r"%|\b(?:pct|procent\w*|percent\w*|halvdel\w*|tredjedel\w*|fjerdedel\w*|half|third|quarter)\b|\d+ (?:ud af|af hver|out of) \d+",
        re.I,
    ),
    Kind.ADDRESS: re.compile(
        r"(?i:\b(?:adresse|address)\s*:\s*[^\n:]*\d)"
        r"|\b\d{1,5}\s+(?:[\w.'-]+\s+){0,4}?(?i:st|street|ave|avenue|road|rd|blvd|boulevard|place|plaza|square)\b"
        r"|\w+(?i:vej|gade|allé|plads|torv|stræde)\s+\d|\b[A-Z]{2}\s+\d{5}\b|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+"
    ),
    Kind.FREQUENCY: re.compile(
        r"\b(?:hver|hvert|gange?|sjældent|ofte|jævnligt|løbende|regelmæssigt|aldrig|årlig\w*|månedlig\w*|ugentlig\w*|"
        r"daglig\w*|kvartalsvis|halvårlig\w*|every|times?|once|twice|rarely|seldom|often|regularly|never|annual\w*|"
        r"yearly|monthly|weekly|daily|quarterly)\b",
        re.I,
    ),
    Kind.AMOUNT: re.compile(r"\b(?:kr|dkk|mio|mia|usd|eur|euro|kroner|dollars?|sek|nok)\b|[$€£]\s?\d|\d\s?[$€£]", re.I),
    Kind.COUNT: re.compile(
        r"\d|\b(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|tyve|hundrede|tusinde|one|two|three|"
        r"four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|dozens?)\b",
        re.I,
    ),
    Kind.DATE: re.compile(
        rf"\b(?:19|20)\d{{2}}\b|\d{{1,2}}[./]\s?\d{{1,2}}|\b(?:{_MONTHS}|{_WEEKDAYS})\b|\bkl\.", re.I
    ),
    Kind.DAY: re.compile(
        rf"\d{{1,2}}[./]\s?\d{{1,2}}|\b\d{{1,2}}\.?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b|\b(?:{_WEEKDAYS})\b",
        re.I,
    ),
}


_NAME_WORD = re.compile(r"\b([A-ZÆØÅ][a-zæøåäöüé]{2,}?)(?:s|'s|’s)?\b")  # group 1: without a genitive
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_NOT_A_COUNT = re.compile(
    r"\b(?:19|20)\d{2}\b|\d{1,2}[./]\s?\d{1,2}(?:[./]\d{2,4})?|\bkl\.\s*\d{1,2}(?:[.:]\d{2})?|\d{1,2}[.:]\d{2}"
    r"|^\s*\d+[.)]\s|\b\d+\.\s+(?:" + _MONTHS + r")",
    re.I | re.M,
)


def asked_kind(question: str) -> Kind | None:
    """The kind of fact the question asks for, when it is one we can recognise in an answer."""
    if _EXPLANATION.match(question):
        return None
    return next((kind for kind, pattern in _KIND_IN_QUESTION if pattern.search(question)), None)


def holds_kind(kind: Kind, texts: Sequence[str], question: str = "") -> bool:
    """A text holds the kind of fact: a number or a name the question gives itself ("Hvor mange deltog i 2020?") is
    no answer, and a year, a date, a clock time or a list number is no count."""
    pattern = _KIND_IN_ANSWER[kind]
    given = set(_NUMBER.findall(question))
    return any(pattern.search(_without(text, kind, given, question)) for text in texts)


def _named(question: str) -> set[str]:
    """The capitalised words of the question, lower-cased, with the Danish forms of English ones (Copenhagen:
    københavn): a name the question gives is no answer to who."""
    forms = {form for match in _NAME_WORD.finditer(question) for form in _forms(match)}
    return forms | {danish for form in forms if (danish := _ENGLISH_TO_DANISH.get(form))}


def _forms(match: re.Match[str]) -> set[str]:
    return {match.group().casefold(), match.group(1).casefold()}


def _without(text: str, kind: Kind, given: set[str], question: str) -> str:
    if kind is Kind.COUNT:
        text = _NOT_A_COUNT.sub(" ", text)
    if kind is Kind.PERSON:
        named = _named(question)
        text = _NAME_WORD.sub(lambda match: " " if _forms(match) & named else match.group(), text)
    if given:
        text = _NUMBER.sub(lambda match: " " if match.group() in given else match.group(), text)
    return text


def paragraph(text: str, start: int, end: int) -> str:
    """The line of `text` around [start, end): in these reports a line is a paragraph or a table row."""
    return text[text.rfind("\n", 0, start) + 1 : len(text) if (stop := text.find("\n", end)) < 0 else stop]


def names_in(names: Sequence[str], text: str) -> bool:
    return not missing_names(names, [text])


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
        if words and not (len(words) == 1 and words[0] in _NOT_NAMES_DA):
            names.append(" ".join(words))
    return names


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
