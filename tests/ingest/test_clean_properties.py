"""Cleaning is idempotent, on arbitrary text and on text built from the pieces the reports are made of."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.clean import clean_text

_PIECES = [
    "be",
    "skæftigelse",
    "Beskæftigelses-",
    "og",
    "Integrationsudvalget",
    "EU-",
    "Støtte",
    "e-Estonia",
    "kom-",
    "binere",
    "København",
    "ÆØÅ",
    "æøå",
    "Tidspunkt",
    "Adresse",
    "2023",
    "12",
    "3",
    "kl.",
    "ca.",
    "bl.a.",
    "fx",
    "MØDE",
    "BOSTON",
    ".",
    ",",
    ":",
    ";",
    "?",
    "-",
    "–",
    "(",
    ")",
    '"',
    "'",
    "…",
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\n",
    "\n\n",
    "\n\n\n",
    "\t",
    "\t\t",
    "\r\n",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "\x07",
    "\f",
    "<b>",
    "</b>",
    "<u>",
    "</u>",
    "<li>",
    "<br>",
    "<p>",
    "</p>",
    '<ul style="x">',
    "<h2>",
    "</h2>",
    "<sup>",
    "</sup>",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&ndash;",
    "&amp;lt;b&amp;gt;",
    "&#230;",
    "**",
    "*",
    "#",
    "## ",
    "- ",
    "• ",
    "· ",
    "1. ",
    "4.1.2 ",
    "10.",
    "Indhold",
    "........ 7",
    "- 3** ",
    "Side 2 af 9",
    "o\u0308",
    "a\u030a",
    "e\u0301",
]

_danish_soup = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_danish_soup)
def test_clean_is_idempotent_on_report_like_text(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_is_idempotent_on_any_text(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=100, deadline=None)
@given(_danish_soup)
def test_clean_output_has_no_tabs_controls_or_long_blank_runs(text: str) -> None:
    cleaned = clean_text(text)
    assert "\t" not in cleaned and "\r" not in cleaned and "\n\n\n" not in cleaned
    assert all(ch == "\n" or ord(ch) >= 32 for ch in cleaned)
    assert cleaned == cleaned.strip()
