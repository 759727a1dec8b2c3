"""The optional LLM: a backend name from settings picks a factory that imports its integration lazily."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.settings import LLMSettings
from studietur.core.errors import ConfigError

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

logger = logging.getLogger(__name__)

OLLAMA_URL = "http://127.0.0.1:11434"
_MAX_RETRIES = 1
_TOKENS = re.compile(r"(?i)(bearer\s+|sk-|api[_-]?key[\"'=:\s]+)[A-Za-z0-9_\-.]{6,}")


class MissingExtraError(ConfigError, ImportError):
    """The backend's integration package is not installed; the message names the extra to install."""


def load_llm(settings: LLMSettings) -> LLM | None:
    """The LLM the settings name, or None for backend 'none'."""
    if settings.backend == "none":
        return None
    factory = _BACKENDS[settings.backend]
    try:
        llm = factory(settings)
    except (ValueError, TypeError) as exc:
        # a pydantic error of the integration may quote the fields it was given, the API key among them
        message = redact(str(exc), settings)
        raise ConfigError(f"llm.backend '{settings.backend}' cannot be set up: {message}") from None
    logger.info("LLM backend %s ready (model %s)", settings.backend, settings.model or settings.model_path)
    return llm


def redact(text: str, settings: LLMSettings) -> str:
    """`text` without the configured API key or anything shaped like a key or bearer token."""
    secret = settings.api_key.get_secret_value()
    if secret:
        text = text.replace(secret, "***")
    return _TOKENS.sub(lambda m: m.group(1) + "***", text)


def _missing(extra: str, package: str) -> MissingExtraError:
    return MissingExtraError(f"llm.backend needs {package}: install it with `pip install -e '.[{extra}]'`")


def _openai(settings: LLMSettings) -> LLM:
    if not settings.api_base or not settings.model:
        raise ConfigError(
            "llm.backend 'openai' needs llm.api_base (e.g. http://127.0.0.1:8080/v1) and llm.model (the served name)"
        )
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise _missing("openai", "llama-index-llms-openai-like") from exc
    return OpenAILike(
        model=settings.model,
        api_base=settings.api_base,
        api_key=settings.api_key.get_secret_value() or "not-needed",  # local servers accept any key
        is_chat_model=settings.is_chat_model,
        context_window=settings.context_window,
        max_tokens=settings.max_tokens,
        temperature=settings.temperature,
        timeout=settings.timeout,
        max_retries=_MAX_RETRIES,
    )


def _ollama(settings: LLMSettings) -> LLM:
    if not settings.model:
        raise ConfigError("llm.backend 'ollama' needs llm.model (e.g. gemma3:4b, as `ollama list` shows it)")
    try:
        from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise _missing("ollama", "llama-index-llms-ollama") from exc
    return Ollama(
        model=settings.model,
        base_url=settings.api_base or OLLAMA_URL,
        temperature=settings.temperature,
        context_window=settings.context_window,
        request_timeout=settings.timeout,
        additional_kwargs={"num_predict": settings.max_tokens},
    )


def _llama_cpp(settings: LLMSettings) -> LLM:
    # LlamaCPP downloads a default model when it has no path: never let it get there
    path = settings.model_path
    if path is None or not path.is_file():
        raise ConfigError(f"llm.backend 'llama-cpp' needs llm.model_path to name a GGUF file (got {path})")
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError as exc:
        raise _missing("llama-cpp", "llama-index-llms-llama-cpp (and llama-cpp-python)") from exc
    return LlamaCPP(
        model_path=str(path),
        temperature=settings.temperature,
        max_new_tokens=settings.max_tokens,
        context_window=settings.context_window,
        verbose=False,
    )


_BACKENDS: dict[str, Callable[[LLMSettings], LLM]] = {
    "openai": _openai,
    "ollama": _ollama,
    "llama-cpp": _llama_cpp,
}
