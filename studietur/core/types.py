"""Our own small value types that cross package boundaries: chunks, passages, filters, answers, documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

Language = Literal["da", "en"]


def chunk_id(text_id: str, position: int) -> str:
    """A chunk's id: its document text's digest and its place in the document."""
    return f"{text_id}-{position:04d}"


@dataclass(frozen=True)
class Chunk:
    """One passage of a cleaned document, as stored in the index."""

    id: str
    doc: str
    doc_title: str
    section: str
    text: str
    position: int
    char_start: int
    char_end: int
    content_hash: str
    year: int | None = None
    page: int | None = None
    doc_type: str = ""
    unit_vectors: str = field(default="", repr=False)  # see vectorstore/unit_vectors.py
    ocr: bool = False  # its text, or part of it, was read by OCR from a scanned page

    def embed_text(self) -> str:
        """The text the embedder sees: title and section make a chunk readable alone."""
        head = " › ".join(part for part in (self.doc_title, self.section) if part)
        return f"{head}\n{self.text}" if head else self.text

    def neighbour_ids(self, reach: int = 1) -> list[str]:
        """The ids of the `reach` chunks before and after this one in its document."""
        text_id = self.id.rpartition("-")[0]
        around = range(max(self.position - reach, 0), self.position + reach + 1)
        return [chunk_id(text_id, at) for at in around if at != self.position and text_id]

    @property
    def part(self) -> str:
        """The top section of the document the chunk stands in ("11. Center for Employment Opportunities (CEO)")."""
        return self.section.split(" › ")[0]

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for Chroma (no None values allowed there)."""
        meta: dict[str, str | int] = {
            "doc": self.doc,
            "doc_title": self.doc_title,
            "section": self.section,
            "position": self.position,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "content_hash": self.content_hash,
            "doc_type": self.doc_type,
            "year": self.year if self.year is not None else -1,
            "page": self.page if self.page is not None else -1,
            "ocr": self.ocr,
        }
        if self.unit_vectors:
            meta["unit_vectors"] = self.unit_vectors
        return meta

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, meta: dict) -> Chunk:
        year = int(meta.get("year", -1))
        page = int(meta.get("page", -1))
        return cls(
            id=chunk_id,
            doc=str(meta.get("doc", "")),
            doc_title=str(meta.get("doc_title", "")),
            section=str(meta.get("section", "")),
            text=text,
            position=int(meta.get("position", 0)),
            char_start=int(meta.get("char_start", 0)),
            char_end=int(meta.get("char_end", 0)),
            content_hash=str(meta.get("content_hash", "")),
            doc_type=str(meta.get("doc_type", "")),
            year=None if year < 0 else year,
            page=None if page < 0 else page,
            unit_vectors=str(meta.get("unit_vectors", "")),
            ocr=bool(meta.get("ocr", False)),
        )


@dataclass(frozen=True)
class Passage:
    """A chunk returned by retrieval, with its fused score and the per-retriever ranks."""

    chunk: Chunk
    score: float
    rank: int
    dense_score: float | None = None
    bm25_score: float | None = None
    # The vectors of the chunk's answer units by unit text, as ingest stored them (empty when it stored none): the
    # answerer compares them with the question, so answering embeds only the question.
    sentence_vectors: Mapping[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval to some documents, years or document types (empty means all)."""

    docs: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    doc_types: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.docs or self.years or self.doc_types)


NO_FILTERS = Filters()


@dataclass(frozen=True)
class PreparedDocument:
    """A cleaned document with its metadata and chunks; `text_hash` is the sha256 hex of `cleaned_text`.

    `encoding` is the detected encoding of a text or HTML file ('' for the others); `ocr_pages` the pages (from 1)
    of a PDF whose text OCR read."""

    doc: str
    title: str
    year: int | None
    doc_type: str
    cleaned_text: str
    text_hash: str
    chunks: list[Chunk]
    encoding: str = ""
    ocr_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Citation:
    """Passage [n] of an answer and the spans of its text (start, end) that support the answer."""

    n: int
    passage: Passage
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Answer:
    """What the assistant hands to its callers: an answer with its citations, never a pre-formatted string."""

    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...]
    language: Language
    related: tuple[Passage, ...] = ()
    relevance: float = 0.0
    timings_ms: dict[str, float] = field(default_factory=dict)
    mode: str = "extractive"
    dropped: int = 0  # generated sentences removed because no passage they cite supports them
    fallback: str = ""  # why a generative request was answered extractively: "llm-error", "unverified", ""
    # What decided the answer, for `ask --json` and the chat: "route" (catalogue or retrieval), the catalogue
    # "intent", the refusal policy's "p_answerable" and "threshold", and for a refusal "refused" (its reason:
    # name_absent, kind_absent, weak_evidence, never_visited, llm_refused) with what it is about ("name", "kind",
    # "subject", "city").
    why: dict[str, str | float] = field(default_factory=dict)
