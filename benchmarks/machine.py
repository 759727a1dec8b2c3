"""What the figures were measured on: cores, CPU model, memory, library versions, load."""

from __future__ import annotations

import logging
import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PACKAGES = ("torch", "chromadb", "llama-index-core", "sentence-transformers", "transformers", "gradio", "bm25s")


def machine_info() -> dict[str, Any]:
    return {
        "cores": os.cpu_count() or 0,
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": _cpu_model(),
        "ram_gb": _ram_gb(),
        "os": platform.platform(terse=True),
    }


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "-"
    return found


def load_average() -> list[float]:
    """1, 5 and 15 minute load: above the core count means other work shared the CPU."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return 0.0
