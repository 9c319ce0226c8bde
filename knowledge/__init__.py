"""Knowledge about Plan 87/KH-UBND: sections and retrieval (minimal engine).

A first real engine: the plan split into numbered sections and ranked with BM25 over
diacritic-folded words. The full engine (glossary, typo repair, calibrated abstention)
replaces it with the same API.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import bm25s

PLAN_PATH = Path(__file__).parent / "docs" / "ke-hoach-87-KH-UBND-2024.txt"
PLAN_DOC = "87/KH-UBND"
_ROMAN = re.compile(r"^(I|II|III|IV|V|VI)\.\s")
_NUMBER = re.compile(r"^(\d+)\.\s")
_LETTER = re.compile(r"^([a-eđg-i])\)\s")
_MIN_SCORE = 2.0


def fold(text: str) -> str:
    """Lower-case text without diacritics."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


@dataclass(frozen=True, slots=True)
class Source:
    """A section an answer draws on."""

    doc: str
    section: str
    title: str
    score: float


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to a question, with its sources best first."""

    kind: Literal["answer", "abstain", "smalltalk", "empty"]
    text: str
    sources: tuple[Source, ...] = ()
    related: tuple[Source, ...] = ()

    @property
    def answered(self) -> bool:
        """Whether the plan answers the question."""
        return self.kind == "answer"


def _sections(text: str) -> list[tuple[str, str]]:
    sections: list[tuple[str, str]] = []
    roman = number = ""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if match := _ROMAN.match(line):
            roman, number, sid = match[1], "", match[1]
        elif roman and (match := _NUMBER.match(line)):
            number, sid = match[1], f"{roman}.{match[1]}"
        elif number and (match := _LETTER.match(line)):
            sid = f"{roman}.{number}.{match[1]}"
        elif line.startswith("Yêu cầu các cơ quan"):
            sid = "closing"
        elif line.startswith("Nơi nhận"):
            sid = "recipients"
        elif not sections:
            sid = "preamble"
        else:
            sections[-1] = (sections[-1][0], sections[-1][1] + "\n" + line)
            continue
        sections.append((sid, line))
    return sections


class KnowledgeBase:
    """The plan's sections and a BM25 index over them."""

    def __init__(self, sections: list[tuple[str, str]]) -> None:
        self._sections = sections
        self._retriever = bm25s.BM25()
        self._retriever.index([fold(body).split() for _, body in sections], show_progress=False)

    @classmethod
    def load(cls, *, extra_dir: Path | None = None) -> KnowledgeBase:
        """The built-in plan (extra documents are not supported by this engine yet)."""
        return cls(_sections(PLAN_PATH.read_text(encoding="utf-8")))

    def answer(self, question: str) -> Answer:
        """The best section for a question, or an abstention."""
        words = [w for w in re.findall(r"\w+", fold(question)) if not w.isdigit() or len(w) > 2]
        if not words:
            return Answer("empty", "Bạn vui lòng gõ câu hỏi bằng chữ.")
        docs, scores = self._retriever.retrieve([words], k=3, show_progress=False)
        sources = tuple(
            Source(PLAN_DOC, self._sections[int(i)][0], self._sections[int(i)][1][:80], float(s))
            for i, s in zip(docs[0], scores[0], strict=True)
        )
        if not sources or sources[0].score < _MIN_SCORE:
            return Answer(
                "abstain", "Kế hoạch 87/KH-UBND không đề cập nội dung này.", sources, sources
            )
        sid, body = self._sections[int(docs[0][0])]
        text = f"{body}\n(Kế hoạch 87/KH-UBND, mục {sid})"
        return Answer("answer", text, sources, sources[1:])
