"""Uploaded files: sanitised base names, stored only inside the corpus folder, within the size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from studietur.core.errors import InputError
from ui.corpus import sanitize_filename, store_upload


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("/etc/passwd.txt", "passwd.txt"),
        ("..\\..\\Windows\\system32\\rapport.PDF", "rapport.pdf"),
        ("C:\\Users\\anna\\Rejserapport 2023.docx", "Rejserapport_2023.docx"),
        ("ond\x00fil.txt", "ondfil.txt"),
        ("linje\nskift\r.md", "linjeskift.md"),
        ("\x1b[31mrød\x07.html", "31mrød.html"),
        (".skjult.txt", "skjult.txt"),
        ("Århus; rm -rf $HOME & ls.txt", "Århus_rm_-rf_HOME_ls.txt"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
        ("...txt", "dokument.txt"),
        ("   .md", "dokument.md"),
    ],
)
def test_sanitize_filename(given: str, expected: str) -> None:
    assert sanitize_filename(given) == expected


@pytest.mark.parametrize("given", ["passwd", "rapport.exe", "../..", "", "rapport.pdf\x00.exe", "arkiv.tar.gz"])
def test_unsupported_names_are_refused(given: str) -> None:
    with pytest.raises(InputError):
        sanitize_filename(given)


def test_upload_is_stored_inside_the_corpus_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    upload_dir = tmp_path / "gradio" / "abc"
    upload_dir.mkdir(parents=True)
    source = upload_dir / "..%2F..%2Fevil.txt"
    source.write_text("Et notat.", encoding="utf-8")
    stored = store_upload(source, corpus, max_mb=1)
    assert stored.parent == corpus.resolve() and stored.read_text(encoding="utf-8") == "Et notat."
    again = store_upload(source, corpus, max_mb=1)
    assert again != stored and again.parent == corpus.resolve() and again.name.endswith("_2.txt")
    assert sorted(p.name for p in tmp_path.rglob("*.txt") if p.parent == corpus) == sorted([stored.name, again.name])


def test_upload_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "stor.txt"
    source.write_bytes(b"x" * (2 * 1024 * 1024))
    with pytest.raises(InputError, match="MB"):
        store_upload(source, tmp_path / "corpus", max_mb=1)
    assert not any((tmp_path / "corpus").glob("*")) if (tmp_path / "corpus").exists() else True
