"""The gold question set: its item model, loading from JSONL and checks against the corpus."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studietur.core.errors import StudieturError

logger = logging.getLogger(__name__)

LANGS = ("da", "en")
TYPES = ("fact", "list", "numeric", "multi", "unanswerable", "planning")
QUOTE_MIN, QUOTE_MAX = 30, 250

_WS = re.compile(r"\s+")


class GoldFileError(StudieturError):
    """The gold file cannot be read or one of its lines is not a valid item."""


class Evidence(BaseModel):
    """A verbatim passage of one report that supports an answer."""

    model_config = ConfigDict(extra="forbid")

    doc: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class GoldItem(BaseModel):
    """One question with its reference answer, key facts and evidence."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    lang: str
    type: str
    answer: str = Field(min_length=1)
    key_facts: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


def collapse(text: str) -> str:
    """Collapse every whitespace run (spaces, tabs, line breaks) to one space."""
    return _WS.sub(" ", text).strip()


def load_gold(path: Path) -> list[GoldItem]:
    """Read a JSONL gold file; a bad line raises GoldFileError naming file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GoldFileError(f"{path}: cannot read gold file ({exc.strerror})") from exc
    items = [_parse_line(path, number, line) for number, line in enumerate(lines, 1) if line.strip()]
    logger.debug("loaded %d gold items from %s", len(items), path)
    return items


def _parse_line(path: Path, number: int, line: str) -> GoldItem:
    try:
        return GoldItem.model_validate(json.loads(line))
    except json.JSONDecodeError as exc:
        raise GoldFileError(f"{path}:{number}: invalid JSON ({exc.msg}, column {exc.colno})") from exc
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
        raise GoldFileError(f"{path}:{number}: invalid gold item ({fields})") from exc


def load_corpus(corpus_dir: Path) -> dict[str, str]:
    """Map each report's file name to its whitespace-collapsed text."""
    return {p.name: collapse(p.read_text(encoding="utf-8")) for p in sorted(corpus_dir.glob("*.txt"))}


def validate_gold(items: list[GoldItem], corpus_dir: Path) -> list[str]:
    """Return human-readable problems with the gold items (an empty list when all is well)."""
    corpus = load_corpus(corpus_dir)
    problems = _duplicate_ids(items)
    for item in items:
        problems.extend(f"{item.id}: {p}" for p in _item_problems(item, corpus))
    return problems


def _duplicate_ids(items: list[GoldItem]) -> list[str]:
    counts = Counter(item.id for item in items)
    return [f"{i}: duplicate id ({n} items)" for i, n in counts.items() if n > 1]


def _item_problems(item: GoldItem, corpus: dict[str, str]) -> list[str]:
    problems = []
    if item.lang not in LANGS:
        problems.append(f"lang {item.lang!r} is not one of {', '.join(LANGS)}")
    if item.type not in TYPES:
        problems.append(f"type {item.type!r} is not one of {', '.join(TYPES)}")
    problems += _shape_problems(item)
    for ev in item.evidence:
        problems += _evidence_problems(ev, corpus)
    problems += _key_fact_problems(item, corpus)
    return problems


def _shape_problems(item: GoldItem) -> list[str]:
    if item.type == "unanswerable":
        return ["unanswerable item must have no key_facts and no evidence"] if item.key_facts or item.evidence else []
    problems = []
    if not item.evidence:
        problems.append("answerable item has no evidence")
    if not item.key_facts:
        problems.append("answerable item has no key_facts")
    if item.type == "multi" and len(item.evidence) < 2:
        problems.append("multi item needs at least two evidence passages")
    return problems


def _evidence_problems(ev: Evidence, corpus: dict[str, str]) -> list[str]:
    if ev.doc not in corpus:
        return [f"unknown doc {ev.doc!r}"]
    quote = collapse(ev.quote)
    problems = []
    if not QUOTE_MIN <= len(quote) <= QUOTE_MAX:
        problems.append(f"quote in {ev.doc} has {len(quote)} characters (want {QUOTE_MIN}-{QUOTE_MAX})")
    if quote not in corpus[ev.doc]:
        problems.append(f"quote not found in {ev.doc}: {quote[:60]!r}")
    return problems


def _key_fact_problems(item: GoldItem, corpus: dict[str, str]) -> list[str]:
    texts = [corpus[ev.doc].casefold() for ev in item.evidence if ev.doc in corpus]
    return [
        f"key fact not in any evidence document: {fact!r}"
        for fact in item.key_facts
        if not any(collapse(fact).casefold() in text for text in texts)
    ]
