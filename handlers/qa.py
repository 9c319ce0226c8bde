"""Questions about the plan, answered from the knowledge base."""

from __future__ import annotations

from handlers.context import Turn
from handlers.messages import Reply


async def ask(turn: Turn) -> list[Reply]:
    """Answer free text from the plan, citing the section."""
    answer = turn.services.kb.answer(turn.inbound.text)
    return [Reply(answer.text)]
