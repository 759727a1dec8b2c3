"""Each cleaning step on small Danish examples, and the composed `clean_text`."""

from __future__ import annotations

import re

import pytest

from ingest.clean import clean_text, normalize_unicode, normalize_whitespace, strip_emphasis
from ingest.clean_html import html_fragments_to_text
from ingest.clean_lines import join_broken_lines
from ingest.clean_tables import tables_to_text
from ingest.furniture import (
    remove_page_furniture,
    remove_repeated_lines,
    remove_repeated_navigation,
    repeated_page_lines,
)

# --- unicode and whitespace


def test_unicode_nfc_spaces_and_controls() -> None:
    decomposed = "Ko\u0308benhavn ha\u030a"  # o + diaeresis, a + ring above
    assert normalize_unicode(decomposed) == "Köbenhavn hå"
    assert normalize_unicode("kl.\u00a011.00\u202fi\u2009dag") == "kl. 11.00 i dag"
    assert normalize_unicode("be\u00adskæf\u200btigelse\x07\x00") == "beskæftigelse"
    assert normalize_unicode("linje 1\r\nlinje 2\rlinje 3\fside 2") == "linje 1\nlinje 2\nlinje 3\nside 2"
    assert normalize_unicode("Tidspunkt\tMandag") == "Tidspunkt\tMandag"


def test_whitespace_collapses_spaces_and_blank_lines() -> None:
    text = "  Første   linje  \n\n\n\n  anden linje \n"
    assert normalize_whitespace(text) == "Første linje\n\nanden linje"


def test_whitespace_keeps_table_cells() -> None:
    assert normalize_whitespace("  \tRegion \t  Europa\t\t") == "\tRegion\tEuropa\t\t"


# --- HTML fragments


def test_bold_field_label_followed_by_tab_becomes_label() -> None:
    text = "<b>Tidspunkt</b>\tMandag 9/10 kl. 11.00 - 12.00\n<b>Adresse:</b>\t50 Milk Street"
    assert html_fragments_to_text(text) == "Tidspunkt:\tMandag 9/10 kl. 11.00 - 12.00\nAdresse:\t50 Milk Street"


def test_inline_tags_go_and_entities_are_unescaped() -> None:
    text = "Mødet med <u>IDCK Boston</u> &amp; <i>MIT</i> på 149 <sup>th</sup> Street &ndash; kl.&nbsp;9"
    assert html_fragments_to_text(text) == "Mødet med IDCK Boston & MIT på 149 th Street – kl.\u00a09"


def test_list_items_and_breaks_become_lines() -> None:
    text = "Temaer:<ul><li>Digitalisering</li><li>Inklusion</li></ul>Slut<br/>Ny linje"
    lines = [line.strip() for line in html_fragments_to_text(text).split("\n") if line.strip()]
    assert lines == ["Temaer:", "- Digitalisering", "- Inklusion", "Slut", "Ny linje"]


def test_tags_inside_a_table_row_do_not_break_the_row() -> None:
    row = 'Amsterdam\t<ul style="list-style-type: none"> Byrum og økonomi <li>Social</li>\tSocial'
    converted = html_fragments_to_text(row)
    assert "\n" not in converted and converted.count("\t") == 2
    assert "Byrum og økonomi" in converted and "Social" in converted and "<" not in converted


def test_plain_angle_brackets_and_unknown_words_stay() -> None:
    assert html_fragments_to_text("3 < 5 og <Navn> & co") == "3 < 5 og <Navn> & co"


def test_script_blocks_are_dropped() -> None:
    assert html_fragments_to_text("før<script>var x = '<b>';</script>efter") == "førefter"


# --- page furniture


def test_lone_page_numbers_go() -> None:
    text = "Første afsnit.\n\n7\n\n- 8 -\nSide 9 af 12\nAndet afsnit med 2023 i."
    assert remove_page_furniture(text) == "Første afsnit.\n\n\nAndet afsnit med 2023 i."


def test_table_of_contents_with_tabs_and_its_title_go() -> None:
    text = "## Indhold\n\nOPSAMLING FRA BESØG\t2\n1. MØDE MED DANSKE EXPATS I BOSTON\t3\n3. CITY OF BOSTON\t7\n\n## 1. MØDE"
    assert remove_page_furniture(text).split() == ["##", "1.", "MØDE"]


def test_dot_leaders_and_number_first_entries_go() -> None:
    text = (
        "Indholdsfortegnelse\nIndledning ........ 3\nBaggrund . . . . 5\n"
        "- 3** Introduktion og baggrund\n- 45** Internationale cases\nTekst."
    )
    assert remove_page_furniture(text).strip() == "Tekst."


def test_table_with_numbers_is_not_a_table_of_contents() -> None:
    text = "Region\tEuropa\nAreal (km²)\t293\nBudgetstørrelse pr. indbygger (DKK)\t677"
    assert remove_page_furniture(text) == text


def test_repeated_page_headers_and_footers() -> None:
    bodies = [
        "Udvalget rejste til Boston.\nDer var møder.",
        "Så gik turen til New York.\nOg hjem.",
        "Referat af dagen.\nSlut.",
    ]
    pages = [f"Københavns Kommune\n{body}\nSide {n} af 3" for n, body in enumerate(bodies, start=1)]
    repeated = repeated_page_lines(pages)
    cleaned = [remove_repeated_lines(page, repeated) for page in pages]
    assert cleaned == bodies
    assert repeated_page_lines(pages[:1]) == frozenset()


def test_navigation_bars_go_but_single_repeated_headings_stay() -> None:
    tabs = "Digital transformation\n\nBæredygtighed\n\nUnderstøttelse af udsatte borgere\n\n"
    slides = [f"{tabs}Amsterdam | Tema {n}\n\nIndhold af slide {n} med en lang sætning." for n in range(4)]
    visits = "\n\n".join(f"## {n}. BESØG\n\nReferat\n\nTekst om besøg {n}." for n in range(5))
    cleaned = remove_repeated_navigation("\n\n".join(slides) + "\n\n" + visits)
    assert "Bæredygtighed" not in cleaned and "Digital transformation" not in cleaned
    assert cleaned.count("Referat") == 5 and "Amsterdam | Tema 3" in cleaned


# --- emphasis


def test_bold_markers_go_and_italic_pairs_lose_their_stars() -> None:
    assert strip_emphasis("### **Referat**\n- **Skattetryk.** Tekst") == "### Referat\n- Skattetryk. Tekst"
    assert strip_emphasis("se *bilag 2* og (*colleges, public schools*)") == "se bilag 2 og (colleges, public schools)"
    assert strip_emphasis("* Fodnote og 37.949*") == "* Fodnote og 37.949*"


# --- tables


def test_label_value_rows() -> None:
    text = "Intro.\nTidspunkt:\tMandag 9/10 kl. 11.00 - 12.00\nAdresse\t50 Milk Street\n\tResume: Top 3\nSlut."
    assert tables_to_text(text).split("\n") == [
        "Intro.",
        "Tidspunkt: Mandag 9/10 kl. 11.00 - 12.00",
        "Adresse: 50 Milk Street",
        "Resume: Top 3",
        "Slut.",
    ]


def test_wide_table_with_row_labels() -> None:
    text = "\tKøbenhavns Kommune\tOslo Kommune\nIndbyggere\tCa. 655.000\tCa. 695.000\nAreal (km²)\tCa. 90\t"
    assert tables_to_text(text).split("\n") == [
        "Indbyggere — Københavns Kommune: Ca. 655.000 | Oslo Kommune: Ca. 695.000",
        "Areal (km²) — Københavns Kommune: Ca. 90",
    ]


def test_wide_table_with_header_row() -> None:
    text = "Target\tMeasure\tOwner\nRen luft i 2050\tOverskridelser pr. år\tGLA\n\tAreal\tGLA/TfL"
    assert tables_to_text(text).split("\n") == [
        "Target: Ren luft i 2050 | Measure: Overskridelser pr. år | Owner: GLA",
        "Measure: Areal | Owner: GLA/TfL",
    ]


# --- broken words and lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("indsatsen for be-\nskæftigelses", "indsatsen for beskæftigelses"),
        ("mulighed for at kom-\n\nbinere flere", "mulighed for at kombinere flere"),
        ("under Beskæftigelses-\nog Socialforvaltningen", "under Beskæftigelses- og Socialforvaltningen"),
        ("både EU-\nStøtte og midler", "både EU-Støtte og midler"),
        ("med CV-\nhjælp", "med CV-hjælp"),
        ("borgere med ikke-\nvestlig baggrund", "borgere med ikke-vestlig baggrund"),
        ("perioden 2021-\n2024", "perioden 2021-2024"),
        (
            "Udvalget har bedt om forslag i den\n\nkommende periode.",
            "Udvalget har bedt om forslag i den kommende periode.",
        ),
        (
            "Der kan aflægges besøg hos\n\nMinistry of Economic Affairs",
            "Der kan aflægges besøg hos Ministry of Economic Affairs",
        ),
    ],
)
def test_joins(text: str, expected: str) -> None:
    assert join_broken_lines(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Beskæftigelses- og Integrationsudvalget, e-Estonia og EU-støtte",
        "Første afsnit slutter her.\n\nandet afsnit starter småt",
        "## PROBLEM\nudvalget har bedt om",
        "Temaer:\n- digitalisering\n- inklusion",
        "Program\n1. Velkomst\n2. Oplæg",
        "Punkt -\nNæste linje",
        "Tidspunkt: Mandag\nAdresse: 50 Milk Street",
        "Erfaringer fra Plan A\nNæste afsnit",
    ],
)
def test_kept_apart(text: str) -> None:
    assert join_broken_lines(text) == text


# --- composed


def test_clean_text_on_a_converted_fragment() -> None:
    raw = (
        "## 3. CITY OF BOSTON\r\n\r\n"
        "<b>Tidspunkt</b>\tTirsdag 10/10 kl. 09.30-11.30\n"
        "<b>Adresse</b>\tBoston City Hall, 1 City Hall Square\n"
        "<b>Eksterne</b>\t<u>City of Boston</u> James Colimon\n\n"
        "#### Fokus/formål\n\n"
        "Formål med mødet er at  udvalget kan drøfte be-\n\nskæftigelse med **byen**.\n\n\n\n"
        "12\n"
    )
    assert clean_text(raw) == (
        "## 3. CITY OF BOSTON\n\n"
        "Tidspunkt: Tirsdag 10/10 kl. 09.30-11.30\n"
        "Adresse: Boston City Hall, 1 City Hall Square\n"
        "Eksterne: City of Boston James Colimon\n\n"
        "#### Fokus/formål\n\n"
        "Formål med mødet er at udvalget kan drøfte beskæftigelse med byen."
    )


def test_no_hyphen_splits_left_in_the_proposals_report(report_text) -> None:
    cleaned = clean_text(report_text("002"))
    assert not re.search(r"[a-zæøå]-\n[a-zæøå]", cleaned)
    assert "kombinere en eller flere destinationer" in cleaned
    assert "e-Estonia Briefing Centre" in cleaned
    assert "Beskæftigelses- og Socialforvaltningen" in cleaned
