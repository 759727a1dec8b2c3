"""A list joins the sentence that introduces it, so list questions get the whole list."""

from __future__ import annotations

from studietur.text.units import split_units, titles

TEXT = (
    "Oslo er delt op i byrådsafdelinger. De 8 byrådsafdelinger omfatter:\n\n"
    "1. Byrådslederens kontor\n2. Finans\n3. Sundhed\n\n"
    "Den daglige drift ligger i 15 bydele, der fungerer som kommuner i kommunen.\n"
)


def test_list_items_join_their_introduction() -> None:
    units = split_units(TEXT)
    texts = [unit.text for unit in units]
    assert "De 8 byrådsafdelinger omfatter: Byrådslederens kontor; Finans; Sundhed" in texts
    joined = next(unit for unit in units if unit.text.startswith("De 8"))
    assert TEXT[joined.start : joined.end].endswith("3. Sundhed")
    assert any(text.startswith("Den daglige drift") for text in texts)


def test_a_numbered_line_is_not_cut_after_its_number() -> None:
    units = split_units("Punkter:\n1. Første punkt om beskæftigelse\n2. Andet punkt om integration\n")
    assert units[0].text == "Punkter: Første punkt om beskæftigelse; Andet punkt om integration"


def test_prose_after_a_colon_is_not_a_list() -> None:
    text = "Formålet var følgende:\nUdvalget skulle lære om virksomhedernes ansvar for inklusion på arbejdsmarkedet.\n"
    units = split_units(text)
    assert [unit.text for unit in units][-1].startswith("Udvalget skulle lære")


def test_an_initial_ends_no_unit() -> None:
    texts = [unit.text for unit in split_units("Regional Director Cynthia Y. Brackett holder et oplæg. Det var godt.")]
    assert texts == ["Regional Director Cynthia Y. Brackett holder et oplæg.", "Det var godt."]


TITLED = (
    "9.4 Socialudvalget\n\nUdvalget drøfter sjældent sager med internationalt indhold.\n\n"
    "9.5 Beskæftigelses- og Integrationsudvalget\n\nUdvalget drøfter sager på hvert møde. Det er ofte.\n\n"
    "- Første punkt uden punktum\n- Andet punkt uden punktum\n\nAfsluttende tekst om noget andet.\n"
)


def test_a_paragraph_stands_under_the_title_line_before_it() -> None:
    units = split_units(TITLED)
    under = {unit.text: title.text if title else None for unit, title in zip(units, titles(units, TITLED), strict=True)}
    assert under["Udvalget drøfter sjældent sager med internationalt indhold."] == "9.4 Socialudvalget"
    assert under["Udvalget drøfter sager på hvert møde."] == "9.5 Beskæftigelses- og Integrationsudvalget"
    assert under["Det er ofte."] == "9.5 Beskæftigelses- og Integrationsudvalget", "the whole paragraph"
    assert under["9.5 Beskæftigelses- og Integrationsudvalget"] is None, "a title is not under the text before it"
    assert under["- Andet punkt uden punktum"] is None, "a list item is no title of the next item"
    assert under["Afsluttende tekst om noget andet."] is None, "nor is a list's last item a title"


def test_the_last_item_of_a_one_item_list_titles_the_paragraph_under_it() -> None:
    text = (
        "Odense er relevant. Et besøg kan inkludere:\n\n• Job- og integrationshuset\n\nEt nyt tilbud samlet ét sted.\n"
    )
    units = split_units(text)
    assert titles(units, text)[-1] == units[-2]
