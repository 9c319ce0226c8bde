"""The core never imports platform code: handlers/, knowledge/ and scheduler/ stay neutral."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("telegram", "httpx", "fastapi", "starlette", "uvicorn", "bot.channels", "bot.app")
ALLOWED = ("bot.channels.errors",)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["handlers", "knowledge", "scheduler"])
def test_core_package_imports_no_platform_code(package: str) -> None:
    offending = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / package).rglob("*.py")
        for name in _imports(path)
        if name not in ALLOWED
        and any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    }

    assert offending == set()
