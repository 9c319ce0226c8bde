"""Curated answers that combine several sections (knowledge/faq.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

FAQ_PATH = Path(__file__).parent / "faq.yaml"


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """A curated answer: typical phrasings, the sections it cites and the reply text."""

    questions: tuple[str, ...]
    sections: tuple[str, ...]
    answer: str


def load_faq(path: Path = FAQ_PATH) -> list[FaqEntry]:
    """Read the FAQ YAML file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        FaqEntry(
            questions=tuple(str(q) for q in item["questions"]),
            sections=tuple(str(s) for s in item["sections"]),
            answer=" ".join(str(item["answer"]).split()),
        )
        for item in raw
    ]
