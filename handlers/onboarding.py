"""Greeting, help and cancel."""

from __future__ import annotations

from handlers import onboarding_invite, survey, texts
from handlers.context import Turn
from handlers.messages import Choice, Reply

MENU_ASK = "menu:ask"
MENU_HELP = "menu:help"


async def start(turn: Turn) -> list[Reply]:
    """The greeting, with what the assistant can do; `/start CODE` redeems an invite."""
    if turn.argument:
        return await onboarding_invite.redeem(turn, turn.argument)
    return [
        Reply(
            texts.GREETING,
            (Choice(MENU_ASK, texts.CHOICE_ASK), Choice(MENU_HELP, texts.CHOICE_HELP)),
        )
    ]


async def help_(turn: Turn) -> list[Reply]:
    """The list of commands."""
    return [Reply(texts.HELP.format(office=turn.services.coordinating_office))]


async def ask_prompt(turn: Turn) -> list[Reply]:
    """Invite the user to type a question."""
    return [Reply(texts.ASK_PROMPT)]


async def cancel(turn: Turn) -> list[Reply]:
    """Leave whatever flow the chat is in; saved data stays."""
    if turn.conversation.state == "idle":
        return [Reply(texts.NOTHING_TO_CANCEL)]
    if turn.conversation.state == survey.STATE:
        return await survey.cancel(turn)
    turn.set_state("idle")
    return [Reply(texts.CANCELLED)]
