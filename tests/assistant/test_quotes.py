"""Quotes for extractive answers: best sentences first, carried on by their paragraph, no repeats, within budget."""

from __future__ import annotations

from assistant.quotes import Budget, Candidate, pick_quotes
from studietur.core.types import Chunk, Passage
from studietur.text.units import split_units

TEXT = (
    "Oslo Origo er en central innovationsenhed. Den har ca. 120 ansatte. Enheden ligger under Byrådsafdeling for finans.\n"
    "Her arbejdes med fælles platforme.\n"
    "Oslo har tre innovationsdistrikter. Dette er nyt.\n"
    "Budgettet er fastsat politisk."
)
BUDGET = Budget(quotes=6, chars=1000, per_passage=3)


def _passage(text: str = TEXT, chunk_id: str = "c1", rank: int = 1) -> Passage:
    chunk = Chunk(chunk_id, "doc.txt", "Rapport", "Oslo", text, 0, 0, len(text), "h")
    return Passage(chunk, 1.0 / rank, rank)


def _candidates(passage: Passage, scores: dict[str, float]) -> list[Candidate]:
    """A candidate per sentence; `scores` maps a sentence's first word to its score and its one term."""
    out = []
    for unit in split_units(passage.chunk.text):
        first = unit.text.split()[0]
        score = scores.get(first, 0.0)
        out.append(Candidate(passage, unit, score, {first.lower(): score} if score else {}))
    return out


def test_a_quote_carries_on_with_a_sentence_of_its_paragraph_that_scores_nearly_as_well() -> None:
    quotes = pick_quotes(_candidates(_passage(), {"Oslo": 1.0, "Den": 0.9}), Budget(1, 1000, 3))
    assert [quote.text for quote in quotes] == ["Oslo Origo er en central innovationsenhed. Den har ca. 120 ansatte."]


def test_a_quote_stops_at_its_paragraphs_end() -> None:
    quotes = pick_quotes(_candidates(_passage(), {"Enheden": 1.0, "Her": 0.9}), Budget(1, 1000, 3))
    assert quotes[0].text == "Enheden ligger under Byrådsafdeling for finans."


def test_a_sentence_that_leans_back_brings_its_predecessor() -> None:
    quotes = pick_quotes(_candidates(_passage(), {"Dette": 1.0}), Budget(1, 1000, 3))
    assert quotes[0].text == "Oslo har tre innovationsdistrikter. Dette er nyt."
    assert len(quotes[0].spans) == 2


def test_a_sentence_repeated_by_an_overlapping_chunk_is_quoted_once() -> None:
    first, second = _passage(), _passage(chunk_id="c2", rank=2)
    scores = {"Budgettet": 1.0, "Oslo": 0.5}
    quotes = pick_quotes(_candidates(first, scores) + _candidates(second, scores), BUDGET)
    texts = [quote.text for quote in quotes]
    assert texts.count("Budgettet er fastsat politisk.") == 1
    assert len(texts) == len(set(texts))


def test_quotes_follow_the_passages_reading_order_and_the_budget() -> None:
    scores = {"Budgettet": 1.0, "Oslo": 0.8, "Her": 0.6}
    quotes = pick_quotes(_candidates(_passage(), scores), BUDGET)
    starts = [quote.units[0].start for quote in quotes]
    assert starts == sorted(starts)
    assert len(pick_quotes(_candidates(_passage(), scores), Budget(6, 10, 3))) == 1
    assert len(pick_quotes(_candidates(_passage(), scores), Budget(6, 1000, 2))) == 2


def test_a_term_already_quoted_counts_for_less() -> None:
    passage = _passage("Oslo er stor.\nOslo er gammel.\nBudgettet er fastsat politisk.")
    units = split_units(passage.chunk.text)
    candidates = [
        Candidate(passage, units[0], 0.1, {"oslo": 1.0}),
        Candidate(passage, units[1], 0.1, {"oslo": 1.0}),
        Candidate(passage, units[2], 0.0, {"budget": 0.6}),
    ]
    quotes = pick_quotes(candidates, Budget(2, 1000, 3))
    assert [quote.text for quote in quotes] == ["Oslo er stor.", "Budgettet er fastsat politisk."]


def test_nothing_worth_quoting_gives_no_quotes() -> None:
    assert pick_quotes(_candidates(_passage(), {}), BUDGET) == []


def test_a_sentence_brings_the_list_its_paragraph_announces() -> None:
    text = "Planen prioriterer fem områder. De fem områder omfatter:\n1. Energi\n2. Transport\n"
    quotes = pick_quotes(_candidates(_passage(text), {"Planen": 1.0}), Budget(1, 1000, 3))
    assert quotes[0].text == "Planen prioriterer fem områder. De fem områder omfatter: Energi; Transport"


def test_a_paragraph_under_a_title_line_is_quoted_with_it() -> None:
    text = "9.5 Beskæftigelses- og Integrationsudvalget\n\nUdvalget drøfter sjældent internationale sager."
    passage = _passage(text)
    title, sentence = split_units(text)
    candidates = [Candidate(passage, sentence, 1.0, {"udvalg": 1.0}, lead=title)]
    quotes = pick_quotes(candidates, Budget(1, 1000, 3))
    assert quotes[0].text == (
        "9.5 Beskæftigelses- og Integrationsudvalget: Udvalget drøfter sjældent internationale sager."
    )
    assert quotes[0].spans == [(title.start, title.end), (sentence.start, sentence.end)]


def test_a_sentence_cut_at_a_comma_goes_on_in_the_next_line() -> None:
    text = (
        "- De største virksomheder, som også har produktion i København,\n- er Lundbeck og Novozymes.\n- Andet punkt."
    )
    passage = _passage(text)
    first, second, third = split_units(text)
    candidates = [Candidate(passage, first, 1.0, {"virksomhed": 1.0}), Candidate(passage, second, 0.0)]
    candidates.append(Candidate(passage, third, 0.0))
    quotes = pick_quotes(candidates, Budget(1, 1000, 3))
    assert quotes[0].text == "De største virksomheder, som også har produktion i København, er Lundbeck og Novozymes."


def test_a_further_passage_is_cited_only_when_its_sentence_carries_a_share_of_the_answer() -> None:
    first, second = _passage(), _passage("Budgettet er fastsat politisk.", chunk_id="c2", rank=2)
    candidates = _candidates(first, {"Oslo": 1.0}) + _candidates(second, {"Budgettet": 0.5})
    every = pick_quotes(candidates, Budget(6, 1000, 3, passage_share=0.0))
    assert {q.passage.chunk.id for q in every} == {"c1", "c2"}
    sharing = pick_quotes(candidates, Budget(6, 1000, 3, passage_share=0.6))
    assert {q.passage.chunk.id for q in sharing} == {"c1"}
    assert {q.passage.chunk.id for q in pick_quotes(candidates, Budget(6, 1000, 3, passage_share=0.4))} == {"c1", "c2"}
