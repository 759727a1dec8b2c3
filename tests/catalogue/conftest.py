"""Fixtures of the catalogue tests: the sample reports prepared once, their catalogues, a filled store, a lookup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.answerers.catalogue import CatalogueAnswerer
from ingest.config import IngestSettings
from ingest.prepare import prepare_document
from studietur.catalogue.extract import extract_catalogue
from studietur.catalogue.model import DocumentCatalogue
from studietur.catalogue.store import CatalogueStore
from studietur.core.types import Chunk, PreparedDocument

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
BOSTON_2023 = "000_173bfacdbf021f88.txt"
NEW_YORK_2014 = "001_126ffb89a7bb1106.txt"
PROPOSALS = "002_4b34b2f1d849fae7.txt"
MAPPING = "003_66f5ab561b3a715d.txt"
INSPIRATION = "004_871005614335508a.txt"


def count_words(text: str) -> int:
    """Stand-in for the model tokenizer: about 4/3 tokens per word."""
    return len(text.split()) * 4 // 3


def prepare(path: Path) -> PreparedDocument:
    return prepare_document(path, IngestSettings(), count_words)


@pytest.fixture(scope="session")
def prepared() -> dict[str, PreparedDocument]:
    return {path.name: prepare(path) for path in sorted(REPORTS.glob("*.txt"))}


@pytest.fixture(scope="session")
def catalogues(prepared: dict[str, PreparedDocument]) -> dict[str, DocumentCatalogue]:
    return {name: extract_catalogue(doc) for name, doc in prepared.items()}


@pytest.fixture(scope="session")
def chunks(prepared: dict[str, PreparedDocument]) -> dict[str, Chunk]:
    return {chunk.id: chunk for doc in prepared.values() for chunk in doc.chunks}


@pytest.fixture()
def store(tmp_path: Path, catalogues: dict[str, DocumentCatalogue]) -> CatalogueStore:
    store = CatalogueStore.for_index(tmp_path / "index")
    for name, catalogue in catalogues.items():
        store.put(str(REPORTS / name), catalogue)
    return store


@pytest.fixture()
def chunk_getter(chunks: dict[str, Chunk]) -> Callable[[list[str]], list[Chunk]]:
    """Like the index's `store.get`: the chunks of the ids it knows, in the order asked."""
    return lambda ids: [chunks[chunk_id] for chunk_id in ids if chunk_id in chunks]


@pytest.fixture()
def lookup(store: CatalogueStore, chunk_getter: Callable[[list[str]], list[Chunk]]) -> CatalogueAnswerer:
    return CatalogueAnswerer(store, chunk_getter)


@pytest.fixture(scope="session")
def boston(catalogues: dict[str, DocumentCatalogue]) -> DocumentCatalogue:
    """The 2023 report: Boston and New York City, 12 numbered visits."""
    return catalogues[BOSTON_2023]


@pytest.fixture(scope="session")
def new_york(catalogues: dict[str, DocumentCatalogue]) -> DocumentCatalogue:
    """The 2014 report: New York and Washington DC, participants in two sentences, no visit headings."""
    return catalogues[NEW_YORK_2014]


@pytest.fixture(scope="session")
def proposals(catalogues: dict[str, DocumentCatalogue]) -> DocumentCatalogue:
    """'Forslag til studieture for BIU'."""
    return catalogues[PROPOSALS]


@pytest.fixture(scope="session")
def other_reports(catalogues: dict[str, DocumentCatalogue]) -> list[DocumentCatalogue]:
    """The 2021 mapping and the 2024 inspiration catalogue: neither a travel report nor proposals."""
    return [catalogues[MAPPING], catalogues[INSPIRATION]]


@pytest.fixture()
def make_document(tmp_path: Path) -> Callable[[str, str], PreparedDocument]:
    """A made-up report as a prepared document (written to a file and run through the real pipeline)."""

    def make(text: str, name: str = "made_up.txt") -> PreparedDocument:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return prepare(path)

    return make


@pytest.fixture(scope="session")
def doc_keys() -> dict[str, str]:
    """The store key of each sample report (its path, as ingest keys files), by kind."""
    names = {"boston": BOSTON_2023, "new_york": NEW_YORK_2014, "proposals": PROPOSALS}
    return {kind: str(REPORTS / name) for kind, name in names.items()}
