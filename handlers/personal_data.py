"""`/xoathongtin`: an official asks to be erased (Law 91/2025/QH15), after a confirmation."""

from __future__ import annotations

from handlers import texts
from handlers.context import Turn
from handlers.messages import Choice, Reply
from storage import personal

PREFIX = "pd:"
KEY_ERASE = "pd:erase"
KEY_KEEP = "pd:keep"


async def ask(turn: Turn) -> list[Reply]:
    """Say what erasing means and ask for a confirmation (a survey in progress pauses)."""
    turn.set_state("idle")
    choices = (Choice(KEY_ERASE, texts.ERASE_YES), Choice(KEY_KEEP, texts.ERASE_NO))
    return [Reply(texts.ERASE_CONFIRM, choices)]


async def on_choice(turn: Turn) -> list[Reply]:
    """The confirmation's answer: erase now, or keep everything."""
    if turn.choice != KEY_ERASE:
        return [Reply(texts.ERASE_KEPT)]
    await personal.erase(turn.session, turn.identity, now=turn.now, current=turn.conversation)
    return [Reply(texts.ERASED)]
