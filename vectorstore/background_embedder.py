"""An embedder whose model loads in a background thread, so that a server can answer before the model is ready."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from studietur.core.errors import ModelError
from vectorstore.config import EmbeddingSettings
from vectorstore.embedder import Embedder, Span, load_embedder

logger = logging.getLogger(__name__)


class BackgroundEmbedder(Embedder):
    """Loads the embedder the settings name (as load_embedder does) in a daemon thread once `start()` is called.

    Every use of the model waits until it is loaded, starting the load itself if nobody has; a failed load raises
    ModelError on each use. Nothing heavy (torch, sentence-transformers) is imported before the load starts.
    """

    def __init__(self, settings: EmbeddingSettings, models_dir: Path) -> None:
        super().__init__(settings)
        self._models_dir = models_dir
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._finished = threading.Event()
        self._embedder: Embedder | None = None
        self._error: ModelError | None = None

    def start(self) -> BackgroundEmbedder:
        """Begin loading the model in a daemon thread; calling it again does nothing."""
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._load, name="embedder-load", daemon=True)
                self._thread.start()
        return self

    @property
    def started(self) -> bool:
        return self._thread is not None

    @property
    def ready(self) -> bool:
        """Whether the model is loaded and usable (False while loading, and after a failed load)."""
        return self._embedder is not None

    @property
    def error(self) -> ModelError | None:
        """Why the load failed, once it has; None while loading or after success."""
        return self._error

    def wait(self, timeout: float | None = None) -> bool:
        """Start the load if needed and wait for it to end (either way); False when the timeout came first."""
        self.start()
        return self._finished.wait(timeout)

    def loaded(self) -> Embedder:
        """The loaded embedder, waiting for it; raises ModelError when it could not be loaded."""
        self.wait()
        if self._embedder is None:
            # A fresh exception per caller: re-raising one instance from many threads would pile up tracebacks.
            raise ModelError(str(self._error)) from self._error
        return self._embedder

    def embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.loaded().embed_batch(texts)

    def embed_spans(self, texts: Sequence[str], spans: Sequence[Sequence[Span]]) -> tuple[np.ndarray, list[np.ndarray]]:
        return self.loaded().embed_spans(texts, spans)

    def count_tokens(self, text: str) -> int:
        return self.loaded().count_tokens(text)

    def _load(self) -> None:
        started = time.perf_counter()
        try:
            self._embedder = load_embedder(self.settings, self._models_dir)
        except ModelError as exc:
            logger.error("the embedding model could not be loaded: %s", exc)
            self._error = exc
        except Exception as exc:  # torch or a model folder failing in an unforeseen way must reach users as a message
            logger.exception("loading the embedding model failed")
            self._error = ModelError(
                f"cannot load embedding model {self.settings.model!r} ({type(exc).__name__}: {exc}); "
                "check embedding.model in settings, or reinstall with `make setup`"
            )
        else:
            logger.info("embedding model ready after %.1f s", time.perf_counter() - started)
        finally:
            self._finished.set()
