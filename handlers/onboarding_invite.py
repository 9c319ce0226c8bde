"""Registering with an invite code: code → personal-data notice → agreement → full name →
position → bound.

The unit and the role come from the invite, never from what the user types. Nothing personal
is asked for or kept before the official agrees to the notice (handlers/consent.py). The
invite is used up only when the flow completes, so a refusal, or /huy half-way, leaves it for
a later try.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Final

from handlers import consent, invite_codes, invites, texts
from handlers.context import Turn
from handlers.dates import local_time
from handlers.errors import InvalidField
from handlers.messages import Reply
from storage import invites as store
from storage import personal, queries
from storage.models import Official, Role, Unit

logger = logging.getLogger(__name__)

STATE_CONSENT: Final = consent.STATE
STATE_NAME: Final = "onboarding.name"
STATE_POSITION: Final = "onboarding.position"
_CONSENT_KEYS: Final = frozenset({consent.KEY_YES, consent.KEY_NO})
MIN_LENGTH: Final = 2
MAX_LENGTH: Final = 80
# What a spreadsheet runs as a formula when a cell starts with it (tab and CR too).
_FORMULA_STARTS: Final = frozenset("=+-@\t\r")
# Besides letters and digits, what the title of a post is written with.
_POSITION_MARKS: Final = frozenset(" ,.-–/()&'’")

_STATUS_TEXT: Final = {
    store.InviteStatus.REVOKED: texts.INVITE_REVOKED,
    store.InviteStatus.EXPIRED: texts.INVITE_EXPIRED,
    store.InviteStatus.USED: texts.INVITE_USED,
    # Active but not usable can only mean someone used it up a moment ago.
    store.InviteStatus.ACTIVE: texts.INVITE_USED,
}


def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def validate_name(text: str) -> str:
    """A full name: letters (Vietnamese included) and spaces, no digits, 2-80 characters."""
    name = _tidy(text)
    if len(name) < MIN_LENGTH:
        raise InvalidField("name", "too_short")
    if len(name) > MAX_LENGTH:
        raise InvalidField("name", "too_long")
    if any(ch.isdigit() for ch in name):
        raise InvalidField("name", "digits")
    if not all(ch.isalpha() or ch == " " for ch in name):
        raise InvalidField("name", "characters")
    if len(name.split()) < 2:
        raise InvalidField("name", "one_word")  # a family name and a given name at least
    # "nguyễn văn an" and "NGUYỄN VĂN AN" both become "Nguyễn Văn An".
    return " ".join(word.capitalize() for word in name.split())


def validate_position(text: str) -> str:
    """A position (chức vụ) that reads as words: 2-80 characters with letters, digits, spaces and
    the punctuation of a title («Công chức Văn phòng - Thống kê», «Phó Trưởng phòng (VH-XH)»),
    not starting like a spreadsheet formula. The same check at registration and in `/toi`."""
    if text.lstrip(" ")[:1] in _FORMULA_STARTS:
        # It is shown in the console and written to exports: a cell must not run as a formula.
        raise InvalidField("position", "formula")
    position = _tidy(text)
    if len(position) < MIN_LENGTH:
        raise InvalidField("position", "too_short")
    if len(position) > MAX_LENGTH:
        raise InvalidField("position", "too_long")
    if not any(ch.isalpha() for ch in position):
        raise InvalidField("position", "characters")
    if not all(ch.isalnum() or ch in _POSITION_MARKS for ch in position):
        raise InvalidField("position", "symbols")
    return position


def _invalid(messages: dict[str, str], error: InvalidField) -> list[Reply]:
    return [Reply(messages[error.reason].format(min=MIN_LENGTH, max=MAX_LENGTH))]


async def _unit_name(turn: Turn, unit_id: int | None) -> str:
    unit = await turn.session.get(Unit, unit_id) if unit_id is not None else None
    return unit.name if unit is not None else texts.UNIT_UNKNOWN


async def describe(turn: Turn, official: Official) -> str:
    """The registration in short: name, position, unit and role."""
    return texts.WHOAMI.format(
        name=official.full_name,
        position=official.position,
        unit=await _unit_name(turn, official.unit_id),
        role=texts.ROLE_NAMES.get(official.role, official.role),
    )


async def _already_registered(turn: Turn, official: Official) -> list[Reply]:
    registered = _say(turn, texts.ALREADY_REGISTERED).text
    return [Reply(registered + "\n\n" + await describe(turn, official))]


def _say(turn: Turn, text: str) -> Reply:
    """A reply naming the office that issues invites (COORDINATING_OFFICE)."""
    return Reply(text.format(office=turn.services.coordinating_office))


def _refuse(turn: Turn, reason: str) -> None:
    logger.info("invite.refused", extra={"reason": reason, "identity_id": turn.identity.id})


async def redeem(turn: Turn, raw: str) -> list[Reply]:
    """Check a code from `/start CODE` or typed text and, if valid, ask for the full name."""
    official = await queries.official_of(turn.session, turn.identity)
    if official is not None:
        return await _already_registered(turn, official)
    channel, chat_id = turn.inbound.channel, turn.inbound.chat_id
    until = await invites.locked_until(
        turn.session, channel=channel, chat_id=chat_id, now=turn.now
    )
    if until is not None:
        _refuse(turn, "locked")
        local = local_time(until, turn.services.zone)
        return [
            Reply(texts.INVITE_LOCKED.format(attempts=invites.MAX_WRONG_ATTEMPTS, until=local))
        ]
    # The whole text, or a code written inside it ("/start ma moi CDS-…").
    found = invite_codes.find(raw)
    code = invite_codes.normalize(raw) or (invite_codes.normalize(found) if found else None)
    invite = None
    if code is not None:
        code_hash = invite_codes.hash_code(code, pepper=turn.services.invite_pepper)
        invite = await store.invite_by_hash(turn.session, code_hash)
    if invite is None:
        store.record_failed_attempt(turn.session, channel=channel, chat_id=chat_id, now=turn.now)
        # A code typed with a character too few or in the wrong shape is a wrong code to the
        # person who typed it; only a link's payload that holds no code is malformed.
        malformed = code is None and found is None
        _refuse(turn, "malformed" if malformed else "wrong")
        return [_say(turn, texts.INVITE_MALFORMED if malformed else texts.INVITE_WRONG)]
    status = store.status_of(invite, now=turn.now)
    if status is not store.InviteStatus.ACTIVE:
        _refuse(turn, status.value)
        return [_say(turn, _STATUS_TEXT[status])]
    logger.info("invite.accepted", extra={"invite_id": invite.id, "identity_id": turn.identity.id})
    accepted = texts.INVITE_ACCEPTED.format(unit=await _unit_name(turn, invite.unit_id))
    return _ask_consent(turn, invite.id, accepted)


def _ask_consent(turn: Turn, invite_id: int | None, before: str = "") -> list[Reply]:
    """Show the personal-data notice with «Đồng ý» / «Không đồng ý»; only the invite is held."""
    turn.set_state(STATE_CONSENT, {"invite_id": invite_id})
    text = consent.notice(turn.services)
    return [Reply(f"{before}\n\n{text}" if before else text, consent.CHOICES)]


async def consent_step(turn: Turn) -> list[Reply]:
    """Flow `onboarding.consent`: on agreement ask for the name; on refusal keep nothing."""
    invite_id = turn.conversation.data.get("invite_id")
    # A typed 1 or 2 is the notice's answer whatever was offered since (a command's reply).
    key = turn.choice if turn.choice in _CONSENT_KEYS else consent.answer(turn.inbound.text)
    if key == consent.KEY_NO:
        return await _refused(turn)
    if key != consent.KEY_YES:
        return [Reply(texts.CONSENT_PENDING, consent.CHOICES)]
    if not isinstance(invite_id, int):
        turn.set_state("idle")
        return [_say(turn, texts.INVITE_MALFORMED)]
    turn.set_state(STATE_NAME, {"invite_id": invite_id, **consent.given(turn.now)})
    logger.info("consent.given", extra={"identity_id": turn.identity.id})
    return [Reply(texts.ASK_NAME)]


async def _refused(turn: Turn) -> list[Reply]:
    """«Không đồng ý», at the notice or later: nothing of the registration is kept."""
    turn.set_state("idle")
    logger.info("consent.refused", extra={"identity_id": turn.identity.id})
    if turn.identity.official_id is None:
        # Not even the chat account stays: the next message starts as a stranger's.
        await personal.erase(turn.session, turn.identity, now=turn.now, current=turn.conversation)
    return [Reply(texts.CONSENT_REFUSED)]


async def _answered_the_notice(turn: Turn, ask_again: str) -> list[Reply] | None:
    """The notice's answer typed at the name or position step, which is neither.

    «Không đồng ý» (in words) withdraws the agreement: nothing has been kept yet, and taking
    the words as a name or a position would register someone who just said no. «Đồng ý», or a
    1 or 2 with no question open, is asked again politely: a bare number is too ambiguous to
    end a registration on.
    """
    text = turn.inbound.text
    if consent.answer_in_words(text) == consent.KEY_NO:
        return await _refused(turn)
    if consent.answer(text) is not None:
        return [Reply(ask_again)]
    return None


def _without_consent(turn: Turn) -> list[Reply] | None:
    """The notice again when the chat reached this step without agreeing (an older flow)."""
    if consent.recorded(turn.conversation.data) is not None:
        return None
    invite_id = turn.conversation.data.get("invite_id")
    return _ask_consent(turn, invite_id if isinstance(invite_id, int) else None)


async def name_step(turn: Turn) -> list[Reply]:
    """Flow `onboarding.name`: take the full name, or say why it was refused."""
    if (notice := _without_consent(turn)) is not None:
        return notice
    if (answered := await _answered_the_notice(turn, texts.NAME_AFTER_CONSENT)) is not None:
        return answered
    try:
        name = validate_name(turn.inbound.text)
    except InvalidField as error:
        return _invalid(texts.NAME_INVALID, error)
    if name.isascii() and turn.conversation.data.get("unmarked_name") != name:
        # «nguyen van an»: asked once to type it with marks; typed the same again, it is kept
        # (some names of the province's peoples have none: «A Lang»).
        turn.set_state(STATE_NAME, {**turn.conversation.data, "unmarked_name": name})
        return [Reply(texts.NAME_WITHOUT_MARKS.format(name=name))]
    turn.set_state(STATE_POSITION, {**turn.conversation.data, "full_name": name})
    return [Reply(texts.ASK_POSITION.format(name=name))]


async def position_step(turn: Turn) -> list[Reply]:
    """Flow `onboarding.position`: take the position, use up the invite and bind the identity."""
    if (notice := _without_consent(turn)) is not None:
        return notice
    if (answered := await _answered_the_notice(turn, texts.POSITION_AFTER_CONSENT)) is not None:
        return answered
    try:
        position = validate_position(turn.inbound.text)
    except InvalidField as error:
        return _invalid(texts.POSITION_INVALID, error)
    data = turn.conversation.data
    invite_id, name = data.get("invite_id"), data.get("full_name")
    agreed = consent.recorded(data)
    turn.set_state("idle")
    if not isinstance(invite_id, int) or not isinstance(name, str) or agreed is None:
        return [_say(turn, texts.INVITE_MALFORMED)]
    if (official := await queries.official_of(turn.session, turn.identity)) is not None:
        return await _already_registered(turn, official)
    invite = await store.invite_by_id(turn.session, invite_id)
    if invite is None:
        return [_say(turn, texts.INVITE_REVOKED)]
    if not await store.consume_invite(turn.session, invite_id=invite_id, now=turn.now):
        status = store.status_of(invite, now=turn.now)
        _refuse(turn, status.value)
        return [_say(turn, _STATUS_TEXT[status])]
    official = await _bind(
        turn,
        unit_id=invite.unit_id,
        role=invite.role,
        name=name,
        position=position,
        agreed=agreed,
    )
    queries.audit(
        turn.session,
        action="official.bound",
        now=turn.now,
        identity_id=turn.identity.id,
        entity="official",
        entity_id=str(official.id),
        detail={
            "unit_id": invite.unit_id,
            "role": invite.role,
            "invite_id": invite.id,
            "consent_notice": agreed.version,
        },
    )
    logger.info("official.bound", extra={"official_id": official.id, "invite_id": invite.id})
    unit = await turn.session.get(Unit, invite.unit_id)
    name_of_unit = unit.name if unit is not None else texts.UNIT_UNKNOWN
    lines = [texts.ONBOARDED.format(name=name, position=position, unit=name_of_unit)]
    # Only units in a survey's audience send reports (communes, wards, the special zone).
    reports = unit is not None and any(
        unit.kind in survey.audience for survey in turn.services.surveys.values()
    )
    lines.append(texts.ONBOARDED_REPORTS if reports else texts.ONBOARDED_NO_REPORTS)
    if invite.role == Role.ADMIN.value:
        lines.append(texts.ONBOARDED_ADMIN)
    lines.append(texts.ONBOARDED_HELP)
    return [Reply("\n".join(lines))]


async def _bind(
    turn: Turn,
    *,
    unit_id: int,
    role: str,
    name: str,
    position: str,
    agreed: consent.Consent,
) -> Official:
    official = Official(
        unit_id=unit_id,
        full_name=name,
        position=position,
        role=role,
        created_at=turn.now,
        consent_at=agreed.at,
        consent_notice=agreed.version,
    )
    turn.session.add(official)
    await turn.session.flush()
    turn.identity.official_id = official.id
    turn.session.add(turn.identity)
    return official
