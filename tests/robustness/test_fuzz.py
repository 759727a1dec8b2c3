"""Fuzzing (slow): 10,000+ random and mutated files through the loaders and cleaners, and 10,000+ texts through
each cleaning step. Nothing may escape but our DocumentError (a file refused with its reason)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robustness.hostile import docx_bytes, pdf_bytes

from ingest.chunk import chunk_document
from ingest.clean import clean_text
from ingest.clean_html import html_fragments_to_text
from ingest.clean_lines import join_broken_lines
from ingest.config import ChunkSettings, IngestSettings
from ingest.html_reader import html_to_text
from ingest.loaders import load_document
from ingest.prepare import clean_document
from studietur.core.errors import DocumentError

pytestmark = pytest.mark.slow

CASES = 10_000
SETTINGS = IngestSettings()
DANISH = "Beskæftigelses- og Integrationsudvalget drøftede økonomi på Rådhuspladsen. ÆØÅ æøå."
SEEDS: dict[str, bytes] = {
    ".pdf": pdf_bytes([f"Studietur til Tallinn. {DANISH}", "Anden side om be-\nskæftigelse."]),
    ".docx": docx_bytes("Studietur til Tallinn", [DANISH, "Anden del."]),
    ".html": f"<html><body><h1>Rapport</h1><p>{DANISH}</p><ul><li>a</li></ul><table><tr><td>x</td></tr></table>"
    "</body></html>".encode(),
    ".txt": f"# Rapport\n\n{DANISH}\n\nTidspunkt\tMandag kl. 9\n- punkt\n".encode("cp1252"),
    ".md": b"\xff\xfe" + f"## Program\n\n{DANISH}\n".encode("utf-16-le"),
}


def _mutate(data: bytes, draw: st.DrawFn) -> bytes:
    """A seed file with a few random edits: bytes replaced, a run inserted or deleted, or the end cut off."""
    out = bytearray(data)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        if not out:
            break
        where = draw(st.integers(min_value=0, max_value=len(out) - 1))
        action = draw(st.sampled_from(["replace", "insert", "delete", "cut"]))
        if action == "replace":
            out[where] = draw(st.integers(min_value=0, max_value=255))
        elif action == "insert":
            out[where:where] = draw(st.binary(max_size=64))
        elif action == "delete":
            del out[where : where + draw(st.integers(min_value=1, max_value=256))]
        else:
            del out[where:]
    return bytes(out)


@st.composite
def _files(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(sorted(SEEDS)))
    if draw(st.booleans()):
        return suffix, _mutate(SEEDS[suffix], draw)
    return suffix, draw(st.binary(max_size=4096))


def _words(text: str) -> int:
    return len(text.split()) * 4 // 3


@settings(
    max_examples=CASES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_files())
def test_loaders_and_cleaners_refuse_bad_files_only_with_document_error(file: tuple[str, bytes]) -> None:
    suffix, data = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        try:
            loaded = load_document(path, SETTINGS)
        except DocumentError as exc:
            assert exc.reason
            return
        cleaned, _ = clean_document(loaded)
        if cleaned:
            chunks = chunk_document("f", cleaned, ChunkSettings(), _words, title="T", year=None, doc_type="")
            assert all(cleaned[c.char_start : c.char_end] == c.text for c in chunks)


_markup = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from(
            ["<p>", "</p>", "<div>", "<li>", "<br>", "<table>", "<tr>", "<td>", "</td>", "<h2>", "</h2>", "<b>"]
            + ["<script>", "</script>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "<", ">"]
            + ["-\n", "\n\n", "\t", "\r", "\x00", "\u00ad", "\ufeff", "\ud7ff", "**", "# ", "- ", "1. "]
        ),
    ),
    max_size=80,
).map("".join)


@settings(max_examples=CASES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), _markup))
def test_cleaning_steps_never_raise(text: str) -> None:
    html_to_text(text)
    html_fragments_to_text(text)
    join_broken_lines(text)
    once = clean_text(text)
    assert clean_text(once) == once
