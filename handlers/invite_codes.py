"""Invite codes: how they look, how a typed one is read back, and how they are hashed.

A code is 10 characters of Crockford's base32 (no I, L, O, U), about 50 bits, shown as
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

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH: Final = 10
PREFIX: Final = "CDS"
# Telegram's deep-link payload limit; anything longer is not one of our codes.
MAX_PAYLOAD_LENGTH: Final = 64

_SEPARATORS = re.compile(r"[\s\-_]+")
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# What a typed message must look like to be taken as a code rather than a question: the
# prefix, then two groups of five; nothing else (so "cds ban hanh nam" stays a question).
_TYPED = re.compile(r"^\s*CDS[\s\-_]*[0-9A-Z]{5}[\s\-_]*[0-9A-Z]{5}\s*$", re.IGNORECASE)


def generate() -> str:
    """A new random code in its canonical form (10 characters, no prefix or dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display(code: str) -> str:
    """The canonical code as people see it: `CDS-XXXXX-XXXXX`."""
    return f"{PREFIX}-{code[:5]}-{code[5:]}"


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


def looks_like_code(text: str) -> bool:
    """Whether a free-text message is an attempt at a code (cheap; never a real question)."""
    return len(text) <= MAX_PAYLOAD_LENGTH and _TYPED.match(text) is not None


def hash_code(code: str, *, pepper: str) -> str:
    """The keyed hash a canonical code is stored and looked up by (HMAC-SHA256, hex)."""
    return hmac.new(pepper.encode(), code.encode(), hashlib.sha256).hexdigest()
