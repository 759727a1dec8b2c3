"""Choosing the LLM backend by name: lazy imports, clear errors, secrets kept out of sight."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.llm import MissingExtraError, load_llm, redact
from assistant.settings import LLMSettings, load_settings
from studietur.core.errors import ConfigError

KEY = "sk-test-VERYSECRET0123456789"


def _settings(**fields: object) -> LLMSettings:
    return LLMSettings.model_validate(fields)


def test_backend_none_has_no_llm() -> None:
    assert load_llm(LLMSettings()) is None


@pytest.mark.parametrize(
    ("backend", "module", "extra"),
    [
        ("openai", "llama_index.llms.openai_like", "openai"),
        ("ollama", "llama_index.llms.ollama", "ollama"),
        ("llama-cpp", "llama_index.llms.llama_cpp", "llama-cpp"),
    ],
)
def test_missing_package_names_the_extra(
    backend: str, module: str, extra: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes the import fail as if not installed
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    settings = _settings(backend=backend, model="m", api_base="http://127.0.0.1:9/v1", api_key=KEY, model_path=gguf)
    with pytest.raises(MissingExtraError, match=rf"pip install -e '\.\[{extra}\]'") as caught:
        load_llm(settings)
    assert isinstance(caught.value, ConfigError) and isinstance(caught.value, ImportError)
    assert "VERYSECRET" not in str(caught.value)


def test_openai_needs_a_server_and_a_model() -> None:
    with pytest.raises(ConfigError, match="llm.api_base"):
        load_llm(_settings(backend="openai", model="m"))


def test_llama_cpp_never_downloads_a_model(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="model_path"):
        load_llm(_settings(backend="llama-cpp"))
    with pytest.raises(ConfigError, match="GGUF"):
        load_llm(_settings(backend="llama-cpp", model_path=tmp_path / "absent.gguf"))


def test_openai_like_gets_the_settings() -> None:
    pytest.importorskip("llama_index.llms.openai_like")
    settings = _settings(backend="openai", model="gemma", api_base="http://127.0.0.1:9/v1", api_key=KEY, timeout=5)
    llm = load_llm(settings)
    assert llm is not None and type(llm).__name__ == "OpenAILike"
    assert (llm.model, llm.api_base, llm.is_chat_model, llm.timeout) == ("gemma", "http://127.0.0.1:9/v1", True, 5)


def test_api_key_comes_from_the_environment_and_stays_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text('llm:\n  backend: openai\n  api_key: "${TEST_LLM_KEY:}"\n  model_path: models/x.gguf\n')
    monkeypatch.setenv("TEST_LLM_KEY", KEY)
    settings = load_settings(path)
    assert settings.llm.api_key.get_secret_value() == KEY
    assert "VERYSECRET" not in repr(settings) and "VERYSECRET" not in settings.model_dump_json()
    assert settings.llm.model_path == tmp_path / "models" / "x.gguf"


def test_redact_hides_the_key_and_key_shaped_tokens() -> None:
    settings = _settings(api_key=KEY)
    text = redact(f"failed with {KEY}, Authorization: Bearer abcdefghijkl, other sk-abcdef123456", settings)
    assert "VERYSECRET" not in text and "abcdefghijkl" not in text and "abcdef123456" not in text
