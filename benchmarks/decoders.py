"""Text decoders compared: Danish text in the encodings Windows and old systems write, real files of known
encoding, and bytes that are no text (a measurement only).

    python -m benchmarks.decoders [--reports data/reports] [--realdocs ../shared/realdocs]

- Danish: snippets of the sample reports (12 to 20,000 characters, from seeded places) encoded as UTF-8, cp1252,
  Latin-1, ISO-8859-15, UTF-16 and UTF-32 without byte-order mark; right when the decoded text equals the snippet.
- Real files: files of ../shared/realdocs whose encoding is known (named in the file or its source's tests); right
  when the decoded text equals the bytes decoded with that encoding.
- Not text: random bytes and strings of bytes invalid in UTF-8 and cp1252 alike; right when refused.
"""

from __future__ import annotations

import argparse
import codecs
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.decode import UndecodableText, decode_text

Decoder = Callable[[bytes], str]
ROOT = Path(__file__).resolve().parents[1]
ENCODINGS = ("utf-8", "cp1252", "latin-1", "iso8859-15", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
SIZES = (12, 40, 200, 2_000, 20_000)
# path under realdocs -> the encoding its source says it is written in
KNOWN = {
    "unstructured/fake-text-utf-16-be.txt": "utf-16-be",
    "unstructured/fake-text-utf-16-le.txt": "utf-16-le",
    "unstructured/fake-html-cp1252.html": "cp1252",
    "unstructured/umlauts-non-utf8.md": "latin-1",
    "unstructured/umlauts-utf8.md": "utf-8",
    "apache-tika/testTXT_win-1252.txt": "cp1252",
    "apache-tika/russian.cp866.txt": "cp866",
    "apache-tika/big-preamble.html": "cp1251",
    "apache-tika/testArabicMisleadingCharset.html": "cp1256",
    "apache-tika/testHTMLNoisyMetaEncoding_1.html": "iso8859-6",
    "apache-tika/english.cp500.txt": "cp500",
    "apache-tika/testTXTNonASCIIUTF8.txt": "utf-8",
}


def before(data: bytes) -> str:
    """The decoder before charset-normalizer: BOM, UTF-8, else cp1252; NUL bytes refused."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data:
        raise UndecodableText("NUL bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def library(data: bytes) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableText("no encoding found")
    return str(best)


DECODERS: dict[str, Decoder] = {"before": before, "charset-normalizer alone": library, "ours (now)": decode_text}


def danish_cases(reports: Path, seed: int = 19) -> list[tuple[str, bytes, str]]:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(reports.glob("*.txt")))
    rng = random.Random(seed)
    cases = []
    for size in SIZES:
        for _ in range(4):
            start = rng.randrange(0, len(text) - size)
            snippet = text[start : start + size]
            for encoding in ENCODINGS:
                kept = "".join(ch for ch in snippet if _encodable(ch, encoding))
                if any(ord(ch) > 127 for ch in kept) or encoding.startswith("utf-"):
                    cases.append((encoding, kept.encode(encoding), kept))
    return cases


def known_cases(realdocs: Path) -> list[tuple[str, bytes, str]]:
    cases = []
    for name, encoding in KNOWN.items():
        path = realdocs / name
        if path.exists():
            data = path.read_bytes()
            cases.append((name, data, data.decode(encoding)))
    return cases


def garbage_cases(seed: int = 8) -> list[bytes]:
    rng = random.Random(seed)
    cases = [rng.randbytes(rng.choice([64, 4096, 65536])) for _ in range(40)]
    invalid = [
        b"God tekst \x81 og mere",
        b"R\xc3\x8d\x8f",
        b"\xc3\x28 ugyldig \x9d sekvens",
        b"\xed\xa0\x80 surrogat \x90",
    ]
    return cases + [data * 20 for data in invalid]


def table(reports: Path, realdocs: Path) -> str:
    danish, known, garbage = danish_cases(reports), known_cases(realdocs), garbage_cases()
    groups = sorted({name for name, _, _ in danish}, key=ENCODINGS.index)
    head = " | ".join(f"Danish {g}" for g in groups)
    lines = [
        f"| decoder | {head} | real files of known encoding | not text refused | seconds |",
        "|---|" + "---|" * (len(groups) + 3),
    ]
    for name, decoder in DECODERS.items():
        started = time.perf_counter()
        cells = [_score(decoder, [c for c in danish if c[0] == g]) for g in groups]
        cells.append(_score(decoder, known))
        refused = sum(_refuses(decoder, data) for data in garbage)
        cells.append(f"{refused}/{len(garbage)}")
        lines.append(f"| {name} | {' | '.join(cells)} | {time.perf_counter() - started:.2f} |")
    wrong = [n for n, data, text in known if not _right(decode_text, data, text)]
    return "\n".join(lines) + f"\n\nreal files ours reads wrong: {', '.join(wrong) or 'none'}\n"


def _score(decoder: Decoder, cases: list[tuple[str, bytes, str]]) -> str:
    return f"{sum(_right(decoder, data, text) for _, data, text in cases)}/{len(cases)}"


def _right(decoder: Decoder, data: bytes, text: str) -> bool:
    try:
        return decoder(data) == text
    except (UndecodableText, UnicodeDecodeError):
        return False


def _refuses(decoder: Decoder, data: bytes) -> bool:
    try:
        decoder(data)
    except (UndecodableText, UnicodeDecodeError):
        return True
    return False


def _encodable(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--reports", type=Path, default=ROOT / "data" / "reports")
    parser.add_argument("--realdocs", type=Path, default=ROOT.parent / "shared" / "realdocs")
    args = parser.parse_args(argv)
    sys.stdout.write(table(args.reports, args.realdocs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
