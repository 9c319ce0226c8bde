"""Vietnamese alphabetical order, for every list of units a person reads.

The databases cannot do it portably (SQLite compares code points, so "Xã Đ…" lands after
"Xã Y…"; PostgreSQL's ICU collations depend on how the server was built), so lists are sorted
here, in Python, with one key.

The order is the one of Vietnamese dictionaries and of ICU's `vi` collation: the letters
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f, j, w, z where the Latin alphabet
has them), compared over the whole name first; the tones only break ties, without a tone first,
then huyền, hỏi, ngã, sắc, nặng; then lower case before upper case.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from storage.models import Unit, UnitKind

_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"  # one code point each, composed (NFC)
_RANK = {letter: rank for rank, letter in enumerate(_LETTERS)}
# The marks that make a letter of its own (ă â ê ô ơ ư), as combining characters.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")
# The tones as combining characters, in dictionary order (none is 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Letters are written as the last code points, so that spaces, digits and punctuation (written
# as themselves) come before every letter, by code point.
_FIRST_LETTER = 0x10FFFF - len(_LETTERS)

# (letters, tones, cases): each a string compared by code point, so that sorting thousands of
# names compares in C; `str.translate` fills the tables below one character at a time.
Key = tuple[str, str, str]


def _parts(char: str) -> tuple[str, str, str]:
    """One composed character as (its letter without tone, its tone, its case)."""
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    letter = unicodedata.normalize(
        "NFC", base.lower() + "".join(m for m in marks if m in _LETTER_MARKS)
    )
    rank = _RANK.get(letter)
    primary = letter[0] if rank is None else chr(_FIRST_LETTER + rank)
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    return primary, str(tone), "1" if base.isupper() else "0"


class _Table(dict[int, str]):
    """A `str.translate` table computing one part of each character the first time it is seen."""

    def __init__(self, part: int) -> None:
        super().__init__()
        self._part = part

    def __missing__(self, code: int) -> str:
        self[code] = value = _parts(chr(code))[self._part]
        return value


_PRIMARY, _TONE, _CASE = _Table(0), _Table(1), _Table(2)


def vietnamese_key(text: str) -> Key:
    """A sort key putting `text` in Vietnamese alphabetical order."""
    composed = unicodedata.normalize("NFC", text)
    return composed.translate(_PRIMARY), composed.translate(_TONE), composed.translate(_CASE)


def person_key(full_name: str) -> tuple[Key, Key]:
    """People the Vietnamese way: by given name (the last word), then the whole name."""
    words = full_name.split()
    return vietnamese_key(words[-1] if words else ""), vietnamese_key(full_name)


KIND_ORDER = {kind.value: rank for rank, kind in enumerate(UnitKind)}


def unit_key(kind: str, name: str) -> tuple[int, Key]:
    """Units by kind (xã, phường, đặc khu, sở, ban, ngành), then by name in Vietnamese order."""
    return KIND_ORDER.get(kind, len(KIND_ORDER)), vietnamese_key(name)


def sorted_units(units: Iterable[Unit]) -> list[Unit]:
    """Units in the order people read them: by kind, then by name (`unit_key`)."""
    return sorted(units, key=lambda unit: (unit_key(unit.kind, unit.name), unit.code))
