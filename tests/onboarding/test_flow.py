"""Registering with an invite, through the assistant on a real SQLite database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select

from bot.assistant import Assistant
from handlers import Inbound, Services, consent, texts
from handlers.invites import MAX_WRONG_ATTEMPTS
from knowledge.changes import COORDINATING_OFFICE
from storage.db import session_scope
from storage.models import AuditLog, Conversation, Identity, Invite, Official, Role
from tests.conftest import FakeClock
from tests.onboarding.conftest import UNIT_NAME, MakeInvite, Say

NAME, POSITION = "Nguyễn Thị Hồng Nhung", "Phó Chủ tịch UBND xã"
CONFIRMED = f"Đã xác nhận: {NAME}, {POSITION}, {UNIT_NAME}."
WRONG_CODE = "CDS-22222-22222"
ACCEPTED = texts.INVITE_ACCEPTED.format(unit=UNIT_NAME)


async def _officials(engine: AsyncEngine) -> list[Official]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(Official))).all())


async def _state(engine: AsyncEngine, chat_id: str = "100") -> str:
    async with session_scope(engine) as session:
        statement = select(Conversation.state).where(Conversation.chat_id == chat_id)
        return (await session.exec(statement)).one()


async def _uses(engine: AsyncEngine) -> list[int]:
    async with session_scope(engine) as session:
        return list((await session.exec(select(Invite.uses).order_by(col(Invite.id)))).all())


async def _start(say: Say, code: str, *, user: str = "100") -> str:
    """The code, then «Đồng ý» typed as its number (as on a channel without buttons)."""
    await say(f"/start {code}", user=user)
    return await say("1", user=user)


async def _register(say: Say, code: str, *, user: str = "100") -> str:
    await _start(say, code, user=user)
    await say(NAME, user=user)
    return await say(POSITION, user=user)


async def test_start_with_code_shows_the_notice_for_the_unit(
    make_invite: MakeInvite, say: Say, services: Services
) -> None:
    code = await make_invite()

    reply = await say(f"/start {code}")

    assert reply == ACCEPTED + "\n\n" + consent.notice(services)


async def test_agreeing_asks_for_the_name(make_invite: MakeInvite, say: Say) -> None:
    code = await make_invite()

    reply = await _start(say, code)

    assert reply == texts.ASK_NAME


async def test_registration_calls_the_official_ban_as_the_bot_does_everywhere(
    make_invite: MakeInvite, say: Say
) -> None:
    code = await make_invite()
    replies = [await _start(say, code)]

    replies += [await say(NAME), await say(POSITION)]

    assert replies[1] == (
        f"Cảm ơn bạn. Họ và tên đã ghi: {NAME}. Bạn vui lòng cho biết chức vụ hiện tại (ví dụ: "
        "Phó Chủ tịch UBND xã, Công chức Văn phòng - Thống kê)."
    )
    assert replies[2].startswith(CONFIRMED + "\nTừ nay bạn có thể gửi báo cáo")
    assert not [reply for reply in replies if "ông/bà" in reply.casefold()]


async def test_name_then_position_binds_official(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()

    reply = await _register(say, code)

    async with session_scope(sqlite_engine) as session:
        official = (await session.exec(select(Official))).one()
        identity = (await session.exec(select(Identity))).one()
    assert reply.splitlines()[0] == CONFIRMED
    assert (official.full_name, official.position, official.role) == (NAME, POSITION, "member")
    assert identity.official_id == official.id


async def test_binding_is_audited_without_the_code(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()

    await _register(say, code)

    async with session_scope(sqlite_engine) as session:
        rows = (await session.exec(select(AuditLog).order_by(col(AuditLog.id)))).all()
    assert [row.action for row in rows] == ["invite.created", "official.bound"]
    assert code not in repr(rows)


async def test_toi_shows_name_unit_and_role_when_bound(make_invite: MakeInvite, say: Say) -> None:
    await _register(say, await make_invite())

    reply = await say("/toi")

    assert reply.startswith(
        texts.WHOAMI_KEPT.format(name=NAME, position=POSITION, unit=UNIT_NAME, role="cán bộ")
    )


async def test_toi_explains_how_to_register_when_not_bound(say: Say) -> None:
    reply = await say("/toi")

    assert reply.startswith(texts.WHOAMI_UNREGISTERED.format(office=COORDINATING_OFFICE) + "\n\n")


async def test_admin_invite_binds_as_admin(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite(role=Role.ADMIN)

    reply = await _register(say, code)

    assert texts.ONBOARDED_ADMIN in reply
    assert [official.role for official in await _officials(sqlite_engine)] == ["admin"]


async def test_typed_code_starts_onboarding(make_invite: MakeInvite, say: Say) -> None:
    code = await make_invite()
    typed = code.lower().replace("-", " ")

    reply = await say(typed)

    assert reply.startswith(ACCEPTED + "\n\n")


async def test_question_like_code_prefix_still_goes_to_qa(say: Say) -> None:
    reply = await say("cds chinh quyen")

    assert reply not in (
        texts.INVITE_WRONG.format(office=COORDINATING_OFFICE),
        texts.INVITE_MALFORMED.format(office=COORDINATING_OFFICE),
    )


async def test_name_with_digits_is_asked_again_with_reason(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _start(say, await make_invite())

    reply = await say("Nguyen Van 2")

    assert reply == texts.NAME_INVALID["digits"]
    assert await _state(sqlite_engine) == "onboarding.name"


async def test_name_with_symbols_is_asked_again_with_reason(
    make_invite: MakeInvite, say: Say
) -> None:
    await _start(say, await make_invite())

    reply = await say("Nguyễn Văn An?")

    assert reply == texts.NAME_INVALID["characters"]


async def test_too_short_position_is_asked_again(make_invite: MakeInvite, say: Say) -> None:
    await _start(say, await make_invite())
    await say(NAME)

    reply = await say("A")

    assert reply == texts.POSITION_INVALID["too_short"].format(min=2, max=80)


async def test_name_is_capitalised(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _start(say, await make_invite())
    await say("  nguyễn   thị hồng NHUNG ")

    await say(POSITION)

    assert [o.full_name for o in await _officials(sqlite_engine)] == [NAME]


async def test_name_without_marks_is_asked_once_with_marks(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _start(say, await make_invite())

    asked = await say("nguyen thi hong nhung")
    await say("  nguyễn   thị hồng NHUNG ")
    await say(POSITION)

    assert asked == texts.NAME_WITHOUT_MARKS.format(name="Nguyen Thi Hong Nhung")
    assert [o.full_name for o in await _officials(sqlite_engine)] == [NAME]


async def test_name_without_marks_typed_again_is_kept(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _start(say, await make_invite())

    await say("A Lang")
    position = await say("a lang")  # the same name again: it has no marks
    await say(POSITION)

    assert position == texts.ASK_POSITION.format(name="A Lang")
    assert [o.full_name for o in await _officials(sqlite_engine)] == ["A Lang"]


async def test_wrong_code_is_refused_and_nothing_saved(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await make_invite()

    reply = await say(f"/start {WRONG_CODE}")

    assert reply == texts.INVITE_WRONG.format(office=COORDINATING_OFFICE)
    assert (await _state(sqlite_engine), await _officials(sqlite_engine)) == ("idle", [])


async def test_tampered_payload_is_refused(say: Say, sqlite_engine: AsyncEngine) -> None:
    reply = await say("/start CDS-<script>-alert(1)")

    assert reply == texts.INVITE_MALFORMED.format(office=COORDINATING_OFFICE)
    assert await _state(sqlite_engine) == "idle"


async def test_code_with_one_character_changed_is_wrong(make_invite: MakeInvite, say: Say) -> None:
    code = await make_invite()
    tampered = code[:-1] + ("2" if code[-1] != "2" else "3")

    reply = await say(f"/start {tampered}")

    assert reply == texts.INVITE_WRONG.format(office=COORDINATING_OFFICE)


async def test_expired_code_is_refused(
    make_invite: MakeInvite, say: Say, clock: FakeClock, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite(ttl=timedelta(days=14))
    clock.now += timedelta(days=14, seconds=1)

    reply = await say(f"/start {code}")

    assert reply == texts.INVITE_EXPIRED.format(office=COORDINATING_OFFICE)
    assert (await _state(sqlite_engine), await _officials(sqlite_engine)) == ("idle", [])


async def test_used_code_is_refused(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()
    await _register(say, code, user="100")

    reply = await say(f"/start {code}", user="200")

    assert reply == texts.INVITE_USED.format(office=COORDINATING_OFFICE)
    assert len(await _officials(sqlite_engine)) == 1


async def test_code_with_two_uses_binds_two_officials(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite(max_uses=2)

    await _register(say, code, user="100")
    await _register(say, code, user="200")

    assert await _uses(sqlite_engine) == [2]


async def test_revoked_code_is_refused(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()
    async with session_scope(sqlite_engine) as session:
        invite = (await session.exec(select(Invite))).one()
        invite.revoked_at = invite.created_at
        session.add(invite)

    reply = await say(f"/start {code}")

    assert reply == texts.INVITE_REVOKED.format(office=COORDINATING_OFFICE)
    assert await _officials(sqlite_engine) == []


async def test_code_expiring_during_the_flow_binds_nothing(
    make_invite: MakeInvite, say: Say, clock: FakeClock, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite(ttl=timedelta(hours=1))
    await _start(say, code)
    await say(NAME)
    clock.now += timedelta(hours=2)

    reply = await say(POSITION)

    assert reply == texts.INVITE_EXPIRED.format(office=COORDINATING_OFFICE)
    assert (await _state(sqlite_engine), await _officials(sqlite_engine)) == ("idle", [])


async def test_cancel_during_onboarding_keeps_the_code_unused(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _start(say, await make_invite())
    await say(NAME)

    reply = await say("/huy")

    assert reply == texts.CANCELLED_REGISTRATION
    assert (await _state(sqlite_engine), await _uses(sqlite_engine)) == ("idle", [0])
    assert await _officials(sqlite_engine) == []


async def test_onboarding_resumes_in_a_new_assistant(
    make_invite: MakeInvite,
    say: Say,
    sqlite_engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
) -> None:
    await _start(say, await make_invite())
    restarted = Assistant(engine=sqlite_engine, services=services, clock=clock)

    replies = await restarted.handle(
        Inbound(channel="telegram", chat_id="100", user_id="100", text=NAME)
    )

    assert [reply.text for reply in replies] == [texts.ASK_POSITION.format(name=NAME)]


async def test_bound_identity_entering_a_code_is_told_it_is_registered(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    await _register(say, await make_invite())
    second = await make_invite()

    reply = await say(f"/start {second}")

    assert reply.startswith(texts.ALREADY_REGISTERED.format(office=COORDINATING_OFFICE))
    assert await _uses(sqlite_engine) == [1, 0]


async def test_five_wrong_codes_lock_out_even_a_correct_code(
    make_invite: MakeInvite, say: Say, clock: FakeClock
) -> None:
    code = await make_invite()
    for _ in range(MAX_WRONG_ATTEMPTS):
        await say(f"/start {WRONG_CODE}")
        clock.now += timedelta(minutes=5)

    reply = await say(f"/start {code}")

    assert reply.startswith(f"Bạn đã nhập sai mã mời {MAX_WRONG_ATTEMPTS} lần")


async def test_lockout_names_its_end_in_local_time(say: Say, clock: FakeClock) -> None:
    for _ in range(MAX_WRONG_ATTEMPTS):
        await say(f"/start {WRONG_CODE}")

    reply = await say(WRONG_CODE)

    # The fifth wrong code at 02:00 UTC locks until 03:00 UTC, 10:00 in Vietnam.
    assert "đến 10:00 ngày 30/11/2026" in reply


async def test_lockout_ends_an_hour_after_the_fifth_wrong_code(
    make_invite: MakeInvite, say: Say, clock: FakeClock
) -> None:
    code = await make_invite()
    for _ in range(MAX_WRONG_ATTEMPTS):
        await say(f"/start {WRONG_CODE}")
    clock.now += timedelta(hours=1, seconds=1)

    reply = await say(f"/start {code}")

    assert reply.startswith(ACCEPTED + "\n\n")


async def test_lockout_is_per_chat(make_invite: MakeInvite, say: Say) -> None:
    code = await make_invite()
    for _ in range(MAX_WRONG_ATTEMPTS):
        await say(f"/start {WRONG_CODE}", user="100")

    reply = await say(f"/start {code}", user="200")

    assert reply.startswith(ACCEPTED + "\n\n")


async def test_four_wrong_codes_do_not_lock(make_invite: MakeInvite, say: Say) -> None:
    code = await make_invite()
    for _ in range(MAX_WRONG_ATTEMPTS - 1):
        await say(f"/start {WRONG_CODE}")

    reply = await say(f"/start {code}")

    assert reply.startswith(ACCEPTED + "\n\n")


async def test_wrong_codes_spread_over_more_than_an_hour_do_not_lock(
    make_invite: MakeInvite, say: Say, clock: FakeClock
) -> None:
    code = await make_invite()
    for _ in range(MAX_WRONG_ATTEMPTS):
        await say(f"/start {WRONG_CODE}")
        clock.now += timedelta(minutes=16)

    reply = await say(f"/start {code}")

    assert reply.startswith(ACCEPTED + "\n\n")


async def test_start_without_payload_keeps_the_greeting(say: Say) -> None:
    reply = await say("/start")

    assert reply == texts.GREETING


async def test_code_is_not_kept_in_invite_or_conversation_rows(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine
) -> None:
    code = await make_invite()
    await say(f"/start {code}")

    async with session_scope(sqlite_engine) as session:
        dumped = repr((await session.exec(select(Invite))).all())
        dumped += repr((await session.exec(select(Conversation))).all())
    assert code.replace("-", "")[3:] not in dumped


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("=cmd|' /C calc'!A0", "formula"),
        ("+Chủ tịch", "formula"),
        ("@SUM(A1)", "formula"),
        ("\t=1+1", "formula"),
        ("Chủ tịch | xã", "symbols"),
        ("Chủ tịch <b>", "symbols"),
        ("12345", "characters"),
    ],
)
async def test_position_that_does_not_read_as_words_is_asked_again(
    make_invite: MakeInvite, say: Say, sqlite_engine: AsyncEngine, typed: str, reason: str
) -> None:
    await _start(say, await make_invite())
    await say(NAME)

    reply = await say(typed)
    kept = await _state(sqlite_engine)
    confirmed = await say("Công chức Văn phòng - Thống kê (VH-XH)")

    assert reply == texts.POSITION_INVALID[reason].format(min=2, max=80)
    assert kept == "onboarding.position"
    assert [o.position for o in await _officials(sqlite_engine)] == [
        "Công chức Văn phòng - Thống kê (VH-XH)"
    ]
    assert "Đã xác nhận" in confirmed
