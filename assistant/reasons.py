"""A refusal's reason in plain Danish or English, from what `Answer.why` records (shown under the answer)."""

from __future__ import annotations

from studietur.core.types import Answer, Language

_KIND_WORDS = {
    "address": ("en adresse", "an address"),
    "amount": ("et beløb", "an amount"),
    "count": ("et antal", "a number"),
    "date": ("en dato eller et tidspunkt", "a date or a time"),
    "day": ("en dag eller en dato", "a day or a date"),
    "email": ("en e-mailadresse", "an e-mail address"),
    "frequency": ("hvor ofte", "how often"),
    "lodging": ("et overnatningssted", "a place to stay"),
    "person": ("en persons navn", "a person's name"),
    "phone": ("et telefonnummer", "a phone number"),
    "share": ("en andel", "a share"),
}
_REASONS = {
    "name_absent": ("Rapporterne nævner ikke {name}.", "The reports do not mention {name}."),
    "kind_absent": ("Rapporterne giver ikke {kind}{about}.", "The reports do not give {kind}{about}."),
    "weak_evidence": (
        "Ingen passage i rapporterne svarer godt nok på spørgsmålet.",
        "No passage of the reports answers the question well enough.",
    ),
    "never_visited": (
        "Rapporterne nævner ingen studietur til {city}.",
        "The reports mention no study trip to {city}.",
    ),
    "llm_refused": (
        "Sprogmodellen fandt ikke svaret i passagerne.",
        "The language model found no answer in the passages.",
    ),
}


def reason_text(answer: Answer) -> str:
    """Why the reports were found not to answer; "" for an answer that was given (or a reason not known here)."""
    reason = str(answer.why.get("refused", ""))
    if answer.found or reason not in _REASONS:
        return ""
    english = answer.language == "en"
    template = _REASONS[reason][english]
    return template.format(
        name=answer.why.get("name", ""),
        city=answer.why.get("city", ""),
        kind=_kind(str(answer.why.get("kind", "")), answer.language),
        about=_about(str(answer.why.get("subject", "")), answer.language),
    )


def _kind(kind: str, language: Language) -> str:
    words = _KIND_WORDS.get(kind)
    if words is None:
        return "svaret" if language == "da" else "the answer"
    return words[language == "en"]


def _about(subject: str, language: Language) -> str:
    if not subject:
        return ""
    return f" for {subject}" if language == "da" else f" for {subject}"
