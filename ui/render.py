"""HTML for source cards; every text from documents or users is escaped."""

from __future__ import annotations

from html import escape

from assistant.types import Answer, Citation
from vectorstore.types import Passage


def highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The passage text, escaped, with the supporting spans wrapped in <mark>."""
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        start = max(start, cursor)
        if start >= end:
            continue
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    parts.append(escape(text[cursor:]))
    return "".join(parts).replace("\n", "<br>")


def _card(label: str, passage: Passage, spans: tuple[tuple[int, int], ...]) -> str:
    chunk = passage.chunk
    facts = [escape(chunk.doc)]
    if chunk.year:
        facts.append(str(chunk.year))
    if chunk.page:
        facts.append(f"side {chunk.page}")
    return (
        f'<div class="source-card" id="source-{escape(label)}" data-chunk="{escape(chunk.id)}">'
        f'<div class="source-head"><span class="source-n">{escape(label)}</span> '
        f'<span class="source-title">{escape(chunk.doc_title or chunk.doc)}</span></div>'
        f'<div class="source-section">{escape(chunk.section)}</div>'
        f'<div class="source-meta">{" · ".join(facts)}</div>'
        f'<div class="source-text">{highlighted(chunk.text, spans)}</div></div>'
    )


def citation_card(citation: Citation) -> str:
    return _card(f"[{citation.n}]", citation.passage, citation.highlights)


def sources_html(answer: Answer | None) -> str:
    if answer is None:
        return '<div class="sources-empty">Kilderne til svaret vises her.</div>'
    cards = [citation_card(c) for c in answer.citations]
    if not answer.found and answer.related:
        cards.append('<div class="related-head">Måske relateret</div>')
        cards.extend(_card(f"~{p.rank}", p, ()) for p in answer.related[:3])
    return "".join(cards) or '<div class="sources-empty">Ingen kilder.</div>'


CSS = """
.source-card {border: 1px solid #d0d7de; border-radius: 8px; padding: 10px; margin-bottom: 10px; background: #fff;}
.source-head {font-weight: 600;}
.source-n {color: #0b5cad;}
.source-section, .source-meta {color: #57606a; font-size: 0.85em;}
.source-text {margin-top: 6px; font-size: 0.9em; max-height: 18em; overflow-y: auto;}
.source-text mark {background: #fff3a3;}
.related-head {font-weight: 600; margin: 8px 0;}
"""
