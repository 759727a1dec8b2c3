"""A synthetic corpus of any size, made deterministically from the sample reports.

Each document gets its own title (with a number and a year), sections under headings taken from the
reports, and paragraphs that are either a report paragraph or new paragraphs of sentences drawn from
anywhere in the reports. The same seed always gives the same bytes; every document is distinct.
"""

from __future__ import annotations

import logging
import math
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from studietur.core.errors import StudieturError

logger = logging.getLogger(__name__)

CHUNKS_PER_DOC = 80  # the sample reports hold 16-182 chunks each
CHARS_PER_CHUNK = 710  # measured on the sample reports (277,785 characters, 390 chunks)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])")
_MIN_PARAGRAPH = 80
_HEADINGS = ("Indledning", "Program", "Besøg", "Erfaringer", "Anbefalinger")  # for reports without headings


@dataclass(frozen=True)
class Material:
    headings: list[str]
    paragraphs: list[str]
    sentences: list[str]


@dataclass(frozen=True)
class SyntheticCorpus:
    folder: Path
    files: int
    chars: int
    megabytes: float


def read_material(corpus_dir: Path) -> Material:
    """Headings, paragraphs and sentences of the .txt reports in a folder, in file order."""
    headings: list[str] = []
    paragraphs: list[str] = []
    for path in sorted(corpus_dir.glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = " ".join(block.split())
            if text.startswith("#"):
                heading = text.lstrip("#").strip()
                if 3 <= len(heading) <= 80:
                    headings.append(heading)
            elif len(text) >= _MIN_PARAGRAPH and not text.startswith(("|", "-")):
                paragraphs.append(text)
    sentences = [s for p in paragraphs for s in _SENTENCE_END.split(p) if len(s) >= 30]
    if not (paragraphs and sentences):
        raise StudieturError(f"{corpus_dir}: no .txt reports with paragraphs to recombine into a synthetic corpus")
    return Material(headings or list(_HEADINGS), paragraphs, sentences)


def make_corpus(
    source_dir: Path,
    out_dir: Path,
    target_chunks: int,
    seed: int = 7,
    chars_per_chunk: float = CHARS_PER_CHUNK,
) -> SyntheticCorpus:
    """Write about `target_chunks` chunks' worth of documents into out_dir (replacing what is there)."""
    material = read_material(source_dir)
    doc_chars = int(CHUNKS_PER_DOC * chars_per_chunk)
    count = max(1, math.ceil(target_chunks / CHUNKS_PER_DOC))
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("syn_*.txt"):
        old.unlink()
    chars = 0
    for number in range(count):
        text = document(material, number, seed, doc_chars)
        (out_dir / f"syn_{number:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    megabytes = sum(p.stat().st_size for p in out_dir.glob("syn_*.txt")) / 2**20
    return SyntheticCorpus(out_dir, count, chars, round(megabytes, 2))


def document(material: Material, number: int, seed: int, size: int) -> str:
    """Document `number` of the corpus made with `seed`, about `size` characters long."""
    rng = random.Random(f"{seed}:{number}")
    year = rng.randint(2008, 2025)
    title = f"# Syntetisk rejserapport nr. {number} ({year}): {rng.choice(material.headings)}"
    parts = [title, f"Rapporten er sammensat til belastningstest nr. {number} og beskriver en studietur i {year}."]
    length = sum(len(p) for p in parts)
    while length < size:
        for text in _section(material, rng):
            parts.append(text)
            length += len(text)
    return "\n\n".join(parts) + "\n"


def _section(material: Material, rng: random.Random) -> Iterator[str]:
    yield f"### {rng.choice(material.headings).upper()}"
    for _ in range(rng.randint(2, 6)):
        if rng.random() < 0.5:
            yield rng.choice(material.paragraphs)
        else:
            yield " ".join(rng.choice(material.sentences) for _ in range(rng.randint(2, 6)))
