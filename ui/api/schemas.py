"""The JSON API's request bodies: unknown fields are refused (a typo must not pass as a default)."""

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
