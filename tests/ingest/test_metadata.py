"""Title, year and type from the cleaned text, on the sample reports and on small examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.clean import clean_text
from ingest.metadata import detect_doc_type, detect_title, detect_year

_COMMITTEE = "Beskæftigelses- og Integrationsudvalgets"


@pytest.mark.parametrize(
    ("number", "title", "year", "doc_type"),
    [
        ("000", f"Rejserapport fra {_COMMITTEE} studietur til Boston og New York City", 2023, "rejserapport"),
        (
            "001",
            f"Erfaringsopsamling – {_COMMITTEE} studietur til New York og Washington DC den 3.-10. oktober 2014",
            2014,
            "rejserapport",
        ),
        ("002", "Forslag til studieture for BIU", None, "forslag"),
        ("003", "Internationalt arbejde i Københavns Kommune", 2021, "kortlaegning"),
        (
            "004",
            "Inspirationskatalog – Internationale tendenser og succesfulde eksempler fra hovedstæder og byer",
            2024,
            "katalog",
        ),
    ],
)
def test_sample_reports(
    report_text: Callable[[str], str], number: str, title: str, year: int | None, doc_type: str
) -> None:
    text = clean_text(report_text(number))
    assert detect_title(text) == title
    assert detect_year(text) == year
    assert detect_doc_type(detect_title(text), text) == doc_type


def test_title_skips_annex_labels_and_prefers_the_top_heading() -> None:
    text = "## Bilag 3\n\n# Referat af mødet\n\n## Indledning\n\nTekst."
    assert detect_title(text) == "Referat af mødet"


def test_title_from_an_all_caps_block_takes_the_case_the_text_uses() -> None:
    text = "UDKAST:\nSTUDIETUR TIL\nKØBENHAVNS KOMMUNE\n\nKøbenhavns Kommune sendte udvalget på studietur til Berlin."
    assert detect_title(text) == "Studietur til Københavns Kommune"


def test_short_title_takes_its_subtitle() -> None:
    assert detect_title("Notatudkast\n\nStrategi for international rekruttering\n\nTekst her.") == (
        "Notatudkast – Strategi for international rekruttering"
    )
    assert (
        detect_title("Et ganske almindeligt dokument om noget\n\nTekst.") == "Et ganske almindeligt dokument om noget"
    )
    assert detect_title("") == ""


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Referat\n\nMarts 2019\n\nUdvalget besluttede i 2017 at ...", 2019),
        ("Notat\n\n12-03-2022\n\nTekst om 2015.", 2022),
        ("Notat\n\nMødet blev holdt d. 4. maj 2018 i Rådhuset, hvor vi talte om en meget lang række emner.", 2018),
        ("Studietur til Berlin 2016\n\nTekst fra januar 2015.", 2016),
        ("Notat om beskæftigelse\n\nTekst uden datoer, men med 25 pct.", None),
    ],
)
def test_year(text: str, year: int | None) -> None:
    assert detect_year(text) == year


@pytest.mark.parametrize(
    ("title", "top", "doc_type"),
    [
        ("Rejserapport fra studieturen", "", "rejserapport"),
        ("Referat", "Opsamling fra studieturen til Oslo – referat af besøgene", "rejserapport"),
        ("Forslag til destinationer", "", "forslag"),
        ("Internationalt arbejde", "En kortlægning af det internationale arbejde", "kortlaegning"),
        ("Inspirationskatalog", "", "katalog"),
        ("Budget 2024", "Tal og tabeller", ""),
    ],
)
def test_doc_type(title: str, top: str, doc_type: str) -> None:
    assert detect_doc_type(title, top) == doc_type
