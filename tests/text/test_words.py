"""Function words and stems: what is left of a question without its function words is what it is about."""

from __future__ import annotations

import pytest

from studietur.text.danish import is_function_word, stems


@pytest.mark.parametrize("word", ["og", "Hvad", "så", "med", "de", "deres", "What", "about", "they"])
def test_function_words(word: str) -> None:
    assert is_function_word(word)


@pytest.mark.parametrize("word", ["ligger", "lønnen", "motto", "2019", "Berlin", "salary", "located"])
def test_content_words(word: str) -> None:
    assert not is_function_word(word)


@pytest.mark.parametrize(("a", "b"), [("lønnen", "løn"), ("Mottoet", "motto"), ("salaries", "salary")])
def test_inflected_forms_share_a_stem(a: str, b: str) -> None:
    assert stems([a]) & stems([b])
