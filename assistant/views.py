"""Our types as data (typed views for --json and the API, one shape for both) and as terminal text."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from assistant.reasons import reason_text
from ingest.events import IngestSummary
from studietur.core.types import Answer, Citation, Passage


class PassageView(BaseModel):
    """A retrieved passage, as `search --json` and the API give it."""

    rank: int = Field(description="1 for the best passage.")
    doc: str = Field(description="The document's file name.")
    title: str
    section: str = Field(description="The heading the passage stands under ('' for none).")
    year: int | None
    page: int | None = Field(description="The page (PDF) or slide (PPTX), from 1; None for other files.")
    ocr: bool = Field(description="Its text, or part of it, was read by OCR from a scanned page.")
    chunk_id: str
    text: str
    score: float = Field(description="The fused ranking score (comparable within one result list only).")
    dense_score: float | None = Field(description="The embedding similarity, when the passage was a dense hit.")
    bm25_score: float | None

    @classmethod
    def of(cls, passage: Passage) -> PassageView:
        chunk = passage.chunk
        return cls(
            rank=passage.rank,
            doc=chunk.doc,
            title=chunk.doc_title,
            section=chunk.section,
            year=chunk.year,
            page=chunk.page,
            ocr=chunk.ocr,
            chunk_id=chunk.id,
            text=chunk.text,
            score=round(passage.score, 6),
            dense_score=_rounded(passage.dense_score),
            bm25_score=_rounded(passage.bm25_score),
        )


class CitationView(BaseModel):
    """What an answer's [n] points at: the passage and the spans of its text the answer quotes."""

    n: int
    doc: str
    title: str
    section: str
    year: int | None
    page: int | None
    ocr: bool
    chunk_id: str
    text: str
    score: float
    dense_score: float | None
    bm25_score: float | None
    highlights: list[tuple[int, int]] = Field(description="[start, end) character offsets into `text`.")

    @classmethod
    def of(cls, citation: Citation) -> CitationView:
        passage = PassageView.of(citation.passage).model_dump(exclude={"rank"})
        return cls(n=citation.n, **passage, highlights=[(start, end) for start, end in citation.highlights])


class AnswerView(BaseModel):
    """An answer, as `ask --json` and the API give it."""

    question: str
    answer: str = Field(description="The answer's text with its [n] markers, or the refusal.")
    found: bool = Field(description="Whether the reports hold the answer; false for a refusal.")
    relevance: float
    language: str = Field(description="da or en: the language of the question, and of the answer's own words.")
    mode: str = Field(description="extractive or generative.")
    dropped: int = Field(description="Generated sentences removed because no cited passage supports them.")
    fallback: str = Field(description="Why a generative request was answered extractively ('' when it was not).")
    why: dict[str, str | float] = Field(
        description="What decided the answer: the route, the catalogue intent, the refusal policy's probability and "
        "threshold, and for a refusal its reason (name_absent, kind_absent, weak_evidence, …) and what it is about."
    )
    citations: list[CitationView]
    related: list[PassageView] = Field(description="Passages that may be related, shown with a refusal.")
    timings_ms: dict[str, float]

    @classmethod
    def of(cls, answer: Answer) -> AnswerView:
        return cls(
            question=answer.question,
            answer=answer.text,
            found=answer.found,
            relevance=round(answer.relevance, 4),
            language=answer.language,
            mode=answer.mode,
            dropped=answer.dropped,
            fallback=answer.fallback,
            why=answer.why,
            citations=[CitationView.of(c) for c in answer.citations],
            related=[PassageView.of(p) for p in answer.related],
            timings_ms=answer.timings_ms,
        )


class SearchView(BaseModel):
    query: str
    results: list[PassageView]


def passage_dict(passage: Passage) -> dict[str, Any]:
    return PassageView.of(passage).model_dump(mode="json")


def search_dict(query: str, passages: list[Passage]) -> dict[str, Any]:
    return SearchView(query=query, results=[PassageView.of(p) for p in passages]).model_dump(mode="json")


def answer_dict(answer: Answer) -> dict[str, Any]:
    return AnswerView.of(answer).model_dump(mode="json")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


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
