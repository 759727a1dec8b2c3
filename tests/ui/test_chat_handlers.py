"""Chat handlers with a scripted fake assistant: filters, history trimming, errors that never kill the UI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest

from assistant.feedback import read_feedback
from assistant.settings import MAX_K, MIN_K
from studietur.core.errors import IndexStoreError
from studietur.core.types import Answer, Chunk, Citation, Filters, Passage
from ui.chat import HISTORY_TURNS, UNEXPECTED, ChatHandlers, Turn, choose_filters

DOC_TEXT = "Forord.\n\nGreyston Bakery bager brownies for at ansætte folk.\n\nSlut."


class FakeAssistant:
    """Answers from a script: an Answer, or an exception to raise; records the filters it was asked with."""

    can_generate = False
    embedder = None  # no model loading in the background: questions never wait for it

    def __init__(self, *replies: Answer | Exception) -> None:
        self.replies = list(replies)
        self.calls: list[tuple[str, int | None, Filters]] = []
        self.histories: list[list[tuple[str, str]]] = []

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        filters: Filters = Filters(),  # noqa: B008
        mode: str | None = None,
        history: list[tuple[str, str]] | None = None,
    ) -> Iterator[Answer]:
        self.calls.append((question, k, filters))
        self.histories.append(list(history or []))
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, Exception):
            raise reply
        yield reply

    def documents(self) -> list[Any]:
        return [SimpleNamespace(year=2014), SimpleNamespace(year=2023), SimpleNamespace(year=None)]

    def document_text(self, doc: str) -> str:
        return DOC_TEXT


def _answer(text: str = "Ifølge rapporterne:\n- Greyston Bakery bager brownies. [1]") -> Answer:
    passage_text = "Greyston Bakery bager brownies for at ansætte folk."
    start = DOC_TEXT.index(passage_text)
    chunk = Chunk("c-1", "r.txt", "Rapport", "Greyston", passage_text, 1, start, start + len(passage_text), "h", 2023)
    citation = Citation(1, Passage(chunk, 1.0, 1), ((0, 15),))
    return Answer("q", text, True, (citation,), "da", timings_ms={"total": 12.0})


def _handlers(bot: FakeAssistant, tmp_path: Path) -> ChatHandlers:
    return ChatHandlers(bot, tmp_path / "feedback.jsonl")  # type: ignore[arg-type]


def _ask(handlers: ChatHandlers, question: str, turns: list[Turn], **filters: Any) -> tuple[Any, ...]:
    """The handler's final outputs (it streams; the last yield is what stays on screen)."""
    values = {"docs": None, "year_from": None, "year_to": None, "doc_types": None, "k": 5, **filters}
    *_, final = handlers.ask(question, turns, **values)
    return final


def test_year_range_becomes_the_years_present() -> None:
    bot = FakeAssistant(_answer())
    assert choose_filters(bot, ["a.txt"], 2010, 2020, ["rejserapport"]) == Filters(  # type: ignore[arg-type]
        docs=("a.txt",), years=(2014,), doc_types=("rejserapport",)
    )
    assert choose_filters(bot, None, 2015, None, None) == Filters(years=(2023,))  # type: ignore[arg-type]
    assert choose_filters(bot, [], None, None, []) == Filters()  # type: ignore[arg-type]
    assert choose_filters(bot, [], 2030, 2040, []) is None  # type: ignore[arg-type]


def test_answer_goes_to_chat_sources_and_state(tmp_path: Path) -> None:
    bot = FakeAssistant(_answer())
    chat, turns, sources, question, status = _ask(_handlers(bot, tmp_path), "Hvad bager de?", [], k=3.0, year_from=2020)
    assert bot.calls == [("Hvad bager de?", 3, Filters(years=(2023,)))]
    assert [m["role"] for m in chat] == ["user", "assistant"]
    assert 'href="#kilde-1-1"' in chat[1]["content"] and 'data-ref="1:1"' in sources
    assert turns[0].number == 1 and question == "" and status == ""


def test_k_outside_the_shared_range_is_refused_before_asking(tmp_path: Path) -> None:
    bot = FakeAssistant(_answer())
    handlers = _handlers(bot, tmp_path)
    for k in (0.0, -3.0, MAX_K + 1.0, 2.5):
        chat, *_ = _ask(handlers, "Hvad bager de?", [], k=k)
        assert f"must be a whole number from {MIN_K} to {MAX_K}" in chat[1]["content"]
    assert bot.calls == []
    _ask(handlers, "Hvad bager de?", [], k=float(MAX_K))
    assert bot.calls == [("Hvad bager de?", MAX_K, Filters())]


def test_no_document_in_the_year_range_is_said_in_danish(tmp_path: Path) -> None:
    bot = FakeAssistant(_answer())
    chat, turns, *_ = _ask(_handlers(bot, tmp_path), "Hvad bager de?", [], year_from=2030, year_to=2031)
    assert bot.calls == [] and "Ingen dokumenter er fra de valgte år" in chat[1]["content"]


def test_errors_are_visible_messages(tmp_path: Path) -> None:
    bot = FakeAssistant(IndexStoreError("cannot open Chroma"), RuntimeError("boom"))
    handlers = _handlers(bot, tmp_path)
    chat, turns, *_ = _ask(handlers, "Første?", [])
    assert "Spørgsmålet kunne ikke besvares: cannot open Chroma" in chat[1]["content"]
    chat, turns, *_ = _ask(handlers, "Anden?", turns)
    assert UNEXPECTED in chat[3]["content"] and len(turns) == 2
    chat, turns, *_ = _ask(handlers, "x" * 2500, turns)
    assert "for langt (2500 tegn)" in chat[5]["content"]


def test_empty_question_changes_nothing(tmp_path: Path) -> None:
    bot = FakeAssistant(_answer())
    chat, turns, sources, question, status = _ask(_handlers(bot, tmp_path), "   ", [])
    assert bot.calls == [] and turns == [] and question == ""


def test_history_keeps_the_newest_turns(tmp_path: Path) -> None:
    handlers = _handlers(FakeAssistant(_answer()), tmp_path)
    turns: list[Turn] = []
    for i in range(HISTORY_TURNS + 5):
        chat, turns, *_ = _ask(handlers, f"Spørgsmål {i}", turns)
    assert len(turns) == HISTORY_TURNS and len(chat) == 2 * HISTORY_TURNS
    assert turns[0].question == "Spørgsmål 5" and turns[-1].number == HISTORY_TURNS + 5
    assert len(handlers.bot.histories[-1]) == HISTORY_TURNS  # type: ignore[attr-defined]


def test_earlier_turns_go_along_as_history_without_errors(tmp_path: Path) -> None:
    bot = FakeAssistant(_answer(), RuntimeError("boom"), _answer())
    handlers = _handlers(bot, tmp_path)
    turns: list[Turn] = []
    for question in ("Et?", "To?", "Tre?"):
        _, turns, *_ = _ask(handlers, question, turns)
    assert bot.histories == [[], [("q", _answer().text)], [("q", _answer().text)]]
    assert [t.error == "" for t in turns] == [True, False, True]


def test_the_question_shows_at_once_while_the_answer_is_sought(tmp_path: Path) -> None:
    first, *_, last = _handlers(FakeAssistant(_answer()), tmp_path).ask("Hvad bager de?", [], None, None, None, None, 5)
    chat, turns, sources, question, _ = first
    assert "Hvad bager de?" in chat[0]["content"] and "Søger i rapporterne" in chat[1]["content"]
    assert isinstance(turns, dict) and "når svaret er klar" in sources and question == ""  # turns: gr.skip()
    assert 'href="#kilde-1-1"' in last[0][1]["content"]


def test_open_source_shows_the_document_of_any_turn(tmp_path: Path) -> None:
    handlers = _handlers(FakeAssistant(_answer()), tmp_path)
    _, turns, *_ = _ask(handlers, "Et", [])
    _, turns, *_ = _ask(handlers, "To", turns)
    view, panel, sources = handlers.open_source(turns, gr.EventData(None, {"ref": "1:1"}))
    assert 'id="passage-focus" data-ref="1:1"><mark class="support">Greyston Bakery</mark>' in view
    assert "Forord." in view and "Slut." in view and 'data-ref="1:1"' in sources
    for bad in ("9:1", "1:7", "<script>", ""):
        view, *_ = handlers.open_source(turns, gr.EventData(None, {"ref": bad}))
        assert "ikke længere er i samtalen" in view


def test_feedback_on_the_newest_answer(tmp_path: Path) -> None:
    handlers = _handlers(FakeAssistant(_answer()), tmp_path)
    status, comment = handlers.feedback_up([], "hej")
    assert "endnu ikke et svar" in status and comment == "hej"
    _, turns, *_ = _ask(handlers, "Hvad bager de?", [])
    status, comment = handlers.feedback_down(turns, "For kort")
    assert "er gemt" in status and comment == ""
    like = gr.LikeData(None, {"index": 1, "value": "", "liked": True})
    handlers.feedback_like(turns, "", like)
    stored = read_feedback(tmp_path / "feedback.jsonl")
    assert [(e["rating"], e["comment"]) for e in stored] == [("down", "For kort"), ("up", "")]


@pytest.mark.parametrize("liked", [False, "Dislike"])
def test_dislike_on_a_message(tmp_path: Path, liked: object) -> None:
    handlers = _handlers(FakeAssistant(_answer()), tmp_path)
    _, turns, *_ = _ask(handlers, "Hvad bager de?", [])
    handlers.feedback_like(turns, "", gr.LikeData(None, {"index": 1, "value": "", "liked": liked}))
    assert read_feedback(tmp_path / "feedback.jsonl")[0]["rating"] == "down"
