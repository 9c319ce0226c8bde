"""`/toi`, and correcting one's own name or position after registration («Sửa họ tên»)."""

from __future__ import annotations

import logging
from typing import Final

from handlers import access, onboarding_invite, personal_data, registering, survey, texts
from handlers.choices import unseen_number
from handlers.context import Turn
from handlers.errors import InvalidField
from handlers.messages import Choice, Reply
from storage import queries
from storage.models import Official

logger = logging.getLogger(__name__)

PREFIX: Final = "me:"
KEY_NAME: Final = "me:name"
KEY_POSITION: Final = "me:position"
STATE_NAME: Final = "profile.name"
STATE_POSITION: Final = "profile.position"
# The report step a correction was started from (`/toi` typed in the middle of a report): its
# state's data, given back once the name or position is changed or kept by `/huy`.
_BACK: Final = "report"

_CHOICES: Final = (
    Choice(KEY_NAME, texts.CHOICE_EDIT_NAME),
    Choice(KEY_POSITION, texts.CHOICE_EDIT_POSITION),
)


async def whoami(turn: Turn) -> list[Reply]:
    """`/toi`: everything kept about me, with buttons to correct the name or the position."""
    kept = await personal_data.kept_text(turn)
    if kept is None:
        midway = await registering.status(turn, after=texts.REGISTERING_TOI)
        return midway or [Reply(personal_data.unregistered_text(turn))]
    if (deactivated := await access.deactivated(turn)) is not None:
        # Nothing to correct on a record the office deactivated; it can still be erased.
        return [Reply(f"{deactivated}\n\n{kept}\n\n{texts.WHOAMI_ERASE_HINT}")]
    hints = texts.WHOAMI_EDIT_HINT + "\n" + texts.WHOAMI_ERASE_HINT
    return [Reply(kept + "\n\n" + hints, _CHOICES)]


def interrupts(turn: Turn) -> bool:
    """Whether «Sửa họ tên» or «Sửa chức vụ» of `/toi` is chosen while the chat is in a report:
    the correction is made, and the report's step comes back after it (nothing of the
    report is lost: its answers and waiting edits are stored, its step is kept aside). A bare
    number typed on a chat whose buttons carry no numbers chooses neither."""
    return (
        turn.conversation.state == survey.STATE
        and turn.choice in (KEY_NAME, KEY_POSITION)
        and not unseen_number(turn.inbound.channel, turn.inbound.text)
    )


async def on_choice(turn: Turn) -> list[Reply]:
    """«Sửa họ tên» / «Sửa chức vụ»: ask for the new value."""
    official = await queries.official_of(turn.session, turn.identity)
    if official is None:
        return [Reply(texts.WHOAMI_UNREGISTERED.format(office=turn.services.coordinating_office))]
    kept: dict[str, object] | None = None
    if turn.conversation.state == survey.STATE:
        kept = {_BACK: dict(turn.conversation.data)}
    if turn.choice == KEY_NAME:
        turn.set_state(STATE_NAME, kept)
        return [Reply(texts.PROFILE_ASK_NAME.format(current=official.full_name))]
    turn.set_state(STATE_POSITION, kept)
    return [Reply(texts.PROFILE_ASK_POSITION.format(current=official.position))]


async def cancel(turn: Turn) -> list[Reply]:
    """`/huy` while correcting: the old values stay; back to the report it was started from."""
    return [Reply(texts.CANCELLED_PROFILE), *await _come_back(turn)]


async def _come_back(turn: Turn) -> list[Reply]:
    """Back to the report step the correction was started from, if any; else the chat idles."""
    report = turn.conversation.data.get(_BACK)
    if not isinstance(report, dict):
        turn.set_state("idle")
        return []
    turn.set_state(survey.STATE, report)
    return await survey.come_back(turn)


async def name_step(turn: Turn) -> list[Reply]:
    """The new full name."""
    return await _change(turn, "full_name")


async def position_step(turn: Turn) -> list[Reply]:
    """The new position."""
    return await _change(turn, "position")


async def _change(turn: Turn, field: str) -> list[Reply]:
    official = await queries.official_of(turn.session, turn.identity)
    if official is None:
        turn.set_state("idle")
        return [Reply(texts.WHOAMI_UNREGISTERED.format(office=turn.services.coordinating_office))]
    try:
        if field == "full_name":
            value = onboarding_invite.validate_name(turn.inbound.text)
        else:
            value = onboarding_invite.validate_position(turn.inbound.text)
    except InvalidField as error:
        messages = texts.NAME_INVALID if field == "full_name" else texts.POSITION_INVALID
        limits = {"min": onboarding_invite.MIN_LENGTH, "max": onboarding_invite.MAX_LENGTH}
        return [Reply(messages[error.reason].format(**limits))]
    old = _set(official, field, value)
    turn.session.add(official)
    queries.audit(
        turn.session,
        action="official.profile",
        now=turn.now,
        identity_id=turn.identity.id,
        entity="official",
        entity_id=str(official.id),
        detail={"field": field, "old": old, "new": value},
    )
    logger.info("official.profile_changed", extra={"field": field})
    described = await onboarding_invite.describe(turn, official)
    return [Reply(texts.PROFILE_UPDATED + "\n\n" + described), *await _come_back(turn)]


def _set(official: Official, field: str, value: str) -> str:
    if field == "full_name":
        old, official.full_name = official.full_name, value
    else:
        old, official.position = official.position, value
    return old
