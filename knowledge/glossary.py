"""The glossary: abbreviations and everyday words mapped to the documents' vocabulary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from knowledge.normalize import fold, tokenize

GLOSSARY_PATH = Path(__file__).parent / "glossary.yaml"


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One meaning: folded token sequences users type, and what the documents say instead."""

    kind: Literal["abbr", "syn"]
    terms: tuple[tuple[str, ...], ...]
    means: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Match:
    """A glossary term found in a query: token span [start, end) and the entry."""

    start: int
    end: int
    entry: GlossaryEntry


class Glossary:
    """Longest-match lookup of glossary terms in a folded token sequence."""

    __slots__ = ("_by_first", "entries", "words")

    def __init__(self, entries: list[GlossaryEntry]) -> None:
        """Index entries by the first folded token of each term."""
        self.entries = tuple(entries)
        self._by_first: dict[str, list[tuple[tuple[str, ...], GlossaryEntry]]] = {}
        words: set[str] = set()
        for entry in entries:
            for term in entry.terms:
                self._by_first.setdefault(term[0], []).append((term, entry))
                words.update(term)
        for candidates in self._by_first.values():
            candidates.sort(key=lambda pair: -len(pair[0]))
        self.words = frozenset(words)

    def find(self, folded: list[str]) -> list[Match]:
        """Return non-overlapping matches, longest first at each position."""
        matches: list[Match] = []
        i = 0
        while i < len(folded):
            hit = None
            for term, entry in self._by_first.get(folded[i], ()):
                if tuple(folded[i : i + len(term)]) == term:
                    hit = Match(i, i + len(term), entry)
                    break
            if hit is None:
                i += 1
            else:
                matches.append(hit)
                i = hit.end
        return matches

    def extended(self, entries: list[GlossaryEntry]) -> Glossary:
        """This glossary with more entries (its own win where terms are equal)."""
        return Glossary([*self.entries, *entries])

    def spell_out(self, tokens: list[str]) -> list[str]:
        """Replace abbreviations by their first meaning ("UBND" → "ủy ban nhân dân")."""
        out: list[str] = []
        last = 0
        for match in self.find([fold(t) for t in tokens]):
            if match.entry.kind == "abbr":
                out.extend(tokens[last : match.start])
                out.extend(match.entry.means[0])
                last = match.end
        out.extend(tokens[last:])
        return out


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in tokenize(text))


def load_glossary(path: Path = GLOSSARY_PATH) -> Glossary:
    """Read the glossary YAML file."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    entries: list[GlossaryEntry] = []
    for item in raw:
        kind: Literal["abbr", "syn"] = "abbr" if item.get("kind") == "abbr" else "syn"
        terms = tuple(p for p in (_phrase(str(t)) for t in item["terms"]) if p)
        means = tuple(p for p in (tuple(tokenize(str(m))) for m in item["means"]) if p)
        if terms and means:
            entries.append(GlossaryEntry(kind, terms, means))
    return Glossary(entries)
