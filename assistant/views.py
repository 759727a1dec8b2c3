"""Plain data (for --json and the API) and terminal text views of our types."""

from __future__ import annotations

from typing import Any

from assistant.reasons import reason_text
from ingest.events import IngestSummary
from studietur.core.types import Answer, Passage


def passage_dict(passage: Passage) -> dict[str, Any]:
    chunk = passage.chunk
    return {
        "rank": passage.rank,
        "doc": chunk.doc,
        "title": chunk.doc_title,
        "section": chunk.section,
        "year": chunk.year,
        "page": chunk.page,
        "ocr": chunk.ocr,
        "chunk_id": chunk.id,
        "text": chunk.text,
        "score": round(passage.score, 6),
        "dense_score": None if passage.dense_score is None else round(passage.dense_score, 6),
        "bm25_score": None if passage.bm25_score is None else round(passage.bm25_score, 6),
    }


def search_dict(query: str, passages: list[Passage]) -> dict[str, Any]:
    return {"query": query, "results": [passage_dict(p) for p in passages]}


def answer_dict(answer: Answer) -> dict[str, Any]:
    citations = []
    for citation in answer.citations:
        item = passage_dict(citation.passage)
        item.pop("rank")
        citations.append({"n": citation.n, **item, "highlights": [list(span) for span in citation.highlights]})
    return {
        "question": answer.question,
        "answer": answer.text,
        "found": answer.found,
        "relevance": round(answer.relevance, 4),
        "language": answer.language,
        "mode": answer.mode,
        "dropped": answer.dropped,
        "fallback": answer.fallback,
        "why": answer.why,
        "citations": citations,
        "related": [passage_dict(p) for p in answer.related],
        "timings_ms": answer.timings_ms,
    }


def passage_text(passage: Passage, width: int = 400) -> str:
    chunk = passage.chunk
    where = " · ".join(part for part in (chunk.section, "OCR" if chunk.ocr else "") if part)
    body = " ".join(chunk.text.split())
    body = body if len(body) <= width else body[: width - 1] + "…"
    return f"{chunk.doc_title} ({chunk.doc})\n    {where}\n    {body}"


def answer_text(answer: Answer) -> str:
    lines = [answer.text, ""]
    if reason := reason_text(answer):
        lines.insert(1, f"({reason})")
    if answer.fallback:
        note = "sprogmodellens svar kunne ikke bruges" if answer.language == "da" else "the LLM's answer was not usable"
        lines.insert(1, f"({note}: {answer.fallback})")
    for citation in answer.citations:
        lines.append(f"[{citation.n}] {passage_text(citation.passage)}")
    if not answer.found and answer.related:
        lines.append("Måske relateret:" if answer.language == "da" else "Possibly related:")
        lines.extend(f"  - {passage_text(p, 160)}" for p in answer.related[:3])
    return "\n".join(lines).rstrip()


def summary_text(summary: IngestSummary) -> str:
    counts = ", ".join(f"{status} {n}" for status, n in sorted(summary.counts.items())) or "no files"
    lines = [
        f"Ingest finished in {summary.seconds:.1f} s: {counts}; {summary.chunks_written} chunks written, {summary.chunks_total} in the index."
    ]
    if summary.rebuilt:
        lines.append("The index was rebuilt from scratch.")
    lines.extend(f"  skipped {path}: {reason}" for path, reason in summary.skipped)
    return "\n".join(lines)


def summary_dict(summary: IngestSummary) -> dict[str, Any]:
    return {
        "counts": summary.counts,
        "skipped": [{"path": path, "reason": reason} for path, reason in summary.skipped],
        "chunks_written": summary.chunks_written,
        "chunks_total": summary.chunks_total,
        "seconds": round(summary.seconds, 3),
        "rebuilt": summary.rebuilt,
    }
