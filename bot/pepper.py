"""The warning given when invite codes are hashed with the development key."""

from __future__ import annotations

import logging

from bot.config import Settings

logger = logging.getLogger(__name__)


def warn_if_pepper_derived(settings: Settings) -> None:
    """One `invite.pepper_derived` warning when invite codes are hashed with the development key.

    Logged by `cdsbot run` and `cdsbot chat` at start and by `cdsbot invite create`; a one-shot
    command shows it as a Vietnamese line (`bot/cli/operator_log.py`). Never the key itself.
    """
    if settings.invite_pepper_is_derived:
        # On SQLite too: a development pepper derived from DATABASE_URL is guessable.
        logger.warning(
            "invite.pepper_derived",
            extra={"hint": "set INVITE_PEPPER (16+ characters) before issuing real invites"},
        )
