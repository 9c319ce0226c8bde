"""The bodies the plan gives duties to: what users call them, and which sections are theirs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.glossary import Glossary, GlossaryEntry
from knowledge.normalize import fold, tokenize
from knowledge.sections import Section

BODIES_PATH = Path(__file__).parent / "bodies.yaml"
# An entry with this id hides a term inside a longer phrase ("xã hội" is no commune).
_HIDE = "none"


@dataclass(frozen=True, slots=True)
class Body:
    """One body of the plan: its id, the plan's name, and how it is written and called."""

    id: str
    name: str
    heads: tuple[tuple[str, ...], ...]
    terms: tuple[tuple[str, ...], ...]


class Bodies:
    """Find bodies in token sequences (longest match) and in section headings."""

    __slots__ = ("_by_first", "_glossary", "by_id")

    def __init__(self, bodies: list[Body], glossary: Glossary) -> None:
        """Index the terms by their first folded word, longest first."""
        self._glossary = glossary
        self.by_id = {b.id: b for b in bodies if b.id != _HIDE}
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for body in bodies:
            for term in body.terms:
                self._by_first.setdefault(term[0], []).append((term, body.id))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda pair: -len(pair[0]))

    def _words(self, tokens: list[str]) -> list[str]:
        return [fold(t) for t in self._glossary.spell_out(tokens)]

    def find(self, tokens: list[str]) -> list[str]:
        """Body ids named in the tokens, in order of first mention, without repeats."""
        words = self._words(tokens)
        found: list[str] = []
        i = 0
        while i < len(words):
            hit = next(
                (
                    (term, body)
                    for term, body in self._by_first.get(words[i], ())
                    if tuple(words[i : i + len(term)]) == term
                ),
                None,
            )
            if hit is None:
                i += 1
                continue
            term, body = hit
            if body != _HIDE and body not in found:
                found.append(body)
            i += len(term)
        return found

    def heading_bodies(self, section: Section) -> frozenset[str]:
        """Bodies a section is addressed to.

        Its heading, or a ";" part of its first sentence, starts with one ("Các sở, ban, ngành;
        UBND các huyện, ...; UBND các xã ..."), or a heading names one after "của".
        """
        opening = section.title if section.heading else section.text.split(". ", 1)[0]
        parts = opening.split(";")
        if section.heading:
            # "Nâng cao vai trò ... của Ban Chỉ đạo ...": a heading about one body's role.
            parts += [p for part in parts for p in part.split(" của ")[1:]]
        found: set[str] = set()
        for part in parts:
            words = self._words(tokenize(part))
            for body in self.by_id.values():
                if any(tuple(words[: len(h)]) == h for h in body.heads):
                    found.add(body.id)
        return frozenset(found)

    def is_body_title(self, title: str) -> bool:
        """A heading that is a body's name ("Sở Tài chính", "Các sở, ban, ngành tỉnh; …"), not
        a subject that mentions one ("Nâng cao vai trò … của Ban Chỉ đạo …")."""
        words = self._words(tokenize(title.split(";", 1)[0]))
        return any(tuple(words[: len(h)]) == h for b in self.by_id.values() for h in b.heads)

    def section_bodies(self, sections: list[Section]) -> dict[str, frozenset[str]]:
        """Per section id, the bodies of its own heading and of its ancestors' headings."""
        own = {s.id: self.heading_bodies(s) for s in sections}
        parents = {s.id: s.parent for s in sections}
        result: dict[str, frozenset[str]] = {}
        for s in sections:
            bodies = set(own[s.id])
            parent = s.parent
            while parent is not None and parent in own:
                bodies |= own[parent]
                parent = parents.get(parent)
            result[s.id] = frozenset(bodies)
        return result

    def outside_names(self, plan_text: str, filler: Callable[[str], bool]) -> list[GlossaryEntry]:
        """Glossary abbreviations for names with a word the plan never writes ("sở KH&CN").

        A question naming a body that way is read with the plan's own name for it, as an
        abbreviation is; names in the plan's words and ``filler`` words ("xã mình", "doanh
        nghiệp viễn thông") stay as typed.
        """
        written = {fold(t) for t in tokenize(plan_text)}
        entries = []
        for body in self.by_id.values():
            outside = tuple(
                t for t in body.terms if any(w not in written and not filler(w) for w in t)
            )
            if outside and body.name:
                entries.append(GlossaryEntry("abbr", outside, (tuple(tokenize(body.name)),)))
        return entries


def _phrases(items: object) -> tuple[tuple[str, ...], ...]:
    out = [tuple(fold(t) for t in tokenize(str(item))) for item in items or []]  # type: ignore[attr-defined]
    return tuple(p for p in out if p)


def load_bodies(glossary: Glossary, path: Path = BODIES_PATH) -> Bodies:
    """Read the bodies YAML file; terms and heads are spelled out like the documents are."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    bodies = []
    for item in raw:

        def spelled(values: object) -> tuple[tuple[str, ...], ...]:
            return tuple(
                tuple(fold(t) for t in glossary.spell_out(list(p))) for p in _phrases(values)
            )

        bodies.append(
            Body(
                id=str(item["id"]),
                name=str(item.get("name", "")),
                heads=spelled(item.get("heads")),
                terms=spelled(item.get("terms")),
            )
        )
    return Bodies(bodies, glossary)
