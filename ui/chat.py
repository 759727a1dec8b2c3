"""Chat handlers: ask with filters, keep each session's turns, open a cited passage in its document, feedback."""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.feedback import Rating, record_feedback
from assistant.service import MAX_QUESTION_CHARS, Assistant
from assistant.types import Answer
from ui.render import answer_html, document_html, error_html, message_html, question_html, sources_html
from vectorstore.errors import InputError, StudieturError
from vectorstore.types import Chunk, Filters

logger = logging.getLogger(__name__)

HISTORY_TURNS = 20
MAX_K = 20
EXAMPLES = [
    "Hvilke organisationer besøgte udvalget i Boston?",
    "Hvem deltog i studieturen til New York og Washington i 2014?",
    "Hvilke destinationer foreslås for en studietur i Danmark?",
    "Hvad er Greyston Bakerys motto?",
    "What is Greyston Bakery's hiring policy?",
]
UNEXPECTED = "Der opstod en uventet fejl. Prøv igen; fortsætter fejlen, så kontakt den ansvarlige for Studietur."
_REF = re.compile(r"^(\d{1,6}):(r?)(\d{1,3})$")


@dataclass(frozen=True)
class Turn:
    """One question of a session and its answer, or the message that replaced the answer."""

    number: int
    question: str
    answer: Answer | None = None
    error: str = ""


def messages(turns: list[Turn]) -> list[dict[str, str]]:
    """The chatbot's value, rebuilt from the session's turns (the chatbot is only a view of them)."""
    out = []
    for turn in turns:
        out.append({"role": "user", "content": question_html(turn.question)})
        content = answer_html(turn.answer, turn.number) if turn.answer else error_html(turn.error)
        out.append({"role": "assistant", "content": content})
    return out


class ChatHandlers:
    """The chat's event handlers over the shared assistant; each session's turns come in and go out as gr.State."""

    def __init__(self, bot: Assistant, feedback_path: Path) -> None:
        self.bot = bot
        self.feedback_path = feedback_path

    def ask(
        self,
        question: str,
        turns: list[Turn],
        docs: list[str] | None,
        year_from: int | None,
        year_to: int | None,
        doc_types: list[str] | None,
        k: float | None,
    ) -> tuple[Any, list[Turn], Any, str, Any]:
        """Answer one question; returns chat messages, turns, sources panel, question box and feedback status."""
        question = (question or "").strip()
        if not question:
            return gr.skip(), turns, gr.skip(), "", gr.skip()
        number = turns[-1].number + 1 if turns else 1
        turn = Turn(number, question, *_answer(self.bot, question, docs, year_from, year_to, doc_types, k))
        turns = [*turns, turn][-HISTORY_TURNS:]
        return messages(turns), turns, sources_html(turn.answer, number), "", ""

    def open_source(self, turns: list[Turn], evt: gr.EventData) -> tuple[str, Any, Any]:
        """A card or an [n] was clicked: the whole document with that passage marked, and that turn's sources."""
        ref = str(getattr(evt, "ref", ""))
        found = _find_passage(turns, ref)
        if found is None:
            logger.info("no passage for reference %r", ref)
            gone = message_html("Kilden hører til et svar, der ikke længere er i samtalen.", "error")
            return gone, gr.Accordion(open=True), gr.skip()
        turn, label, chunk, spans = found
        try:
            view = document_html(self.bot.document_text(chunk.doc), chunk, spans, label, ref)
        except StudieturError as exc:
            logger.warning("cannot show %s: %s", chunk.doc, exc)
            view = message_html(f"Dokumentet kan ikke vises: {exc}", "error")
        except Exception:
            logger.exception("showing %s failed", chunk.doc)
            view = message_html(UNEXPECTED, "error")
        panel = gr.Accordion(open=True, label=f"Dokument: {chunk.doc_title or chunk.doc}")
        return view, panel, sources_html(turn.answer, turn.number)

    def feedback_up(self, turns: list[Turn], comment: str) -> tuple[str, str]:
        """'Godt svar' under the chat (👍): rates the newest answer; returns the status and an emptied comment box."""
        return _store_feedback(self.feedback_path, _latest(turns), "up", comment)

    def feedback_down(self, turns: list[Turn], comment: str) -> tuple[str, str]:
        return _store_feedback(self.feedback_path, _latest(turns), "down", comment)

    def feedback_like(self, turns: list[Turn], comment: str, evt: gr.LikeData) -> tuple[str, str]:
        """The thumbs on a chat message: rates that message's answer."""
        index = evt.index if isinstance(evt.index, int) else evt.index[0]
        turn = turns[index // 2] if 0 <= index // 2 < len(turns) else None
        rating: Rating = "up" if evt.liked is True or evt.liked == "Like" else "down"
        return _store_feedback(self.feedback_path, turn, rating, comment)


def _answer(
    bot: Assistant,
    question: str,
    docs: list[str] | None,
    year_from: int | None,
    year_to: int | None,
    doc_types: list[str] | None,
    k: float | None,
) -> tuple[Answer | None, str]:
    if len(question) > MAX_QUESTION_CHARS:
        return None, f"Spørgsmålet er for langt ({len(question)} tegn); hold det under {MAX_QUESTION_CHARS} tegn."
    try:
        filters = choose_filters(bot, docs, year_from, year_to, doc_types)
        if filters is None:
            return None, "Ingen dokumenter er fra de valgte år. Ret årsfilteret, og spørg igen."
        passages = min(MAX_K, max(1, int(k))) if k else None
        return bot.ask(question, k=passages, filters=filters), ""
    except InputError as exc:
        return None, f"Spørgsmålet kan ikke besvares som det står: {exc}"
    except StudieturError as exc:
        logger.warning("answering %r failed: %s", question, exc)
        return None, f"Spørgsmålet kunne ikke besvares: {exc}"
    except Exception:
        logger.exception("answering %r failed", question)
        return None, UNEXPECTED


def choose_filters(
    bot: Assistant,
    docs: list[str] | None,
    year_from: int | None,
    year_to: int | None,
    doc_types: list[str] | None,
) -> Filters | None:
    """Filters for the chosen documents, year range and types; None when no document is from those years."""
    years: tuple[int, ...] = ()
    if year_from or year_to:
        low = int(year_from) if year_from else -math.inf
        high = int(year_to) if year_to else math.inf
        present = sorted({r.year for r in bot.documents() if r.year is not None})
        years = tuple(y for y in present if low <= y <= high)
        if not years:
            return None
    return Filters(docs=tuple(docs or ()), years=years, doc_types=tuple(doc_types or ()))


def _find_passage(turns: list[Turn], ref: str) -> tuple[Turn, str, Chunk, tuple[tuple[int, int], ...]] | None:
    match = _REF.match(ref)
    if not match:
        return None
    number, related, n = int(match.group(1)), bool(match.group(2)), int(match.group(3))
    turn = next((t for t in turns if t.number == number and t.answer), None)
    if turn is None or turn.answer is None:
        return None
    if related:
        passage = next((p for p in turn.answer.related if p.rank == n), None)
        return (turn, "~ måske relateret", passage.chunk, ()) if passage else None
    citation = next((c for c in turn.answer.citations if c.n == n), None)
    return (turn, f"[{n}]", citation.passage.chunk, citation.highlights) if citation else None


# --- feedback ---------------------------------------------------------------------------------


def _latest(turns: list[Turn]) -> Turn | None:
    return next((t for t in reversed(turns) if t.answer), None)


def _store_feedback(path: Path, turn: Turn | None, rating: Rating, comment: str) -> tuple[str, str]:
    if turn is None or turn.answer is None:
        return message_html("Der er endnu ikke et svar at give feedback på.", "error"), comment
    try:
        record_feedback(path, question=turn.question, answer=turn.answer, rating=rating, comment=comment or "")
    except InputError as exc:
        return message_html(f"Feedbacken blev ikke gemt: {exc}", "error"), comment
    except Exception:
        logger.exception("storing feedback in %s failed", path)
        return message_html("Feedbacken kunne ikke gemmes. Prøv igen.", "error"), comment
    verdict = "godt" if rating == "up" else "dårligt"
    return message_html(f"Tak! Din vurdering ({verdict} svar) af svar {turn.number} er gemt.", "ok"), ""


# --- filters ----------------------------------------------------------------------------------


def pick_example(evt: gr.SelectData) -> str:
    value = evt.value
    return str(value.get("text", "")) if isinstance(value, dict) else str(value)


def filter_updates(bot: Assistant) -> tuple[Any, Any, Any, Any]:
    """Choices for the document, year and type filters from what is in the index now (selections reset)."""
    records = bot.documents()
    docs = [(f"{r.title} ({r.year})" if r.year else r.title, r.doc) for r in records]
    years = sorted({r.year for r in records if r.year is not None})
    types = sorted({r.doc_type for r in records if r.doc_type})
    return (
        gr.Dropdown(choices=docs, value=[]),
        gr.Dropdown(choices=years, value=None),
        gr.Dropdown(choices=years, value=None),
        gr.Dropdown(choices=types, value=[]),
    )
