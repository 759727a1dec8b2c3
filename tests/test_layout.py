"""The architecture, kept: imports run only downward through the layers, and no module grows past 400 lines.

Layers, lowest first (a package may import its own modules and those of any lower layer, never a peer's or a higher
one's; imports inside functions and under TYPE_CHECKING count too):

    studietur.core                       types and errors
    studietur.text                       language facts
    vectorstore, studietur.catalogue     indexes; the trip catalogue
    studietur.questions, ingest          reading questions; reading files
    assistant                            question -> route -> retrieve -> answer
    ui, evals                            the Gradio app; the evaluation suite (peers: the CLI hands the suite to the app)
    benchmarks                           measurements (they use the evaluation's gold sets and baselines)
    ui.cli                               the command line, the other user interface (it starts the app)

Between top-level packages this leaves no cycle: ui -> benchmarks -> evals -> assistant -> ingest -> vectorstore ->
studietur.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS: tuple[tuple[str, ...], ...] = (
    ("studietur.core",),
    ("studietur.text",),
    ("vectorstore", "studietur.catalogue"),
    ("studietur.questions", "ingest"),
    ("assistant",),
    ("ui", "evals"),
    ("benchmarks",),
    ("ui.cli",),
)
PACKAGES = sorted({package for layer in LAYERS for package in layer}, key=len, reverse=True)
MAX_LINES = 400


def _package(module: str) -> str | None:
    """The layer package a dotted module name belongs to (the longest that prefixes it)."""
    return next((p for p in PACKAGES if module == p or module.startswith(p + ".")), None)


def _rank(package: str) -> int:
    return next(rank for rank, layer in enumerate(LAYERS) if package in layer)


def _modules() -> list[tuple[str, Path]]:
    found = []
    for top in {package.split(".")[0] for package in PACKAGES}:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import in the file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _upward(module: str, path: Path) -> list[str]:
    own = _package(module)
    if own is None:
        return []  # the namespace package `studietur` itself
    wrong = []
    for line, imported in _imports(path):
        other = _package(imported) or _package(imported.rpartition(".")[0])
        if other is None or other == own:
            continue
        if _rank(other) >= _rank(own):
            wrong.append(f"{_shown(path)}:{line}: {own} imports {imported} ({other} is not below it)")
    return wrong


def test_every_module_belongs_to_a_layer() -> None:
    modules = _modules()
    assert len(modules) > 50
    strays = [str(path.relative_to(ROOT)) for module, path in modules if module != "studietur" and not _package(module)]
    assert not strays, f"modules outside every layer: {strays}; add their package to LAYERS"


def test_imports_run_only_downward() -> None:
    wrong = [problem for module, path in _modules() for problem in _upward(module, path)]
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    # The rule itself, on made-up modules: an ingest module importing the assistant is refused, the reverse is not.
    upward = tmp_path / "up.py"
    upward.write_text("def f():\n    from assistant.service import Assistant\n", encoding="utf-8")
    downward = tmp_path / "down.py"
    downward.write_text("from ingest.prepare import prepare_document\n", encoding="utf-8")
    assert _upward("ingest.sync", upward) and not _upward("assistant.service", downward)
    peer = tmp_path / "peer.py"
    peer.write_text("import evals.suite\n", encoding="utf-8")
    assert _upward("ui.app", peer)


@pytest.mark.parametrize("top", sorted({package.split(".")[0] for package in PACKAGES} | {"tests"}))
def test_no_module_is_over_400_lines(top: str) -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / top).rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules: {long}"
