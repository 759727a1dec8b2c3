"""The synthetic corpus: deterministic for a seed, distinct documents, about the asked size."""

from __future__ import annotations

import hashlib
from pathlib import Path

from helpers import REPORTS

from benchmarks.synthetic import CHARS_PER_CHUNK, CHUNKS_PER_DOC, make_corpus, read_material


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.txt"))}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = make_corpus(REPORTS, tmp_path / "a", 800, seed=3)
    make_corpus(REPORTS, tmp_path / "b", 800, seed=3)
    make_corpus(REPORTS, tmp_path / "c", 800, seed=4)
    assert first.files == 10
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert _digests(tmp_path / "a") != _digests(tmp_path / "c")


def test_documents_are_distinct_recombinations_of_the_reports(tmp_path: Path) -> None:
    corpus = make_corpus(REPORTS, tmp_path / "out", 5 * CHUNKS_PER_DOC)
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.folder.glob("*.txt"))]
    assert len(set(texts)) == len(texts) == 5
    material = read_material(REPORTS)
    body = texts[0].split("\n\n")[2:]
    assert any(part in material.paragraphs for part in body)  # some paragraphs are kept whole
    assert any(part.startswith("### ") for part in body)
    for text in texts:
        assert text.startswith("# Syntetisk rejserapport nr.")
        assert CHUNKS_PER_DOC * CHARS_PER_CHUNK <= len(text) < 1.3 * CHUNKS_PER_DOC * CHARS_PER_CHUNK
