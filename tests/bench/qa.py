"""Benchmark: our retrieval vs a plain bm25s baseline on every question set; prints JSON.

Run from the repository root: ``python tests/bench/qa.py [questions.jsonl]``. Without an
argument it measures, side by side: dev (tuned on), tune and tune2 (written from the plan alone,
then read while improving), blind and blind4 (likewise read in part), and blind2, blind3,
blind5, blind6, blind7 and blind8 (written from the plan alone by writers who saw no code,
frozen unread: the figures to trust).
The baseline keeps diacritics, splits on whitespace, indexes section title + text and always
answers with its top-1 section.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    # Run as a script from the repository root: make the `knowledge` package importable.
    sys.path.insert(0, str(ROOT))


def _dev_path() -> Path:
    local = ROOT / "tests" / "data" / "dev.jsonl"
    return local if local.exists() else ROOT / ".." / "shared" / "eval" / "dev.jsonl"


def _baseline(lines: list[str]) -> dict[str, float]:
    """bm25s over whitespace tokens with diacritics, always answering with the top section."""
    import bm25s

    from knowledge.answer import Answer, Source
    from knowledge.documents import PLAN_DOC, builtin_plan
    from knowledge.evaluate import WARMUP_QUESTIONS, parse_lines, score

    sections = list(builtin_plan().sections)
    model = bm25s.BM25()
    model.index([f"{s.title} {s.text}".lower().split() for s in sections], show_progress=False)

    def answer(question: str) -> Answer:
        tokens = [t for t in question.lower().split() if t in model.vocab_dict]
        if not tokens:
            return Answer("answer", "", (Source(PLAN_DOC, sections[0].id, "", 0.0),), ())
        scores = model.get_scores(tokens)
        order = scores.argsort()[::-1][:5]
        sources = tuple(
            Source(PLAN_DOC, sections[i].id, sections[i].title, float(scores[i])) for i in order
        )
        return Answer("answer", "", sources, ())

    items = parse_lines(lines)
    for item in items[:WARMUP_QUESTIONS]:
        answer(item.q)
    answers, timings = [], []
    for item in items:
        start = time.perf_counter()
        answers.append(answer(item.q))
        timings.append((time.perf_counter() - start) * 1000)
    return score(items, answers, timings).as_dict()


def _blind_path(name: str) -> Path:
    return ROOT / "tests" / "data" / name


def main() -> None:
    """Print {set: {"ours", "baseline"}} for every set, or, for FILE, one such pair."""
    from knowledge import KnowledgeBase, evaluate

    start = time.perf_counter()
    kb = KnowledgeBase.load()
    load_ms = (time.perf_counter() - start) * 1000

    def measure(path: Path) -> dict[str, dict[str, float]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        ours = evaluate(kb, lines).as_dict()
        ours["load_ms"] = round(load_ms, 1)
        return {"ours": ours, "baseline": _baseline(lines)}

    if len(sys.argv) > 1:
        print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
        return
    sets = {
        "dev": measure(_dev_path()),
        "tune": measure(_blind_path("tune.jsonl")),
        "tune2": measure(_blind_path("tune2.jsonl")),
        "blind": measure(_blind_path("blind.jsonl")),
        "blind2": measure(_blind_path("blind2.jsonl")),
        "blind3": measure(_blind_path("blind3.jsonl")),
        "blind4": measure(_blind_path("blind4.jsonl")),
        "blind5": measure(_blind_path("blind5.jsonl")),
        "blind6": measure(_blind_path("blind6.jsonl")),
        "blind7": measure(_blind_path("blind7.jsonl")),
        "blind8": measure(_blind_path("blind8.jsonl")),
    }
    print(json.dumps(sets, ensure_ascii=False))


if __name__ == "__main__":
    main()
