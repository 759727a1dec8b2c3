"""Structure-aware chunking: sections, limits, overlap, offsets, ids, and no loss (hypothesis)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.chunk import chunk_document
from ingest.clean import clean_text
from ingest.config import ChunkSettings

Checker = Callable[..., None]
TITLE = "Rapport om studieturen"
SAMPLE = clean_text(
    """# Rapport om studieturen

## Praktiske oplysninger

Studieturen foregik i oktober 2023 i Boston og New York.

## 1. BESØG HOS CITY OF BOSTON

Tidspunkt\tTirsdag 10/10 kl. 09.30-11.30
Adresse\tBoston City Hall, 1 City Hall Square

### Referat

Udvalget drøftede digital omstilling af den offentlige sektor. Boston har et stærkt fokus på inklusion. \
Der var også tale om veteraner, billige boliger og offentlig transport. Byen har det højeste skattetryk i USA. \
Pengene går særligt til uddannelse, sundhed og infrastruktur. Byen arbejder for at hjælpe udsatte familier ind i sport.

## 2. GREYSTON BAKERY

Tidspunkt\tTorsdag 12/10 kl. 16.00-17.00

### Referat

Greyston Bakery hyrer nye medarbejdere uden ansøgning og CV. Virksomheden har et pointsystem for adfærd.
"""
)


def _chunks(text: str, count_tokens: Callable[[str], int], **options: int):
    chunk_settings = ChunkSettings(**{"max_tokens": 350, "min_tokens": 0, "overlap_sentences": 1, **options})
    return chunk_document(
        "rapport.txt", text, chunk_settings, count_tokens, title=TITLE, year=2023, doc_type="rejserapport"
    )


def test_sections_follow_the_headings(count_tokens: Callable[[str], int], chunk_checker: Checker) -> None:
    chunks = _chunks(SAMPLE, count_tokens)
    assert [chunk.section for chunk in chunks] == [
        "Praktiske oplysninger",
        "1. Besøg hos City of Boston",
        "1. Besøg hos City of Boston › Referat",
        "2. Greyston Bakery",
        "2. Greyston Bakery › Referat",
    ]
    assert chunks[1].text == (
        "## 1. BESØG HOS CITY OF BOSTON\n\n"
        "Tidspunkt: Tirsdag 10/10 kl. 09.30-11.30\nAdresse: Boston City Hall, 1 City Hall Square"
    )
    assert all(chunk.doc_title == TITLE and chunk.year == 2023 and chunk.doc_type == "rejserapport" for chunk in chunks)
    chunk_checker(SAMPLE, chunks, 350, count_tokens)


def test_small_sections_merge_with_the_next_of_the_same_parent(
    count_tokens: Callable[[str], int], chunk_checker: Checker
) -> None:
    chunks = _chunks(SAMPLE, count_tokens, min_tokens=20)
    sections = [chunk.section for chunk in chunks]
    # The Greyston heading with one table row is small: it joins its own Referat, under the shared path.
    assert sections[-1] == "2. Greyston Bakery"
    assert chunks[-1].text.startswith("## 2. GREYSTON BAKERY") and chunks[-1].text.endswith("pointsystem for adfærd.")
    # Boston's Referat is small too, but the next section has another parent: it stays.
    assert "1. Besøg hos City of Boston › Referat" in sections
    chunk_checker(SAMPLE, chunks, 350, count_tokens)


def test_long_sections_split_at_sentences_with_overlap(
    count_tokens: Callable[[str], int], chunk_checker: Checker
) -> None:
    chunks = _chunks(SAMPLE, count_tokens, max_tokens=45)
    chunk_checker(SAMPLE, chunks, 45, count_tokens)
    referat = [chunk for chunk in chunks if chunk.section == "1. Besøg hos City of Boston › Referat"]
    assert len(referat) >= 3
    assert referat[0].text.startswith("### Referat\n\nUdvalget drøftede")
    for first, second in zip(referat, referat[1:], strict=False):
        assert second.char_start < first.char_end, "one sentence of overlap"
        assert re.search(r"[.!?]$", first.text) and second.text[0].isupper(), "never cut inside a sentence"
    sections = {chunk.section for chunk in chunks}
    assert all(chunk.text.count("##") <= 1 for chunk in chunks) and len(sections) >= 4


def test_no_overlap_when_asked_for_none(count_tokens: Callable[[str], int], chunk_checker: Checker) -> None:
    chunks = _chunks(SAMPLE, count_tokens, max_tokens=45, overlap_sentences=0)
    chunk_checker(SAMPLE, chunks, 45, count_tokens)
    assert all(second.char_start >= first.char_end for first, second in zip(chunks, chunks[1:], strict=False))


def test_a_sentence_longer_than_the_limit_is_cut_at_words(
    count_tokens: Callable[[str], int], chunk_checker: Checker
) -> None:
    text = "## Langt afsnit\n\n" + " ".join(f"ord{n}" for n in range(200)) + "."
    chunks = _chunks(text, count_tokens, max_tokens=40)
    chunk_checker(text, chunks, 40, count_tokens)
    assert len(chunks) > 3
    for chunk in chunks:
        assert text[chunk.char_start - 1 : chunk.char_start].strip() == "" or chunk.char_start == 0
        assert text[chunk.char_end : chunk.char_end + 1].strip() == ""


def test_a_chunk_knows_its_neighbours_ids(count_tokens: Callable[[str], int]) -> None:
    chunks = _chunks(SAMPLE, count_tokens, max_tokens=45)
    assert chunks[1].neighbour_ids() == [chunks[0].id, chunks[2].id]
    assert chunks[0].neighbour_ids(2) == [chunks[1].id, chunks[2].id]
    assert chunks[2].part == chunks[2].section.split(" › ")[0]


def test_a_table_that_fits_stays_in_one_chunk(count_tokens: Callable[[str], int], chunk_checker: Checker) -> None:
    rows = "\n".join(f"Række {n}\tVærdi nummer {n}" for n in range(8))
    text = clean_text("## Tabel\n\nIndledende tekst om tabellen her.\n\n" + rows + "\n\nAfsluttende tekst.")
    chunks = _chunks(text, count_tokens, max_tokens=80)
    chunk_checker(text, chunks, 80, count_tokens)
    holding = [chunk for chunk in chunks if "Række 0: Værdi nummer 0" in chunk.text]
    assert len(holding) == 1 and "Række 7: Værdi nummer 7" in holding[0].text


def test_pages_ids_and_hashes(count_tokens: Callable[[str], int], chunk_checker: Checker) -> None:
    text = "## Side et\n\nTekst på første side.\n\n## Side to\n\nTekst på anden side."
    pages = (0, text.index("## Side to"))
    chunk_settings = ChunkSettings(min_tokens=0)
    meta = {"title": "T", "year": None, "doc_type": ""}
    chunks = chunk_document("a.pdf", text, chunk_settings, count_tokens, **meta, page_starts=pages)
    assert [chunk.page for chunk in chunks] == [1, 2]
    text_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    assert [chunk.id for chunk in chunks] == [f"{text_id}-0000", f"{text_id}-0001"]
    assert all(chunk.content_hash == hashlib.sha256(chunk.embed_text().encode()).hexdigest()[:16] for chunk in chunks)
    renamed = chunk_document("b.pdf", text, chunk_settings, count_tokens, **meta, page_starts=pages)
    assert [chunk.id for chunk in renamed] == [chunk.id for chunk in chunks], "a rename does not change ids"
    assert all(chunk.page is None for chunk in chunk_document("a.txt", text, chunk_settings, count_tokens, **meta))


# --- property: any document of report-like pieces


_WORDS = st.sampled_from(
    "udvalget drøftede beskæftigelse København Boston borgere job og i med digital EU-støtte kl. 2023".split()
)
_SENTENCE = st.lists(_WORDS, min_size=1, max_size=30).map(lambda words: " ".join(words).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=1, max_size=8).map(" ".join)
_LIST = st.lists(_SENTENCE, min_size=1, max_size=6).map(lambda items: "\n".join(f"- {item}" for item in items))
_TABLE = st.lists(st.tuples(_WORDS, _SENTENCE), min_size=1, max_size=5).map(
    lambda rows: "\n".join(f"{a}\t{b}" for a, b in rows)
)
_HEADING = st.sampled_from(
    [
        "# Rapport",
        "## 1. BESØG I BOSTON",
        "## 2. BESØG I NEW YORK",
        "### Referat",
        "#### Baggrund",
        "PRAKTISKE OPLYSNINGER",
        "Kort titel",
    ]
)
_CONTENT = st.lists(st.one_of(_PARAGRAPH, _LIST, _TABLE), min_size=1, max_size=3).map("\n\n".join)
_SECTION = st.tuples(_HEADING, _CONTENT).map("\n\n".join)
_DOCUMENT = st.tuples(st.one_of(st.just(""), _CONTENT), st.lists(_SECTION, max_size=10)).map(
    lambda parts: "\n\n".join([parts[0], *parts[1]]).strip() or "Tom."
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    document=_DOCUMENT,
    max_tokens=st.integers(min_value=40, max_value=200),
    min_tokens=st.integers(min_value=0, max_value=60),
    overlap=st.integers(min_value=0, max_value=2),
)
def test_chunks_are_exact_slices_that_lose_nothing(
    count_tokens: Callable[[str], int],
    chunk_checker: Checker,
    document: str,
    max_tokens: int,
    min_tokens: int,
    overlap: int,
) -> None:
    text = clean_text(document)
    chunk_settings = ChunkSettings(max_tokens=max_tokens, min_tokens=min_tokens, overlap_sentences=overlap)
    chunks = chunk_document("x.txt", text, chunk_settings, count_tokens, title="Rapport", year=None, doc_type="")
    chunk_checker(text, chunks, max_tokens, count_tokens)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    pieces=st.lists(st.one_of(_HEADING, _PARAGRAPH, _LIST, _TABLE), min_size=1, max_size=25),
    max_tokens=st.integers(min_value=32, max_value=120),
)
def test_any_mix_of_pieces_keeps_slices_limit_and_coverage(
    count_tokens: Callable[[str], int], chunk_checker: Checker, pieces: list[str], max_tokens: int
) -> None:
    """Runs of bare headings may have to stand alone at tiny limits; nothing else gives."""
    text = clean_text("\n\n".join(pieces))
    chunks = chunk_document(
        "x.txt", text, ChunkSettings(max_tokens=max_tokens), count_tokens, title="R", year=None, doc_type=""
    )
    chunk_checker(text, chunks, max_tokens, count_tokens, headings_alone_ok=True)


def test_a_paragraph_introducing_a_list_goes_with_the_list(
    count_tokens: Callable[[str], int], chunk_checker: Checker
) -> None:
    items = "\n".join(f"{n}. Område nummer {n} med en ansvarlig ejer" for n in range(1, 6))
    text = clean_text(
        "## Klima\n\nByen har siden 2017 haft ressourcer centralt til klimaindsatsen på tværs af byen. "
        "Der er etableret en samarbejdsgruppe.\n\n"
        "I den seneste plan er der prioriteret fem områder. De fem områder omfatter:\n\n" + items
    )
    chunks = _chunks(text, count_tokens, max_tokens=90)
    chunk_checker(text, chunks, 90, count_tokens)
    holding = [chunk for chunk in chunks if "Område nummer 1" in chunk.text]
    assert holding and "De fem områder omfatter:" in holding[0].text
    assert holding[0].text.startswith("I den seneste plan"), "the whole introducing paragraph moves, not one sentence"
    assert not any(chunk.text.rstrip().endswith(":") for chunk in chunks)
