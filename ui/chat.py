"""Chat handlers: ask with filters, keep each session's turns, open a cited passage in its document, feedback."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.feedback import Rating, record_feedback
from assistant.service import MAX_QUESTION_CHARS, Assistant
from assistant.settings import checked_k
from studietur.core.errors import InputError, ModelError, StudieturError
from studietur.core.types import Answer, Chunk, Filters
from ui import model_status
from ui.render import (
    answer_html,
    document_html,
    draft_html,
    error_html,
    message_html,
    pending_html,
    question_html,
    sources_html,
    sources_pending_html,
)

logger = logging.getLogger(__name__)

HISTORY_TURNS = 20
MODES = [("Ekstraktiv", "extractive"), ("Generativ", "generative")]
NO_LLM_HINT = "Generativ kræver en konfigureret sprogmodel (llm.backend i settings.yaml)."
LLM_HINT = (
    "Ekstraktiv citerer rapporterne ordret. Generativ lader sprogmodellen skrive svaret ud fra passagerne; "
    "sætninger, kilderne ikke understøtter, fjernes."
)
UNEXPECTED = "Der opstod en uventet fejl. Prøv igen; fortsætter fejlen, så kontakt den ansvarlige for Studietur."
_REF = re.compile(r"^(\d{1,6}):(r?)(\d{1,3})$")


Outputs = tuple[Any, Any, Any, str, Any]  # chat messages, turns, sources panel, question box, feedback status


class _Unanswerable(Exception):
    """A question the chat refuses before asking the assistant; the message is shown as it is."""


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
        content = answer_html(turn.answer, turn.number, turn.question) if turn.answer else error_html(turn.error)
        out.append({"role": "assistant", "content": content})
    return out


def history(turns: list[Turn]) -> list[tuple[str, str]]:
    """The session's answered turns, oldest first, as the assistant reads them to make a follow-up standalone: each
    question as it was understood (so a follow-up of a follow-up builds on the full question) and its answer."""
    return [(t.answer.question or t.question, t.answer.text) for t in turns[-HISTORY_TURNS:] if t.answer]


def mode_switch(bot: Assistant) -> dict[str, Any]:
    """The answer-mode radio's settings: extractive by default, generative only when the assistant has an LLM."""
    can = bot.can_generate
    return {"value": "extractive", "interactive": can, "info": LLM_HINT if can else NO_LLM_HINT}


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
        mode: str | None = None,
    ) -> Iterator[Outputs]:
        """Answer one question, streaming: the question at once, a generative draft as it is written, then the final
        answer with its sources. Yields chat messages, turns, sources panel, question box and feedback status."""
        question = (question or "").strip()
        if not question:
            yield gr.skip(), turns, gr.skip(), "", gr.skip()
            return
        number = turns[-1].number + 1 if turns else 1
        asked = [*messages(turns), {"role": "user", "content": question_html(question)}]
        waiting = sources_pending_html()
        placeholder = pending_html(model_status.WAITING if model_status.loading(self.bot) else "")
        yield [*asked, {"role": "assistant", "content": placeholder}], gr.skip(), waiting, "", ""
        answer: Answer | None = None
        error, draft = "", ""
        try:
            for event in _events(self.bot, question, turns, FilterChoice(docs, year_from, year_to, doc_types), k, mode):
                if isinstance(event, Answer):
                    answer = event
                elif event:
                    draft += event
                    yield [*asked, {"role": "assistant", "content": draft_html(draft)}], gr.skip(), gr.skip(), "", ""
        except _Unanswerable as exc:
            error = str(exc)
        except InputError as exc:
            error = f"Spørgsmålet kan ikke besvares som det står: {exc}"
        except ModelError as exc:
            logger.warning("answering %r failed: %s", question, exc)
            error = model_status.failed_text(exc)
        except StudieturError as exc:
            logger.warning("answering %r failed: %s", question, exc)
            error = f"Spørgsmålet kunne ikke besvares: {exc}"
        except Exception:
            logger.exception("answering %r failed", question)
            error = UNEXPECTED
        if answer is None and not error:
            logger.error("the assistant gave no answer to %r", question)
            error = UNEXPECTED
        turn = Turn(number, question, answer, error)
        turns = [*turns, turn][-HISTORY_TURNS:]
        yield messages(turns), turns, sources_html(turn.answer, number), "", ""

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


@dataclass(frozen=True)
class FilterChoice:
    """What the chat's filter controls hold."""

    docs: list[str] | None
    year_from: int | None
    year_to: int | None
    doc_types: list[str] | None


def _events(
    bot: Assistant, question: str, turns: list[Turn], chosen: FilterChoice, k: float | None, mode: str | None
) -> Iterator[str | Answer]:
    """The assistant's stream for the question (draft text, then the Answer); refusals of the chat's own raised."""
    if len(question) > MAX_QUESTION_CHARS:
        raise _Unanswerable(
            f"Spørgsmålet er for langt ({len(question)} tegn); hold det under {MAX_QUESTION_CHARS} tegn."
        )
    filters = choose_filters(bot, chosen.docs, chosen.year_from, chosen.year_to, chosen.doc_types)
    if filters is None:
        raise _Unanswerable("Ingen dokumenter er fra de valgte år. Ret årsfilteret, og spørg igen.")
    passages = checked_k(int(k) if isinstance(k, float) and k.is_integer() else k)  # the slider sends 5.0
    yield from bot.ask_stream(question, k=passages, filters=filters, mode=mode, history=history(turns))


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
