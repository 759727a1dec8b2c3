"""Prepare every file of a folder (load, clean, chunk; no embedding) and tell what happened to each: prepared,
refused with its reason, or crashed. The outcome table, by reason and by file class, measures ingest on real
folders (`studietur sweep FOLDER`, and the slow test over ../shared/realdocs)."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.config import IngestSettings
from ingest.prepare import prepare_document
from studietur.core.errors import DocumentError

logger = logging.getLogger(__name__)

Status = Literal["prepared", "refused", "crashed"]
# Listing files of a folder that describe it rather than belong to it.
_LISTINGS = {"MANIFEST.tsv", "SOURCES.tsv", "README.md"}
_NUMBER = re.compile(r"(?<![\w-])\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Outcome:
    """What preparing one file gave; `reason` is the refusal's text or the crash's exception."""

    path: Path
    file_class: str
    status: Status
    seconds: float
    chunks: int = 0
    reason: str = ""
    ocr_pages: int = 0


def sweep_files(folder: Path) -> list[Path]:
    """Every regular file under `folder` but its listings (hidden files included: a real folder has them)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not (p.parent == folder and p.name in _LISTINGS))


def sweep(paths: Iterable[Path], settings: IngestSettings, count_tokens: Callable[[str], int]) -> Iterator[Outcome]:
    for path in paths:
        started = time.perf_counter()
        try:
            prepared = prepare_document(path, settings, count_tokens)
        except DocumentError as exc:
            yield Outcome(path, file_class(path), "refused", _since(started), reason=exc.reason)
            continue
        except Exception as exc:  # what ingest's sync would report as an unforeseen failure
            logger.exception("%s: crashed", path)
            yield Outcome(path, file_class(path), "crashed", _since(started), reason=f"{type(exc).__name__}: {exc}")
            continue
        pages = len(prepared.ocr_pages)
        name = f"{file_class(path)} (OCR)" if pages else file_class(path)
        yield Outcome(path, name, "prepared", _since(started), len(prepared.chunks), ocr_pages=pages)


def file_class(path: Path) -> str:
    """The file's extension; a PDF that OCR read is counted apart ("pdf (OCR)") when prepared."""
    return path.suffix.lower().lstrip(".") or "(none)"


def reason_key(reason: str) -> str:
    """A refusal's reason with its figures blanked, so that refusals for the same cause count together."""
    return _NUMBER.sub("N", reason)


def outcome_table(outcomes: list[Outcome]) -> str:
    """Prepared / refused by reason / crashed, then the time per file class, as Markdown tables."""
    counts = Counter(o.status for o in outcomes)
    chunks = sum(o.chunks for o in outcomes)
    total = sum(o.seconds for o in outcomes)
    lines = [
        f"{len(outcomes)} files in {total:.1f} s: {counts['prepared']} prepared ({chunks:,} chunks), "
        f"{counts['refused']} refused, {counts['crashed']} crashed",
        "",
        "| outcome | files |",
        "|---|---|",
        f"| prepared | {counts['prepared']} |",
    ]
    for status in ("refused", "crashed"):
        reasons = Counter(reason_key(o.reason) for o in outcomes if o.status == status)
        lines.extend(f"| {status}: {reason} | {n} |" for reason, n in sorted(reasons.items(), key=lambda r: -r[1]))
    lines.extend(
        [
            "",
            "| class | files | prepared | refused | crashed | seconds | s/file | max s |",
            "|---|---|---|---|---|---|---|---|",
        ]
    )
    by_class: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_class[outcome.file_class].append(outcome)
    for name, group in sorted(by_class.items()):
        seconds = [o.seconds for o in group]
        states = Counter(o.status for o in group)
        lines.append(
            f"| {name} | {len(group)} | {states['prepared']} | {states['refused']} | {states['crashed']} | "
            f"{sum(seconds):.1f} | {sum(seconds) / len(group):.2f} | {max(seconds):.1f} |"
        )
    return "\n".join(lines)


def _since(started: float) -> float:
    return time.perf_counter() - started
