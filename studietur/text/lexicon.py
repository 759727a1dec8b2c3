"""Facts about Danish and English that several readers need, defined once: months, weekdays, years, list markers,
abbreviations that do not end a sentence, English forms of Danish place names, and capitalised English words that
are not names.

Everything here is about the languages, never about a particular report: a word list naming things in the sample
reports does not belong here (or anywhere).
"""

from __future__ import annotations

import re

# Month names, Danish and English, and their usual abbreviations, to the month's number.
FULL_MONTHS: dict[str, int] = {
    "januar": 1, "january": 1, "februar": 2, "february": 2, "marts": 3, "march": 3, "april": 4, "maj": 5, "may": 5,
    "juni": 6, "june": 6, "juli": 7, "july": 7, "august": 8, "september": 9, "oktober": 10, "october": 10,
    "november": 11, "december": 12,
}  # fmt: skip
MONTHS: dict[str, int] = FULL_MONTHS | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sept": 9, "sep": 9, "okt": 10, "oct": 10,
    "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES = "|".join(sorted(FULL_MONTHS, key=len, reverse=True))
"""Alternation of the full month names, longest first, for use inside a pattern."""
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
"""Alternation of month names and abbreviations, longest first."""
WEEKDAYS = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
YEAR = r"(?:19|20)\d{2}"
"""A year of the reports' era, as a pattern fragment (no groups)."""
YEAR_PATTERN = re.compile(rf"\b({YEAR})\b")

# List markers: a bullet character, a number or a letter followed by "." or ")".
BULLET_CHARS = "-–•·▪◦●*"
BULLET = f"[{re.escape(BULLET_CHARS)}]"
NUMBER_MARKER = r"\d{1,3}[.)]"
LIST_MARKER = re.compile(rf"^(?:{BULLET}|{NUMBER_MARKER})\s+")
"""A list item's marker at the start of a line or unit, with the space after it."""

# Abbreviations that end no sentence: they stand before what they qualify ("ca. 30", "bl.a. Boston", "Adm. dir.
# Hansen", "kl. 16.00", "vha. digitale værktøjer"); lower case, without their final period. A single letter with a
# period ("Cynthia Y. Brackett", "H.C.", "d. 3. oktober", "s. 12") ends no sentence either: the splitter knows that.
ABBREVIATIONS = frozenset(
    """ca fx f.eks bl.a dvs mht jf evt inkl ekskl hhv pga nr kl pkt ift ifm vedr iht vha pr ang sml iflg alm adm dir
    tlf p.t mr mrs ms dr st prof ref vs fig kap vol no pp""".split()
)
# Abbreviations that often end a sentence: units after a number, "and so on", month abbreviations ("20 mio. kr. Det
# var mere end ventet.", "skoler, biblioteker mv. Alle ..."). Before a capitalised word they end one, not before a
# number ("okt. 2023", "stk. 2") nor a code in capitals ("350 mio. DKK").
CLOSING_ABBREVIATIONS = frozenset("kr mio mia mill pct stk osv mv m.m o.l m.fl etc".split()) | (
    MONTHS.keys() - FULL_MONTHS.keys()
)

# English names of places the reports write in Danish ("Copenhagen" is "København").
EXONYMS: dict[str, str] = dict(
    pair.split(":")
    for pair in """copenhagen:københavn denmark:danmark sweden:sverige norway:norge germany:tyskland
    netherlands:holland estonia:estland belgium:belgien flanders:flandern gothenburg:göteborg jutland:jylland
    zealand:sjælland funen:fyn greenland:grønland lisbon:lissabon brussels:bruxelles vienna:wien munich:münchen
    rome:rom europe:europa america:amerika scandinavia:skandinavien us:usa""".split()
)
# English words written with a capital that are not names: months, weekdays, nationalities, titles of offices.
ENGLISH_NOT_NAMES = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday danish swedish norwegian finnish german dutch british english
    estonian french american european nordic city council committee mayor municipality administration department
    the i""".split()
)
# Danish question words and pronouns that open a capitalised run without naming anything.
DANISH_NOT_NAMES = frozenset("jeg vi du de i hvad hvem hvor hvilke hvilken hvilket hvordan hvornår hvorfor".split())
