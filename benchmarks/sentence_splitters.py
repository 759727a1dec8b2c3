"""Sentence splitters compared on hand-labelled boundaries: precision, recall and speed (a measurement only).

    python -m benchmarks.sentence_splitters [--reports data/reports]

The cases are in benchmarks/sentence_cases/ (one line each, "‖" before each sentence that starts a new one). Every
splitter gets one line at a time: lines are boundaries for all our uses, so only the cuts inside a line are compared.
pysbd is optional (`pip install pysbd`); without it only our splitters are measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studietur.text.sentences import sentence_spans

CASES = Path(__file__).resolve().parent / "sentence_cases"
MARK = "‖"
SETS = ("tricky", "reports", "fresh")  # written for the rules; a seeded sample of report lines; one labelled blind
Splitter = Callable[[str], list[int]]


@dataclass(frozen=True)
class Case:
    text: str
    boundaries: frozenset[int]


@dataclass(frozen=True)
class Score:
    found: int
    right: int
    gold: int
    lines_right: int
    lines: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 1.0


def read_cases(path: Path) -> list[Case]:
    """The labelled lines of a case file; '#' lines are comments."""
    cases = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        pieces = line.split(MARK)
        starts, offset = [], 0
        for piece in pieces[:-1]:
            offset += len(piece)
            starts.append(offset)
        cases.append(Case("".join(pieces), frozenset(starts)))
    return cases


def score(splitter: Splitter, cases: list[Case]) -> Score:
    found = right = gold = lines_right = 0
    for case in cases:
        predicted = set(splitter(case.text))
        found += len(predicted)
        right += len(predicted & case.boundaries)
        gold += len(case.boundaries)
        lines_right += predicted == case.boundaries
    return Score(found, right, gold, lines_right, len(cases))


def ours(line: str) -> list[int]:
    return [start for start, _ in sentence_spans(line)[1:]]


def pysbd_splitter(language: str) -> Splitter | None:
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language=language, clean=False)

    def split(line: str) -> list[int]:
        starts, cursor = [], 0
        for sentence in segmenter.segment(line):
            stripped = sentence.strip()
            if not stripped:
                continue
            cursor = line.index(stripped, cursor)
            starts.append(cursor)
            cursor += len(stripped)
        return starts[1:]

    return split


def splitters() -> dict[str, Splitter]:
    found: dict[str, Splitter] = {"sentence_spans": ours}
    for language in ("da", "en"):
        if (split := pysbd_splitter(language)) is not None:
            found[f"pysbd ({language})"] = split
    return found


def seconds(splitter: Splitter, lines: list[str], repeat: int = 3) -> float:
    """Best of `repeat` runs over all lines."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for line in lines:
            splitter(line)
        best = min(best, time.perf_counter() - began)
    return best


def table(reports: Path) -> str:
    sets = {name: read_cases(CASES / f"{name}.txt") for name in SETS}
    lines = [line for path in sorted(reports.glob("*.txt")) for line in path.read_text(encoding="utf-8").split("\n")]
    chars = sum(len(line) for line in lines)
    head = "".join(f" {name} P | {name} R | {name} lines right |" for name in SETS)
    rows = [f"| splitter |{head} ms for the 5 reports ({chars:,} chars) |", "|---" * (2 + 3 * len(SETS)) + "|"]
    for name, splitter in splitters().items():
        cells = []
        for cases in sets.values():
            s = score(splitter, cases)
            cells += [f"{s.precision:.3f} ({s.right}/{s.found})", f"{s.recall:.3f} ({s.right}/{s.gold})",
                      f"{s.lines_right}/{s.lines}"]  # fmt: skip
        rows.append(f"| {name} | {' | '.join(cells)} | {seconds(splitter, lines) * 1000:.0f} |")
    return "\n".join(rows) + "\n"


def errors() -> str:
    """Each case some splitter gets wrong, with its cuts shown as "‖"."""
    shown = []
    for splitter_name, splitter in splitters().items():
        for name in SETS:
            for case in read_cases(CASES / f"{name}.txt"):
                predicted = set(splitter(case.text))
                if predicted != case.boundaries:
                    cut = "".join(MARK + char if i in predicted else char for i, char in enumerate(case.text))
                    shown.append(f"{splitter_name} [{name}]: {cut}")
    return "\n".join(shown) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reports", type=Path, default=Path("data/reports"), help="folder of report .txt files")
    parser.add_argument("--errors", action="store_true", help="list the cases each splitter gets wrong")
    args = parser.parse_args(argv)
    sys.stdout.write(errors() if args.errors else table(args.reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
