"""The assistant: question -> retrieve -> answer with citations, plus ingest and document listing."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from llama_index.core.schema import QueryBundle

from assistant.extractive import ExtractiveAnswerer
from assistant.language import detect_language
from assistant.planning import PlanningLookup
from assistant.retrieval import HybridRetriever, to_passages
from assistant.settings import Settings
from assistant.types import Answer, Language
from ingest.events import IngestEvent
from ingest.loaders import load_document
from ingest.prepare import clean_document
from ingest.sync import Ingestor
from vectorstore.catalogue_store import CatalogueStore
from vectorstore.embedder import Embedder, load_embedder
from vectorstore.errors import InputError
from vectorstore.index import DocumentIndex
from vectorstore.manifest import FileRecord
from vectorstore.types import NO_FILTERS, Filters, Passage

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
_CLEANED_CACHE = 8


class Assistant:
    """Holds the models and indexes for the life of a process; methods are safe to call repeatedly."""

    def __init__(self, settings: Settings, index: DocumentIndex, embedder: Embedder) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.catalogue = CatalogueStore.for_index(settings.paths.index_dir)
        self.planning = PlanningLookup(self.catalogue, index.store.get)
        self.answerer = ExtractiveAnswerer(settings.answer, index.bm25, embedder.similarities)
        self._cleaned: dict[str, str] = {}  # file hash -> cleaned text, a small cache for document_text

    def search(self, query: str, k: int | None = None, filters: Filters = NO_FILTERS) -> list[Passage]:
        query = _clean_question(query)
        passages, _ = self._retrieve(query, detect_language(query), k, filters)
        return passages

    def ask(self, question: str, k: int | None = None, filters: Filters = NO_FILTERS) -> Answer:
        started = time.perf_counter()
        question = _clean_question(question)
        language = detect_language(question)
        if not filters and (quick := self.planning.answer(question, language)) is not None:
            quick.timings_ms["total"] = _ms(started)
            return replace(quick, relevance=1.0)
        passages, timings = self._retrieve(question, language, k, filters)
        answer_started = time.perf_counter()
        answer = self.answerer.answer(question, passages, language)
        timings["answer"] = _ms(answer_started)
        timings["total"] = _ms(started)
        answer.timings_ms.update(timings)
        return answer

    def ingest(self, paths: Sequence[Path] | None = None, rebuild: bool = False) -> Iterator[IngestEvent]:
        roots = list(paths) if paths else [self.settings.paths.corpus_dir]
        fingerprint = self.settings.index_fingerprint()
        ingestor = Ingestor(self.index, self.embedder, self.settings.ingest, fingerprint, self.catalogue)
        yield from ingestor.run(roots, rebuild=rebuild)

    def documents(self) -> list[FileRecord]:
        return self.index.files()

    def delete_document(self, path: str) -> None:
        """Drop one ingested file from the index (the file on disk is the caller's business)."""
        self.index.remove_file(path)
        self.index.commit()

    def document_text(self, doc: str) -> str:
        """The cleaned text of an ingested document, which chunk.char_start/char_end index into."""
        record = next((r for r in self.documents() if r.doc == doc), None)
        if record is None:
            raise InputError(f"{doc}: not in the index; ingest it first")
        text = self._cleaned.get(record.file_hash)
        if text is None:
            text, _ = clean_document(load_document(Path(record.path), self.settings.ingest))
            kept = list(self._cleaned.items())[-(_CLEANED_CACHE - 1) :]
            self._cleaned = {**dict(kept), record.file_hash: text}
        return text

    def _retrieve(
        self, query: str, language: Language, k: int | None, filters: Filters
    ) -> tuple[list[Passage], dict[str, float]]:
        settings = self.settings.retrieval.model_copy(update={"k": k}) if k else self.settings.retrieval
        weight = settings.bm25_weight if language == "da" else settings.bm25_weight_english
        weight = 1.0 if settings.mode == "bm25" else weight
        retriever = HybridRetriever(self.index, self.embedder, settings, filters, bm25_weight=weight)
        nodes = retriever.retrieve(QueryBundle(query))
        return to_passages(nodes), retriever.timings


def open_assistant(settings: Settings, embedder: Embedder | None = None) -> Assistant:
    """Open the index the settings name; load their embedder unless one is given (shared between assistants)."""
    embedder = embedder or load_embedder(settings.embedding, settings.paths.models_dir)
    index = DocumentIndex.open(settings.chroma, settings.paths.index_dir)
    return Assistant(settings, index, embedder)


def _clean_question(question: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())
    if not text:
        raise InputError("the question is empty: write a question about the reports")
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"the question has {len(text)} characters; keep it under {MAX_QUESTION_CHARS}")
    return text


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
