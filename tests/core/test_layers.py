"""The floors, read from the code's imports: the shell on top, the core in the middle,
knowledge and storage at the bottom; no cycle; no platform library below the shell."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHELL = ("bot", "dashboard")
MIDDLE = ("reports", "scheduler", "handlers")
GROUND = ("knowledge", "storage")
PACKAGES = SHELL + MIDDLE + GROUND
PLATFORM = ("telegram", "httpx", "fastapi", "starlette", "uvicorn", "jinja2")
# Besides the floors, what each package may import of its own floor or the one below.
ALLOWED: dict[str, frozenset[str]] = {
    "bot": frozenset(PACKAGES),
    "dashboard": frozenset(MIDDLE + GROUND),
    "reports": frozenset(("handlers", *GROUND)),
    "scheduler": frozenset(("handlers", *GROUND)),
    "handlers": frozenset(GROUND),
    "storage": frozenset(("knowledge",)),
    "knowledge": frozenset(),
}


def _modules(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _imports(package: str) -> dict[str, set[str]]:
    """Each imported module name of `package` with the files importing it."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        for name in _modules(path):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def _graph() -> dict[str, set[str]]:
    return {
        package: {_top(name) for name in _imports(package) if _top(name) in PACKAGES} - {package}
        for package in PACKAGES
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_its_floor_and_below(package: str) -> None:
    offending = {
        f"{path}: {name}"
        for name, paths in _imports(package).items()
        if _top(name) in PACKAGES and _top(name) != package and _top(name) not in ALLOWED[package]
        for path in paths
    }

    assert offending == set()


@pytest.mark.parametrize("package", MIDDLE + GROUND)
def test_package_below_the_shell_imports_no_platform_library(package: str) -> None:
    offending = {
        f"{path}: {name}"
        for name, paths in _imports(package).items()
        if _top(name) in PLATFORM
        for path in paths
    }

    assert offending == set()


def test_top_level_packages_import_each_other_in_one_direction() -> None:
    graph = _graph()

    both_ways = {
        (a, b) for a, b in itertools.combinations(PACKAGES, 2) if b in graph[a] and a in graph[b]
    }

    assert both_ways == set()


def test_top_level_packages_have_no_cycle() -> None:
    graph = _graph()
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycles.append([*trail[trail.index(node) :], node])
            return
        if node in done:
            return
        for child in sorted(graph[node]):
            visit(child, [*trail, node])
        done.add(node)

    for package in PACKAGES:
        visit(package, [])

    assert cycles == []


@pytest.mark.parametrize("package", PACKAGES)
def test_package_opens_with_a_docstring_naming_what_it_may_import(package: str) -> None:
    source = (ROOT / package / "__init__.py").read_text(encoding="utf-8")

    docstring = ast.get_docstring(ast.parse(source)) or ""

    assert "import" in docstring
