"""The JSON API's request bodies (unknown fields are refused: a typo must not pass as a default) and the shapes of
its responses beside those `ask --json` shares (assistant/views.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.service import MAX_QUESTION_CHARS
from assistant.settings import MAX_K, MIN_K
from studietur.core.types import Filters


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FiltersIn(Request):
    """Restrict retrieval (empty lists: everything)."""

    docs: list[str] = Field(default_factory=list, description="Only these documents (file names).")
    years: list[int] = Field(default_factory=list, description="Only these years.")
    types: list[str] = Field(default_factory=list, description="Only these document types.")

    def to_filters(self) -> Filters:
        return Filters(docs=tuple(self.docs), years=tuple(self.years), doc_types=tuple(self.types))


class Turn(Request):
    """An earlier exchange of the conversation, oldest first."""

    question: str
    answer: str


Question = Field(min_length=1, max_length=MAX_QUESTION_CHARS)
Passages = Field(None, ge=MIN_K, le=MAX_K, description="Passages to retrieve (default: retrieval.k).")


class AskIn(Request):
    question: str = Question
    filters: FiltersIn = Field(default_factory=FiltersIn)
    k: int | None = Passages
    mode: Literal["extractive", "generative"] | None = Field(
        None, description="extractive (default) or generative (needs a configured LLM)."
    )
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, for follow-up questions.")

    def options(self) -> dict[str, object]:
        """The keyword arguments of Assistant.ask."""
        history = tuple((turn.question, turn.answer) for turn in self.history)
        return {"k": self.k, "filters": self.filters.to_filters(), "mode": self.mode, "history": history}


class SearchIn(Request):
    query: str = Question
    filters: FiltersIn = Field(default_factory=FiltersIn)
    k: int | None = Passages


class FeedbackIn(AskIn):
    """A rating of the answer the assistant gives to this question (asked again with the same options)."""

    rating: Literal["up", "down"]
    comment: str = ""


class IngestIn(Request):
    wait: bool = Field(False, description="Answer when the ingest has finished instead of at once (202).")


class DocumentOut(BaseModel):
    doc: str = Field(description="The file name: DELETE /api/v1/documents/{doc} takes it.")
    title: str
    year: int | None
    type: str
    path: str
    passages: int
    done: bool = Field(description="False while its passages are being written.")
    ingested_at: str


class FileOut(BaseModel):
    file: str
    status: str = Field(description="added, updated, renamed, unchanged, removed or skipped.")
    chunks: int
    reason: str = Field(description="Why a file was skipped.")


class UploadedOut(BaseModel):
    name: str = Field(description="The name the file was uploaded under.")
    stored_as: str = Field(description="Its safe name in the corpus folder: the document's `doc`.")
    status: str = Field(description="added, updated, renamed, unchanged or skipped (a skipped file is not kept).")
    chunks: int
    reason: str = Field(description="Why a file was skipped.")


class ProgressOut(BaseModel):
    files_done: int
    files_total: int
    file: str = Field(description="The file being read ('' between files).")
    step: str = Field(description="reading, OCR page …, embedding (n of m passages).")


class SummaryOut(BaseModel):
    counts: dict[str, int]
    skipped: list[dict[str, str]]
    chunks_written: int
    chunks_total: int
    seconds: float
    rebuilt: bool


class JobOut(BaseModel):
    id: str
    state: Literal["running", "done", "failed"]
    started_at: str
    finished_at: str | None
    progress: ProgressOut
    files: list[FileOut]
    summary: SummaryOut | None
    error: str | None


class UploadOut(BaseModel):
    files: list[UploadedOut]
    summary: SummaryOut | None


class DeletedOut(BaseModel):
    deleted: str
    file_removed: bool = Field(description="False when the file lies outside the corpus folder (left on disk).")


class ModelOut(BaseModel):
    name: str
    loaded: bool
    error: str | None


class IndexOut(BaseModel):
    documents: int
    passages: int


class HealthOut(BaseModel):
    status: Literal["ok", "loading", "failed"] = Field(description="loading: questions get 503 until the model is in.")
    model: ModelOut
    index: IndexOut
    generative: bool = Field(description="Whether mode=generative (and the model studietur-generative) is available.")
    ingest_running: bool
    version: str
