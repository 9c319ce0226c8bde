"""Fixtures for the knowledge package tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.examples import EXAMPLES_DIR

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def dev_set() -> Path:
    """The dev question set (../shared/eval/dev.jsonl), one of the labelled examples."""
    return EXAMPLES_DIR / "dev.jsonl"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base with only the built-in plan."""
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data."""
    return DATA
