"""The embedding precision is chosen at run time from the CPU and a fidelity gate; bf16 keeps the model's vectors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from vectorstore import precision
from vectorstore.embedder import Embedder, SentenceTransformerEmbedder
from vectorstore.precision import MIN_COSINE, calibration_passages, choose, cpu_bf16_flags, gate


def _cpuinfo(tmp_path: Path, flags: str) -> Path:
    path = tmp_path / "cpuinfo"
    path.write_text(f"processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu sse2 avx2 {flags}\n\n", encoding="utf-8")
    return path


def test_bf16_flags_are_read_from_cpuinfo(tmp_path: Path) -> None:
    assert cpu_bf16_flags(_cpuinfo(tmp_path, "avx512f avx512_bf16 amx_tile amx_bf16")) == ["amx_bf16", "avx512_bf16"]
    assert cpu_bf16_flags(_cpuinfo(tmp_path, "avx512f avx512_vnni")) == []  # an AVX2/AVX-512 CPU without bf16
    assert cpu_bf16_flags(tmp_path / "missing") == []


def _rotated(angle: float) -> precision.Embed:
    """Vectors turned by `angle` radians in their first two dimensions: cosine to the original is cos(angle)."""

    def embed(texts: Sequence[str]) -> np.ndarray:
        base = _reference(texts)
        turned = base.copy()
        turned[:, 0] = np.cos(angle) * base[:, 0] - np.sin(angle) * base[:, 1]
        turned[:, 1] = np.sin(angle) * base[:, 0] + np.cos(angle) * base[:, 1]
        return turned

    return embed


def _reference(texts: Sequence[str]) -> np.ndarray:
    rows = np.zeros((len(texts), 4), dtype=np.float32)
    rows[:, 0] = 1.0
    return rows


def test_the_gate_adopts_bf16_only_when_its_vectors_stay_put() -> None:
    texts = ["a", "b", "c"]
    close = gate(_reference, _rotated(0.001), texts, "the CPU has avx512_bf16")  # cosine 0.9999995
    assert close.path == "bf16" and close.cosine_min is not None and close.cosine_min >= MIN_COSINE
    far = gate(_reference, _rotated(0.05), texts, "the CPU has avx512_bf16")  # cosine 0.99875
    assert far.path == "fp32" and "too far" in far.reason and far.cosine_min is not None and far.cosine_min < MIN_COSINE


def test_fp32_asked_for_is_taken_without_the_gate(tmp_path: Path) -> None:
    def fails(texts: Sequence[str]) -> np.ndarray:
        raise AssertionError("the gate must not run")

    choice = choose("fp32", "m", tmp_path, fails, fails)
    assert (choice.path, choice.reason) == ("fp32", "embedding.precision is fp32")


def test_auto_follows_the_cpu_and_keeps_the_gates_result(tmp_path: Path) -> None:
    calls: list[int] = []

    def counted(texts: Sequence[str]) -> np.ndarray:
        calls.append(len(texts))
        return _reference(texts)

    native, evidence = precision.bf16_hardware()
    first = choose("auto", "m", tmp_path, counted, counted)
    if not native:  # an AVX2-only machine: fp32, and no gate is run
        assert first.path == "fp32" and first.reason == evidence and not calls
        return
    assert first.path == "bf16" and calls == [len(calibration_passages())] * 2
    kept = json.loads((tmp_path / precision.RECORD_FILE).read_text(encoding="utf-8"))
    assert [entry["path"] for entry in kept.values()] == ["bf16"]
    again = choose("auto", "m", tmp_path, counted, counted)
    assert again == first and len(calls) == 2  # the record answers; the gate ran once


def test_calibration_passages_are_whole_passages() -> None:
    passages = calibration_passages()
    assert len(passages) >= 20 and all(len(p) > 200 for p in passages)
    assert any("\n" in p for p in passages)  # newlines survive the one-line-per-passage file


@pytest.fixture(scope="module")
def model(embedder: Embedder) -> SentenceTransformerEmbedder:
    assert isinstance(embedder, SentenceTransformerEmbedder)
    return embedder


def test_bf16_autocast_keeps_the_models_vectors(model: SentenceTransformerEmbedder) -> None:
    """Whatever this CPU chose: bf16 vectors of real passages, whole and pooled over spans as ingest does, stay
    within the gate of float32's."""
    texts = ["passage: " + p for p in calibration_passages()[:6]]
    fp32 = model.embed_as(texts, bf16=False)
    bf16 = model.embed_as(texts, bf16=True)
    assert precision.cosines(fp32, bf16).min() >= MIN_COSINE
    spans = [[(9, 60), (60, len(text))] for text in texts]
    chosen = model.precision
    try:
        model.precision = precision.PrecisionChoice("fp32", "test")
        whole32, parts32 = model.embed_spans(texts, spans)
        model.precision = precision.PrecisionChoice("bf16", "test")
        whole16, parts16 = model.embed_spans(texts, spans)
    finally:
        model.precision = chosen
    assert precision.cosines(whole32, whole16).min() >= MIN_COSINE
    assert precision.cosines(np.concatenate(parts32), np.concatenate(parts16)).min() >= 0.999
    assert not np.array_equal(whole32, whole16)  # autocast did run in bf16
