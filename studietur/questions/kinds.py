"""The kinds of fact a question can ask for, each defined once: how a question asks for it and how a text holds it.

Dense similarity rewards passages on the right topic even when the asked-for fact is missing (the address of a
place the reports only name, a cost they never give): a question asking for an address, an amount, a count, a date
(a day when the question asks for one), a frequency, a share, a person by name, a phone number, an e-mail address
or lodging must get answer sentences that hold one. A question matching a catalogue intent asks for that intent's
kind (`studietur.questions.intents`), so "Hvor ligger X?" asks for an address whichever part answers it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import Enum

from studietur.text.given_names import is_given_name
from studietur.text.language import detect_language
from studietur.text.lexicon import ENGLISH_NOT_NAMES, EXONYMS, MONTH_NAMES, WEEKDAYS, YEAR


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


# How a question asks for each kind, tried in this order (the first match wins).
IN_QUESTION: tuple[tuple[Kind, re.Pattern[str]], ...] = (
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
_CAPITALISED = r"[A-ZÆØÅ][a-zæøåäöüé]+(?:-[A-ZÆØÅ][a-zæøåäöüé]+)?"

# How a text holds each kind.
IN_TEXT: dict[Kind, re.Pattern[str]] = {
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
    Kind.COUNT: re.compile(r"\d"),  # and the number words of the text's language (_NUMBER_WORDS)
    Kind.DATE: re.compile(rf"\b{YEAR}\b|\d{{1,2}}[./]\s?\d{{1,2}}|\b(?:{MONTH_NAMES}|{WEEKDAYS})\b|\bkl\.", re.I),
    Kind.DAY: re.compile(
        rf"\d{{1,2}}[./]\s?\d{{1,2}}|\b\d{{1,2}}\.?\s+(?:{MONTH_NAMES})\b|\b(?:{MONTH_NAMES})\s+\d{{1,2}}\b|\b(?:{WEEKDAYS})\b",
        re.I,
    ),
}

_PERSON_AT = re.compile(rf"(?=({IN_TEXT[Kind.PERSON].pattern}))")
_NAME_WORD = re.compile(r"\b([A-ZÆØÅ][a-zæøåäöüé]{2,}?)(?:s|'s|’s)?\b")  # group 1: without a genitive
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
# A year, a date, a clock time, a list number, an amount of money or a percentage is no count.
_NOT_A_COUNT = re.compile(
    rf"\b{YEAR}\b|\d{{1,2}}[./]\s?\d{{1,2}}(?:[./]\d{{2,4}})?|\bkl\.\s*\d{{1,2}}(?:[.:]\d{{2}})?|\d{{1,2}}[.:]\d{{2}}"
    rf"|^\s*\d+[.)]\s|\b\d+\.\s+(?:{MONTH_NAMES})"
    r"|[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:%|pct\b|procent|percent|mio\b|mia\b|mill\w*|kr\b|kroner|dkk|eur\b|euro|usd|dollars?|[$€£])",
    re.I | re.M,
)
# Number words count in their own language only ("to" is two in Danish, a preposition in English).
_NUMBER_WORDS = {
    "da": re.compile(r"\b(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|tyve|hundrede|tusinde)\b", re.I),
    "en": re.compile(
        r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|dozens?)\b", re.I
    ),
}
_ENGLISH_TO_DANISH = dict.fromkeys(ENGLISH_NOT_NAMES, "") | EXONYMS


def asked_kind(question: str, intent_kind: Kind | None = None) -> Kind | None:
    """The kind of fact the question asks for, when it is one we can recognise in an answer: the kind of the
    catalogue intent the question matches (`intent_kind`), else the first of IN_QUESTION that matches."""
    if _EXPLANATION.match(question):
        return None
    if intent_kind is not None:
        return intent_kind
    return next((kind for kind, pattern in IN_QUESTION if pattern.search(question)), None)


def holds_kind(kind: Kind, texts: Sequence[str], question: str = "") -> bool:
    """A text holds the kind of fact: a number or a name the question gives itself ("Hvor mange deltog i 2020?") is
    no answer; a year, a date, a clock time, a list number, an amount, a percentage or a number in an address is no
    count; and a person is named by a given name ("Cynthia Y. Brackett"; "Nordisk Ministerråd" names no one)."""
    given = set(_NUMBER.findall(question))
    return any(_holds(kind, _without(text, kind, given, question), text) for text in texts)


def _holds(kind: Kind, text: str, original: str) -> bool:
    pattern = IN_TEXT[kind]
    if kind is Kind.PERSON:  # every start, overlapping: "Regional Director Cynthia Y. Brackett"
        return any(is_given_name(match.group(1).split()[0]) for match in _PERSON_AT.finditer(text))
    if kind is Kind.COUNT:
        return bool(pattern.search(text) or _NUMBER_WORDS[detect_language(original)].search(text))
    return bool(pattern.search(text))


def _named(question: str) -> set[str]:
    """The capitalised words of the question, lower-cased, with the Danish forms of English ones (Copenhagen:
    københavn): a name the question gives is no answer to who."""
    forms = {form for match in _NAME_WORD.finditer(question) for form in _forms(match)}
    return forms | {danish for form in forms if (danish := _ENGLISH_TO_DANISH.get(form))}


def _forms(match: re.Match[str]) -> set[str]:
    return {match.group().casefold(), match.group(1).casefold()}


def _without(text: str, kind: Kind, given: set[str], question: str) -> str:
    if kind is Kind.COUNT:
        text = _NOT_A_COUNT.sub(" ", IN_TEXT[Kind.ADDRESS].sub(" ", text))
    if kind is Kind.PERSON:
        named = _named(question)
        text = _NAME_WORD.sub(lambda match: " " if _forms(match) & named else match.group(), text)
    if given:
        text = _NUMBER.sub(lambda match: " " if match.group() in given else match.group(), text)
    return text
