"""HTML rendering: everything from documents and users is escaped, supporting spans are marked."""

from __future__ import annotations

from dataclasses import replace

from studietur.core.types import Answer, Chunk, Citation, Passage
from ui.render import (
    answer_html,
    document_html,
    highlighted,
    locate,
    question_html,
    report_text,
    source_card,
    sources_html,
)

EVIL = '<script>alert("x")</script>'


def _chunk(text: str, *, title: str = "Rapport", section: str = "Afsnit", start: int = 0, doc: str = "r.txt") -> Chunk:
    return Chunk(
        id="c-0001",
        doc=doc,
        doc_title=title,
        section=section,
        text=text,
        position=1,
        char_start=start,
        char_end=start + len(text),
        content_hash="h",
        year=2023,
        page=4,
    )


def _answer(text: str, chunk: Chunk, spans: tuple[tuple[int, int], ...] = (), found: bool = True) -> Answer:
    passage = Passage(chunk=chunk, score=1.0, rank=1)
    citations = (Citation(1, passage, spans),) if found else ()
    related = () if found else (passage,)
    return Answer("q", text, found, citations, "da", related=related, timings_ms={"embed": 3.2, "total": 10.6})


def test_highlighted_escapes_and_marks_spans() -> None:
    text = "a <b> & c d"
    assert highlighted(text, [(2, 5)]) == 'a <mark class="support">&lt;b&gt;</mark> &amp; c d'


def test_highlighted_merges_overlaps_and_clips_out_of_range_spans() -> None:
    text = "0123456789"
    html = highlighted(text, [(6, 20), (2, 5), (3, 7), (-4, 1), (8, 8)])
    assert html == (
        '<mark class="support">0</mark>1<mark class="support">234</mark>'
        '<mark class="support">56</mark><mark class="support">789</mark>'
    )
    assert highlighted(text, []) == text


def _heading(level: int, inner: str) -> str:
    return f'<span class="md-heading md-h{level}" role="heading" aria-level="{level}">{inner}</span>'


def test_report_headings_lose_their_marks_and_keep_their_highlights() -> None:
    assert report_text("### Referat\n\n- Mødet.") == _heading(3, "Referat") + "\n\n- Mødet."
    text = "## Program <i>\nDag 1"
    assert report_text(text, [(3, 13)]) == (
        _heading(2, '<mark class="support">Program &lt;i</mark>&gt;') + "\n" + "Dag 1"
    )
    assert report_text(text, [(5, 16)]) == (  # a span across the end of the heading line
        _heading(2, 'Pr<mark class="support">ogram &lt;i&gt;</mark>') + '<mark class="support">\nD</mark>ag 1'
    )


def test_only_heading_marks_at_a_line_start_are_headings() -> None:
    for text in ("#hashtag", "Kurser i C# og Java", "####### syv", "5 # stk.\n #indrykket"):
        assert report_text(text) == highlighted(text, [])
    assert report_text("Et afsnit\n#### Tid og sted") == "Et afsnit\n" + _heading(4, "Tid og sted")


def test_cards_and_document_view_show_headings_without_marks() -> None:
    text = "# Rejserapport\n\nIndledning.\n\n## Program\n\nDag 1: Boston."
    passage = "## Program\n\nDag 1: Boston."
    chunk = _chunk(passage, start=text.index(passage))
    card = source_card("[1]", "1:1", Passage(chunk, 1.0, 1), [(12, 17)])
    assert "#" not in card and _heading(2, "Program") in card and '<mark class="support">Dag 1</mark>' in card
    view = document_html(text, chunk, [(12, 17)], "[1]", "1:1")
    assert "#" not in view
    assert _heading(1, "Rejserapport") in view
    assert f'data-ref="1:1">{_heading(2, "Program")}\n\n<mark class="support">Dag 1</mark>: Boston.</mark>' in view


def test_question_and_card_escape_document_and_user_text() -> None:
    assert EVIL not in question_html(EVIL) and "&lt;script&gt;" in question_html(EVIL)
    chunk = _chunk(f"tekst {EVIL}", title=f"Titel {EVIL}", section=f"Del {EVIL}", doc='x"><img src=x>.txt')
    card = source_card("[1]", '1:1"><b>', Passage(chunk, 1.0, 1), [(0, 5)])
    assert "<script>" not in card and "<img" not in card and "<b>" not in card
    assert card.count("&lt;script&gt;") == 3
    assert 'data-ref="1:1&quot;&gt;&lt;b&gt;"' in card
    assert "2023" in card and "side 4" in card


def test_card_of_an_ocr_passage_says_its_text_was_read_by_ocr() -> None:
    chunk = _chunk("Kære borger.")
    plain = source_card("[1]", "1:1", Passage(chunk, 1.0, 1), ())
    scanned = source_card("[1]", "1:1", Passage(replace(chunk, ocr=True), 1.0, 1), ())
    assert "OCR" not in plain
    assert ">OCR</span>" in scanned and "læst maskinelt (OCR)" in scanned


def test_answer_links_only_cited_markers_and_escapes_quotes() -> None:
    chunk = _chunk("Greyston Bakery bager brownies.")
    answer = _answer(f"Ifølge rapporterne:\n- {EVIL} bager [1]\n- se [7]", chunk)
    html = answer_html(answer, turn=3)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<a class="cite" href="#kilde-3-1"' in html
    assert "[7]" in html and "#kilde-3-7" not in html
    assert html.count("<li>") == 2
    assert "indlejring 3 ms" in html and "i alt 11 ms" in html


def test_sources_for_a_refusal_show_related_passages() -> None:
    chunk = _chunk("Noget andet.")
    html = sources_html(_answer("Det fremgår ikke af rapporterne.", chunk, found=False), turn=2)
    assert "Måske relateret" in html and 'data-ref="2:r1"' in html
    assert "Kilderne til svaret vises her" in sources_html(None)


def test_document_view_marks_the_passage_at_its_offsets() -> None:
    text = "Indledning <i>.\n\nGreyston Bakery har et motto.\n\nSlut."
    passage = "Greyston Bakery har et motto."
    chunk = _chunk(passage, start=text.index(passage))
    html = document_html(text, chunk, [(0, 15)], "[1]", "1:1")
    assert "&lt;i&gt;" in html and "<i>" not in html
    assert (
        '<mark class="passage-focus" id="passage-focus" data-ref="1:1"><mark class="support">Greyston Bakery</mark>'
        " har et motto.</mark>"
    ) in html
    assert html.index("Indledning") < html.index("passage-focus") < html.index("Slut.")


def test_document_view_finds_the_passage_when_offsets_are_stale() -> None:
    text = "Ny indledning.\n\nGreyston Bakery har et motto."
    chunk = _chunk("Greyston Bakery har et motto.", start=0)
    assert locate(text, chunk) == (16, len(text))
    moved = _chunk("Ikke i teksten.", start=0)
    assert locate(text, moved) is None
    html = document_html(text, moved, [], "[1]")
    assert "Filen er ændret siden indlæsningen" in html and "Ikke i teksten." in html
