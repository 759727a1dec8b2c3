"""A corpus of hostile files (and some good ones) for ingest, with what ingest must do with each.

`build_corpus(folder)` writes the files and returns one `Case` per path that ingest is expected to report on
(or, for hidden files and symlinked folders, to pass over). Every file is made here: PDFs with fpdf2 (encrypted
with pypdf), Word files with python-docx, the rest byte by byte, so the corpus is the same on every run.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

# What ingest must do with a file: index it, skip it with a reason, either (a damaged file pypdf may still read),
# or say nothing (hidden files, symlinked folders).
INDEXED, SKIPPED, EITHER, IGNORED = "indexed", "skipped", "either", "ignored"

DAMAGED_PDF = r"damaged or truncated|no text layer"
NOT_DOCX = r"not a valid DOCX"
NOT_TEXT = r"cannot decode|looks binary|NUL bytes"
UNREADABLE = r"cannot read the file"


@dataclass(frozen=True)
class Case:
    """One path of the corpus: its category for the report, what ingest must do, and what to check after."""

    path: Path
    category: str
    expect: str
    reason: str = ""  # a regex the skip reason must match
    phrase: str = ""  # for indexed files: text that must be found, decoded, in the file's chunks


def build_corpus(folder: Path, *, full: bool = False, seed: int = 8) -> list[Case]:
    """Write the corpus into `folder`; `full` adds the 50 MB file, more random files and 100,000-character
    lines (the slow run)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    writer = _Writer(folder)
    _good_files(writer)
    _names(writer)
    _encodings(writer)
    _empty_and_blank(writer)
    _random_bytes(writer, rng, copies=40 if full else 24)
    _pdfs(writer)
    _docx(writer)
    _structure(writer, full)
    _links_and_specials(writer)
    if full:
        _big(writer)
    return writer.cases


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cases: list[Case] = []
        self._serial = 0

    def add(self, name: str, data: bytes, category: str, expect: str, reason: str = "", phrase: str = "") -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.cases.append(Case(path, category, expect, reason, phrase))
        return path

    def case(self, path: Path, category: str, expect: str, reason: str = "", phrase: str = "") -> None:
        self.cases.append(Case(path, category, expect, reason, phrase))

    def unique(self) -> str:
        """A sentence no other file holds, so no two files share content (and so chunk ids)."""
        self._serial += 1
        return f"Kontrolord{self._serial:04d} står kun i denne fil."


def report(words: str, unique: str) -> str:
    return (
        f"# Rejserapport {words}\n\n"
        f"Beskæftigelses- og Integrationsudvalget besøgte {words} og drøftede beskæftigelse.\n\n"
        f"{unique}\n"
    )


def pdf_bytes(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def docx_bytes(title: str, paragraphs: list[str]) -> bytes:
    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- good files --------------------------------------------------------------------------------------------------


def _good_files(w: _Writer) -> None:
    for name, words in [("rapport.txt", "Aarhus"), ("noter.md", "Odense"), ("referat.MD", "Vejle")]:
        unique = w.unique()
        w.add(name, report(words, unique).encode(), "good text", INDEXED, phrase=unique)
    unique = w.unique()
    html = f"<html><body><h1>Besøg i Malmö</h1><p>Udvalget så på <b>integration</b>.</p><p>{unique}</p></body></html>"
    w.add("side.html", html.encode(), "good HTML", INDEXED, phrase=unique)
    unique = w.unique()
    w.add("side2.htm", f"<p>Rapport fra Lund om beskæftigelse.</p><p>{unique}</p>".encode(), "good HTML", INDEXED)
    unique = w.unique()
    data = docx_bytes("Studietur til Tallinn", ["Udvalget besøgte e-Estonia og drøftede økonomi.", unique])
    w.add("tallinn.docx", data, "good DOCX", INDEXED, phrase=unique)
    unique = w.unique()
    data = pdf_bytes([f"Studietur til Berlin. Beskæftigelse på Rådhuspladsen, æøå.\n{unique}", "Anden side."])
    w.add("berlin.pdf", data, "good PDF", INDEXED, phrase=unique)
    unique = w.unique()
    w.add("STORE BOGSTAVER.PDF", pdf_bytes([f"Rapport fra Hamborg.\n{unique}"]), "good PDF", INDEXED, phrase=unique)
    w.add(
        "z-kopi af rapport.txt",
        report("Aarhus", "Kontrolord0001 står kun i denne fil.").encode(),
        "duplicate",
        SKIPPED,
        r"same content as",
    )


def _names(w: _Writer) -> None:
    names = [
        "rapport med mellemrum.txt",
        "Århus – økonomi på Ærø.txt",
        "🚀 rapport.md",
        "linje\nskift.txt",
        "tab\tulator.txt",
        "-rf ; rm.txt",
        "'citat' \"og\" $HOME.txt",
        "æ" * 120 + ".txt",
        "Ro\u0308dovre NFD.txt",
        "mappe.txt/indeni.txt",
    ]
    for name in names:
        unique = w.unique()
        w.add(name, report("Rødovre", unique).encode(), "odd file name", INDEXED, phrase=unique)
    # A Latin-1 name from an old zip archive: not valid UTF-8, so Python sees surrogate escapes in it.
    unique = w.unique()
    raw = os.fsencode(w.folder) + b"/r\xe6pport latin1.txt"
    fd = os.open(raw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.write(fd, report("Køge", unique).encode())
    os.close(fd)
    w.case(Path(os.fsdecode(raw)), "name not valid UTF-8", SKIPPED, r"file name is not valid UTF-8")


def _encodings(w: _Writer) -> None:
    danish = "Ærøskøbing får økonomisk støtte på Rådhuspladsen i Århus"
    for name, codec, bom in [
        ("utf16le.txt", "utf-16-le", b"\xff\xfe"),
        ("utf16be.txt", "utf-16-be", b"\xfe\xff"),
        ("utf8bom.md", "utf-8", b"\xef\xbb\xbf"),
        ("utf32.txt", "utf-32", b""),
    ]:
        unique = w.unique()
        text = f"# {name}\n\n{danish} ({codec}).\n\n{unique}\n"
        w.add(name, bom + text.encode(codec), "UTF-16/32 or BOM", INDEXED, phrase=f"{danish} ({codec})")
    for name in ("windows.txt", "windows.md"):
        unique = w.unique()
        text = f"# Referat {name}\n\n{danish} (cp1252 {name}).\n\n{unique}\n"
        w.add(name, text.encode("cp1252"), "Windows-1252 Danish", INDEXED, phrase=f"{danish} (cp1252 {name})")
    unique = w.unique()
    markup = f"<p>{danish} (cp1252 html).</p><p>{unique}</p>"
    w.add("windows.html", markup.encode("cp1252"), "Windows-1252 Danish", INDEXED, phrase=f"{danish} (cp1252 html)")
    bad_utf8 = [
        b"God tekst \x81 og mere",  # 0x81 is neither UTF-8 nor Windows-1252
        "Rådhus".encode()[:2] + b"\x8d\x8f",
        b"\xc3\x28 ugyldig \x9d sekvens",
        b"\xed\xa0\x80 surrogat \x90",
        b"\xf8\x88\x80\x80\x80 for lang \x81",
    ]
    for number, data in enumerate(bad_utf8):
        w.add(f"ugyldig-utf8-{number}.txt", data * 20, "invalid UTF-8", SKIPPED, r"cannot decode")
    for name, codec in [("utf16-uden-bom.txt", "utf-16-le"), ("utf16be-uden-bom.txt", "utf-16-be")]:
        text = f"{danish} ({name}).\n\n{w.unique()}\n"
        w.add(name, text.encode(codec), "UTF-16 without BOM", INDEXED, phrase=f"{danish} ({name})")


def _empty_and_blank(w: _Writer) -> None:
    for ext in (".txt", ".md", ".pdf", ".docx", ".html", ".htm"):
        w.add(f"tom{ext}", b"", "empty", SKIPPED, r"the file is empty")
    blanks = [b" ", b"\n\n\n", b"\t \r\n  \r\n", "\u00a0\u2003\u3000".encode(), b"\xef\xbb\xbf"]
    for number, data in enumerate(blanks):
        for ext in (".txt", ".md", ".html"):
            w.add(f"blank-{number}{ext}", data, "whitespace only", SKIPPED, r"only whitespace|no text found")
    invisible = "\u200b\u200c\ufeff\u00ad" * 10
    w.add("usynlig.txt", invisible.encode(), "invisible characters only", SKIPPED, r"no text is left after cleaning")
    w.add("sidetal.txt", b"1\n\n2\n\n3\n\n- 4 -\n\nSide 5 af 9\n", "page numbers only", SKIPPED, r"no text is left")
    w.add("kun-script.html", b"<script>alert(1)</script><style>p{}</style>", "HTML without text", SKIPPED, r"no text")


def _random_bytes(w: _Writer, rng: random.Random, copies: int) -> None:
    for number in range(copies):
        data = rng.randbytes(rng.choice([64, 4096, 65536]))
        w.add(f"tilfaeldig-{number}.pdf", data, "random bytes .pdf", SKIPPED, DAMAGED_PDF)
        w.add(f"tilfaeldig-{number}.docx", data, "random bytes .docx", SKIPPED, NOT_DOCX)
        w.add(f"tilfaeldig-{number}.txt", data, "random bytes .txt", SKIPPED, NOT_TEXT)
    for number in range(copies // 2):
        tail = rng.randbytes(rng.choice([10, 1000, 20000]))
        w.add(f"magisk-{number}.pdf", b"%PDF-1.7\n" + tail, "PDF header + random", SKIPPED, DAMAGED_PDF)
        w.add(f"magisk-{number}.docx", b"PK\x03\x04" + tail, "zip header + random", SKIPPED, NOT_DOCX)


def _pdfs(w: _Writer) -> None:
    for number in range(25):
        unique = w.unique()
        whole = pdf_bytes([f"Side et af rapport {number}.\n{unique}", "Side to.", "Side tre med æøå."])
        cut = max(1, int(len(whole) * (number + 1) / 26))
        w.add(f"afkortet-{number:02d}.pdf", whole[:cut], "truncated PDF", EITHER, DAMAGED_PDF)
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([f"Fortroligt. {w.unique()}"]))))
    locked.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    buffer = io.BytesIO()
    locked.write(buffer)
    w.add("krypteret.pdf", buffer.getvalue(), "encrypted PDF", SKIPPED, r"password-protected")
    unique = w.unique()
    open_lock = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([f"Kun ejerkode. {unique}"]))))
    open_lock.encrypt(user_password="", owner_password="ejer", algorithm="RC4-128")
    buffer = io.BytesIO()
    open_lock.write(buffer)
    w.add("ejerkode.pdf", buffer.getvalue(), "PDF with owner password only", INDEXED, phrase=unique)
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100)
    w.add("scannet.pdf", bytes(pdf.output()), "PDF without text layer or words", SKIPPED, r"no text layer")


def _docx(w: _Writer) -> None:
    good = docx_bytes("Bombe", ["Teksten er kort."])
    buffer = io.BytesIO(good)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("word/media/fyld.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 22)
            for _ in range(270):  # 1.1 GB of zeros that pack to about 5 MB
                member.write(block)
    w.add("zipbombe.docx", buffer.getvalue(), "DOCX zip bomb", SKIPPED, r"zip bomb")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"word/media/{number}.bin", b"")
    w.add("mange-filer.docx", buffer.getvalue(), "DOCX with 10,001 members", SKIPPED, r"zip bomb")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hej.txt", "hej")
    w.add("ikke-word.docx", buffer.getvalue(), "zip that is not Word", SKIPPED, NOT_DOCX)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "&lol;" * 10}">' for i in range(9))
        + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol8;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = laughs.encode() if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item, data)
    w.add("milliard-lol.docx", buffer.getvalue(), "DOCX entity expansion", SKIPPED, r"no text found|not a valid DOCX")
    w.add("halv.docx", good[: len(good) // 2], "truncated DOCX", SKIPPED, NOT_DOCX)


def _structure(w: _Writer, full: bool) -> None:
    """Long lines and words, runs of line joins, deep and wide HTML; `full` makes them big (100,000 characters)."""
    size = 100_000 if full else 10_000
    unique = w.unique()
    sentence = "Udvalget besøgte København og drøftede beskæftigelse og integration. "
    line = (sentence * (size // len(sentence) + 1))[:size]
    w.add("lang-linje.txt", f"{line}\n{unique}\n".encode(), f"{size:,}-character line", INDEXED, phrase=unique)
    unique = w.unique()
    word = ("beskæftigelsesindsats" * (size // 20))[: size // 2]
    w.add("langt-ord.txt", f"{word}\n\n{unique}\n".encode(), f"{size // 2:,}-character word", INDEXED, phrase=unique)
    unique = w.unique()
    joins = size // 20
    hyphens = "ord-\n" * joins
    w.add("bindestreger.txt", f"{hyphens}\n\n{unique}\n".encode(), f"{joins:,} hyphenated line ends", INDEXED)
    unique = w.unique()
    depth = size
    deep = "<div>" * depth + f"Dybt begravet afsnit. {unique}" + "</div>" * depth
    w.add("dyb.html", deep.encode(), f"HTML nested {depth:,} deep", INDEXED, phrase=unique)
    unique = w.unique()
    unclosed = "<b><i><span>" * (size // 5) + f"Aldrig lukket. {unique}"
    w.add("ulukket.html", unclosed.encode(), f"HTML with {3 * size // 5:,} unclosed tags", INDEXED, phrase=unique)
    unique = w.unique()
    tables = "<table><tr><td>" * (size // 50) + f"Celle. {unique}" + "</td></tr></table>" * (size // 50)
    w.add("tabeller.html", tables.encode(), f"HTML tables nested {size // 50:,} deep", INDEXED, phrase=unique)
    unique = w.unique()
    wide = "<div>" + "<p></p>" * (size * 2 // 5) + f"<p>Bredt dokument. {unique}</p></div>"
    w.add("bred.html", wide.encode(), f"HTML with {size * 2 // 5:,} paragraphs", INDEXED, phrase=unique)
    unique = w.unique()
    scripts = "<script>" * (size // 20) + f"\n\nSkjult tekst. {unique}\n"
    w.add("scripts.txt", scripts.encode(), f"{size // 20:,} unclosed <script> in text", EITHER)
    controls = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r\f") * 40
    w.add("styretegn.txt", controls.encode(), "control characters", SKIPPED, NOT_TEXT)


def _links_and_specials(w: _Writer) -> None:
    folder = w.folder
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    w.case(folder / "loop-a.txt", "symlink loop", SKIPPED, UNREADABLE)
    w.case(folder / "loop-b.txt", "symlink loop", SKIPPED, UNREADABLE)
    (folder / "selv.txt").symlink_to(folder / "selv.txt")
    w.case(folder / "selv.txt", "symlink loop", SKIPPED, UNREADABLE)
    (folder / "forsvundet.txt").symlink_to(folder / "findes-ikke.txt")
    w.case(folder / "forsvundet.txt", "dangling symlink", SKIPPED, UNREADABLE)
    (folder / "mappe-loop").mkdir()
    (folder / "mappe-loop" / "tilbage").symlink_to(folder, target_is_directory=True)
    w.case(folder / "mappe-loop" / "tilbage", "symlinked folder loop", IGNORED)
    (folder / "nul.txt").symlink_to("/dev/zero")
    w.case(folder / "nul.txt", "symlink to /dev/zero", SKIPPED, r"not a regular file")
    os.mkfifo(folder / "roer.txt")
    w.case(folder / "roer.txt", "named pipe (FIFO)", SKIPPED, r"not a regular file")
    w.add(".skjult.txt", b"Skjult fil.", "hidden file", IGNORED)
    for name in ("regneark.xls", "program.exe", "uden-endelse", "arkiv.tar.gz", "billede.png"):
        w.add(name, b"PK\x03\x04 not really", "unsupported type", SKIPPED, r"is not supported")
    for name in ("regneark.xlsx", "dias.pptx"):
        kind = name.rsplit(".", 1)[1].upper()
        w.add(name, b"PK\x03\x04 not really", "zip header, not Office", SKIPPED, rf"not a valid {kind}")
    unique = w.unique()
    locked = w.add("laast.txt", report("Herning", unique).encode(), "unreadable (chmod 000)", SKIPPED, UNREADABLE)
    locked.chmod(0)
    if os.access(locked, os.R_OK):  # root reads it anyway: then it is simply a good file
        w.cases[-1] = Case(locked, "unreadable (chmod 000), read as root", INDEXED, phrase=unique)


def _big(w: _Writer) -> None:
    line = "Udvalget drøftede beskæftigelse og integration i mange timer.\n".encode()
    path = w.folder / "stor.txt"
    with path.open("wb") as out:
        block = line * (2**20 // len(line) + 1)
        written = 0
        while written <= 50 * 2**20:
            out.write(block)
            written += len(block)
    w.case(path, "50 MB text file", SKIPPED, r"over the 50 MB limit")
