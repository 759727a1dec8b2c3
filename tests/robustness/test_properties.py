"""Properties of cleaning and chunking (hypothesis), beyond tests/ingest: real hyphens survive de-hyphenation,
joining lines loses no letter, page offsets point at their page's text, chunks fit the real tokenizer, and the
text steps take linear time on inputs that once made them quadratic."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from ingest.chunk import PREFIX_TOKENS, chunk_document
from ingest.clean import clean_text
from ingest.clean_lines import join_broken_lines
from ingest.config import ChunkSettings
from ingest.documents import LoadedDocument
from ingest.furniture import remove_repeated_lines, repeated_page_lines
from ingest.html_reader import html_to_text
from ingest.prepare import clean_document
from vectorstore.embedder import Embedder

LOWER = "abcdefghijklmnopqrstuvwxyzæøå"
UPPER = LOWER.upper()
_lower_word = st.text(LOWER, min_size=1, max_size=12)
_capital_word = st.tuples(st.sampled_from(UPPER), st.text(LOWER, max_size=10)).map("".join)
_acronym = st.text(UPPER, min_size=2, max_size=4)
_word = st.one_of(_lower_word, _capital_word, _acronym)
_SLOW_LIMIT_SECONDS = 20.0


# --- de-hyphenation ------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.lists(_word, min_size=1, max_size=4), _word, _word, st.lists(_word, min_size=1, max_size=4))
@example(["Rejsen", "gik", "til"], "Nord", "Amerika", ["i", "2014"])
@example(["et", "nyt"], "it", "system", ["til", "borgerne"])
def test_a_hyphen_inside_a_line_is_kept(left: list[str], first: str, second: str, right: list[str]) -> None:
    compound = f"{first}-{second}"
    text = f"{' '.join(left)} {compound} {' '.join(right)}."
    assert compound in join_broken_lines(text)
    assert compound in clean_text(text)


@settings(max_examples=300, deadline=None)
@given(_word, _capital_word)
@example("Nord", "Amerika")
@example("syd", "Afrika")
def test_a_hyphen_before_a_capital_at_a_line_break_is_kept(first: str, second: str) -> None:
    assert join_broken_lines(f"Turen gik til {first}-\n{second} i år.") == f"Turen gik til {first}-{second} i år."


@settings(max_examples=200, deadline=None)
@given(_acronym, _lower_word)
@example("EU", "støtte")
@example("CV", "hjælp")
def test_a_hyphen_after_an_acronym_at_a_line_break_is_kept(first: str, second: str) -> None:
    assert join_broken_lines(f"Der er {first}-\n{second} her.") == f"Der er {first}-{second} her."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nyt it-\nsystem", "nyt it-system"),
        ("en tv-\nudsendelse", "en tv-udsendelse"),
        ("ved pc-\narbejdspladsen", "ved pc-arbejdspladsen"),
        ("en hr-\nkonsulent", "en hr-konsulent"),
        ("borgere med ikke-\nvestlig baggrund", "borgere med ikke-vestlig baggrund"),
        ("send en e-\nmail", "send en e-mail"),
        ("Beskæftigelses-\nog Integrationsudvalget", "Beskæftigelses- og Integrationsudvalget"),
        ("perioden 2021-\n2024", "perioden 2021-2024"),
        ("indsatsen for be-\nskæftigelse", "indsatsen for beskæftigelse"),
    ],
)
def test_real_hyphens_at_line_breaks(text: str, expected: str) -> None:
    assert join_broken_lines(text) == expected


_line_soup = st.lists(
    st.one_of(_word, st.sampled_from(["-", " ", "\n", "\n\n", " - ", ".", "og", "1.", "# ", "- "])), max_size=60
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_line_soup)
def test_joining_lines_loses_no_letter(text: str) -> None:
    """Only whitespace and the hyphens of words split at a line end may go; every letter stays, in order."""
    joined = join_broken_lines(text)
    assert re.sub(r"[\s-]", "", joined) == re.sub(r"[\s-]", "", text)
    assert joined.count("-") >= text.count("-") - len(re.findall(r"-[ \t]*\n", text))


# --- offsets -------------------------------------------------------------------------------------------------

_page_text = st.lists(
    st.one_of(_word, st.sampled_from([" ", "\n", "\n\n", ". ", "12", "Side 2 af 9", "\t", "\u00ad", "<b>"])),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_page_text, min_size=1, max_size=6))
def test_page_starts_point_at_each_pages_text(pages: list[str]) -> None:
    loaded = LoadedDocument(path=None, text="\n\n".join(pages), pages=tuple(pages), kind="pdf")  # type: ignore[arg-type]
    cleaned, starts = clean_document(loaded)
    assert len(starts) == len(pages)
    assert list(starts) == sorted(starts) and all(0 <= s <= len(cleaned) for s in starts)
    repeated = repeated_page_lines(pages)
    for page, start in zip(pages, starts, strict=True):
        page_text = clean_text(remove_repeated_lines(page, repeated))
        assert cleaned[start : start + len(page_text)] == page_text


_report_soup = st.lists(
    st.one_of(
        _word,
        st.sampled_from(["## Program", "# Rapport", "Tidspunkt\tMandag kl. 9", "- punkt", ". ", " ", "\n", "\n\n"]),
    ),
    min_size=1,
    max_size=400,
).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_report_soup, max_tokens=st.integers(min_value=32, max_value=200))
def test_chunks_fit_the_real_tokenizer_and_lose_nothing(embedder: Embedder, text: str, max_tokens: int) -> None:
    cleaned = clean_text(text)
    assume(cleaned)
    chunks = chunk_document(
        "x.txt", cleaned, ChunkSettings(max_tokens=max_tokens), embedder.count_tokens, title="R", year=None, doc_type=""
    )
    covered = bytearray(len(cleaned))
    for chunk in chunks:
        assert cleaned[chunk.char_start : chunk.char_end] == chunk.text
        assert embedder.count_tokens(chunk.embed_text()) + PREFIX_TOKENS <= max_tokens
        covered[chunk.char_start : chunk.char_end] = b"\1" * len(chunk.text)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(cleaned))


# --- linear time ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "run"),
    [
        # Each took minutes before (quadratic); now about a second on a shared two-core machine.
        ("50,000 unclosed <script> in text", lambda: clean_text("<script>" * 50_000)),
        ("30,000 lowercase lines joined into one", lambda: clean_text("udvalget besøgte en virksomhed\n" * 30_000)),
        ("20,000 hyphenated line ends", lambda: clean_text("ord-\n" * 20_000)),
        ("HTML with 20,000 paragraphs", lambda: html_to_text("<div>" + "<p>afsnit</p>" * 20_000 + "</div>")),
        ("HTML nested 40,000 deep", lambda: html_to_text("<div>" * 40_000 + "tekst" + "</div>" * 40_000)),
        ("HTML tables nested 2,000 deep", lambda: html_to_text("<table><tr><td>" * 2_000 + "celle")),
    ],
)
def test_text_steps_take_linear_time(name: str, run: object) -> None:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    assert seconds < _SLOW_LIMIT_SECONDS, f"{name}: {seconds:.1f} s"
