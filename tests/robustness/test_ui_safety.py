"""Hostile questions, documents, uploads and visitors against the real assistant and the served app."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from gradio_client import Client
from helpers import REPORTS, make_settings, run_ingest
from robustness.served import serve

from assistant.service import MAX_QUESTION_CHARS, Assistant
from studietur.core.errors import InputError
from studietur.core.types import Passage
from ui import documents
from ui.chat import ChatHandlers
from ui.corpus import CorpusKeeper, store_upload
from ui.render import document_html, source_card
from vectorstore.embedder import Embedder

GREYSTON = "001_126ffb89a7bb1106.txt"
HOSTILE_REPORT = (
    "# Rapport med farlig tekst\n\n"
    "Udvalget besøgte Nuuk i Grønland. Rapporten citerer <script>alert('xss') uden slutmærke, "
    "<iframe src=javascript:alert(2)>, <svg onload=alert(3)> og [et link](javascript:alert(4)).\n"
)
INJECTION = "<script>alert(1)</script> <img src=x onerror=alert(5)> [klik](javascript:alert(6)) Hvad skete i Nuuk?"


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Assistant:
    tmp = tmp_path_factory.mktemp("ui-safety")
    corpus = tmp / "corpus"
    corpus.mkdir()
    shutil.copy(REPORTS / GREYSTON, corpus / GREYSTON)
    (corpus / "farlig.txt").write_text(HOSTILE_REPORT, encoding="utf-8")
    assistant = Assistant.open(make_settings(tmp, corpus=corpus), embedder=embedder)
    assert run_ingest(assistant).counts == {"added": 2}
    return assistant


# --- questions ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("", "empty"),
        (" \t\n ", "empty"),
        ("\x00\x01\x1b\x7f", "empty"),
        ("x" * 10_000, "characters"),
        ("æ" * (MAX_QUESTION_CHARS + 1), "characters"),
    ],
)
def test_unusable_questions_get_a_clear_input_error(bot: Assistant, question: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        bot.ask(question)


def test_control_characters_are_dropped_from_a_question(bot: Assistant) -> None:
    answer = bot.ask("Hvad\x00 er\x1b Greyston\x07 Bakerys\u200b motto?\r\n")
    assert answer.question == "Hvad er Greyston Bakerys motto?" and answer.text


def test_injected_markup_in_a_question_is_answered_and_shown_as_text(bot: Assistant, tmp_path: Path) -> None:
    answer = bot.ask(INJECTION)
    assert answer.question == INJECTION
    *_, last = ChatHandlers(bot, tmp_path / "feedback.jsonl").ask(INJECTION, [], None, None, None, None, 5)
    chat, _, sources, _, _ = last
    shown = "".join(message["content"] for message in chat) + sources
    assert "<script" not in shown and "<img" not in shown and "<iframe" not in shown and "<svg" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "&lt;img src=x onerror=alert(5)&gt;" in shown


def test_markup_in_a_document_is_shown_as_text(bot: Assistant) -> None:
    (passage,) = bot.search("farlig tekst Nuuk Grønland", k=1)
    chunk = passage.chunk
    assert chunk.doc == "farlig.txt" and "<script>alert('xss')" in chunk.text and "<svg onload" in chunk.text
    views = [
        source_card("[1]", "1:1", Passage(chunk, 1.0, 1), ((0, len(chunk.text)),)),
        document_html(bot.document_text("farlig.txt"), chunk, ((0, 10),), "[1]", "1:1"),
    ]
    for html in views:
        assert "<script" not in html and "<iframe" not in html and "<svg" not in html
        assert "&lt;script&gt;alert(&#x27;xss&#x27;)" in html and "&lt;svg onload=alert(3)&gt;" in html


# --- uploads --------------------------------------------------------------------------------------------------


def test_an_upload_never_follows_a_symlink_planted_in_the_corpus(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside.txt"
    corpus.mkdir()
    outside.write_text("må ikke ændres", encoding="utf-8")
    (corpus / "rapport.txt").symlink_to(outside)
    (corpus / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    for name in ("rapport.txt", "dangling.txt"):
        source = tmp_path / "upload" / name
        source.parent.mkdir(exist_ok=True)
        source.write_text("Ny rapport.", encoding="utf-8")
        try:
            stored = store_upload(source, corpus, max_mb=1)
        except InputError:  # refusing the name is safe too
            continue
        assert stored.parent == corpus.resolve() and not stored.is_symlink() and stored.name.endswith("_2.txt")
    assert outside.read_text(encoding="utf-8") == "må ikke ændres" and not (tmp_path / "nowhere.txt").exists()


@pytest.mark.parametrize(
    "name",
    ["..\\..\\etc\\passwd.txt", "\u202etxt.exe.txt", "..％2F..％2Fetc.txt", "\ufeff\u200b.txt", "a\x7fb\x1b[2J.md"],
)
def test_hostile_upload_names_stay_in_the_corpus_folder(tmp_path: Path, name: str) -> None:
    source = tmp_path / "gradio" / name
    source.parent.mkdir()
    source.write_text("Et notat om beskæftigelse.", encoding="utf-8")
    stored = store_upload(source, tmp_path / "corpus", max_mb=1)
    assert stored.parent == (tmp_path / "corpus").resolve()
    assert stored.name.isprintable() and "/" not in stored.name and "\\" not in stored.name
    assert not stored.name.startswith(".") and stored.suffix in (".txt", ".md")


def test_the_upload_handler_keeps_good_files_and_discards_refused_ones(tmp_path: Path, embedder: Embedder) -> None:
    corpus = tmp_path / "corpus"
    assistant = Assistant.open(make_settings(tmp_path, corpus=corpus), embedder=embedder)
    uploads = tmp_path / "gradio"
    uploads.mkdir()
    good = uploads / "..\\..\\rapport om Nuuk.txt"
    good.write_text("# Nuuk\n\nUdvalget besøgte Nuuk og talte om beskæftigelse.", encoding="utf-8")
    empty = uploads / "tom.txt"
    empty.write_bytes(b"")
    status, _ = documents.upload(CorpusKeeper(assistant), [str(good), str(empty)], progress=lambda *a, **k: None)
    assert "tom.txt" in status and "tilføjet" in status
    assert sorted(p.name for p in corpus.iterdir()) == ["rapport_om_Nuuk.txt"]
    assert [Path(r.path).parent for r in assistant.documents()] == [corpus.resolve()]


# --- login ----------------------------------------------------------------------------------------------------


def test_the_app_with_a_password_refuses_strangers_and_admits_the_user(
    tmp_path: Path, embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDIETUR_UI_USER", "anna")
    monkeypatch.setenv("STUDIETUR_UI_PASSWORD", "hemmelig-kode")
    assistant = Assistant.open(make_settings(tmp_path, corpus=tmp_path / "corpus"), embedder=embedder)
    with serve(assistant) as url:
        refused = [httpx.get(url + path) for path in ("config", "gradio_api/info")]
        refused += [httpx.post(url + path, json={}) for path in ("gradio_api/upload", "gradio_api/queue/join")]
        refused.append(httpx.post(url + "gradio_api/call/ask", json={"data": ["Hvad er Greyston?"]}))
        assert [r.status_code for r in refused] == [401] * len(refused)
        assert httpx.post(url + "login", data={"username": "anna", "password": "forkert"}).status_code >= 400
        assert httpx.post(url + "login", data={"username": "bo", "password": "hemmelig-kode"}).status_code >= 400
        with pytest.raises(Exception, match="credentials"):
            Client(url, verbose=False, analytics_enabled=False)

        with httpx.Client() as session:
            assert (
                session.post(url + "login", data={"username": "anna", "password": "hemmelig-kode"}).status_code == 200
            )
            assert session.get(url + "config").status_code == 200
        client = Client(url, auth=("anna", "hemmelig-kode"), verbose=False, analytics_enabled=False)
        result = client.predict(question="Hvad er Greyston?", year_from=None, year_to=None, api_name="/ask")
        assert "Greyston" in str(result[0]) and "msg-error" not in str(result[0])
