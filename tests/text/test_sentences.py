"""One sentence splitter: chunking (sentence_spans) and answer units (split_units) cut tricky strings alike."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studietur.text.sentences import sentence_spans
from studietur.text.units import split_units

# Each case: a text, and its sentences. Every sentence is long enough to be an answer unit on its own.
CASES: list[tuple[str, list[str]]] = [
    ("Der var ca. 30 deltagere på turen. Alle kom hjem igen.", ["Der var ca. 30 deltagere på turen.", "Alle kom hjem igen."]),
    ("Udvalget besøgte bl.a. Boston og New York.", ["Udvalget besøgte bl.a. Boston og New York."]),
    ("Vi så f.eks. Oslo og Bergen. Næste dag rejste vi hjem.", ["Vi så f.eks. Oslo og Bergen.", "Næste dag rejste vi hjem."]),
    ("Projektet kostede 100 mio. kr. og sluttede i 2020.", ["Projektet kostede 100 mio. kr. og sluttede i 2020."]),
    ("Budgettet var på 20 mio. kr. Det var mere end ventet.", ["Budgettet var på 20 mio. kr.", "Det var mere end ventet."]),
    ("Budgettet udgør ca. 350 mio. DKK årligt.", ["Budgettet udgør ca. 350 mio. DKK årligt."]),
    ("Mødet sluttede kl. 16.00. Derefter var der middag.", ["Mødet sluttede kl. 16.00.", "Derefter var der middag."]),
    ("Mødet holdes d. 3. oktober kl. 10 i rådhuset.", ["Mødet holdes d. 3. oktober kl. 10 i rådhuset."]),
    ("Studieturen fandt sted 3. Oktober 2023 i Boston.", ["Studieturen fandt sted 3. Oktober 2023 i Boston."]),
    ("Antallet steg fra 40 til 55. Det er en stigning.", ["Antallet steg fra 40 til 55.", "Det er en stigning."]),
    ("Antallet steg kraftigt. 2023 var et rekordår.", ["Antallet steg kraftigt.", "2023 var et rekordår."]),
    ("Vi så skoler, jobcentre osv. Derefter spiste vi.", ["Vi så skoler, jobcentre osv.", "Derefter spiste vi."]),
    ("Adm. dir. Birgitte Hansen deltog i mødet.", ["Adm. dir. Birgitte Hansen deltog i mødet."]),
    (
        "Regional Director Cynthia Y. Brackett holder et oplæg. Det var et godt oplæg.",
        ["Regional Director Cynthia Y. Brackett holder et oplæg.", "Det var et godt oplæg."],
    ),
    ("Mødet blev ledet af H.C. Hansen fra udvalget.", ["Mødet blev ledet af H.C. Hansen fra udvalget."]),
    ("Han tøvede længe… Så gik han videre.", ["Han tøvede længe…", "Så gik han videre."]),
    ("Der var mange deltagere … og flere kom til.", ["Der var mange deltagere … og flere kom til."]),
    ('Han sagde: "Det virker godt." Derefter gik vi.', ['Han sagde: "Det virker godt."', "Derefter gik vi."]),
    ('Det var en god dag. "Vi kommer igen," sagde hun.', ["Det var en god dag.", '"Vi kommer igen," sagde hun.']),
    ("Temaet var »Vejen til job«. Det blev modtaget godt.", ["Temaet var »Vejen til job«.", "Det blev modtaget godt."]),
    ("1. Finans og økonomi er den største afdeling.", ["1. Finans og økonomi er den største afdeling."]),
    ("- a. Hvilke erfaringer har du med at flytte?", ["- a. Hvilke erfaringer har du med at flytte?"]),
    ("## 1. MØDE MED DANSKE EXPATS I BOSTON", ["## 1. MØDE MED DANSKE EXPATS I BOSTON"]),
    ("Planen er **vedtaget af bystyret.** Den gælder fra 2025.", ["Planen er **vedtaget af bystyret.**", "Den gælder fra 2025."]),
    ("Budgetstørrelse (DKK)\tCa. 47,6 mia.\tCa. 39,0 mia.", ["Budgetstørrelse (DKK)\tCa. 47,6 mia.\tCa. 39,0 mia."]),
    ("Mr. Smith met Dr. Jones at the office. The meeting was short.", ["Mr. Smith met Dr. Jones at the office.", "The meeting was short."]),
    ("The program started in Oct. 2019 and ended in 2021.", ["The program started in Oct. 2019 and ended in 2021."]),
]  # fmt: skip
IDS = [text[:40] for text, _ in CASES]
INLINE = [case for case in CASES if not case[0].startswith(("-", "#"))]  # a bullet or heading mark opens a line


@pytest.mark.parametrize(("text", "sentences"), CASES, ids=IDS)
def test_sentence_spans_cut_tricky_strings_right(text: str, sentences: list[str]) -> None:
    assert [text[start:end] for start, end in sentence_spans(text)] == sentences


@pytest.mark.parametrize(("text", "sentences"), CASES, ids=IDS)
def test_answer_units_are_the_same_sentences(text: str, sentences: list[str]) -> None:
    assert [unit.text for unit in split_units(text)] == sentences


@pytest.mark.parametrize(("text", "sentences"), INLINE, ids=[text[:40] for text, _ in INLINE])
def test_the_cuts_hold_inside_a_longer_text(text: str, sentences: list[str]) -> None:
    """With sentences before and after it on the same line, the case is cut the same way."""
    whole = f"Først kom indledningen. {text} Til sidst kom afslutningen."
    expected = ["Først kom indledningen.", *sentences, "Til sidst kom afslutningen."]
    assert [whole[start:end] for start, end in sentence_spans(whole)] == expected
    assert [unit.text for unit in split_units(whole)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([text for text, _ in CASES]), st.sampled_from([" ", "\n", "\n\n"]))))
def test_every_answer_unit_is_made_of_whole_sentences(pieces: list[tuple[str, str]]) -> None:
    """Lists join their introduction and short fragments their neighbour, but a unit never cuts a sentence."""
    text = "".join(piece + gap for piece, gap in pieces)
    spans = sentence_spans(text)
    starts, ends = {start for start, _ in spans}, {end for _, end in spans}
    for unit in split_units(text):
        assert unit.start in starts and unit.end in ends, unit
