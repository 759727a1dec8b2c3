from pathlib import Path

from studietur.core.types import Chunk
from studietur.text.danish import DanishAnalyzer, fold
from vectorstore.bm25_index import Bm25Index


def _chunk(cid: str, text: str, doc: str = "a.txt", year: int | None = 2023) -> Chunk:
    return Chunk(
        id=cid,
        doc=doc,
        doc_title="",
        section="",
        text=text,
        position=0,
        char_start=0,
        char_end=len(text),
        content_hash=cid,
        year=year,
    )


def test_analyzer_stems_folds_and_drops_stopwords() -> None:
    analyzer = DanishAnalyzer()
    assert set(analyzer.terms("Studieturen og studieture, studieturene")) == {"studietur"}
    assert analyzer.terms("Aarhus") == analyzer.terms("Århus")
    assert analyzer.terms("og i at det der") == []
    assert fold("KØBENHAVN") == "københavn"


def test_search_ranks_matching_chunk_first_and_persists(tmp_path: Path) -> None:
    index = Bm25Index(tmp_path / "bm25")
    index.add(
        [
            _chunk("1", "Greyston Bakery ansætter alle uden samtale"),
            _chunk("2", "Boston har mange virksomheder"),
            _chunk("3", "Virksomheden i Aarhus", doc="b.txt", year=2014),
        ]
    )
    index.commit()
    assert index.search("bageriet Greyston", 3)[0][0] == "1"
    reloaded = Bm25Index(tmp_path / "bm25")
    assert len(reloaded) == 3
    assert [cid for cid, _ in reloaded.search("virksomheder", 3)][0] in {"2", "3"}
    assert reloaded.search("Århus", 3)[0][0] == "3"


def test_filters_and_removal(tmp_path: Path) -> None:
    index = Bm25Index(tmp_path / "bm25")
    index.add([_chunk("1", "beskæftigelse i Boston"), _chunk("2", "beskæftigelse i New York", doc="b.txt", year=2014)])
    index.commit()
    only_b = index.search("beskæftigelse", 5, index.mask(docs=["b.txt"]))
    assert [cid for cid, _ in only_b] == ["2"]
    assert [cid for cid, _ in index.search("beskæftigelse", 5, index.mask(years=[2023]))] == ["1"]
    index.remove(["1"])
    index.commit()
    assert [cid for cid, _ in Bm25Index(tmp_path / "bm25").search("beskæftigelse", 5)] == ["2"]


def test_query_of_only_stopwords_finds_nothing(tmp_path: Path) -> None:
    index = Bm25Index(tmp_path / "bm25")
    index.add([_chunk("1", "og i at det")])
    index.commit()
    assert index.search("og det", 5) == []
