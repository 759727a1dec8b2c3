"""Commands that need no model import no model library: a no-op ingest and the catalogue listings, each run in a
fresh process over the session's sample index, which then reports the heavy modules it ended up importing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import ROOT

from assistant.service import Assistant

HEAVY = ("torch", "transformers", "sentence_transformers", "chromadb", "llama_index")
# Runs the command, then prints the heavy modules it imported as the last line of standard output.
PROBE = (
    "import sys\n"
    "from ui.cli.main import main\n"
    "code = main(sys.argv[1:])\n"
    f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    "sys.exit(code)\n"
)


def _run(sample_assistant: Assistant, *argv: str) -> tuple[list[str], str]:
    paths = sample_assistant.settings.paths
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "STUDIETUR_SETTINGS": str(paths.index_dir / "absent.yaml"),
        "STUDIETUR__PATHS__INDEX_DIR": str(paths.index_dir),
        "STUDIETUR__PATHS__MODELS_DIR": str(paths.models_dir),
        "STUDIETUR__PATHS__CORPUS_DIR": str(paths.corpus_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    *output, heavy = done.stdout.strip().splitlines()
    assert heavy.startswith("HEAVY "), done.stdout
    return output, heavy.removeprefix("HEAVY ")


def test_a_no_op_ingest_loads_neither_torch_nor_chroma(sample_assistant: Assistant) -> None:
    output, heavy = _run(sample_assistant, "ingest", "--json")
    summary = json.loads(output[-1])
    assert summary["counts"] == {"unchanged": 5} and summary["chunks_written"] == 0
    assert summary["chunks_total"] == sample_assistant.index.chunk_count()
    assert heavy == "[]"


def test_ingest_with_repair_opens_the_whole_index(sample_assistant: Assistant) -> None:
    output, heavy = _run(sample_assistant, "ingest", "--repair", "--json")
    assert json.loads(output[-1])["counts"] == {"unchanged": 5}
    assert "chromadb" in heavy  # the probe can see a heavy import when there is one


@pytest.mark.parametrize("command", ["trips", "visits", "proposals"])
def test_catalogue_listings_load_no_model_library(sample_assistant: Assistant, command: str) -> None:
    output, heavy = _run(sample_assistant, command, "--json")
    assert output and heavy == "[]"
