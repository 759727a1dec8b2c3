"""The chat in a real browser over the sample reports: answers, source cards, the document view, escaping."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from assistant.feedback import read_feedback
from assistant.service import Assistant
from ui.examples import example_questions

pytestmark = pytest.mark.browser
logger = logging.getLogger(__name__)

BOSTON_TITLE = "Rejserapport fra Beskæftigelses- og Integrationsudvalgets studietur til Boston og New York City"


def _ask(tab: Any, question: str) -> float:
    """Type a question, send it, wait for the answer's bubble; returns the seconds it took."""
    page = tab.page
    answers = page.locator("#chat .msg-answer, #chat .msg-error")
    before = answers.count()
    started = time.perf_counter()
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    expect(answers).to_have_count(before + 1)
    return time.perf_counter() - started


def _words(text: str) -> str:
    return " ".join(text.split())


def test_question_is_answered_with_source_cards(tab: Any, sample_url: str) -> None:
    page = tab.page
    page.goto(sample_url)
    expect(page.locator("#question textarea")).to_be_visible()
    tab.shot("empty-chat")
    seconds = _ask(tab, "Hvad er Greyston Bakerys motto?")
    logger.info("first answer in the browser after %.2f s", seconds)

    answer = page.locator("#chat .msg-answer").last
    expect(answer).to_contain_text("Greyston Bakery")
    expect(answer.locator("a.cite").first).to_have_text(re.compile(r"\[\d+\]"))
    expect(answer.locator(".timings")).to_contain_text("i alt")
    cards = page.locator("#sources .source-card")
    expect(cards.first).to_be_visible()
    expect(cards.locator(".source-title", has_text=BOSTON_TITLE).first).to_be_visible()
    expect(cards.locator("mark.support").first).to_be_visible()
    tab.shot("answer-with-sources")
    assert tab.errors == []


def test_citation_opens_the_whole_document_at_the_passage(tab: Any, sample_url: str) -> None:
    page = tab.page
    page.goto(sample_url)
    _ask(tab, "Hvad er Greyston Bakerys motto?")
    card = page.locator('#sources .source-card[data-ref$=":1"]')
    expect(card).to_be_visible()
    cited = _words(card.locator(".source-text").inner_text())

    page.locator("#chat .msg-answer a.cite").first.click()
    focus = page.locator("#doc-view mark#passage-focus")
    expect(focus).to_be_visible()
    expect(focus.locator("mark.support").first).to_be_visible()
    expect(focus).to_be_in_viewport()
    assert _words(focus.inner_text()) == cited
    doc_text = _words(page.locator("#doc-view .doc-text").inner_text())
    assert len(doc_text) > 3 * len(cited), "the view shows the whole document, not only the passage"
    expect(page.locator("#doc-view .doc-title")).to_have_text(BOSTON_TITLE)
    tab.shot("document-view")

    # a card opens the document too, at its own passage
    page.evaluate("window.scrollTo(0, 0)")
    second = page.locator("#sources .source-card").nth(1)
    second_text = _words(second.locator(".source-text").inner_text())
    second.click()
    expect(page.locator("#doc-view .doc-meta")).to_contain_text("kilde [2]")
    expect(focus).to_be_in_viewport()
    assert _words(focus.inner_text()) == second_text
    tab.shot("document-view-card")
    assert tab.errors == []


_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s")


def test_report_headings_show_as_headings_without_their_marks(tab: Any, sample_url: str) -> None:
    page = tab.page
    page.goto(sample_url)
    _ask(tab, "Hvad er Greyston Bakerys motto?")
    texts = page.locator("#sources .source-card .source-text").all_inner_texts()
    assert texts and not [line for text in texts for line in text.splitlines() if _HEADING_MARKS.match(line)]
    heading = page.locator("#sources .source-text .md-heading").first
    expect(heading).to_be_visible()
    assert int(heading.evaluate("(el) => getComputedStyle(el).fontWeight")) >= 600
    tab.shot("card-headings")

    page.locator("#sources .source-card").first.click()
    expect(page.locator("#doc-view mark#passage-focus")).to_be_visible()
    document = page.locator("#doc-view .doc-text")
    assert not [line for line in document.inner_text().splitlines() if _HEADING_MARKS.match(line)]
    expect(document.locator(".md-heading", has_text="PRAKTISKE OPLYSNINGER")).to_have_count(1)
    assert tab.errors == []


def test_a_refusal_says_why_under_the_answer(tab: Any, sample_url: str) -> None:
    page = tab.page
    page.goto(sample_url)
    _ask(tab, "Hvem mødte udvalget i Chicago, og hvad fortalte de om beskæftigelse?")
    expect(page.locator("#chat .msg-answer").last).to_contain_text("Det fremgår ikke af rapporterne")
    expect(page.locator("#chat .answer-reason").last).to_have_text("Rapporterne nævner ikke Chicago.")
    tab.shot("refusal-reason")
    assert tab.errors == []


def test_refusal_shows_related_passages_and_questions_are_escaped(tab: Any, sample_url: str) -> None:
    page = tab.page
    page.goto(sample_url)
    question = 'Hvad koster en pizza margherita i Rom? <img src=x onerror="window.__xss=1"><b>fed</b>'
    _ask(tab, question)
    expect(page.locator("#chat .msg-question").last).to_have_text(question)
    expect(page.locator("#sources .sources-note")).to_contain_text("indeholder ikke svaret")
    expect(page.locator("#sources .related-head")).to_have_text("Måske relateret")
    expect(page.locator('#sources .source-card[data-ref*=":r"]').first).to_be_visible()
    assert page.evaluate("window.__xss") is None
    assert page.locator("#chat b").count() == 0
    tab.shot("refusal")
    assert tab.errors == []


def test_example_question_and_feedback(tab: Any, sample_url: str, sample_assistant: Assistant) -> None:
    page = tab.page
    page.goto(sample_url)
    question = example_questions(sample_assistant.catalogue)[-1]
    page.get_by_text(question, exact=True).click()
    expect(page.locator("#chat .msg-answer")).to_contain_text(sample_assistant.ask(question).text.splitlines()[0])
    page.locator("#comment textarea").fill("Præcist svar")
    page.locator("#thumbs-up").click()
    expect(page.locator("#feedback-status")).to_contain_text("er gemt")
    expect(page.locator("#comment textarea")).to_have_value("")
    tab.shot("feedback")
    stored = read_feedback(sample_assistant.settings.paths.index_dir / "feedback.jsonl")
    assert stored[-1]["rating"] == "up" and stored[-1]["comment"] == "Præcist svar"
    assert stored[-1]["question"] == question and stored[-1]["citations"]
    assert tab.errors == []
