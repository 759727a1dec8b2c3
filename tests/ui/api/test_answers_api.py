"""POST /api/v1/ask, /search, /feedback; health, documentation, the token and errors, with httpx against the server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from assistant.feedback import feedback_path, read_feedback
from assistant.service import Assistant
from assistant.views import answer_dict

MOTTO = "Hvad er Greyston Bakerys motto?"


def test_ask_gives_what_ask_json_gives(client: httpx.Client, sample_assistant: Assistant) -> None:
    response = client.post("/api/v1/ask", json={"question": MOTTO, "k": 5})
    assert response.status_code == 200
    body = response.json()
    expected = answer_dict(sample_assistant.ask(MOTTO, k=5))
    assert body.keys() == expected.keys()
    assert body["answer"] == expected["answer"] and body["found"] is True
    assert body["citations"] and all(c["highlights"] and c["doc"] and c["text"] for c in body["citations"])
    assert "[1]" in body["answer"]


def test_ask_honours_filters_and_history(client: httpx.Client, sample_assistant: Assistant) -> None:
    other = next(r.doc for r in sample_assistant.documents() if "Greyston" not in r.title)
    narrowed = client.post("/api/v1/ask", json={"question": MOTTO, "filters": {"docs": [other]}}).json()
    assert all(c["doc"] == other for c in narrowed["citations"] + narrowed["related"])
    first = client.post("/api/v1/ask", json={"question": MOTTO}).json()
    follow_up = client.post(
        "/api/v1/ask",
        json={"question": "Hvor ligger den?", "history": [{"question": MOTTO, "answer": first["answer"]}]},
    )
    assert follow_up.status_code == 200 and follow_up.json()["question"] == "Hvor ligger den?"


def test_an_unanswerable_question_is_refused_with_its_reason(client: httpx.Client) -> None:
    body = client.post("/api/v1/ask", json={"question": "Hvad kostede flybilletterne til Tokyo i 2019?"}).json()
    assert body["found"] is False and body["citations"] == [] and body["why"]


def test_search_returns_ranked_passages(client: httpx.Client) -> None:
    body = client.post("/api/v1/search", json={"query": "Greyston Bakery brownies", "k": 3}).json()
    assert [r["rank"] for r in body["results"]] == [1, 2, 3]
    assert "Greyston" in body["results"][0]["text"]


def test_feedback_is_stored_with_the_answer(client: httpx.Client, sample_assistant: Assistant) -> None:
    path = feedback_path(sample_assistant.settings.paths.index_dir)
    before = len(read_feedback(path))
    response = client.post("/api/v1/feedback", json={"question": MOTTO, "rating": "up", "comment": "fra API'et"})
    assert response.status_code == 201
    stored = read_feedback(path)
    assert len(stored) == before + 1 and stored[-1]["comment"] == "fra API'et" and stored[-1]["citations"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "question"),
        ({"question": ""}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": MOTTO, "k": 0}, "k"),
        ({"question": MOTTO, "k": 51}, "k"),
        ({"question": MOTTO, "mode": "poetic"}, "mode"),
        ({"question": MOTTO, "mode": "generative"}, "mode"),  # this server has no LLM
        ({"question": MOTTO, "filters": {"years": ["last"]}}, "filters.years.0"),
        ({"question": MOTTO, "qestion": "typo"}, "qestion"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client: httpx.Client, body: dict, field: str) -> None:
    response = client.post("/api/v1/ask", json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["param"] == field and field in error["message"]


def test_a_body_that_is_not_json_is_a_400(client: httpx.Client) -> None:
    response = client.post("/api/v1/ask", content=b"question=hej", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_input"


def test_a_body_over_the_limit_is_a_413_before_it_is_read(client: httpx.Client) -> None:
    response = client.post("/api/v1/ask", content=b'{"question": "' + b"x" * 2_000_000 + b'"}')
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    chat = client.post("/v1/chat/completions", content=b"[" + b"1," * 600_000 + b"1]")
    assert chat.status_code == 413


def test_a_body_sent_without_its_size_is_refused_once_it_passes_the_limit(client: httpx.Client) -> None:
    """Chunked, with no Content-Length to refuse it by: counted while it arrives."""

    def body() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(200):  # 12.8 MB
            yield b"x" * 65_536

    response = client.post("/api/v1/ask", content=body(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert "1,048,576" in response.json()["error"]["message"]
    parts = iter([b'{"question": "', MOTTO.encode(), b'"}'])
    small = client.post("/api/v1/ask", content=parts, headers={"Content-Type": "application/json"})
    assert small.status_code == 200 and small.json()["found"]  # a chunked body under the limit is read as usual


def test_the_token_is_required_and_compared(base_url: str) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic YTpi"}):
        response = httpx.post(f"{base_url}api/v1/ask", json={"question": MOTTO}, headers=headers)
        assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
        assert response.json()["error"]["type"] == "authentication_error"
    for path in ("api/v1/documents", "api/v1/trips", "v1/models"):
        assert httpx.get(base_url + path).status_code == 401


def test_health_is_open_and_says_what_the_index_holds(base_url: str, sample_assistant: Assistant) -> None:
    health = httpx.get(f"{base_url}api/v1/health").json()
    passages = sum(len(r.chunk_ids) for r in sample_assistant.documents())
    assert health["status"] == "ok" and health["model"]["loaded"] is True
    assert health["index"] == {"documents": 5, "passages": passages}
    assert health["version"] and health["generative"] is False


def test_the_api_is_documented_and_unknown_routes_are_json_404s(client: httpx.Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/ask", "/api/v1/documents/{doc}", "/v1/chat/completions"} <= set(schema["paths"])
    shapes = schema["components"]["schemas"]
    answer = schema["paths"]["/api/v1/ask"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["$ref"].endswith("/AnswerView") and {"citations", "found", "why"} <= set(
        shapes["AnswerView"]["properties"]
    )
    assert "highlights" in shapes["CitationView"]["properties"] and "JobOut" in shapes and "HealthOut" in shapes
    assert client.get("/api/docs").status_code == 200
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/").status_code == 200  # the app is still at /
