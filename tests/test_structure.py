"""The package's shape: no import cycles, imports only down the pipeline, and a reason for every late import."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import import_graph  # noqa: E402

PACKAGE = ROOT / "notecards"
_IMPORT_BLOCK = ("from ", "import ", "#")


@pytest.fixture(scope="module")
def edges() -> list[import_graph.Import]:
    """The package's imports, read once for the tests of this file (parsing every module takes most of a second)."""
    return import_graph.imports(PACKAGE)


def test_no_module_is_part_of_an_import_cycle_counting_imports_inside_functions(
    edges: list[import_graph.Import],
) -> None:
    assert import_graph.cycles(edges) == []


def test_every_module_imports_only_from_its_own_layer_or_an_earlier_one(edges: list[import_graph.Import]) -> None:
    """Reading LAYERS top to bottom is reading the pipeline: nothing reaches forward (catalogue never imports
    output)."""
    unknown = sorted(
        {e.importer for e in edges}
        - {m for m in import_graph.modules(PACKAGE) if m.split(".")[0] in import_graph.LAYERS}
    )
    assert unknown == []
    wrong = [f"{e.importer}:{e.line} imports {e.imported}" for e in import_graph.upward(edges)]
    assert wrong == []


def test_the_checker_finds_a_cycle_hidden_inside_a_function(tmp_path: Path) -> None:
    """The test above would catch the kind of cycle the old flat package hid in function-local imports."""
    package = tmp_path / "notecards"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fit.py").write_text("from .cards import x\n")
    (package / "cards.py").write_text("def f():\n    from .fit import y\n")
    edges = import_graph.imports(package)
    assert import_graph.cycles(edges) == [["cards", "fit"]]
    assert [(e.importer, e.imported) for e in import_graph.upward(edges)] == [("fit", "cards")]


def _late_imports(path: Path) -> list[tuple[int, str]]:
    """Imports written inside a function, each with its block of imports (and comments) above, for their reason."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    first = _block_start(lines, inner.lineno - 1)
                    out.append((inner.lineno, "\n".join(lines[first : inner.end_lineno])))
    return out


def _block_start(lines: list[str], index: int) -> int:
    """The first line of the run of import, comment and blank lines that ends just before `lines[index]`."""
    while index > 0 and (not lines[index - 1].strip() or lines[index - 1].lstrip().startswith(_IMPORT_BLOCK)):
        index -= 1
    return index


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_an_import_inside_a_function_says_why_it_is_late(path: Path) -> None:
    """A function-local import stays only to keep start-up fast, with a comment saying so (the CLI's commands are
    exempt: each command imports what it runs, and that is the reason for all of them)."""
    if path.name == "cli.py":
        return
    silent = [lineno for lineno, source in _late_imports(path) if "#" not in source]
    assert silent == [], f"{path.name}: lines {silent}"
