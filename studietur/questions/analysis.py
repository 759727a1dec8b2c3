"""A question read once, before anything is retrieved: its language, the planning intents it matches, the kind of
fact it asks for, the names it depends on and whether it takes a visit for granted. The assistant reads a question
here and hands the reading to the catalogue, to retrieval and to every answerer, so they cannot disagree about it."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from studietur.core.types import Language
from studietur.questions.intents import INTENTS, IntentMatch, presumes_past_visit, read_intents
from studietur.questions.kinds import Kind, asked_kind
from studietur.questions.names import question_names
from studietur.text.language import detect_language

logger = logging.getLogger(__name__)

_INTENT_KINDS = {intent.id: intent.kind for intent in INTENTS}


@dataclass(frozen=True)
class Question:
    """What the assistant knows about a question; `text` is what it answers (the condensed question for a
    follow-up), `asked` what the user wrote."""

    text: str
    language: Language
    intents: tuple[IntentMatch, ...]
    kind: Kind | None
    names: tuple[str, ...]
    presumes_visit: bool
    asked: str

    @property
    def follow_up(self) -> bool:
        """The user's words were read against the conversation into another question."""
        return self.asked != self.text

    @property
    def intent(self) -> str | None:
        """The first planning intent the question matches, if any."""
        return self.intents[0].intent if self.intents else None


def read_question(text: str, asked: str | None = None) -> Question:
    """Read `text` (standalone: a follow-up is condensed first; `asked` is then what the user wrote)."""
    language = detect_language(text)
    intents = tuple(read_intents(text))
    intent_kind = next((kind for match in intents if (kind := _INTENT_KINDS[match.intent]) is not None), None)
    reading = Question(
        text=text,
        language=language,
        intents=intents,
        kind=asked_kind(text, intent_kind),
        names=tuple(question_names(text, language)),
        presumes_visit=presumes_past_visit(text),
        asked=text if asked is None else asked,
    )
    logger.debug("read %r: %s", text, reading)
    return reading
