"""What has changed since the plan (knowledge/changes.yaml), and the notes answers carry."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from knowledge.normalize import fold, tokenize

CHANGES_PATH = Path(__file__).parent / "changes.yaml"
# The office that coordinates the plan today (Sở TT&TT merged into it on 01/3/2025); the shell
# may name another through the COORDINATING_OFFICE setting.
COORDINATING_OFFICE = "Sở Khoa học và Công nghệ"
# An answer carries at most this many notes, so it still fits a phone screen.
MAX_NOTES = 2
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")


@dataclass(frozen=True, slots=True)
class Change:
    """One dated change since the plan, the line answers add, and what it affects."""

    id: str
    when: date | None
    what: str
    note: str
    document: str
    source_to_confirm: bool
    bodies: tuple[str, ...]
    sections: tuple[str, ...]
    # What users type for what changed when it is no body of knowledge/bodies.yaml ("bộ tttt",
    # "kon tum"), folded, one space between syllables.
    terms: tuple[str, ...] = ()


def _folded(text: str) -> str:
    return " ".join(fold(t) for t in tokenize(text))


def _change(item: dict[str, object]) -> Change:
    key = str(item["id"])
    if not _ID.fullmatch(key):
        raise ValueError(f"change id {key!r}: use a-z, 0-9 and '-'")
    raw = item.get("date")
    when = raw if isinstance(raw, date) else date.fromisoformat(str(raw)) if raw else None
    note = " ".join(str(item["note"]).split())
    if not note:
        raise ValueError(f"change {key!r}: note is empty")
    return Change(
        id=key,
        when=when,
        what=" ".join(str(item.get("what", "")).split()),
        note=note,
        document=str(item.get("document") or ""),
        source_to_confirm=bool(item.get("source_to_confirm", not item.get("document"))),
        bodies=tuple(str(b) for b in item.get("bodies") or ()),  # type: ignore[attr-defined]
        sections=tuple(str(s) for s in item.get("sections") or ()),  # type: ignore[attr-defined]
        terms=tuple(_folded(str(t)) for t in item.get("terms") or ()),  # type: ignore[attr-defined]
    )


def load_changes(path: Path = CHANGES_PATH) -> list[Change]:
    """Every change of the YAML file, validated, oldest first (undated last)."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    changes = [_change(item) for item in items]
    if len({c.id for c in changes}) != len(changes):
        raise ValueError(f"{path.name}: duplicate change ids")
    return sorted(changes, key=lambda c: (c.when is None, c.when or date.min))


def notes_for(
    changes: Iterable[Change],
    *,
    sections: Collection[str],
    bodies: Collection[str],
    most: int = MAX_NOTES,
) -> list[str]:
    """The notes of the changes that touch these sections or bodies, at most ``most``.

    A change to a body the answer is about (or addressed to) comes before one to a body its
    text merely names, so a third note never pushes out the one about the answer's own body.
    """
    by_body = [c.note for c in changes if set(c.bodies) & set(bodies)]
    by_section = [
        c.note for c in changes if set(c.sections) & set(sections) and c.note not in by_body
    ]
    return (by_body + by_section)[:most]


def changes_named(
    changes: Iterable[Change], *, folded_text: str, bodies: Collection[str]
) -> list[Change]:
    """The changes to a body the question names (by bodies.yaml, or by an entry's terms)."""
    padded = f" {folded_text} "
    return [
        c
        for c in changes
        if set(c.bodies) & set(bodies) or any(f" {t} " in padded for t in c.terms if t)
    ]
