"""A persisted Danish BM25 index over the same chunks as Chroma, updated per document."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from vectorstore.danish import DanishAnalyzer
from vectorstore.errors import IndexStoreError
from vectorstore.types import Chunk

logger = logging.getLogger(__name__)

_TERMS_FILE = "terms.jsonl"
_MATRIX_DIR = "matrix"


@dataclass(frozen=True)
class _Entry:
    chunk_id: str
    doc: str
    year: int
    doc_type: str
    terms: tuple[str, ...]


class Bm25Index:
    """Terms per chunk are kept on disk, so a change re-analyses only the changed documents."""

    def __init__(self, folder: Path, analyzer: DanishAnalyzer | None = None) -> None:
        self.folder = folder
        self.analyzer = analyzer or DanishAnalyzer()
        self._entries: dict[str, _Entry] = {}
        self._order: list[str] = []
        self._retriever: bm25s.BM25 | None = None
        self._docs = np.array([], dtype=object)
        self._years = np.array([], dtype=np.int64)
        self._types = np.array([], dtype=object)
        self._load()

    def __len__(self) -> int:
        return len(self._order)

    def ids(self) -> set[str]:
        return set(self._entries)

    def add(self, chunks: Iterable[Chunk]) -> None:
        for chunk in chunks:
            terms = tuple(self.analyzer.terms(chunk.embed_text()))
            self._entries[chunk.id] = _Entry(chunk.id, chunk.doc, chunk.year or -1, chunk.doc_type, terms)

    def remove(self, ids: Iterable[str]) -> None:
        for chunk_id in ids:
            self._entries.pop(chunk_id, None)

    def commit(self) -> None:
        """Rebuild the score matrix from the stored terms and write both atomically."""
        self._build()
        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        with (tmp / _TERMS_FILE).open("w", encoding="utf-8") as out:
            for chunk_id in self._order:
                entry = self._entries[chunk_id]
                out.write(
                    json.dumps(
                        [entry.chunk_id, entry.doc, entry.year, entry.doc_type, " ".join(entry.terms)],
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        if self._retriever is not None:
            self._retriever.save(str(tmp / _MATRIX_DIR), show_progress=False)
        _swap_folder(tmp, self.folder)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        if self._retriever is None:
            return []
        terms = self.query_terms(query)
        if not terms:
            return []
        scores = self._retriever.get_scores(terms)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k == 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self._order[i], float(scores[i])) for i in best]

    def query_terms(self, query: str) -> list[str]:
        """Analysed query terms; a compound the reports never use is split into two parts they do use."""
        terms = self.analyzer.terms(query)
        if self._retriever is None:
            return terms
        vocab = self._retriever.vocab_dict
        return [part for term in terms for part in ([term] if term in vocab else split_compound(term, vocab))]

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of analysed terms (0 for unknown terms), for weighting query words."""
        if self._retriever is None:
            return {term: 0.0 for term in terms}
        vocab = self._retriever.vocab_dict
        indptr = self._retriever.scores["indptr"]
        total = len(self._order)
        weights = {}
        for term in terms:
            column = vocab.get(term)
            df = 0 if column is None else int(indptr[column + 1] - indptr[column])
            weights[term] = float(np.log(1 + (total - df + 0.5) / (df + 0.5))) if df else 0.0
        return weights

    def mask(
        self, docs: Sequence[str] = (), years: Sequence[int] = (), doc_types: Sequence[str] = ()
    ) -> np.ndarray | None:
        """Boolean row filter matching Chroma's `where` semantics; None when nothing is filtered."""
        if not (docs or years or doc_types):
            return None
        keep = np.ones(len(self._order), dtype=bool)
        if docs:
            keep &= np.isin(self._docs, list(docs))
        if years:
            keep &= np.isin(self._years, list(years))
        if doc_types:
            keep &= np.isin(self._types, list(doc_types))
        return keep

    def _set_rows(self) -> list[_Entry]:
        self._order = sorted(self._entries)
        entries = [self._entries[chunk_id] for chunk_id in self._order]
        self._docs = np.array([e.doc for e in entries], dtype=object)
        self._years = np.array([e.year for e in entries], dtype=np.int64)
        self._types = np.array([e.doc_type for e in entries], dtype=object)
        return entries

    def _build(self) -> None:
        entries = self._set_rows()
        if not entries:
            self._retriever = None
            return
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index([list(e.terms) or [""] for e in entries], show_progress=False)
        self._retriever = retriever

    def _load(self) -> None:
        terms_file = self.folder / _TERMS_FILE
        if not terms_file.exists():
            return
        try:
            with terms_file.open(encoding="utf-8") as lines:
                for line in lines:
                    chunk_id, doc, year, doc_type, terms = json.loads(line)
                    self._entries[chunk_id] = _Entry(chunk_id, doc, int(year), doc_type, tuple(terms.split()))
        except (OSError, ValueError) as exc:
            raise IndexStoreError(
                f"{terms_file}: BM25 index unreadable ({exc}); run `studietur ingest --rebuild`"
            ) from exc
        self._build_from_disk()

    def _build_from_disk(self) -> None:
        matrix = self.folder / _MATRIX_DIR
        if not matrix.exists():
            self._build()
            return
        self._set_rows()
        self._retriever = bm25s.BM25.load(str(matrix), show_progress=False, verbosity=0)


def _swap_folder(new: Path, target: Path) -> None:
    """Replace target by new with renames, so a reader never sees a half-written folder."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


_LINKS = ("s", "e")
_MIN_PART = 3


def split_compound(term: str, vocab: dict[str, int]) -> list[str]:
    """'udvalgsmedlem' -> ['udvalg', 'medlem'] when both parts are known terms; else the term unchanged.

    The longest known head wins; a linking 's' or 'e' between the parts is dropped ("udvalg-s-medlem").
    """
    for cut in range(len(term) - _MIN_PART, _MIN_PART - 1, -1):
        head, tail = term[:cut], term[cut:]
        if tail not in vocab:
            continue
        if head in vocab:
            return [head, tail]
        if head[-1] in _LINKS and len(head) > _MIN_PART and head[:-1] in vocab:
            return [head[:-1], tail]
    return [term]
