"""Curated answers that combine several sections (knowledge/faq.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

FAQ_PATH = Path(__file__).parent / "faq.yaml"
CURATED = "c"
OFFICE = "o"


@dataclass(frozen=True, slots=True)
class FaqEntry:
    """A curated answer: typical phrasings, the sections it cites and the reply text."""

    questions: tuple[str, ...]
    sections: tuple[str, ...]
    answer: str
    # Names the entry in a «Xem đầy đủ» button: "c<n>" for the n-th curated entry, "o<id>" for
    # one the office wrote in the console.
    key: str = ""


def load_faq(path: Path = FAQ_PATH) -> list[FaqEntry]:
    """Read the FAQ YAML file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        FaqEntry(
            questions=tuple(str(q) for q in item["questions"]),
            sections=tuple(str(s) for s in item["sections"]),
            answer=" ".join(str(item["answer"]).split()),
            key=f"{CURATED}{n}",
        )
        for n, item in enumerate(raw)
    ]


def answer_lines(text: str) -> str:
    """An answer as its writer broke it into lines, each line's spacing tidied, blank lines
    dropped (the chat shows one line per paragraph or bullet)."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())
