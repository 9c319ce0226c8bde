"""Questions already answered, with the sections that answer them (knowledge/examples/).

Officials ask about the plan in words the plan does not use ("ai lo bảo mật", "đám mây tỉnh
do ai vận hành"). Questions written by people, each labelled with the section that answers
it, carry those words: a new question close to labelled ones leans towards their sections.
The examples are the question sets written from the plan and read while improving the
answers (JSON lines: {"q": ..., "expect": [section ids]}); out-of-scope lines (no section)
are not examples. The sets measured as blind (tests/data) are never examples.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.index import Bm25Table, FloatArray
from knowledge.normalize import normalize_text

EXAMPLES_DIR = Path(__file__).parent / "examples"
# How many of the closest examples vote for their sections (5 and 20 did no better, each read
# set left out of the examples in turn).
NEIGHBOURS = 10


@dataclass(frozen=True, slots=True)
class Example:
    """A question and the plan sections that answer it."""

    question: str
    sections: tuple[str, ...]


def example_files(directory: Path = EXAMPLES_DIR) -> list[Path]:
    """The example files shipped with the package, in name order."""
    return sorted(directory.glob("*.jsonl"))


def load_examples(paths: Iterable[Path], held_out: Collection[str] = ()) -> list[Example]:
    """The in-scope questions of these JSON-lines files, less those ``held_out`` (questions
    an evaluation asks: a question the examples hold would be answered from its own label)."""
    left_out = {normalize_text(q) for q in held_out}
    found = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            sections = tuple(str(s) for s in raw["expect"])
            if sections and normalize_text(str(raw["q"])) not in left_out:
                found.append(Example(str(raw["q"]), sections))
    return found


class ExampleIndex:
    """BM25 over the analysed examples; per section, how close its nearest example is."""

    __slots__ = ("_labels", "_sections", "_table")

    def __init__(
        self,
        examples: list[Example],
        features: Callable[[str], dict[str, float]],
        position: dict[str, int],
        sections: int,
    ) -> None:
        """Index ``examples`` by ``features`` (a question's weighted folded features);
        ``position`` maps a plan section id to its place among the ``sections`` entries."""
        corpus: list[list[str]] = []
        self._labels: list[npt.NDArray[np.intp]] = []
        for example in examples:
            places = [position[s] for s in example.sections if s in position]
            weighted = features(example.question)
            if not places or not weighted:
                continue
            # A feature weighs in as often as the question stresses it, once at least.
            corpus.append([f for f, w in weighted.items() for _ in range(max(1, round(w)))])
            self._labels.append(np.array(places, dtype=np.intp))
        self._sections = sections
        self._table = Bm25Table(corpus) if corpus else None

    def closeness(self, weighted: dict[str, float]) -> FloatArray:
        """Per section, the BM25 score of its closest example among the `NEIGHBOURS` closest
        to a question (0 for a section none of them names)."""
        votes = np.zeros(self._sections, dtype=np.float32)
        if self._table is None:
            return votes
        scores = self._table.scores(weighted)
        nearest = np.argsort(-scores, kind="stable")[:NEIGHBOURS]
        for j in nearest:
            if scores[j] <= 0:
                break
            places = self._labels[j]
            votes[places] = np.maximum(votes[places], scores[j])
        return votes
