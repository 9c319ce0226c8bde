"""Fixtures for the knowledge package tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def dev_set() -> Path:
    """The dev question set: the repo copy, else the shared one next to the repo."""
    local = DATA / "dev.jsonl"
    if local.exists():
        return local
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base with only the built-in plan."""
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA
