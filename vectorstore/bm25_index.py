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

from studietur.core.errors import IndexStoreError
from studietur.core.types import Chunk
from studietur.text.danish import DanishAnalyzer
from vectorstore.index_files import TERMS_FILE

logger = logging.getLogger(__name__)

_MATRIX_DIR = "matrix"


@dataclass(frozen=True)
class _Entry:
    chunk_id: str
    doc: str
    year: int
    doc_type: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _View:
    """What a search reads: rows in score-matrix order with their filter columns, swapped whole on commit or
    reload, so a search running in another thread never mixes the rows of one state with the matrix of another."""

    order: list[str]
    docs: np.ndarray
    years: np.ndarray
    types: np.ndarray
    retriever: bm25s.BM25 | None


_EMPTY = _View([], np.array([], dtype=object), np.array([], dtype=np.int64), np.array([], dtype=object), None)
Stamp = tuple[int, int, int] | None


class Bm25Index:
    """Terms per chunk are kept on disk, so a change re-analyses only the changed documents."""

    def __init__(self, folder: Path, analyzer: DanishAnalyzer | None = None) -> None:
        self.folder = folder
        self.analyzer = analyzer or DanishAnalyzer()
        self._entries: dict[str, _Entry] = {}
        self._view = _EMPTY
        self._stamp: Stamp = None
        self.reload()

    def __len__(self) -> int:
        return len(self._view.order)

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
        view = _build(self._entries)
        self._view = view
        tmp = self.folder.with_name(self.folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        with (tmp / TERMS_FILE).open("w", encoding="utf-8") as out:
            for chunk_id in view.order:
                entry = self._entries[chunk_id]
                out.write(
                    json.dumps(
                        [entry.chunk_id, entry.doc, entry.year, entry.doc_type, " ".join(entry.terms)],
                        ensure_ascii=False,
                    )
                    + "\n"
                )
        if view.retriever is not None:
            view.retriever.save(str(tmp / _MATRIX_DIR), show_progress=False)
        _swap_folder(tmp, self.folder)
        self._stamp = _stamp(self.folder / TERMS_FILE)

    def reload(self) -> bool:
        """Read the index from disk if another process committed it since; True if it did."""
        stamp = _stamp(self.folder / TERMS_FILE)
        if stamp == self._stamp:
            return False
        entries, view = _load(self.folder)
        self._entries, self._view, self._stamp = entries, view, stamp
        return True

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score; `mask` from `mask()` of the same state
        (while another thread may commit, use `search_where`)."""
        return self._search(self._view, query, k, mask)

    def search_where(
        self, query: str, k: int, docs: Sequence[str] = (), years: Sequence[int] = (), doc_types: Sequence[str] = ()
    ) -> list[tuple[str, float]]:
        """`search` with the filters of `mask`, both on one state of the index."""
        view = self._view
        return self._search(view, query, k, _mask(view, docs, years, doc_types))

    def _search(self, view: _View, query: str, k: int, mask: np.ndarray | None) -> list[tuple[str, float]]:
        if view.retriever is None:
            return []
        terms = self._query_terms(view, query)
        if not terms:
            return []
        scores = view.retriever.get_scores(terms)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k == 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(view.order[i], float(scores[i])) for i in best]

    def query_terms(self, query: str) -> list[str]:
        """Analysed query terms; a compound the reports never use is split into two parts they do use."""
        return self._query_terms(self._view, query)

    def _query_terms(self, view: _View, query: str) -> list[str]:
        terms = self.analyzer.terms(query)
        if view.retriever is None:
            return terms
        vocab = view.retriever.vocab_dict
        return [part for term in terms for part in ([term] if term in vocab else split_compound(term, vocab))]

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Inverse document frequency of analysed terms (0 for unknown terms), for weighting query words."""
        view = self._view
        if view.retriever is None:
            return {term: 0.0 for term in terms}
        vocab = view.retriever.vocab_dict
        indptr = view.retriever.scores["indptr"]
        total = len(view.order)
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
        return _mask(self._view, docs, years, doc_types)


def _mask(view: _View, docs: Sequence[str], years: Sequence[int], doc_types: Sequence[str]) -> np.ndarray | None:
    if not (docs or years or doc_types):
        return None
    keep = np.ones(len(view.order), dtype=bool)
    if docs:
        keep &= np.isin(view.docs, list(docs))
    if years:
        keep &= np.isin(view.years, list(years))
    if doc_types:
        keep &= np.isin(view.types, list(doc_types))
    return keep


def _rows(entries: dict[str, _Entry], retriever: bm25s.BM25 | None) -> _View:
    order = sorted(entries)
    rows = [entries[chunk_id] for chunk_id in order]
    return _View(
        order,
        np.array([e.doc for e in rows], dtype=object),
        np.array([e.year for e in rows], dtype=np.int64),
        np.array([e.doc_type for e in rows], dtype=object),
        retriever,
    )


def _build(entries: dict[str, _Entry]) -> _View:
    if not entries:
        return _EMPTY
    retriever = bm25s.BM25(k1=1.2, b=0.75)
    retriever.index([list(entries[chunk_id].terms) or [""] for chunk_id in sorted(entries)], show_progress=False)
    return _rows(entries, retriever)


def _load(folder: Path) -> tuple[dict[str, _Entry], _View]:
    terms_file = folder / TERMS_FILE
    entries: dict[str, _Entry] = {}
    if not terms_file.exists():
        return entries, _EMPTY
    try:
        with terms_file.open(encoding="utf-8") as lines:
            for line in lines:
                chunk_id, doc, year, doc_type, terms = json.loads(line)
                entries[chunk_id] = _Entry(chunk_id, doc, int(year), doc_type, tuple(terms.split()))
    except (OSError, ValueError) as exc:
        raise IndexStoreError(f"{terms_file}: BM25 index unreadable ({exc}); run `studietur ingest --rebuild`") from exc
    matrix = folder / _MATRIX_DIR
    if not entries or not matrix.exists():
        return entries, _build(entries)
    return entries, _rows(entries, bm25s.BM25.load(str(matrix), show_progress=False, verbosity=0))


def _stamp(path: Path) -> Stamp:
    """(inode, size, mtime in ns): changes whenever a commit swaps the folder in."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


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
