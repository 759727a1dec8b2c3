"""The gold question set: its item model, loading from JSONL and checks against the corpus."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from studietur.core.errors import StudieturError

logger = logging.getLogger(__name__)

LANGS = ("da", "en")
TYPES = ("fact", "list", "numeric", "multi", "unanswerable", "planning")
LONG_QUOTE = 400  # above this a quote is allowed but warned about: it is likely more than the evidence

_WS = re.compile(r"\s+")


class GoldFileError(StudieturError):
    """The gold file cannot be read or one of its lines is not a valid item."""


class Evidence(BaseModel):
    """A verbatim passage of one report that supports an answer."""

    model_config = ConfigDict(extra="forbid", strict=True)

    doc: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class GoldItem(BaseModel):
    """One question with its reference answer, key facts and evidence."""

    model_config = ConfigDict(extra="forbid", strict=True)

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
    items = []
    for number, parsed in read_lines(path):
        if isinstance(parsed, str):
            raise GoldFileError(f"{path}:{number}: {parsed}")
        items.append(parsed)
    logger.debug("loaded %d gold items from %s", len(items), path)
    return items


def read_lines(path: Path) -> list[tuple[int, GoldItem | str]]:
    """Every non-blank line with its number: the item it holds, or what is wrong with it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"{path}: cannot read gold file ({exc})") from exc
    return [(number, _parse_line(line)) for number, line in enumerate(lines, 1) if line.strip()]


def _parse_line(line: str) -> GoldItem | str:
    try:
        return GoldItem.model_validate(json.loads(line))
    except json.JSONDecodeError as exc:
        return f"invalid JSON ({exc.msg}, column {exc.colno})"
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
        return f"invalid gold item ({fields})"


@dataclass
class GoldCheck:
    """A gold file checked line by line: its valid items, and errors and warnings that start with 'line N'."""

    items: list[GoldItem]
    errors: list[str]
    warnings: list[str]


def check_gold_file(path: Path, corpus_dir: Path) -> GoldCheck:
    """Check a gold file against the documented format (README, "Gold file format") and the corpus."""
    corpus = load_corpus(corpus_dir)
    lines = read_lines(path)
    errors = [f"line {n}: {parsed}" for n, parsed in lines if isinstance(parsed, str)]
    numbered = [(n, parsed) for n, parsed in lines if isinstance(parsed, GoldItem)]
    errors += _duplicate_ids(numbered)
    warnings = []
    for number, item in numbered:
        errors += [f"line {number} ({item.id}): {p}" for p in _item_problems(item, corpus)]
        warnings += [f"line {number} ({item.id}): {w}" for w in _item_warnings(item)]
    if not lines:
        errors.append("the file holds no items")
    return GoldCheck([item for _, item in numbered], sorted(errors, key=_line_order), warnings)


def _line_order(message: str) -> int:
    match = re.match(r"line (\d+)", message)
    return int(match.group(1)) if match else 0


def load_corpus(corpus_dir: Path) -> dict[str, str]:
    """Map each report's file name to its whitespace-collapsed text."""
    return {p.name: collapse(p.read_text(encoding="utf-8")) for p in sorted(corpus_dir.glob("*.txt"))}


def validate_gold(items: list[GoldItem], corpus_dir: Path) -> list[str]:
    """Return human-readable problems with the gold items (an empty list when all is well)."""
    corpus = load_corpus(corpus_dir)
    problems = [p.split(": ", 1)[1] for p in _duplicate_ids(list(enumerate(items, 1)))]
    for item in items:
        problems.extend(f"{item.id}: {p}" for p in _item_problems(item, corpus))
    return problems


def _duplicate_ids(numbered: list[tuple[int, GoldItem]]) -> list[str]:
    lines: dict[str, list[int]] = {}
    for number, item in numbered:
        lines.setdefault(item.id, []).append(number)
    return [
        f"line {found[1]}: {item_id}: duplicate id (also on line {', '.join(map(str, found[:1] + found[2:]))})"
        for item_id, found in lines.items()
        if len(found) > 1
    ]


def _item_warnings(item: GoldItem) -> list[str]:
    return [
        f"quote in {ev.doc} has {len(collapse(ev.quote))} characters (allowed; above {LONG_QUOTE} it is likely "
        "more than the evidence)"
        for ev in item.evidence
        if len(collapse(ev.quote)) > LONG_QUOTE
    ]


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
    return [] if quote in corpus[ev.doc] else [f"quote not found in {ev.doc}: {quote[:60]!r}"]


def _key_fact_problems(item: GoldItem, corpus: dict[str, str]) -> list[str]:
    texts = [corpus[ev.doc].casefold() for ev in item.evidence if ev.doc in corpus]
    return [
        f"key fact not in any evidence document: {fact!r}"
        for fact in item.key_facts
        if not any(collapse(fact).casefold() in text for text in texts)
    ]
