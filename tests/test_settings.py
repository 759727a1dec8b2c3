from pathlib import Path

import pytest

from assistant.settings import load_settings
from studietur.core.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.yaml")
    assert settings.embedding.model == "bundled-e5-small"
    assert settings.chroma.mode == "embedded"
    assert settings.ui.host == "127.0.0.1"
    assert settings.paths.index_dir.is_absolute()


def test_file_then_environment_then_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("chroma:\n  mode: http\n  port: ${TEST_PORT:9000}\nretrieval:\n  k: 7\npaths:\n  index_dir: idx\n")
    assert load_settings(path).chroma.port == 9000
    monkeypatch.setenv("TEST_PORT", "9100")
    monkeypatch.setenv("STUDIETUR__RETRIEVAL__K", "3")
    settings = load_settings(path)
    assert (settings.chroma.mode, settings.chroma.port, settings.retrieval.k) == ("http", 9100, 3)
    assert settings.paths.index_dir == tmp_path / "idx"
    assert load_settings(path, overrides={"retrieval": {"k": 9}}).retrieval.k == 9


def test_a_list_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIETUR__UI__CORS_ORIGINS", '["https://intranet.example.kk.dk", "https://x.kk.dk"]')
    monkeypatch.setenv("STUDIETUR__INGEST__EXTENSIONS", "[.pdf, .docx]")
    settings = load_settings(tmp_path / "missing.yaml")
    assert settings.ui.cors_origins == ["https://intranet.example.kk.dk", "https://x.kk.dk"]
    assert settings.ingest.extensions == [".pdf", ".docx"]
    monkeypatch.setenv("STUDIETUR__UI__CORS_ORIGINS", '["unclosed')
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.yaml")


def test_invalid_value_names_the_file_and_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("chroma:\n  mode: cloud\n")
    with pytest.raises(ConfigError, match=r"settings.yaml.*chroma"):
        load_settings(path)


def test_fingerprint_follows_chunking_not_batch_size(tmp_path: Path) -> None:
    base = load_settings(tmp_path / "none.yaml")
    same = load_settings(tmp_path / "none.yaml", overrides={"embedding": {"batch_size": 64}})
    other = load_settings(tmp_path / "none.yaml", overrides={"ingest": {"chunking": {"max_tokens": 200}}})
    assert base.index_fingerprint() == same.index_fingerprint() != other.index_fingerprint()


def test_fingerprint_records_the_model_not_its_precision_or_backend(tmp_path: Path) -> None:
    base = load_settings(tmp_path / "none.yaml")
    served = {"precision": "bf16", "backend": "openai", "api_base": "http://127.0.0.1:7997", "workers": 8}
    same = load_settings(tmp_path / "none.yaml", overrides={"embedding": served})
    other = load_settings(tmp_path / "none.yaml", overrides={"embedding": {"model": str(tmp_path / "another-model")}})
    assert base.index_fingerprint() == same.index_fingerprint() != other.index_fingerprint()
