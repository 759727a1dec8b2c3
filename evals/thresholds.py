"""Regression gates: metrics of ours that must not fall below the floors in thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.yaml"


def load_thresholds(path: Path = DEFAULT_THRESHOLDS) -> dict[str, dict[str, float]]:
    """{"min": {metric: floor}, "max": {metric: ceiling}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"min": dict(data.get("min", {})), "max": dict(data.get("max", {}))}


def violations(summary: dict[str, float], thresholds: dict[str, dict[str, float]]) -> list[str]:
    problems = [
        f"{name} = {summary.get(name)} is below its floor {floor}"
        for name, floor in thresholds["min"].items()
        if not summary.get(name, float("nan")) >= floor
    ]
    problems += [
        f"{name} = {summary.get(name)} is above its ceiling {ceiling}"
        for name, ceiling in thresholds["max"].items()
        if not summary.get(name, float("nan")) <= ceiling
    ]
    return problems
