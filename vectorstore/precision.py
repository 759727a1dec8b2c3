"""Which precision runs the model on this CPU: bf16 autocast where the CPU has bf16 instructions and bf16 keeps the
vectors, float32 otherwise.

The choice is made at run time, never from the machine the code was written on: the CPU's bf16 support is read from
/proc/cpuinfo (avx512_bf16, amx_bf16) and from torch's own checks. Where it has it, the fidelity gate embeds the
calibration passages (chunks of the sample reports, `calibration_passages.txt`) both ways and adopts bf16 only if every
vector's cosine to its float32 twin is at least MIN_COSINE. The gate's outcome is kept in the models folder per CPU,
torch version and model, so it runs once per machine; `studietur model` shows the choice and why. The retrieval side
of the gate (no gold metric lower by more than 0.005) is measured by `studietur bench` in the same run as the speeds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MIN_COSINE = 0.9999
RECORD_FILE = "precision.json"
CALIBRATION_FILE = Path(__file__).with_name("calibration_passages.txt")
_BF16_FLAGS = ("avx512_bf16", "amx_bf16")

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class PrecisionChoice:
    """The path chosen ("fp32" or "bf16"), why, and the gate's figure when it ran."""

    path: str
    reason: str
    cosine_min: float | None = None
    passages: int = 0

    @property
    def bf16(self) -> bool:
        return self.path == "bf16"


def cpu_bf16_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> list[str]:
    """The CPU's bf16 instruction flags as the kernel reports them (empty where there are none or no /proc)."""
    try:
        flags = next(line for line in cpuinfo.read_text().splitlines() if line.startswith("flags"))
    except (OSError, StopIteration):
        return []
    return sorted(flag for flag in flags.split() if flag in _BF16_FLAGS)


def torch_bf16_support() -> list[str]:
    """What torch's own CPU checks find (they read CPUID): avx512_bf16 and AMX tiles."""
    import torch

    found = []
    checks = {"avx512_bf16": "_is_avx512_bf16_supported", "amx": "_is_amx_tile_supported"}
    for name, check in checks.items():
        probe = getattr(torch.cpu, check, None)
        if probe is not None and probe():
            found.append(name)
    return found


def bf16_hardware() -> tuple[bool, str]:
    """Whether this CPU runs bf16 natively, and the evidence in words."""
    flags, torch_says = cpu_bf16_flags(), torch_bf16_support()
    if flags or torch_says:
        return True, f"the CPU has {', '.join(sorted(set(flags) | set(torch_says)))}"
    return False, "the CPU has no bf16 instructions (avx512_bf16 or AMX): bf16 would be emulated and slower"


def choose(requested: str, model: str, models_dir: Path, embed_fp32: Embed, embed_bf16: Embed) -> PrecisionChoice:
    """The path for `embedding.precision`: "fp32" and "bf16" are taken as given; "auto" asks the CPU, then the gate."""
    if requested == "fp32":
        return PrecisionChoice("fp32", "embedding.precision is fp32")
    if requested == "bf16":
        return PrecisionChoice("bf16", "embedding.precision is bf16 (no gate)")
    native, evidence = bf16_hardware()
    if not native:
        return PrecisionChoice("fp32", evidence)
    key = _record_key(model)
    known = _read_records(models_dir).get(key)
    if known is not None:
        return PrecisionChoice(**known)
    choice = gate(embed_fp32, embed_bf16, calibration_passages(), evidence)
    _write_record(models_dir, key, choice)
    return choice


def record(models_dir: Path, model: str, choice: PrecisionChoice) -> None:
    """Keep a verdict for this CPU, torch and model (the benchmark's full gate writes its own here)."""
    _write_record(models_dir, _record_key(model), choice)


def gate(embed_fp32: Embed, embed_bf16: Embed, passages: Sequence[str], evidence: str) -> PrecisionChoice:
    """bf16 if every passage's bf16 vector has a cosine of at least MIN_COSINE to its float32 vector."""
    cosine = float(cosines(embed_fp32(passages), embed_bf16(passages)).min())
    if cosine >= MIN_COSINE:
        reason = f"{evidence}, and bf16 keeps the vectors: cosine to fp32 ≥ {cosine:.6f} (gate {MIN_COSINE})"
        return PrecisionChoice("bf16", reason, round(cosine, 6), len(passages))
    reason = f"{evidence}, but bf16 moves the vectors too far: cosine to fp32 {cosine:.6f} < {MIN_COSINE}"
    return PrecisionChoice("fp32", reason, round(cosine, 6), len(passages))


def cosines(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Cosine of each row of `other` to the same row of `reference`."""
    norms = np.linalg.norm(reference, axis=1) * np.linalg.norm(other, axis=1)
    return np.sum(reference * other, axis=1) / np.maximum(norms, 1e-12)


def calibration_passages() -> list[str]:
    lines = CALIBRATION_FILE.read_text(encoding="utf-8").splitlines()
    return [_unescape(line) for line in lines if line.strip() and not line.startswith("#")]


def _unescape(line: str) -> str:
    return line.replace("\\n", "\n").replace("\\\\", "\\")


def _record_key(model: str) -> str:
    """This CPU (its name and bf16 flags), torch's version and the model: a gate result holds for these only."""
    import torch

    cpu = _cpu_name()
    text = json.dumps([cpu, cpu_bf16_flags(), torch_bf16_support(), torch.__version__, model])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cpu_name() -> str:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")), "")


def _read_records(models_dir: Path) -> dict[str, dict]:
    try:
        data = json.loads((models_dir / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_record(models_dir: Path, key: str, choice: PrecisionChoice) -> None:
    """Kept for the next load on this machine; a folder that cannot be written only means the gate runs again."""
    records = {**_read_records(models_dir), key: asdict(choice)}
    path = models_dir / RECORD_FILE
    tmp = path.with_name(f"{RECORD_FILE}.{os.getpid()}.tmp")
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        logger.warning("%s: the precision gate's result could not be kept (%s)", path, exc)
