"""Citation parsing and the support check of generated sentences."""

from __future__ import annotations

from pathlib import Path

from llm_passages import sample_passages

from assistant.verify import Claim, Verifier, numbers, parse_claims
from vectorstore.bm25_index import Bm25Index


def _verifier(tmp_path: Path, share: float = 0.5) -> Verifier:
    return Verifier(Bm25Index(tmp_path).query_terms, share)


def test_markers_are_parsed_per_sentence_in_every_spelling() -> None:
    claims = parse_claims(
        "Jobcentret hjælper 1.200 borgere [1]. Bageriet har 75 ansatte. [2]\n"
        "Begge steder samarbejder med virksomheder [1, 2]. Det står i [Passage 3] og [kilde 1][3]."
    )
    assert [c.markers for c in claims] == [(1,), (2,), (1, 2), (3, 1)]
    assert claims[1].text == "Bageriet har 75 ansatte."
    assert claims[0].text == "Jobcentret hjælper 1.200 borgere."
    assert [c.line for c in claims] == [0, 0, 1, 1]


def test_a_sentence_without_markers_has_none() -> None:
    [claim] = parse_claims("Udvalget var i Berlin.")
    assert claim.markers == () and claim.text == "Udvalget var i Berlin."


def test_numbers_ignore_thousands_separators() -> None:
    assert numbers("1.200 borgere, 2,5 mio. kr. i 2019") == {"1200", "25", "2019"}
    assert numbers("1,200 citizens") <= numbers("1.200 borgere")


def test_supported_sentence_is_kept_and_renumbered(tmp_path: Path) -> None:
    passages = sample_passages()
    claims = parse_claims("Greyston Bakery ansætter medarbejdere uden jobsamtale [2].")
    verified = _verifier(tmp_path).verify(claims, passages)
    assert verified.dropped == 0
    assert verified.text == "Greyston Bakery ansætter medarbejdere uden jobsamtale [1]."
    [citation] = verified.citations
    assert citation.n == 1 and citation.passage is passages[1]
    start, end = citation.highlights[0]
    assert passages[1].chunk.text[start:end].startswith("Greyston Bakery i Yonkers ansætter")


def test_wrong_number_unknown_passage_and_foreign_terms_are_dropped(tmp_path: Path) -> None:
    passages = sample_passages()
    claims = parse_claims(
        "Jobcentret i Neukölln hjælper 1.200 borgere hver måned [1]. "
        "Jobcentret i Neukölln hjælper 5.000 borgere hver måned [1]. "
        "Jobcentret samarbejder med 40 virksomheder om praktikpladser [7]. "
        "Udvalget spiste frokost på en italiensk restaurant [1]. "
        "Bageriet har 75 ansatte."
    )
    verified = _verifier(tmp_path).verify(claims, passages)
    assert verified.dropped == 4
    assert verified.text == "Jobcentret i Neukölln hjælper 1.200 borgere hver måned [1]."
    assert [c.passage.chunk.id for c in verified.citations] == ["chunk-1"]


def test_a_number_must_be_in_the_cited_passage_not_another(tmp_path: Path) -> None:
    passages = sample_passages()
    claim = Claim("Bageriet Greyston Bakery har 75 ansatte.", (1,), 0)
    assert not _verifier(tmp_path).supported(claim, passages)
    assert _verifier(tmp_path).supported(Claim(claim.text, (2,), 0), passages)


def test_sentences_keep_their_lines(tmp_path: Path) -> None:
    passages = sample_passages()
    claims = parse_claims(
        "- Jobcentret i Neukölln hjælper 1.200 borgere [1].\n- Greyston Bakery ansætter uden jobsamtale [2]."
    )
    verified = _verifier(tmp_path).verify(claims, passages)
    assert verified.text.splitlines() == [
        "- Jobcentret i Neukölln hjælper 1.200 borgere [1].",
        "- Greyston Bakery ansætter uden jobsamtale [2].",
    ]


def test_a_sentence_with_prompt_markup_is_dropped_though_its_passage_holds_it(tmp_path: Path) -> None:
    """A base model echoes its prompt: passage text with the fence and template tokens around it."""
    passages = sample_passages()
    supported = "Greyston Bakery ansætter medarbejdere uden jobsamtale"
    for echo in ("<<<END PASSAGE 2>>>", "[/INST]", "<start_of_turn>model", "<|im_end|>", "‹‹‹PASSAGE 2›››"):
        claims = parse_claims(f"{supported}; {echo} [2].")
        verified = _verifier(tmp_path).verify(claims, passages)
        assert verified.dropped == 1 and not verified.citations, echo
    assert _verifier(tmp_path).verify(parse_claims(f"{supported} [2]."), passages).dropped == 0
