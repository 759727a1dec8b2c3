"""Facts about Danish and English that several readers need, defined once: months, weekdays, years, list markers,
abbreviations that do not end a sentence, function words, English forms of Danish place names, capitalised English
words that are not names, and the words of job titles and of people's names (particles, joining words) that tell a
name from a role.

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
# Danish weekday names to English, for English answers that give a day the reports write in Danish.
ENGLISH_WEEKDAYS: dict[str, str] = {
    "mandag": "Monday", "tirsdag": "Tuesday", "onsdag": "Wednesday", "torsdag": "Thursday", "fredag": "Friday",
    "lørdag": "Saturday", "søndag": "Sunday",
}  # fmt: skip
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")  # fmt: skip
YEAR = r"(?:19|20)\d{2}"
"""A year of the reports' era, as a pattern fragment (no groups)."""
YEAR_PATTERN = re.compile(rf"\b({YEAR})\b")

# List markers: a bullet character, or a number or a letter followed by "." or ")"; pattern fragments.
BULLET_CHARS = "-–•·▪◦●*"
BULLET = f"[{re.escape(BULLET_CHARS)}]"
NUMBER_MARKER = r"\d{1,3}[.)]"
LETTER_MARKER = r"[a-zæøå][.)]"
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

# Function words of Danish and English beside Snowball's Danish stop words (danish_stopwords.txt): pronouns,
# articles, auxiliaries, prepositions, particles, and the frame of a follow-up ("og hvad så med …", "and what about
# …"). They carry no content of their own: what a question is about is what is left without them
# (danish.is_function_word reads both lists).
FUNCTION_WORDS = frozenset(
    """andet andre begge bare dens dets dine dit egentlig enten fik fordi får gjorde gør heller hele hen henne hver
    hvert hvorfra hvorhen hvortil igen ingen intet jeres kan lige mens mon må måtte nej nogen nok omkring samme så
    uden vel vist vores about above after again all also am any because been before being between both but can
    could doing done during each either else even had having he here hers him his if into its just me more
    most much my neither no not now our ours she should so some such than that their theirs them then there these
    they those through too us very we whose would you your yours""".split()
)

# Words of job titles and of the names of organisations and their units, in English and Danish ("Deputy Director",
# "Head of Trade", "Human Services", "Chamber of Commerce", "kontorchef"). Written with a capital in a list of
# people, such a word belongs to someone's role or organisation, never to a person's name. A fact about the two
# languages, kept free of anything that names a particular organisation or place.
ROLE_WORDS = frozenset(
    """academy administration adviser advisor advocate affairs agency alliance ambassador analyst architect assistant
    associate association attaché attorney authority board bureau business center centre ceo cfo chair chairman
    chairperson chairwoman chamber chief cio city co-founder coach college commerce commission commissioner
    committee communication communications community consul consulate consultant coo coordinator corporation council
    councillor councilor counsel counsellor counselor cto culture department deputy designer developer development
    digital diplomacy director division economic economist economy editor education embassy employment engineer
    envoy executive fellow finance foundation founder fund general governor group head health housing hr human
    inclusion information initiative innovation inspector institute intern international journalist junior labor
    laboratory labour lead leader lecturer liaison manager mayor mentor ministry municipality national navigator
    network office officer operations opportunity organisation organization owner partner partnership partnerships
    policy president principal producer professor program programme programmes programs project protocol public
    regional relations reporter representative research researcher scholar school scientist secretariat secretary
    senior service services social specialist spokesperson staff state strategy superintendent supervisor teacher
    team technology trade trainee training trust university vice volunteer welfare worker workforce youth
    ambassadør borgmester chef direktør ejer formand forsker forvaltning fuldmægtig jobcenter journalist kommune
    konsul konsulent koordinator leder lektor medarbejder minister ministerium næstformand professor rådgiver
    rådmand sekretariat sekretær stifter styrelse udvalg universitet""".split()
)
# Endings of Danish compound titles ("kontorchef", "afdelingsleder", "chefkonsulent", "vicedirektør").
ROLE_ENDINGS = (
    "chef", "leder", "direktør", "konsulent", "rådgiver", "medarbejder", "sekretær", "koordinator", "konsul",
)  # fmt: skip
# Words of direction that make a region of the place after them ("North America", "Western Europe").
COMPASS_WORDS = frozenset("north south east west northern southern eastern western central nord syd øst vest".split())
# Lower-case particles inside a person's name ("Jan de Vries", "Sanne van den Berg", "Christian af Rosenborg").
NAME_PARTICLES = frozenset("af al bin da das de del della den der di dos du ibn la le ten ter van von zu".split())
# Lower-case words that join the words of a title or an organisation's name ("Head of Trade", "Center for
# Employment"): the capitalised word after one goes on with that title or name, it does not start a person's.
NAME_JOINERS = frozenset("of for and at in on the to & og i til ved fra med hos".split())


def is_role_word(word: str) -> bool:
    """Whether a word (any case) belongs to a job title or an organisation's name rather than to a person's name."""
    folded = word.casefold()
    return folded in ROLE_WORDS or folded.endswith(ROLE_ENDINGS)
