"""Console passwords, hashed with Argon2id (argon2-cffi); plain passwords are never stored."""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's Argon2id minimum (19 MiB, 2 passes): strong, and quick enough on a small server.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
MIN_LENGTH = 10
# Spent on unknown names too, so a wrong name takes as long as a wrong password.
_DUMMY = _HASHER.hash("cdsbot-console-dummy-password")


def _normal(password: str) -> str:
    # NFC: "ế" typed precomposed or combined is the same password (any Unicode is allowed).
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    """An Argon2id hash of the password."""
    return _HASHER.hash(_normal(password))


def verify_password(stored: str | None, password: str) -> bool:
    """Whether the password matches the stored hash (constant work when there is none)."""
    try:
        return _HASHER.verify(stored or _DUMMY, _normal(password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(stored)
