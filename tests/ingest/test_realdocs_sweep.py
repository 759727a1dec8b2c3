"""Every file of ../shared/realdocs (264 real files from public repositories) through load, clean and chunk: no
crash, a reason for every refusal, and the files ingest once lost are read. Prints the outcome table by reason and
the time per file class (the same as `studietur sweep ../shared/realdocs`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from ingest.config import IngestSettings
from ingest.sweep import outcome_table, sweep, sweep_files
from vectorstore.embedder import Embedder

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "realdocs"
# Files each defect of issue 19 lost, read now (the scanned ones need Tesseract).
READ_NOW = [
    "unstructured/fake-html-with-duplicate-elements.html",
    "unstructured/pdf/copy-protected.pdf",
    "unstructured/fake-text-utf-16-le.txt",
    "unstructured/fake-text-utf-16-be.txt",
]
SCANNED = ["apache-tika/testOCR.pdf", "unstructured/pdf/loremipsum-flat.pdf", "unstructured/pdf/single_table.pdf"]


@pytest.mark.slow
@pytest.mark.skipif(not REALDOCS.is_dir(), reason=f"{REALDOCS} is not there")
def test_every_real_file_is_prepared_or_refused_with_a_reason(
    embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    outcomes = list(sweep(sweep_files(REALDOCS), IngestSettings(), embedder.count_tokens))
    with capsys.disabled():
        sys.stdout.write(f"\n{outcome_table(outcomes)}\n")
    assert len(outcomes) >= 260
    assert [o for o in outcomes if o.status == "crashed"] == []
    assert all(o.reason.strip() for o in outcomes if o.status == "refused")
    status = {str(o.path.relative_to(REALDOCS)): o.status for o in outcomes}
    expected = READ_NOW + (SCANNED if shutil.which("tesseract") else [])
    assert {name: status[name] for name in expected} == dict.fromkeys(expected, "prepared")
