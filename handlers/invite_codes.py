"""Invite codes: how they look, how a typed one is read back, and how they are hashed.

A code is 10 characters of Crockford's base32 (no I, L, O, U), shown as
`CDS-XXXXX-XXXXX`. That form is also a valid Telegram deep-link payload (A-Z, a-z, 0-9, `_`,
`-`, at most 64 characters). When read back, case, spaces, dashes and underscores do not matter,
and the letters people confuse with digits (O, I, L) are read as 0 and 1.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from typing import Final

from knowledge.normalize import is_valid_syllable, telex_decode

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH: Final = 10
PREFIX: Final = "CDS"
# Telegram's deep-link payload limit; anything longer is not one of our codes.
MAX_PAYLOAD_LENGTH: Final = 64

# Spaces, hyphens, underscores and the dashes phones substitute for "-" (‐ ‑ ‒ – — ― −).
_SEPARATOR = r"[\s\-_\u2010-\u2015\u2212]"
_SEPARATORS = re.compile(_SEPARATOR + "+")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
GROUP: Final = 5
# Every generated group holds a digit people cannot mistake for a letter, so typed text is
# only taken for a code when it is the prefix and two such groups: "cds chinh quyen" (two
# five-letter words) stays a question. The digit rule is inside the pattern, so a near miss
# never hides a code right after it. No word boundaries: "CDS-7K2QF-9XM4Dnhé" still holds a
# code, and masking too much is harmless where masking too little leaks one.
_PLAIN_DIGITS = frozenset("23456789")
_GROUP_WITH_DIGIT = r"(?=[0-9A-Z]{0,4}[2-9])[0-9A-Z]{5}"
_ANYWHERE = re.compile(
    rf"CDS{_SEPARATOR}*{_GROUP_WITH_DIGIT}{_SEPARATOR}*{_GROUP_WITH_DIGIT}", re.IGNORECASE
)
# A mistyped code: the prefix, then two groups of 3-7 letters or digits apart ("CDS-AAAAA-
# BBBBB", "cds aaaaa bbbbd", a group short by one "CDS-6CFJ9-0Q3G"). It is taken for a code
# (answered «Mã mời không đúng», masked) only when both groups look like code rather than
# words (`_code_like`), so "cds chinh quyen" and "cds ubnd tinh" stay questions.
_LOOSE = re.compile(
    rf"CDS{_SEPARATOR}+([0-9A-Z]{{3,7}}){_SEPARATOR}+([0-9A-Z]{{3,7}})(?![0-9A-Z])",
    re.IGNORECASE,
)
# A message up to this long may be someone giving their code in a sentence; longer ones are
# questions or answers that happen to quote a code, and are only masked.
SHORT_MESSAGE: Final = 200
# What a code-shaped string becomes before any text is stored or logged.
MASK: Final = "CDS-*****-*****"


def _has_plain_digit(group: str) -> bool:
    return not _PLAIN_DIGITS.isdisjoint(group)


def _code_like(group: str) -> bool:
    """A group of a mistyped code: letters and digits mixed, or 4-7 letters that are neither
    a Vietnamese syllable nor one typed in telex (numbers alone are figures: "cds 12345")."""
    if group.isdigit():
        return False
    if not group.isalpha():
        return True
    word = group.lower()
    return len(word) >= 4 and not is_valid_syllable(word) and telex_decode(word) is None


def _loose_code(match: re.Match[str]) -> bool:
    """A `_LOOSE` match whose two groups both look like code: a mistyped code."""
    return _code_like(match[1]) and _code_like(match[2])


def _mistyped(text: str) -> re.Match[str] | None:
    return next(filter(_loose_code, _LOOSE.finditer(text)), None)


def generate() -> str:
    """A new random code in its canonical form (10 characters, no prefix or dashes).

    Each group of five has a digit 2-9 (about 49 bits remain).
    """
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if _has_plain_digit(code[:GROUP]) and _has_plain_digit(code[GROUP:]):
            return code


def display(code: str) -> str:
    """The canonical code as people see it: `CDS-XXXXX-XXXXX`."""
    return f"{PREFIX}-{code[:GROUP]}-{code[GROUP:]}"


def normalize(text: str) -> str | None:
    """The canonical code a typed or deep-linked text stands for, or None if it is not one."""
    if len(text) > MAX_PAYLOAD_LENGTH:
        return None
    compact = _SEPARATORS.sub("", text).upper()
    if len(compact) == len(PREFIX) + CODE_LENGTH and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    code = compact.translate(_CONFUSABLE)
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def find(text: str) -> str | None:
    """The first code-shaped string in a short message ("Mã của tôi là CDS-…."), as typed.

    `normalize` then tells whether it is well formed.
    """
    if len(text) > SHORT_MESSAGE:
        return None
    match = _ANYWHERE.search(text) or _mistyped(text)
    return match[0] if match else None


def mask(text: str) -> str:
    """``text`` with every code-shaped string replaced by `MASK`, so none is stored or logged;
    a mistyped code too."""
    text = _ANYWHERE.sub(MASK, text)
    return _LOOSE.sub(lambda m: MASK if _loose_code(m) else m[0], text)


def hash_code(code: str, *, pepper: str) -> str:
    """The keyed hash a canonical code is stored and looked up by (HMAC-SHA256, hex)."""
    return hmac.new(pepper.encode(), code.encode(), hashlib.sha256).hexdigest()
