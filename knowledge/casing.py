"""Sentence case for ALL-CAPS lines that keeps the names a document capitalises.

A plan's title and headings are typed in capitals ("... TRÊN ĐỊA BÀN TỈNH QUẢNG NGÃI"); shown
in sentence case, "quảng ngãi" would lose its capitals. `Casing` learns from the document's
mixed-case lines how each word is usually written inside a sentence ("Quảng", "Chuyển",
"UBND", "đổi") and writes the capitalised lines that way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

_WORD_RE = re.compile(r"\w+")
# After these a capital letter only opens a sentence; it says nothing about the word.
_SENTENCE_ENDS = (".", ":", "!", "?")
_ACRONYM_MAX = 4


def is_shouted(line: str) -> bool:
    """A line whose letters are all capitals (a title or heading), beyond a short acronym."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _acronym(word: str) -> bool:
    """A short unmarked word ("VPUB", "CBTH", "QĐ", "II"); Vietnamese words carry marks."""
    marks = any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", word))
    return len(word) <= _ACRONYM_MAX and not marks


class Casing:
    """How a document writes each word inside its sentences, learned from its lines."""

    __slots__ = ("_forms", "_seen")

    def __init__(self, lines: list[str]) -> None:
        """Count, per lower-case word, the forms it takes where it does not open a sentence."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for line in lines:
            if is_shouted(line):
                continue
            for match in _WORD_RE.finditer(line):
                before = line[: match.start()].rstrip()
                if not before or before.endswith(_SENTENCE_ENDS):
                    continue
                word = match.group()
                counts[word.lower()][word] += 1
        self._seen = frozenset(counts)
        self._forms = {
            lower: form
            for lower, forms in counts.items()
            for form, n in [forms.most_common(1)[0]]
            if form != lower and 2 * n > sum(forms.values())
        }

    def sentence_case(self, line: str) -> str:
        """``line`` lower-cased, its first letter and the document's names capitalised."""
        if not is_shouted(line):
            return line
        lowered = _WORD_RE.sub(self._written, line)
        return lowered[:1].upper() + lowered[1:]

    def _written(self, match: re.Match[str]) -> str:
        word = match.group()
        lower = word.lower()
        if lower in self._forms:
            return self._forms[lower]
        return word if lower not in self._seen and _acronym(word) else lower
