"""Greeting, help and cancel."""

from __future__ import annotations

from handlers import (
    consent,
    onboarding_invite,
    onboarding_profile,
    registering,
    reminders,
    survey,
    texts,
)
from handlers.context import Turn
from handlers.messages import Choice, Reply

MENU_ASK = "menu:ask"
MENU_HELP = "menu:help"


async def start(turn: Turn) -> list[Reply]:
    """The greeting, with what the assistant can do; `/start CODE` redeems an invite."""
    if turn.argument:
        return await onboarding_invite.redeem(turn, turn.argument)
    # Mid-registration the greeting's menu would take the place of the open question's
    # choices, and a «1» meant for one would answer the other.
    if midway := await registering.status(turn, before=texts.GREETING + "\n"):
        return midway
    return [
        Reply(
            texts.GREETING,
            (Choice(MENU_ASK, texts.CHOICE_ASK), Choice(MENU_HELP, texts.CHOICE_HELP)),
        )
    ]


async def help_(turn: Turn) -> list[Reply]:
    """The list of commands; how to register only to someone not registered."""
    if turn.identity.official_id is not None:
        return [Reply(texts.HELP)]
    if midway := await registering.status(turn, before=texts.HELP + "\n"):
        return midway
    invite = texts.HELP_INVITE.format(office=turn.services.coordinating_office)
    return [Reply(f"{texts.HELP}\n{invite}")]


async def ask_prompt(turn: Turn) -> list[Reply]:
    """Invite the user to type a question."""
    return [Reply(texts.ASK_PROMPT)]


# What `/huy` truly leaves behind in each flow: a registration keeps nothing (the name typed
# rides only in the conversation's data), a broadcast draft sends nothing (a profile
# correction keeps the old values: `onboarding_profile.cancel`).
_CANCELLED: dict[str, str] = {
    consent.STATE: texts.CANCELLED_REGISTRATION,
    onboarding_invite.STATE_NAME: texts.CANCELLED_REGISTRATION,
    onboarding_invite.STATE_POSITION: texts.CANCELLED_REGISTRATION,
    reminders.STATE_AUDIENCE: texts.BROADCAST_CANCELLED,
    reminders.STATE_TEXT: texts.BROADCAST_CANCELLED,
    reminders.STATE_CONFIRM: texts.BROADCAST_CANCELLED,
}


async def cancel(turn: Turn) -> list[Reply]:
    """Leave whatever flow the chat is in, saying what is kept."""
    state = turn.conversation.state
    if state == "idle":
        return [Reply(texts.NOTHING_TO_CANCEL)]
    if state == survey.STATE:
        return await survey.cancel(turn)
    if state in (onboarding_profile.STATE_NAME, onboarding_profile.STATE_POSITION):
        return await onboarding_profile.cancel(turn)
    turn.set_state("idle")
    return [Reply(_CANCELLED.get(state, texts.CANCELLED))]
