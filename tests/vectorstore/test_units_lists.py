"""A list joins the sentence that introduces it, so list questions get the whole list."""

from __future__ import annotations

from vectorstore.units import split_units

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
