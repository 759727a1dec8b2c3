"""The assistant: question -> retrieve -> answer with citations, plus ingest and document listing."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from llama_index.core.schema import QueryBundle

from assistant.answerers.catalogue import CatalogueAnswerer
from assistant.answerers.extractive import ExtractiveAnswerer, not_found
from assistant.answerers.generative import Event, GenerativeAnswerer
from assistant.cache import QueryCache
from assistant.condense import Condenser, History
from assistant.evidence import Evidence, EvidenceReader
from assistant.llm import load_llm
from assistant.refusal import Decision, RefusalModel, RefusalPolicy
from assistant.retrieval import HybridRetriever, to_passages
from assistant.settings import Settings, checked_k
from assistant.windows import widen
from ingest.events import IngestEvent
from ingest.loaders import load_document
from ingest.prepare import clean_document
from ingest.sync import Ingestor
from studietur.catalogue.store import CatalogueStore
from studietur.core.errors import ConfigError, InputError
from studietur.core.types import NO_FILTERS, Answer, Filters, Language, Passage
from studietur.questions.analysis import Question, read_question
from studietur.text.language import detect_language
from vectorstore.embedder import Embedder, load_embedder
from vectorstore.index import DocumentIndex
from vectorstore.manifest import FileRecord

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
MODES = ("extractive", "generative")
_CLEANED_CACHE = 8


@dataclass(frozen=True)
class Examination:
    """A question read, and what decides its answer: the catalogue's answer when it has one, else the passages, the
    evidence they give and the refusal policy's decision."""

    question: Question
    quick: Answer | None = None
    passages: list[Passage] = field(default_factory=list)
    evidence: Evidence | None = None
    decision: Decision | None = None
    timings: dict[str, float] = field(default_factory=dict)


class Assistant:
    """Holds the models and indexes for the life of a process; methods are safe to call repeatedly."""

    def __init__(self, settings: Settings, index: DocumentIndex, embedder: Embedder, llm: LLM | None = None) -> None:
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.catalogue = CatalogueStore.for_index(settings.paths.index_dir)
        self.catalogue_answerer = CatalogueAnswerer(self.catalogue, index.store.get)
        self.evidence = EvidenceReader(index.bm25, embedder, index.store.get)
        self.policy = RefusalPolicy(RefusalModel.load(settings.answer.refusal_model))
        self.answerer = ExtractiveAnswerer(settings.answer, index.bm25, embedder)
        self.generator = None if llm is None else GenerativeAnswerer(llm, settings.llm, self.answerer)
        self.condenser = Condenser(settings.llm, llm)
        self._cleaned: dict[str, str] = {}  # file hash -> cleaned text, a small cache for document_text
        self.cache = QueryCache.for_files(settings.cache.size, [index.manifest_path, index.bm25.folder])

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None, llm: LLM | None = None) -> Assistant:
        """Open the index the settings name; load their embedder unless one is given (shared between assistants),
        and their LLM (llm.backend) unless one is given."""
        embedder = embedder or load_embedder(settings.embedding, settings.paths.models_dir)
        index = DocumentIndex.open(settings.chroma, settings.paths.index_dir)
        return cls(settings, index, embedder, llm if llm is not None else load_llm(settings.llm))

    @property
    def can_generate(self) -> bool:
        """Whether mode="generative" is available (an LLM is configured or was given)."""
        return self.generator is not None

    def search(self, query: str, k: int | None = None, filters: Filters = NO_FILTERS) -> list[Passage]:
        query, k = _clean_question(query), checked_k(k)
        key = ("search", query, k, filters)
        passages, _ = self.cache.get_or_compute(
            key, lambda: self._widen(self._retrieve(query, detect_language(query), k, filters)[0])
        )
        return list(passages)

    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters = NO_FILTERS,
        mode: str | None = None,
        history: History = (),
    ) -> Answer:
        """Answer extractively (the default) or generatively (mode="generative", needs an LLM); `history` holds the
        chat's earlier (question, answer) pairs, oldest first, against which a follow-up is made standalone."""
        started = time.perf_counter()
        question, mode, history = _clean_question(question), self._mode(mode), self._recent(history)
        k = checked_k(k)
        key = ("ask", question, k, filters, mode, history)
        answer, hit = self.cache.get_or_compute(key, lambda: self._answer(question, k, filters, started, mode, history))
        return replace(answer, timings_ms={"cache": _ms(started), "total": _ms(started)}) if hit else answer

    def ask_stream(
        self,
        question: str,
        k: int | None = None,
        filters: Filters = NO_FILTERS,
        mode: str | None = None,
        history: History = (),
    ) -> Iterator[Event]:
        """As ask(), for a chat UI: a generative answer's text deltas (str, unverified) as the LLM writes them, then
        the verified Answer, which replaces them; other answers come as the Answer alone."""
        started = time.perf_counter()
        question, mode, history = _clean_question(question), self._mode(mode), self._recent(history)
        yield from self._events(question, checked_k(k), filters, started, mode, history, stream=True)

    def _answer(
        self,
        question: str,
        k: int | None,
        filters: Filters,
        started: float,
        mode: str = "extractive",
        history: History = (),
    ) -> Answer:
        *_, answer = self._events(question, k, filters, started, mode, history, stream=False)
        assert isinstance(answer, Answer)
        return answer

    def examine(
        self, text: str, k: int | None = None, filters: Filters = NO_FILTERS, asked: str | None = None
    ) -> Examination:
        """Read the question, try the catalogue, else retrieve and weigh the evidence: everything an answer is
        decided on (the evaluation fits the refusal policy on it)."""
        question, k = read_question(text, asked), checked_k(k)
        if not filters and (quick := self.catalogue_answerer.answer(question)) is not None:
            return Examination(question, quick)
        found, timings = self._retrieve(question.text, question.language, k, filters)
        started = time.perf_counter()
        evidence = self.evidence.read(question, found)  # the chunks found: a window's edges are no evidence
        decision = self.policy.decide(question, evidence)
        timings["evidence"] = _ms(started)
        started = time.perf_counter()
        passages = self._widen(found)
        timings["window"] = _ms(started)
        return Examination(question, None, passages, evidence, decision, timings)

    def _events(
        self, asked: str, k: int | None, filters: Filters, started: float, mode: str, history: History, stream: bool
    ) -> Iterator[Event]:
        text = self.condenser.condense(asked, history) if history else asked
        exam = self.examine(text, k, filters, asked)
        if exam.quick is not None:
            exam.quick.timings_ms["total"] = _ms(started)
            yield replace(exam.quick, relevance=1.0)
            return
        assert exam.evidence is not None and exam.decision is not None
        answer_started = time.perf_counter()
        for event in self._respond(exam, mode, stream):
            if isinstance(event, Answer):
                timings = {**exam.timings, "answer": _ms(answer_started), "total": _ms(started)}
                event = replace(
                    event, why={**exam.decision.why(), **event.why}, timings_ms={**event.timings_ms, **timings}
                )
            yield event

    def _respond(self, exam: Examination, mode: str, stream: bool) -> Iterator[Event]:
        question, passages, evidence = exam.question, exam.passages, exam.evidence
        assert evidence is not None and exam.decision is not None
        if not exam.decision.answer:
            yield not_found(question, passages, evidence.relevance, mode)
        elif mode == "extractive" or self.generator is None:
            yield self.answerer.answer(question, passages, evidence)
        elif stream:
            yield from self.generator.stream(question, passages, evidence)
        else:
            yield self.generator.answer(question, passages, evidence)

    def _mode(self, mode: str | None) -> str:
        mode = mode or "extractive"
        if mode not in MODES:
            raise InputError(f"unknown answer mode {mode!r}: use one of {', '.join(MODES)}")
        if mode == "generative" and self.generator is None:
            raise ConfigError(
                "generative answers need an LLM: set llm.backend (openai, ollama or llama-cpp) in settings.yaml, "
                "or give `studietur ask --llm BACKEND`"
            )
        return mode

    def _recent(self, history: History) -> tuple[tuple[str, str], ...]:
        """The newest turns the condenser reads (the cache key holds no more than that)."""
        turns = self.settings.llm.history_turns
        pairs = tuple((str(q), str(a)) for q, a in history)
        return pairs[len(pairs) - turns :] if turns else ()

    def ingest(
        self, paths: Sequence[Path] | None = None, rebuild: bool = False, allow_empty: bool = False
    ) -> Iterator[IngestEvent]:
        roots = list(paths) if paths else [self.settings.paths.corpus_dir]
        fingerprint = self.settings.index_fingerprint()
        ingestor = Ingestor(self.index, self.embedder, self.settings.ingest, fingerprint, self.catalogue)
        yield from ingestor.run(roots, rebuild=rebuild, allow_empty=allow_empty)

    def documents(self) -> list[FileRecord]:
        return self.index.files()

    def delete_document(self, path: str) -> None:
        """Drop one ingested file from the index (the file on disk is the caller's business)."""
        with self.index.writing():
            self.index.remove_file(path)
            self.index.commit()

    def document_text(self, doc: str) -> str:
        """The cleaned text of an ingested document, which chunk.char_start/char_end index into."""
        record = next((r for r in self.documents() if r.doc == doc), None)
        if record is None:
            raise InputError(f"{doc}: not in the index; ingest it first")
        text = self._cleaned.get(record.file_hash)
        if text is None:
            text = self._stored_text(record) if record.ocr_pages else self._read_text(record)
            kept = list(self._cleaned.items())[-(_CLEANED_CACHE - 1) :]
            self._cleaned = {**dict(kept), record.file_hash: text}
        return text

    def _read_text(self, record: FileRecord) -> str:
        text, _ = clean_document(load_document(Path(record.path), self.settings.ingest))
        return text

    def _stored_text(self, record: FileRecord) -> str:
        """A scan's text from its stored chunks, not OCR again (seconds a page): the chunks hold every character
        that is not whitespace at its offset, so only the whitespace between them is filled in, as newlines."""
        chunks = self.index.store.get(record.chunk_ids)
        text = ["\n"] * max((chunk.char_end for chunk in chunks), default=0)
        for chunk in chunks:
            text[chunk.char_start : chunk.char_end] = chunk.text
        return "".join(text)

    def _retrieve(
        self, query: str, language: Language, k: int | None, filters: Filters
    ) -> tuple[list[Passage], dict[str, float]]:
        settings = self.settings.retrieval.model_copy(update={"k": k}) if k is not None else self.settings.retrieval
        weight = settings.bm25_weight if language == "da" else settings.bm25_weight_english
        weight = 1.0 if settings.mode == "bm25" else weight
        retriever = HybridRetriever(self.index, self.embedder, settings, filters, bm25_weight=weight)
        nodes = retriever.retrieve(QueryBundle(query))
        return to_passages(nodes), retriever.timings

    def _widen(self, found: list[Passage]) -> list[Passage]:
        """The passages found, each with the chunks around it in its section (retrieval.window)."""
        return widen(found, self.index.store.get, self.settings.retrieval.window)


def _clean_question(question: str) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in question).split())
    if not text:
        raise InputError("the question is empty: write a question about the reports")
    if len(text) > MAX_QUESTION_CHARS:
        raise InputError(f"the question has {len(text)} characters; keep it under {MAX_QUESTION_CHARS}")
    return text


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
