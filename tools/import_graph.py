"""The package's import graph, read from the source (imports inside functions and `if TYPE_CHECKING:` included).

    python tools/import_graph.py [PACKAGE_DIR]

Prints the modules in import cycles, the imports that go against the layer order of
`LAYERS` (a module imports only from its own layer or earlier ones), the longest import
chain, and the function-local imports. tests/test_structure.py holds the package to it.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# The pipeline in run order; a folder is one layer. Each module may import only from its own
# layer or an earlier one, so reading the list top to bottom is reading the package.
LAYERS = (
    "version",
    "errors",
    "geometry",
    "resources",
    "yamlfile",
    "sandbox",
    "catalogue",
    "interview",
    "designs",
    "load",
    "phrasing",
    "prose",
    "compose",
    "fit",
    "addresses",
    "cards",
    "checks",
    "batch",
    "plot",
    "output",
    "runs",
    "cli",
    "__init__",
    "__main__",
)


@dataclass(frozen=True)
class Import:
    """One import of a package module by another."""

    importer: str
    imported: str
    line: int
    local: bool  # inside a function (or an `if` block), not at the top of the file


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts) if parts[-1] != "__init__" or len(parts) == 1 else ".".join(parts[:-1])


def modules(root: Path) -> dict[str, Path]:
    """Module name (relative to the package, `__init__` for the root) → its file."""
    return {module_name(path, root): path for path in sorted(root.rglob("*.py"))}


def imports(root: Path) -> list[Import]:
    """Every import of one package module by another, wherever it is written."""
    found = modules(root)
    out = []
    for name, path in found.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        package = name.split(".") if path.name == "__init__.py" and name != "__init__" else name.split(".")[:-1]
        for node in ast.walk(tree):
            for target in _targets(node, package, root.name):
                if target in found and target != name:
                    out.append(Import(name, target, node.lineno, id(node) not in top))
    return out


def _targets(node: ast.AST, package: list[str], root_name: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name.removeprefix(f"{root_name}.") for alias in node.names if alias.name.startswith(root_name)]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level == 0:
        if not (node.module or "").startswith(root_name):
            return []
        base = (node.module or "").split(".")[1:]
    else:
        base = package[: len(package) - node.level + 1] + ((node.module or "").split(".") if node.module else [])
    module = ".".join(base)
    return [module or "__init__", *(f"{module}.{alias.name}" if module else alias.name for alias in node.names)]


def layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def cycles(edges: list[Import]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)
        graph.setdefault(edge.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def upward(edges: list[Import]) -> list[Import]:
    """Imports of a module in a later layer than the importer's."""
    return [e for e in edges if layer(e.imported) > layer(e.importer)]


def longest_chain(edges: list[Import]) -> list[str]:
    """The longest path of imports (the graph must have no cycles)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        graph.setdefault(edge.importer, set()).add(edge.imported)

    @cache
    def longest(v: str) -> tuple[str, ...]:
        return (v, *max((longest(w) for w in graph.get(v, ())), key=len, default=()))

    return list(max((longest(v) for v in graph), key=len, default=()))


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "notecards"
    edges = imports(root)
    groups = cycles(edges)
    print(
        f"modules: {len(modules(root))}, imports between them: {len(edges)}, "
        f"function-local: {sum(e.local for e in edges)}"
    )
    print(f"modules in cycles: {sum(map(len, groups))}")
    for group in groups:
        print("  cycle:", " ".join(group))
    try:
        wrong = upward(edges)
    except ValueError as exc:
        print(f"upward imports: unknown (a module outside LAYERS: {exc})")
    else:
        print(f"upward imports: {len(wrong)}")
        for edge in wrong:
            print(f"  {edge.importer}:{edge.line} imports {edge.imported}")
    if not groups:
        chain = longest_chain(edges)
        print(f"longest import chain: {len(chain) - 1} imports: {' → '.join(chain)}")


if __name__ == "__main__":
    main()
