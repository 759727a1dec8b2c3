"""The refusal policy: one decision, for extractive and generative answers alike, whether the passages answer the
question, and why not when they do not.

The decision weighs the evidence's signals (`assistant.evidence`) with a logistic model whose weights, and the
threshold below which it refuses, are fitted on the gold sets by `studietur eval calibrate` (evals/refusal_fit.py) and
stored in a versioned file; nothing here is hand-set. The reason given for a refusal is the signal that pulled the
probability down most: a name the passages never mention, a kind of fact none of their sentences holds, or weak
evidence overall.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evidence import Evidence
from studietur.core.errors import ConfigError
from studietur.questions.analysis import Question
from studietur.questions.names import as_written

logger = logging.getLogger(__name__)

MODEL_FILE = "refusal_model.json"
DEFAULT_MODEL_PATH = Path(__file__).with_name(MODEL_FILE)  # the model the package ships
MODEL_VERSION = 1
FEATURES = ("relevance", "coverage", "closeness", "name_absent", "kind_absent", "kind_closeness", "english")
# The reasons a refusal can give, each the feature that says it (every other feature is "weak evidence").
_REASONS = {"name_absent": "name_absent", "kind_absent": "kind_absent"}


def features(question: Question, evidence: Evidence) -> dict[str, float]:
    """The model's inputs: the evidence's measures, two yes/no findings, and the question's language (English
    questions meet Danish text, which lowers every similarity)."""
    return {
        "relevance": evidence.relevance,
        "coverage": evidence.coverage,
        "closeness": evidence.closeness,
        "name_absent": float(bool(evidence.absent)),
        "kind_absent": float(evidence.kind_absent),
        # How close the sentence holding the asked-for kind is; for a question asking for no kind, the best sentence's.
        "kind_closeness": evidence.kind_closeness if evidence.kind is not None else evidence.closeness,
        "english": float(question.language == "en"),
    }


@dataclass(frozen=True)
class RefusalModel:
    """Logistic weights over standardised features, and the probability below which the assistant refuses."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    fitted: dict[str, Any] = field(default_factory=dict, compare=False)  # how, on what, and the cross-validated figures

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        """Each feature's share of the log-odds."""
        return {
            name: w * (values[name] - m) / s
            for name, m, s, w in zip(self.features, self.mean, self.scale, self.weights, strict=True)
        }

    def probability(self, values: dict[str, float]) -> float:
        """The probability that the passages answer the question."""
        logit = self.bias + sum(self.contributions(values).values())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
            "fitted": self.fitted,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str) -> RefusalModel:
        if data.get("version") != MODEL_VERSION or tuple(data.get("features", ())) != FEATURES:
            raise ConfigError(
                f"{source}: a refusal model of another version or with other features; refit it with "
                "`studietur eval calibrate --write`"
            )
        try:
            return cls(
                features=FEATURES,
                mean=_floats(data["mean"]),
                scale=_floats(data["scale"]),
                weights=_floats(data["weights"]),
                bias=float(data["bias"]),
                threshold=float(data["threshold"]),
                fitted=dict(data.get("fitted", {})),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(
                f"{source}: the refusal model is damaged ({exc}); refit it with `studietur eval calibrate --write`"
            ) from exc

    @classmethod
    def load(cls, path: Path | None = None) -> RefusalModel:
        """The model at `path`, or the one shipped with the package."""
        path = path or DEFAULT_MODEL_PATH
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigError(f"{path}: cannot read the refusal model ({exc}); check answer.refusal_model") from exc
        return cls.from_dict(data, str(path))


@dataclass(frozen=True)
class Decision:
    """Whether to answer, the model's probability, and for a refusal its reason with what it is about."""

    answer: bool
    probability: float
    threshold: float
    reason: str = ""  # "name_absent", "kind_absent" or "weak_evidence" when refusing
    detail: dict[str, str] = field(default_factory=dict)

    def why(self) -> dict[str, str | float]:
        """What `Answer.why` records of the decision."""
        why: dict[str, str | float] = {
            "route": "retrieval",
            "p_answerable": round(self.probability, 4),
            "threshold": round(self.threshold, 4),
        }
        if not self.answer:
            why["refused"] = self.reason
            why.update(self.detail)
        return why


class RefusalPolicy:
    """Decides with a fitted RefusalModel."""

    def __init__(self, model: RefusalModel) -> None:
        self.model = model

    def decide(self, question: Question, evidence: Evidence) -> Decision:
        values = features(question, evidence)
        probability = self.model.probability(values)
        if probability >= self.model.threshold:
            return Decision(True, probability, self.model.threshold)
        reason, detail = self._reason(values, evidence, question.text)
        logger.debug("refusing %r: %s %s (p=%.3f)", question.text, reason, detail, probability)
        return Decision(False, probability, self.model.threshold, reason, detail)

    def _reason(self, values: dict[str, float], evidence: Evidence, text: str) -> tuple[str, dict[str, str]]:
        """The finding that pulled the probability down most, when one did; else weak evidence."""
        pulls = {
            name: share for name, share in self.model.contributions(values).items() if name in _REASONS and values[name]
        }
        if not pulls or min(pulls.values()) >= 0:
            return "weak_evidence", {}
        strongest = min(pulls, key=pulls.__getitem__)
        if strongest == "name_absent":
            return "name_absent", {"name": as_written(evidence.absent[0], text)}
        detail = {"kind": evidence.kind.value if evidence.kind else ""}
        if evidence.subject:
            detail["subject"] = as_written(evidence.subject, text)
        return "kind_absent", detail


def _floats(values: Sequence[Any]) -> tuple[float, ...]:
    found = tuple(float(v) for v in values)
    if len(found) != len(FEATURES):
        raise ValueError(f"{len(found)} values for {len(FEATURES)} features")
    return found
