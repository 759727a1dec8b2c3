"""HTML readers compared on real HTML files: words kept, structure kept, words that are not text, speed
(a measurement only).

    python -m benchmarks.html_readers [FOLDER ...]      # default ../shared/realdocs and a Word/CMS-style page

Each reader gets the same decoded text. The reference words of a file come from no parser: its markup with
comments, <script>, <style> and <head> blocks removed, tags stripped and entities unescaped. "kept" is the share
of those words (as a multiset) a reader's output holds; "extra" the share of its output's words that are not
among them (script, CSS or attribute text leaking). Structure: heading lines ('#'), list lines ('- ' or '* ') and
table rows (tabs or '|') the output holds against the <h1>-<h6>, <li> and <tr> tags of the markup.
Optional readers (inscriptis, html-text, trafilatura, html5lib) are measured when installed.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.decode import UndecodableText, decode_text
from ingest.html_reader import html_to_text

Reader = Callable[[str], str]
DEFAULT_FOLDERS = (Path(__file__).resolve().parents[2] / "shared" / "realdocs",)
_WORD = re.compile(r"\w+")
_DROPPED = re.compile(r"<!--.*?-->|<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HEAD_OPEN = re.compile(r"<head\b.*?(?=<body\b)", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_HEADING_LINE = re.compile(r"^#{1,6} ", re.MULTILINE)
_LIST_LINE = re.compile(r"^\s*[-*] ", re.MULTILINE)
_TABLE_LINE = re.compile(r"^[^\n]*(?:\t|\|)[^\n]*$", re.MULTILINE)
# A page as Word and CMS exports write it: <head> never closed, so a parser that does not follow the HTML5 rules
# nests <body> inside it.
UNCLOSED_HEAD = (
    "<html><head><meta charset='utf-8'><title>Kravspecifikation</title><style>p {margin: 0}</style>\n"
    "<body><h1>Kravspecifikation for jobcentrets sagssystem</h1>\n"
    "<p>Systemet skal understøtte borgerens kontaktforløb.</p>\n"
    "<h2>Krav</h2><ul><li>Krav 1: journalnotater gemmes straks.</li><li>Krav 2: adgang logges.</li></ul>\n"
    "<table><tr><th>Krav</th><th>Prioritet</th></tr><tr><td>Krav 1</td><td>Høj</td></tr></table>\n"
    "</body></html>"
)


@dataclass
class Tally:
    kept: int = 0
    words: int = 0
    extra: int = 0
    output_words: int = 0
    headings: int = 0
    lists: int = 0
    tables: int = 0
    seconds: float = 0.0
    empty: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def readers() -> dict[str, Reader]:
    found: dict[str, Reader] = {
        "bs4 html.parser + ours (before)": lambda markup: html_to_text(markup, "html.parser"),
        "bs4 lxml + ours (now)": html_to_text,
    }
    try:
        import html5lib  # noqa: F401

        found["bs4 html5lib + ours"] = lambda markup: html_to_text(markup, "html5lib")
    except ImportError:
        pass
    try:
        from inscriptis import get_text

        found["inscriptis"] = get_text
    except ImportError:
        pass
    try:
        import html_text

        found["html-text"] = html_text.extract_text
    except ImportError:
        pass
    try:
        import trafilatura

        found["trafilatura (markdown)"] = lambda markup: (
            trafilatura.extract(markup, output_format="markdown", include_tables=True, favor_recall=True) or ""
        )
    except ImportError:
        pass
    return found


def reference_words(markup: str) -> Counter[str]:
    text = _DROPPED.sub(" ", markup)
    text = _HEAD_OPEN.sub(" ", text)
    return Counter(word.casefold() for word in _WORD.findall(html.unescape(_TAG.sub(" ", text))))


def pages(folders: list[Path]) -> dict[str, str]:
    found = {"(built) unclosed <head>": UNCLOSED_HEAD}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in (".html", ".htm") and path.is_file():
                try:
                    found[str(path.relative_to(folder))] = decode_text(path.read_bytes())
                except UndecodableText:
                    continue
    return found


def measure(name: str, reader: Reader, files: dict[str, str]) -> Tally:
    tally = Tally()
    for label, markup in files.items():
        reference = reference_words(markup)
        started = time.perf_counter()
        try:
            text = reader(markup)
        except Exception as exc:  # a reader failing is part of what is measured
            tally.failed.append(f"{label} ({type(exc).__name__})")
            continue
        finally:
            tally.seconds += time.perf_counter() - started
        got = Counter(word.casefold() for word in _WORD.findall(text))
        tally.kept += sum((got & reference).values())
        tally.words += sum(reference.values())
        tally.extra += sum((got - reference).values())
        tally.output_words += sum(got.values())
        tally.headings += len(_HEADING_LINE.findall(text))
        tally.lists += len(_LIST_LINE.findall(text))
        tally.tables += len(_TABLE_LINE.findall(text))
        if sum(reference.values()) >= 5 and sum((got & reference).values()) < 0.5 * sum(reference.values()):
            tally.empty.append(label)
    return tally


def table(folders: list[Path]) -> str:
    files = pages(folders)
    markup = "".join(files.values())
    tags = {
        "headings": len(re.findall(r"<h[1-6]\b", markup, re.I)),
        "lists": len(re.findall(r"<li\b", markup, re.I)),
        "tables": len(re.findall(r"<tr\b", markup, re.I)),
    }
    lines = [
        f"{len(files)} HTML files; the markup holds {tags['headings']} headings, {tags['lists']} list items, "
        f"{tags['tables']} table rows",
        "",
        "| reader | words kept | extra words | heading lines | list lines | table rows | seconds | files under half kept |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, reader in readers().items():
        t = measure(name, reader, files)
        lost = ", ".join(t.empty + [f"failed: {f}" for f in t.failed]) or "-"
        lines.append(
            f"| {name} | {t.kept / t.words:.3f} | {t.extra / max(t.output_words, 1):.3f} | {t.headings} | {t.lists} | "
            f"{t.tables} | {t.seconds:.2f} | {lost} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT_FOLDERS))
    args = parser.parse_args(argv)
    sys.stdout.write(table(args.folders))
    return 0


if __name__ == "__main__":
    sys.exit(main())
