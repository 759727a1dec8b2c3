"""Searches in one thread while another commits: the UI answers questions while an upload is ingested in the same
process. A search must see one whole state of the BM25 index, never the rows of one with the matrix of another."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from studietur.core.types import Chunk
from vectorstore.bm25_index import Bm25Index

SECONDS = 4.0


def _chunks(prefix: str, count: int, doc: str) -> list[Chunk]:
    return [
        Chunk(f"{prefix}-{i:03d}", doc, doc, "", f"beskæftigelse og integration i {doc} nummer {i}", i, 0, 9, "h", 2023)
        for i in range(count)
    ]


def test_searches_during_commits_never_fail(tmp_path: Path) -> None:
    index = Bm25Index(tmp_path / "bm25")
    index.add(_chunks("fast", 40, "a.txt"))
    index.commit()
    deadline = time.monotonic() + SECONDS
    errors: list[str] = []
    searches = commits = 0

    def search() -> None:
        nonlocal searches
        while time.monotonic() < deadline:
            try:
                for chunk_id, _ in index.search_where("beskæftigelse integration", 10, docs=["b.txt"]):
                    assert chunk_id.startswith("skift-"), chunk_id
                index.search("beskæftigelse nummer", 10)
                index.idf(index.query_terms("integration"))
            except Exception as exc:  # any failure is the finding
                errors.append(repr(exc))
            searches += 1

    def commit() -> None:
        nonlocal commits
        extra = _chunks("skift", 60, "b.txt")
        while time.monotonic() < deadline:
            index.add(extra)
            index.commit()
            index.remove(chunk.id for chunk in extra)
            index.commit()
            commits += 2

    threads = [threading.Thread(target=search), threading.Thread(target=commit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert commits > 4 and searches > 10
    assert not errors, errors[:3]
