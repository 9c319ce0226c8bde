"""Syllables the plan writes before one same syllable: a cut after them splits a word.

Vietnamese words of two syllables are written with a space between them ("nhiệm vụ", "năng
lực", "mạng lưới"), so a label cut at the last space may end on half a word ("… các nhiệm…").
The plan's own text tells which syllables are such first halves: those followed by the same
syllable most of the time.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from itertools import pairwise

from knowledge.documents import builtin_plan
from knowledge.normalize import tokenize

# A syllable seen this often, followed by one same syllable at least this share of the time.
MIN_SEEN = 3
MIN_SHARE = 0.6


@cache
def partners() -> dict[str, str]:
    """First half → second half of the plan's two-syllable words ("nhiệm" → "vụ")."""
    firsts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for section in builtin_plan().sections:
        for line in f"{section.title}\n{section.text}".splitlines():
            tokens = tokenize(line)
            firsts.update(tokens[:-1])
            pairs.update(pairwise(tokens))
    found: dict[str, str] = {}
    for (first, second), count in pairs.most_common():
        seen = firsts[first]
        if first.isdigit() or first in found:
            continue
        if seen >= MIN_SEEN and count >= MIN_SHARE * seen:
            found[first] = second
    return found


def splits_word(word: str, following: str) -> bool:
    """Whether ending a cut text on ``word`` leaves the first half of a two-syllable word
    whose second half, ``following``, would be cut off."""
    first, second = tokenize(word), tokenize(following)
    if not first or not second:
        return False
    return partners().get(first[-1]) == second[0]
