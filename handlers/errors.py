"""Domain errors: they carry fields, not sentences; handlers map them to texts."""

from __future__ import annotations


class DomainError(Exception):
    """Base of the errors a handler turns into a polite reply."""


class ChoiceExpired(DomainError):
    """A pressed button is no longer among the choices offered to that chat."""

    def __init__(self, key: str) -> None:
        super().__init__(f"choice key not offered: {key!r}")
        self.key = key
