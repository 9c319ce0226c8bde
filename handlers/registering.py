"""Where a registration in progress stands, for a command typed in the middle of it.

Someone who has just typed a valid code is not yet registered, but telling them «bạn cần một
mã mời» would be wrong: `/toi`, `/baocao`, `/trogiup` and the other commands say instead which
unit they are registering for and what to do to go on. At the notice the reply carries the
notice's buttons again, so the question stays open (handlers/router.py keeps them offered
after a command that offers none).
"""

from __future__ import annotations

from typing import Final

from handlers import consent, onboarding_invite, texts
from handlers.context import Turn
from handlers.messages import Reply
from storage import invites as store
from storage.models import Unit

# The steps of a registration, with what the person does to go on.
_NEXT: Final = {
    consent.STATE: texts.REGISTERING_NEXT_CONSENT,
    onboarding_invite.STATE_NAME: texts.REGISTERING_NEXT_NAME,
    onboarding_invite.STATE_POSITION: texts.REGISTERING_NEXT_POSITION,
}


def in_progress(turn: Turn) -> bool:
    """Whether this chat is in the middle of registering (at the notice, the name or the
    position)."""
    return turn.conversation.state in _NEXT and turn.identity.official_id is None


async def _unit_name(turn: Turn) -> str:
    invite_id = turn.conversation.data.get("invite_id")
    invite = await store.invite_by_id(turn.session, invite_id) if type(invite_id) is int else None
    unit = await turn.session.get(Unit, invite.unit_id) if invite is not None else None
    return unit.name if unit is not None else texts.UNIT_UNKNOWN


async def status(turn: Turn, *, before: str = "", after: str = "") -> list[Reply] | None:
    """«Bạn đang đăng ký cho <unit>…» with the next step, between `before` and `after`; None
    when the chat is not registering. At the notice the notice's buttons come with it."""
    if not in_progress(turn):
        return None
    state = turn.conversation.state
    where = texts.REGISTERING.format(unit=await _unit_name(turn))
    lines = [before, f"{where} {after}" if after else where, _NEXT[state]]
    offered = consent.CHOICES if state == consent.STATE else ()
    return [Reply("\n".join(line for line in lines if line), offered)]
