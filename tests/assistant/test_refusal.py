"""The refusal policy: a fitted model file read or refused with a clear error, decisions and their reasons, and the
reasons as words under the answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.evidence import Evidence
from assistant.reasons import reason_text
from assistant.refusal import DEFAULT_MODEL_PATH, FEATURES, RefusalModel, RefusalPolicy, features
from studietur.core.errors import ConfigError
from studietur.core.types import Answer
from studietur.questions.analysis import read_question
from studietur.questions.kinds import Kind


def _evidence(**changes: object) -> Evidence:
    values: dict[str, object] = {
        "relevance": 0.88,
        "coverage": 0.6,
        "closeness": 0.88,
        "names": (),
        "absent": (),
        "kind": None,
        "subject": None,
        "kind_unit": None,
    }
    return Evidence(**{**values, **changes})  # type: ignore[arg-type]


def test_the_shipped_model_loads_and_says_how_it_was_fitted() -> None:
    model = RefusalModel.load()
    assert model.features == FEATURES and 0 < model.threshold < 1
    assert {"date", "cv_refused", "cv_false_refusal", "budget"} <= set(model.fitted)
    assert model.fitted["cv_false_refusal"] <= model.fitted["budget"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read the refusal model"),
        (json.dumps({"version": 99}), "another version"),
        (json.dumps({"version": 1, "features": list(FEATURES), "mean": [0]}), "damaged"),
    ],
)
def test_a_bad_model_file_is_named_with_what_to_do(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        RefusalModel.load(path)
    assert str(path) in str(caught.value)


def test_a_missing_name_refuses_and_is_named_as_written() -> None:
    policy = RefusalPolicy(RefusalModel.load())
    question = read_question("Hvem mødte udvalget i Chicago?")
    answered = policy.decide(question, _evidence())
    refused = policy.decide(question, _evidence(names=("chicago",), absent=("chicago",)))
    assert answered.answer and not refused.answer and refused.probability < answered.probability
    assert (refused.reason, refused.detail) == ("name_absent", {"name": "Chicago"})
    assert refused.why()["refused"] == "name_absent" and "p_answerable" in answered.why()


def test_a_missing_kind_of_fact_refuses_with_its_subject() -> None:
    policy = RefusalPolicy(RefusalModel.load())
    question = read_question("Hvad er adressen på Jobcenter Silkeborg?")
    assert question.kind is Kind.ADDRESS
    refused = policy.decide(question, _evidence(kind=Kind.ADDRESS, subject="silkeborg"))
    assert not refused.answer
    assert (refused.reason, refused.detail) == ("kind_absent", {"kind": "address", "subject": "Silkeborg"})


def test_features_follow_the_model_file() -> None:
    values = features(read_question("How many robots?"), _evidence(kind=Kind.COUNT))
    assert tuple(values) == FEATURES and values["english"] == 1.0 and values["kind_absent"] == 1.0


@pytest.mark.parametrize(
    ("why", "language", "said"),
    [
        ({"refused": "name_absent", "name": "Chicago"}, "da", "Rapporterne nævner ikke Chicago."),
        ({"refused": "name_absent", "name": "Chicago"}, "en", "The reports do not mention Chicago."),
        (
            {"refused": "kind_absent", "kind": "address", "subject": "Silkeborg"},
            "da",
            "Rapporterne giver ikke en adresse for Silkeborg.",
        ),
        ({"refused": "kind_absent", "kind": "count"}, "en", "The reports do not give a number."),
        ({"refused": "never_visited", "city": "Toronto"}, "da", "Rapporterne nævner ingen studietur til Toronto."),
        ({"refused": "weak_evidence"}, "da", "Ingen passage i rapporterne svarer godt nok på spørgsmålet."),
        ({"route": "retrieval"}, "da", ""),
    ],
)
def test_reasons_in_words(why: dict[str, str], language: str, said: str) -> None:
    answer = Answer("?", "…", False, (), language, why=why)  # type: ignore[arg-type]
    assert reason_text(answer) == said


def test_an_answer_given_has_no_reason() -> None:
    answer = Answer("?", "…", True, (), "da", why={"refused": "name_absent", "name": "X"})
    assert reason_text(answer) == ""


def test_the_model_file_is_the_one_in_the_package() -> None:
    assert DEFAULT_MODEL_PATH.name == "refusal_model.json" and DEFAULT_MODEL_PATH.parent.name == "assistant"
