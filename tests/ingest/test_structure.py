"""Heading detection, readable case, sentence boundaries and section paths on small samples."""

from __future__ import annotations

from ingest.sections import merge_small_sections, split_sections
from ingest.structure import WEAK_LEVEL, find_headings
from studietur.text.casing import learn_case, readable_case
from studietur.text.sentences import sentence_spans


def _headings(text: str) -> dict[str, int]:
    lines = text.split("\n")
    return {lines[i]: heading.level for i, heading in find_headings(lines).items()}


def test_numbered_outline_but_not_numbered_lists() -> None:
    text = (
        "1. Indledning\n\nKøbenhavn har en lang tradition for internationalt samarbejde med andre byer.\n\n"
        "2 Internationalt arbejde\n\nTekst om arbejdet i forvaltningerne, som er fordelt på syv forvaltninger.\n\n"
        "2.1 Økonomiforvaltningen\n\nTekst om Økonomiforvaltningen og dens internationale kontor i Rådhuset.\n\n"
        "Program:\n1. Velkomst\n2. Præsentationsrunde\n3. Åben dialog"
    )
    assert _headings(text) == {"1. Indledning": 1, "2 Internationalt arbejde": 1, "2.1 Økonomiforvaltningen": 2}


def test_all_caps_headings_when_the_document_is_built_on_them() -> None:
    body = "Tekst om studieturen, der er lang nok til at være et rigtigt afsnit i rapporten."
    text = f"PROBLEM\n\n{body}\n\nSTUDIETUR I DANMARK\n\n{body}\n\nEUROPÆISK STUDIETUR\n\n{body}"
    assert _headings(text) == {"PROBLEM": 1, "STUDIETUR I DANMARK": 1, "EUROPÆISK STUDIETUR": 1}


def test_title_like_lines_need_text_after_them() -> None:
    body = "Toronto er kendt for sin succes med at kombinere økonomisk vækst og integration."
    text = (
        f"Toronto, Canada\n\n{body}\n\nAndreas Keil (A)\n\nHari Neupane (A)\n\nTidspunkt: Mandag\nAdresse: Milk Street"
    )
    assert _headings(text) == {"Toronto, Canada": WEAK_LEVEL}


def test_readable_case_learns_from_the_text() -> None:
    case = learn_case(["Vi besøgte Greyston Bakery og MIT i Boston.", "GREYSTON BAKERY"])
    assert readable_case("10. GREYSTON BAKERY I BOSTON", case) == "10. Greyston Bakery i Boston"
    assert readable_case("MIT MUSEUM", case) == "MIT museum"


def test_sentences_respect_danish_abbreviations() -> None:
    text = "Adm. dir. Birgitte Hansen deltog bl.a. i mødet kl. 11.00. Der var ca. 600 ansatte. Næste punkt!\n- Liste"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Adm. dir. Birgitte Hansen deltog bl.a. i mødet kl. 11.00.",
        "Der var ca. 600 ansatte.",
        "Næste punkt!",
        "- Liste",
    ]


def test_an_initial_ends_no_sentence() -> None:
    text = "Regional Director Cynthia Y. Brackett holder et oplæg. Det var godt."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Regional Director Cynthia Y. Brackett holder et oplæg.",
        "Det var godt.",
    ]


def test_section_paths_and_merging() -> None:
    text = (
        "# Rapport\n\n## 1. BESØG\n\nTidspunkt: Mandag\n\n### Referat\n\nLangt referat af besøget med mange ord i.\n\n"
        "### Baggrund\n\nKort.\n\n## 2. BESØG\n\nAndet besøg."
    )
    sections = split_sections(text, title="Rapport")
    assert [s.label for s in sections] == ["1. Besøg", "1. Besøg › Referat", "1. Besøg › Baggrund", "2. Besøg"]
    assert text[sections[0].start : sections[0].end] == "# Rapport\n\n## 1. BESØG\n\nTidspunkt: Mandag"
    merged = merge_small_sections(sections, lambda s: s.end - s.start < 45)
    assert [s.label for s in merged] == ["1. Besøg", "1. Besøg › Baggrund", "2. Besøg"]
    assert text[merged[0].start : merged[0].end].endswith("mange ord i.")
