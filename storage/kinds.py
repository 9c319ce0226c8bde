"""The closed sets the tables store (kinds, roles, statuses), without the tables.

Apart from `storage.models` so that the command line can name them in its options without
loading SQLModel and the tables.
"""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    """Kinds of reporting unit; a survey's audience is a set of these."""

    COMMUNE = "commune"
    WARD = "ward"
    SPECIAL_ZONE = "special_zone"
    DEPARTMENT = "department"


class Role(StrEnum):
    """What an official may do."""

    MEMBER = "member"
    ADMIN = "admin"


class ResponseStatus(StrEnum):
    """Where a unit's report for one period is."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class OutboxStatus(StrEnum):
    """Where an outgoing message is."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"
    # Planned for an official on no running channel and on no pull chat (web chat, console).
    UNREACHABLE = "unreachable"
    # Waited in a pull chat (web chat, console) that never asked for it while it mattered.
    EXPIRED = "expired"


# How outbox counts name a queued row of a pull channel: it waits for its chat to be opened,
# the web chat's or the terminal's (`cdsbot chat`), so it is not "sent" and not "unreachable"
# (`storage.outbox.status_counts`). One per pull channel, so that counts say which chat waits.
WAITING = "waiting"
WAITING_CONSOLE = "waiting_console"
WAITING_BY_CHANNEL: dict[str, str] = {"web": WAITING, "console": WAITING_CONSOLE}
