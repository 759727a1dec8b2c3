"""The few exception types of Studietur; entry points translate them into messages."""


class StudieturError(Exception):
    """Base class: a problem the user can act on; the message says what to do."""


class ConfigError(StudieturError):
    """Settings are missing or invalid."""


class ModelError(StudieturError):
    """The embedding model (or another model) cannot be loaded or converted."""


class IndexStoreError(StudieturError):
    """The Chroma or BM25 index cannot be opened, read or written."""


class DocumentError(StudieturError):
    """One input file cannot be read; ingest reports it and goes on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class InputError(StudieturError):
    """A question or request that cannot be served as given (empty, too long)."""
