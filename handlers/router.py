"""The one entry point of the core: an inbound message in, replies out."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers import (
    choices,
    consent,
    groups,
    inbox,
    invite_codes,
    onboarding,
    onboarding_invite,
    onboarding_profile,
    personal_data,
    progress,
    qa,
    reminders,
    survey,
    texts,
)
from handlers.context import Services, Turn
from handlers.messages import Inbound, MessageKind, Reply
from knowledge.keys import FAQ_PREFIX, KEY_PREFIX
from knowledge.normalize import has_nul, strip_controls
from storage import outbox, queries
from storage.inbound import open_chat

Handler = Callable[[Turn], Awaitable[list[Reply]]]

# "/start", "/start@TroLyCdsBot payload" -> ("start", "payload")
# Choices that cannot be undone: pressed, or typed by their label, never by a position the
# user was not shown (`choices.unseen_number`).
IRREVERSIBLE = frozenset({personal_data.KEY_ERASE, reminders.SEND})
_COMMAND = re.compile(r"^/([A-Za-z_]+)(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)

COMMANDS: dict[str, Handler] = {
    "start": onboarding.start,
    "help": onboarding.help_,
    "trogiup": onboarding.help_,
    "huy": onboarding.cancel,
    "toi": onboarding_profile.whoami,
    "baocao": survey.start,
    "tiendo": progress.progress,
    "nhacviec": reminders.my_deadlines,
    "xoathongtin": personal_data.ask,
    "thongbao": reminders.broadcast,
}

# Choice keys by prefix (stateless ones are listed in handlers.choices).
CHOICES: dict[str, Handler] = {
    onboarding.MENU_ASK: onboarding.ask_prompt,
    onboarding.MENU_HELP: onboarding.help_,
    KEY_PREFIX: qa.show_section,
    FAQ_PREFIX: qa.show_faq,
    survey.PREFIX: survey.stray_choice,
    reminders.PREFIX: reminders.on_choice,
    onboarding_profile.PREFIX: onboarding_profile.on_choice,
    personal_data.PREFIX: personal_data.on_choice,
}

# Flows that own the chat while the conversation is in their state.
FLOWS: dict[str, Handler] = {
    consent.STATE: onboarding_invite.consent_step,
    onboarding_invite.STATE_NAME: onboarding_invite.name_step,
    onboarding_invite.STATE_POSITION: onboarding_invite.position_step,
    onboarding_profile.STATE_NAME: onboarding_profile.name_step,
    onboarding_profile.STATE_POSITION: onboarding_profile.position_step,
    survey.STATE: survey.step,
    reminders.STATE_AUDIENCE: reminders.broadcast_flow,
    reminders.STATE_TEXT: reminders.broadcast_flow,
    reminders.STATE_CONFIRM: reminders.broadcast_flow,
}


def _parse_command(text: str) -> tuple[str | None, str]:
    match = _COMMAND.match(text.strip())
    if not match:
        return None, ""
    return match[1].lower(), (match[2] or "").strip()


def _choice_handler(key: str) -> Handler | None:
    if key in CHOICES:
        return CHOICES[key]
    prefix = key.split(":", 1)[0] + ":"
    return CHOICES.get(prefix)


async def respond(
    inbound: Inbound, *, session: AsyncSession, now: datetime, services: Services
) -> list[Reply]:
    """Handle one message: commands first, then the current flow, then choices and free text."""
    return (
        await respond_to_update(
            inbound, update_key=None, session=session, now=now, services=services
        )
        or []
    )


async def respond_to_update(
    inbound: Inbound,
    *,
    update_key: str | None,
    session: AsyncSession,
    now: datetime,
    services: Services,
) -> list[Reply] | None:
    """`respond`, recording the platform's `update_key` first: None when it was handled
    before (a redelivery), in which case nothing else is read or written."""
    if has_nul(inbound.text):
        # PostgreSQL cannot store it; refused with a reason rather than failing on every retry.
        if update_key is not None and not await queries.first_time_seen(
            session, channel=inbound.channel, update_key=update_key, now=now
        ):
            return None
        return [Reply(texts.NUL_REFUSED)]
    # The one place untrusted text enters the core: control characters go, and a code-shaped
    # string is kept aside and masked, so no table or log ever holds an invite code.
    text = strip_controls(inbound.text)
    typed_code = invite_codes.find(text)
    inbound = replace(inbound, text=invite_codes.mask(text))
    # One statement for a returning chat on PostgreSQL: the update key recorded, the identity
    # touched, the conversation locked.
    opened = await open_chat(
        session,
        channel=inbound.channel,
        external_id=inbound.user_id,
        chat_id=inbound.chat_id,
        now=now,
        update_key=update_key,
        group=inbound.group,
    )
    if opened is None:
        return None
    identity, conversation = opened.identity, opened.conversation
    if inbound.kind is not MessageKind.TEXT:
        # Before anything reads the conversation: a sticker sent mid-survey leaves the flow
        # and the choices last offered exactly as they were.
        return [Reply(texts.TEXT_ONLY)]
    offered = conversation.choices
    if (
        inbound.choice is not None
        and not choices.is_acceptable(inbound.choice, offered)
        and not (conversation.state == "idle" and survey.reopens(inbound.choice))
    ):
        # Refused before the choices are replaced: the buttons of the latest question keep
        # working, as the refusal tells the user. A report's «Sửa câu trả lời» left behind
        # (a question was asked and answered since) still opens the report, as «Sửa câu 3» does.
        return [Reply(texts.CHOICE_EXPIRED)]
    command, argument = _parse_command(text) if inbound.choice is None else (None, "")
    choice = inbound.choice
    if choice is None and command is None:
        choice = choices.match_typed(inbound.text, offered)
        if choice in IRREVERSIBLE and choices.unseen_number(inbound.channel, inbound.text):
            # «1» on the web chat or Telegram, whose buttons carry no numbers, is no «Xóa».
            choice = None
    turn = Turn(
        inbound,
        session,
        now,
        services,
        identity,
        conversation,
        choice,
        command,
        argument,
        typed_code=typed_code,
        faq_revision=opened.faq_revision,
    )
    if inbound.group and conversation.state != "idle":
        # No flow runs in a group (see handlers.groups); one left from before ends here.
        turn.set_state("idle")

    replies = await _dispatch(turn)
    if conversation.state == "idle" and not inbound.group:
        # The web chat and the console get the office's messages with their next reply.
        waiting = await outbox.take_waiting(
            session, channel=inbound.channel, chat_id=inbound.chat_id, now=now
        )
        replies = [
            *replies,
            *await inbox.as_replies(session, waiting, services=turn.services, now=now),
        ]
    shown = [reply.choices for reply in replies]
    if not any(shown) and conversation.state == consent.STATE:
        # The notice's question stays open whatever was asked meanwhile: its buttons keep
        # working after a command whose reply offers none.
        shown = [consent.CHOICES]
    offer = choices.encode(shown)
    if offer != conversation.choices:
        conversation.choices = offer
    if session.is_modified(conversation):
        # A chat whose state and choices stay as they were costs no UPDATE.
        conversation.updated_at = now
    return replies


async def _dispatch(turn: Turn) -> list[Reply]:
    if turn.inbound.group and groups.is_private(turn):
        return groups.refuse(turn)
    if turn.command is not None:
        handler = COMMANDS.get(turn.command)
        if handler is None:
            return [Reply(texts.UNKNOWN_COMMAND.format(command="/" + turn.command))]
        return await handler(turn)
    flow = FLOWS.get(turn.conversation.state)
    if flow is not None:
        pressed = turn.inbound.choice
        if pressed is not None and pressed.startswith(reminders.PREFIX):
            # A reminder's or the office's button («Sửa báo cáo»), shown beside the flow's
            # step: it does what it says rather than being read as an answer to the step.
            return await reminders.on_choice(turn)
        if onboarding_profile.interrupts(turn):
            # «Sửa chức vụ» of `/toi` chosen in the middle of a report: the correction, then
            # the report's step again.
            return await onboarding_profile.on_choice(turn)
        return await flow(turn)
    if turn.choice is not None and (handler := _choice_handler(turn.choice)) is not None:
        return await handler(turn)
    if turn.choice is None and survey.typed_edit(turn.inbound.text) is not None:
        # «Sửa câu 3», as the receipt suggests, typed after the report was closed in chat.
        return await survey.edit_typed(turn)
    if not turn.inbound.text.strip():
        return [Reply(texts.EMPTY_MESSAGE)]
    if turn.typed_code is not None:
        return await onboarding_invite.redeem(turn, turn.typed_code)
    return await qa.ask(turn)
