"""HTML for chat messages, source cards and the document view; every text from documents or users is escaped."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from html import escape

from assistant.reasons import reason_text
from studietur.core.types import Answer, Chunk, Passage

logger = logging.getLogger(__name__)

Spans = Sequence[tuple[int, int]]

TIMING_LABELS = (
    ("embed", "indlejring"),
    ("bm25", "BM25"),
    ("dense", "vektorsøgning"),
    ("fusion", "fusion"),
    ("answer", "svar"),
    ("total", "i alt"),
)
_MARKER = re.compile(r"\[(\d{1,3})\]")
_NOT_WORD = re.compile(r"\W+")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(?=\S)", re.MULTILINE)  # a Markdown heading's marks, as the reports keep them
FALLBACK_NOTES = {
    "llm-error": "Sprogmodellen kunne ikke svare; svaret er i stedet sætninger fra rapporterne.",
    "unverified": "Sprogmodellens svar kunne ikke efterprøves i kilderne; svaret er i stedet sætninger fra rapporterne.",
}


def highlighted(text: str, spans: Spans, mark_class: str = "support", start: int = 0, end: int | None = None) -> str:
    """text[start:end], escaped, with the spans (offsets into `text`) wrapped in <mark>; overlaps are clipped, spans
    kept in range."""
    end = len(text) if end is None else end
    parts: list[str] = []
    cursor = start
    for low, high in sorted(spans):
        low, high = max(low, cursor), min(high, end)
        if low >= high:
            continue
        parts.append(escape(text[cursor:low]))
        parts.append(f'<mark class="{mark_class}">{escape(text[low:high])}</mark>')
        cursor = high
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def report_text(text: str, spans: Spans = (), start: int = 0, end: int | None = None) -> str:
    """As `highlighted`, with each Markdown heading line of the reports ("### Referat") shown as a heading, without
    its marks. Headings are found in the whole text, so a range that starts at a line start sees one there."""
    end = len(text) if end is None else end
    parts: list[str] = []
    cursor = start
    for match in _HEADING.finditer(text, start, end):
        line_end = text.find("\n", match.end(), end)
        line_end = end if line_end < 0 else line_end
        level = len(match.group(1))
        parts.append(highlighted(text, spans, start=cursor, end=match.start()))
        parts.append(
            f'<span class="md-heading md-h{level}" role="heading" aria-level="{level}">'
            f"{highlighted(text, spans, start=match.end(), end=line_end)}</span>"
        )
        cursor = line_end
    parts.append(highlighted(text, spans, start=cursor, end=end))
    return "".join(parts)


# --- chat messages ----------------------------------------------------------------------------


def question_html(question: str) -> str:
    return f'<div class="msg-question">{escape(question)}</div>'


def error_html(message: str) -> str:
    return f'<div class="msg-error">⚠️ {escape(message)}</div>'


def pending_html(note: str = "") -> str:
    """The placeholder while an answer is made; `note` says why it may take longer (e.g. the model still loads)."""
    extra = f'<div class="answer-note">{escape(note)}</div>' if note else ""
    return f'<div class="msg-pending">Søger i rapporterne …{extra}</div>'


def draft_html(text: str) -> str:
    """A generated answer while it is written: plain escaped text, not yet checked against the sources."""
    return (
        f'<div class="msg-draft"><div class="draft-text">{escape(text.strip())}</div>'
        '<div class="answer-note">Udkast – svaret kontrolleres mod kilderne, når det er skrevet færdigt.</div></div>'
    )


def answer_html(answer: Answer, turn: int, asked: str = "") -> str:
    """The answer text with every [n] a link to its source, lines starting '- ' as a list, notes on how it came
    about (the question it was read as, when that differs from `asked`; a fallback; dropped sentences), timings."""
    cited = {c.n for c in answer.citations}
    blocks: list[str] = []
    items: list[str] = []
    for line in answer.text.splitlines():
        body = _link_markers(escape(line.strip()), turn, cited)
        if line.lstrip().startswith("- "):
            items.append(f"<li>{body[2:]}</li>")
            continue
        if items:
            blocks.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if body:
            blocks.append(f"<p>{body}</p>")
    if items:
        blocks.append(f"<ul>{''.join(items)}</ul>")
    reason = reason_text(answer)
    notes = f'<div class="answer-reason">{escape(reason)}</div>' if reason else ""
    notes += "".join(f'<div class="answer-note">{escape(note)}</div>' for note in answer_notes(answer, asked))
    return f'<div class="msg-answer">{"".join(blocks)}{notes}{timings_html(answer.timings_ms)}</div>'


def answer_notes(answer: Answer, asked: str = "") -> list[str]:
    """Short Danish notes under an answer: how a follow-up was read, and what generative mode left out."""
    notes = []
    if asked and _comparable(answer.question) != _comparable(asked):
        notes.append(f"Tolket som: {answer.question}")
    if answer.fallback in FALLBACK_NOTES:
        notes.append(FALLBACK_NOTES[answer.fallback])
    if answer.dropped == 1:
        notes.append("1 sætning uden støtte i kilderne er fjernet fra det genererede svar.")
    elif answer.dropped > 1:
        notes.append(f"{answer.dropped} sætninger uden støtte i kilderne er fjernet fra det genererede svar.")
    return notes


def _comparable(question: str) -> str:
    return _NOT_WORD.sub(" ", question).casefold().strip()


def _link_markers(escaped_line: str, turn: int, cited: set[int]) -> str:
    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in cited:
            return match.group(0)
        return f'<a class="cite" href="#kilde-{turn}-{n}" title="Vis kilde [{n}] i dokumentet">[{n}]</a>'

    return _MARKER.sub(link, escaped_line)


def timings_html(timings: dict[str, float]) -> str:
    parts = [f"{label} {timings[key]:.0f} ms" for key, label in TIMING_LABELS if key in timings]
    return f'<div class="timings">Tid: {" · ".join(parts)}</div>' if parts else ""


# --- source cards -----------------------------------------------------------------------------


OCR_NOTE = "Teksten er læst maskinelt (OCR) fra en scannet side og kan indeholde læsefejl."


def source_card(label: str, ref: str, passage: Passage, spans: Spans) -> str:
    chunk = passage.chunk
    facts = [escape(chunk.doc)]
    if chunk.year:
        facts.append(str(chunk.year))
    if chunk.page:
        facts.append(f"side {chunk.page}")
    if chunk.ocr:
        facts.append(f'<span class="source-ocr" title="{OCR_NOTE}">OCR</span>')
    section = escape(chunk.section) if chunk.section else "<i>(ingen sektion)</i>"
    return (
        f'<div class="source-card" data-ref="{escape(ref)}" role="button" tabindex="0" '
        f'title="Åbn hele dokumentet ved denne passage">'
        f'<div class="source-head"><span class="source-n">{escape(label)}</span> '
        f'<span class="source-title">{escape(chunk.doc_title or chunk.doc)}</span></div>'
        f'<div class="source-section">{section}</div>'
        f'<div class="source-meta">{" · ".join(facts)}</div>'
        f'<div class="source-text">{report_text(chunk.text, spans)}</div>'
        f'<div class="source-open">Vis i dokumentet →</div></div>'
    )


def sources_pending_html() -> str:
    return '<div class="sources-empty">Kilderne vises, når svaret er klar.</div>'


def sources_html(answer: Answer | None, turn: int = 0) -> str:
    if answer is None:
        return '<div class="sources-empty">Kilderne til svaret vises her. Klik på en kilde for at se hele dokumentet.</div>'
    cards = [source_card(f"[{c.n}]", f"{turn}:{c.n}", c.passage, c.highlights) for c in answer.citations]
    if not answer.found:
        cards.insert(0, '<div class="sources-note">Rapporterne indeholder ikke svaret.</div>')
        if answer.related:
            cards.append('<div class="related-head">Måske relateret</div>')
            cards.extend(source_card("~", f"{turn}:r{p.rank}", p, ()) for p in answer.related[:3])
    return "".join(cards) or '<div class="sources-empty">Ingen kilder.</div>'


# --- the document view ------------------------------------------------------------------------


def locate(text: str, chunk: Chunk) -> tuple[int, int] | None:
    """Where the chunk sits in the document's cleaned text: its stored offsets, or a search if the file changed."""
    if text[chunk.char_start : chunk.char_end] == chunk.text:
        return chunk.char_start, chunk.char_end
    found = text.find(chunk.text)
    return (found, found + len(chunk.text)) if found >= 0 else None


def document_html(text: str, chunk: Chunk, spans: Spans, label: str, ref: str = "") -> str:
    """The whole cleaned document with the passage marked (and its supporting spans inside it)."""
    head = (
        f'<div class="doc-head"><div class="doc-title">{escape(chunk.doc_title or chunk.doc)}</div>'
        f'<div class="doc-meta">{escape(chunk.doc)} · kilde {escape(label)} · {escape(chunk.section)}</div></div>'
    )
    where = locate(text, chunk)
    if where is None:
        logger.warning(
            "%s: passage %s not found in the cleaned text; the file changed after ingest", chunk.doc, chunk.id
        )
        note = '<div class="sources-note">Filen er ændret siden indlæsningen; kun passagen vises. Synkronisér korpusset.</div>'
        focus = _focus(chunk.text, spans, ref, 0, len(chunk.text))
        return f'<div class="doc-scroll">{head}{note}<div class="doc-text">{focus}</div></div>'
    start, end = where
    shifted = [(low + start, high + start) for low, high in spans]
    body = report_text(text, end=start) + _focus(text, shifted, ref, start, end) + report_text(text, start=end)
    return f'<div class="doc-scroll">{head}<div class="doc-text">{body}</div></div>'


def _focus(text: str, spans: Spans, ref: str, start: int, end: int) -> str:
    marked = report_text(text, spans, start, end)
    return f'<mark class="passage-focus" id="passage-focus" data-ref="{escape(ref)}">{marked}</mark>'


def message_html(text: str, kind: str = "info") -> str:
    return f'<div class="status status-{escape(kind)}">{escape(text)}</div>'


def lines_html(lines: Iterable[str], kind: str = "info") -> str:
    return f'<div class="status status-{escape(kind)}">{"<br>".join(escape(line) for line in lines)}</div>'


# --- front-end assets -------------------------------------------------------------------------

# Runs once when the sources panel mounts: a click on a card, or on an [n] link in the chat, asks the server
# for the document view. The link listener sits on the document (capture phase) because the chat re-renders.
SOURCES_JS = """
const open = (ref) => {
  // The same passage again changes nothing in the document view, so scroll to it here.
  const shown = document.querySelector('#doc-view #passage-focus');
  if (shown && shown.dataset.ref === ref) shown.scrollIntoView({block: 'center'});
  trigger('click', {ref: ref});
};
window.studieturOpen = open;
element.addEventListener('click', (event) => {
  const card = event.target.closest('[data-ref]');
  if (card) { event.preventDefault(); open(card.dataset.ref); }
});
element.addEventListener('keydown', (event) => {
  const card = event.target.closest('[data-ref]');
  if (card && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); open(card.dataset.ref); }
});
if (!window.studieturCiteListener) {
  window.studieturCiteListener = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a.cite, a[href^="#kilde-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const match = /^#kilde-(\\d+)-(\\d+)$/.exec(link.getAttribute('href') || '');
    if (match && window.studieturOpen) window.studieturOpen(match[1] + ':' + match[2]);
  }, true);
}
"""

# Runs when the document view mounts (Gradio mounts it when its accordion first opens, with the document already in
# it) and on every later document: scroll the marked passage into view once it has a layout.
DOCUMENT_JS = """
const reveal = (tries) => {
  const focus = document.querySelector('#doc-view #passage-focus');
  if (!focus) return;
  if (focus.getClientRects().length === 0) { if (tries < 40) setTimeout(() => reveal(tries + 1), 50); return; }
  focus.scrollIntoView({block: 'center'});
};
const panel = document.getElementById('doc-view') || element;
new MutationObserver(() => reveal(0)).observe(panel, {childList: true, subtree: true, characterData: true});
watch('value', () => reveal(0));
reveal(0);
"""

CSS = """
.source-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; margin-bottom: 10px; background: #fff; cursor: pointer;}
.source-card:hover, .source-card:focus {border-color: #0b5cad; box-shadow: 0 0 0 2px #0b5cad22; outline: none;}
.source-head {font-weight: 600; color: #1f2328;}
.source-n {color: #0b5cad;}
.source-section, .source-meta {color: #57606a; font-size: 0.85em;}
.source-ocr {border: 1px solid #bf8700; border-radius: 3px; padding: 0 3px; color: #7d4e00; cursor: help;}
.source-text {margin-top: 6px; font-size: 0.9em; max-height: 16em; overflow-y: auto; white-space: pre-wrap; color: #1f2328;}
.source-open {margin-top: 4px; font-size: 0.8em; color: #0b5cad;}
mark.support {background: #fff3a3; color: inherit;}
.md-heading {font-weight: 600; color: #1f2328;}
.md-h1, .md-h2 {font-size: 1.08em;}
.related-head {font-weight: 600; margin: 8px 0;}
.sources-empty, .sources-note {color: #57606a; font-style: italic; margin-bottom: 8px;}
.answer-reason {color: #7a4b00; margin-top: 6px;}
.msg-answer ul {margin: 0.3em 0 0.3em 1.2em; padding: 0;}
.msg-answer p {margin: 0.3em 0;}
a.cite {font-weight: 600; text-decoration: none; cursor: pointer;}
.timings {margin-top: 6px; font-size: 0.75em; color: #6e7781;}
.msg-error {color: #a40e26;}
.answer-note {margin-top: 4px; font-size: 0.8em; color: #57606a; font-style: italic;}
.msg-pending {color: #57606a; font-style: italic;}
.draft-text {white-space: pre-wrap; color: #1f2328;}
.doc-head {position: sticky; top: 0; background: #f6f8fa; padding: 6px 8px; border-bottom: 1px solid #d0d7de;}
.doc-title {font-weight: 600;}
.doc-meta {font-size: 0.85em; color: #57606a;}
.doc-text {white-space: pre-wrap; font-size: 0.92em; line-height: 1.45; padding: 8px; color: #1f2328;}
.doc-scroll {max-height: 65vh; overflow-y: auto; border: 1px solid #d0d7de; border-radius: 8px; background: #fff;}
mark.passage-focus {background: #dbeafe; color: inherit; border-bottom: 2px solid #54aeff;}
.status {padding: 6px 0;}
.status-error {color: #a40e26;}
.status-pending {color: #57606a; font-style: italic;}
.status-ok {color: #1a7f37;}
"""
