"""Benchmark: our retrieval vs a plain bm25s baseline on every question set; prints JSON.

Run from the repository root: ``python tests/bench/qa.py [questions.jsonl]``. Without an
argument it measures, side by side: dev (tuned on), tune and tune2 (written from the plan alone,
then read while improving), blind and blind4 (likewise read in part): these five are the
labelled examples (knowledge/examples); and blind2 to blind10 (tests/data: written from the
plan alone by writers who saw no code and frozen unread; blind2, blind3 and blind9 were read in
stop 25, so blind5 to blind8 and blind10 are the figures to trust).
Every set is measured with its own questions left out of the examples.
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


EXAMPLES = ("dev", "tune", "tune2", "blind", "blind4")
BLIND = ("blind2", "blind3", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10")


def _path(name: str) -> Path:
    from knowledge.examples import EXAMPLES_DIR

    folder = EXAMPLES_DIR if name in EXAMPLES else ROOT / "tests" / "data"
    return folder / f"{name}.jsonl"


def main() -> None:
    """Print {set: {"ours", "baseline"}} for every set, or, for FILE, one such pair."""
    from knowledge import evaluate
    from knowledge.evaluate import measured_on

    def measure(path: Path) -> dict[str, dict[str, float]]:
        lines = path.read_text(encoding="utf-8").splitlines()
        start = time.perf_counter()
        kb = measured_on(lines)
        load_ms = (time.perf_counter() - start) * 1000
        ours = evaluate(kb, lines).as_dict()
        ours["load_ms"] = round(load_ms, 1)
        return {"ours": ours, "baseline": _baseline(lines)}

    if len(sys.argv) > 1:
        print(json.dumps(measure(Path(sys.argv[1])), ensure_ascii=False))
        return
    sets = {name: measure(_path(name)) for name in (*EXAMPLES, *BLIND)}
    print(json.dumps(sets, ensure_ascii=False))


if __name__ == "__main__":
    main()
