"""Evaluate a knowledge base on a question set (JSON lines: {"q": ..., "expect": [ids]})."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from knowledge.answer import Answer, KnowledgeBase

WARMUP_QUESTIONS = 10


@dataclass(frozen=True, slots=True)
class EvalLine:
    """One evaluation question and the section ids that count as correct ([] = must abstain)."""

    q: str
    expect: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Metrics over an evaluation set.

    top1: share of in-scope lines answered with ``sources[0]`` in ``expect``.
    top3: share of in-scope lines with any of the first three ``sources`` in ``expect``,
        whether the question was answered or not (an abstained reply still ranks sources).
    oos_abstain: share of out-of-scope lines (``expect == []``) not answered.
    false_abstain: share of in-scope lines not answered.
    p50_ms, p95_ms: per-question latency of `KnowledgeBase.answer`, in-process, after a
        warm-up pass.
    """

    n: int
    top1: float
    top3: float
    oos_abstain: float
    false_abstain: float
    p50_ms: float
    p95_ms: float

    def as_dict(self) -> dict[str, float]:
        """Plain dict for JSON output."""
        return {
            "n": self.n,
            "top1": self.top1,
            "top3": self.top3,
            "oos_abstain": self.oos_abstain,
            "false_abstain": self.false_abstain,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
        }


def parse_lines(lines: Iterable[str]) -> list[EvalLine]:
    """Parse JSON lines, skipping blank ones."""
    out = []
    for line in lines:
        if line.strip():
            raw = json.loads(line)
            out.append(EvalLine(q=str(raw["q"]), expect=tuple(str(e) for e in raw["expect"])))
    return out


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def score(items: list[EvalLine], answers: list[Answer], timings_ms: list[float]) -> EvalResult:
    """Compute the metrics from answers already produced."""
    in_scope = [(it, a) for it, a in zip(items, answers, strict=True) if it.expect]
    oos = [a for it, a in zip(items, answers, strict=True) if not it.expect]
    top1 = sum(a.answered and a.sources[0].section in it.expect for it, a in in_scope)
    top3 = sum(any(s.section in it.expect for s in a.sources[:3]) for it, a in in_scope)
    missed = sum(not a.answered for _, a in in_scope)
    n_in = max(len(in_scope), 1)
    return EvalResult(
        n=len(items),
        top1=round(top1 / n_in, 4),
        top3=round(top3 / n_in, 4),
        oos_abstain=round(sum(not a.answered for a in oos) / max(len(oos), 1), 4),
        false_abstain=round(missed / n_in, 4),
        p50_ms=round(percentile(timings_ms, 50), 4),
        p95_ms=round(percentile(timings_ms, 95), 4),
    )


def measured_on(lines: Sequence[str], *, extra_dir: Path | None = None) -> KnowledgeBase:
    """The knowledge base a question set is measured on: the set's own questions left out of
    the labelled examples, so that none is answered from its own label."""
    from knowledge.answer import KnowledgeBase  # the search index: loaded only to measure

    held_out = [item.q for item in parse_lines(lines)]
    return KnowledgeBase.load(extra_dir=extra_dir, held_out=held_out)


def evaluate(kb: KnowledgeBase, lines: Iterable[str]) -> EvalResult:
    """Answer every question of a JSON-lines set and compute the metrics."""
    items = parse_lines(lines)
    for item in items[:WARMUP_QUESTIONS]:
        kb.answer(item.q)
    answers: list[Answer] = []
    timings: list[float] = []
    for item in items:
        start = time.perf_counter()
        answers.append(kb.answer(item.q))
        timings.append((time.perf_counter() - start) * 1000)
    return score(items, answers, timings)
