"""Where an index folder keeps its parts, and what can be read from them without opening Chroma or BM25's matrix."""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST_FILE = "manifest.json"
BM25_DIR = "bm25"
TERMS_FILE = "terms.jsonl"  # in BM25_DIR: one JSON array per chunk, its id first

_DECODER = json.JSONDecoder()


def manifest_path(index_dir: Path) -> Path:
    return index_dir / MANIFEST_FILE


def bm25_folder(index_dir: Path) -> Path:
    return index_dir / BM25_DIR


def bm25_ids(folder: Path) -> set[str] | None:
    """The chunk ids BM25 has committed in `folder`, reading only the first field of each line; None when the file
    is missing or unreadable (the full index then decides)."""
    try:
        with (folder / TERMS_FILE).open(encoding="utf-8") as terms:
            return {_DECODER.raw_decode(line, 1)[0] for line in terms if line.strip()}
    except (OSError, ValueError):
        return None
