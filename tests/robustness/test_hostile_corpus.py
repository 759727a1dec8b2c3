"""Ingest of a hostile corpus: every bad file reported with its reason, every good file indexed, the index whole,
memory bounded. The summary table (files tried and refused, by reason) goes to the log and to a file in tmp_path."""

from __future__ import annotations

import logging
import re
import resource
from collections import Counter
from pathlib import Path

import pytest
from helpers import make_settings
from robustness.hostile import EITHER, IGNORED, INDEXED, SKIPPED, Case, build_corpus

from assistant.service import Assistant
from ingest.events import FileFinished, IngestSummary
from vectorstore.bm25_index import Bm25Index
from vectorstore.embedder import Embedder
from vectorstore.manifest import load_manifest

logger = logging.getLogger(__name__)

MAX_RSS_GROWTH_MB = 1536


def test_hostile_corpus(tmp_path: Path, embedder: Embedder) -> None:
    _ingest_and_check(tmp_path, embedder, full=False)


@pytest.mark.slow
def test_hostile_corpus_full(tmp_path: Path, embedder: Embedder) -> None:
    _ingest_and_check(tmp_path, embedder, full=True)


def _ingest_and_check(tmp_path: Path, embedder: Embedder, *, full: bool) -> None:
    cases = build_corpus(tmp_path / "corpus", full=full)
    assert len(cases) >= 200
    bot = Assistant.open(make_settings(tmp_path, corpus=tmp_path / "corpus"), embedder=embedder)

    baseline = _rss_mb()
    peak_reset = _reset_peak()
    events = list(bot.ingest())
    growth = _peak_mb() - baseline

    finished = [e for e in events if isinstance(e, FileFinished)]
    summary = events[-1]
    assert isinstance(summary, IngestSummary)
    table = _table(cases, finished)
    (tmp_path / "hostile-summary.txt").write_text(table, encoding="utf-8")
    logger.info("hostile corpus (%d paths, RSS growth %.0f MB):\n%s", len(cases), growth, table)

    _check_events(cases, finished)
    _check_indexed_text(bot, cases)
    _check_consistent(bot, tmp_path / "index")
    # Without the reset the peak is the process's lifetime peak: a larger, still valid, upper bound.
    assert growth < MAX_RSS_GROWTH_MB, f"resident memory grew by {growth:.0f} MB (peak reset: {peak_reset})"

    again = list(bot.ingest())
    statuses = Counter(e.status for e in again if isinstance(e, FileFinished))
    assert statuses["added"] == statuses["updated"] == statuses["removed"] == 0, statuses
    _check_consistent(bot, tmp_path / "index")


def _check_events(cases: list[Case], finished: list[FileFinished]) -> None:
    reported = Counter(e.path for e in finished)
    assert not [p for p, n in reported.items() if n > 1], "a file was reported twice"
    by_path = {e.path: e for e in finished}
    expected = {_shown(c.path) for c in cases if c.expect != IGNORED}
    assert set(by_path) == expected, (set(by_path) - expected, expected - set(by_path))
    for case in cases:
        event = by_path.get(_shown(case.path))
        if case.expect == IGNORED:
            assert event is None
            continue
        assert event is not None
        if case.expect == INDEXED:
            assert event.status == "added" and event.chunks > 0, (case, event)
        elif case.expect == SKIPPED or (case.expect == EITHER and event.status == "skipped"):
            assert event.status == "skipped" and re.search(case.reason, event.reason), (case, event)
        else:
            assert event.status == "added" and event.chunks > 0, (case, event)


def _check_indexed_text(bot: Assistant, cases: list[Case]) -> None:
    """Every good file's chunks hold its text, decoded (the æøå of Windows-1252 and UTF-16 files included)."""
    records = bot.index.manifest.files
    for case in cases:
        if case.expect != INDEXED or not case.phrase:
            continue
        chunks = bot.index.store.get(records[str(case.path)].chunk_ids)
        text = " ".join(" ".join(chunk.text for chunk in chunks).split())
        assert case.phrase in text, (case.path, text[:300])
        assert "\ufffd" not in text and "Ã" not in text, case.path


def _check_consistent(bot: Assistant, index_dir: Path) -> None:
    """Chroma, BM25 and the manifest hold the same chunks, on disk as in memory, and no chunk is in two files."""
    records = bot.index.manifest.files.values()
    assert all(rec.done for rec in records)
    ids = [cid for rec in records for cid in rec.chunk_ids]
    assert len(ids) == len(set(ids)), "a chunk id belongs to two files"
    assert bot.index.store.count() == len(ids) == len(bot.index.bm25)
    assert bot.index.store.ids() == set(ids) == bot.index.bm25.ids()
    on_disk = load_manifest(index_dir / "manifest.json")
    assert {p: r.chunk_ids for p, r in on_disk.files.items()} == {r.path: r.chunk_ids for r in records}
    assert Bm25Index(index_dir / "bm25").ids() == set(ids)


def _table(cases: list[Case], finished: list[FileFinished]) -> str:
    by_path = {e.path: e for e in finished}
    rows: Counter[tuple[str, str, str]] = Counter()
    for case in cases:
        event = by_path.get(_shown(case.path))
        outcome = "not reported" if event is None else event.status
        reason = "" if event is None or not event.reason else _short(event.reason)
        rows[(case.category, outcome, reason)] += 1
    outcomes = Counter(e.status for e in finished)
    reasons = Counter(_short(e.reason) for e in finished if e.status == "skipped")
    lines = [f"{len(cases)} paths tried: " + ", ".join(f"{n} {s}" for s, n in sorted(outcomes.items()))]
    lines += ["", f"{'category':<40} {'outcome':<13} {'n':>4}  reason"]
    lines += [f"{c:<40} {o:<13} {n:>4}  {r}" for (c, o, r), n in sorted(rows.items())]
    lines += ["", "refused by reason:"] + [f"{n:>4}  {r}" for r, n in reasons.most_common()]
    return "\n".join(lines) + "\n"


def _shown(path: Path) -> str:
    """How ingest names a path in its events: a name that is not UTF-8 shows U+FFFD for its odd bytes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _short(reason: str) -> str:
    """The reason without what varies by file (names, sizes), so equal reasons count together."""
    reason = re.sub(r"same content as .*?;", "same content as <file>;", reason)
    return re.sub(r"\d+(\.\d+)?", "N", reason.split(";")[0])


def _rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def _peak_mb() -> float:
    peak = _status_kb("VmHWM")
    return (peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def _reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux: write 5 to clear_refs); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
