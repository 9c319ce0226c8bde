"""Refusals the console answers with its own page (not a JSON body)."""

from __future__ import annotations


class Refused(Exception):
    """A request the console refuses: `reason` picks the Vietnamese explanation."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
