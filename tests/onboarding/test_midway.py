"""Commands and stray answers in the middle of a registration, through the web chat endpoint.

Newcomer findings 23 and 24: at the notice, `/toi` and `/baocao` said «bạn cần một mã mời» to
someone who had just typed one, and the «1» typed next was refused; at the name step «đồng ý»
was taken as the name «Đồng Ý».
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Services, texts
from handlers.consent import KEY_NO, KEY_YES
from tests.conftest import FakeClock
from tests.web.webchat import WebChat, commune, invite_code, web_app

UNIT = "Xã Bình Sơn"  # tests.web.webchat.commune()
NEED_A_CODE = "bạn cần một mã mời"


async def _chat(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path, session: str
) -> WebChat:
    """A web chat that has just typed a valid code: the notice is open."""
    chat = WebChat(web_app(engine, services, clock, tmp_path), session)
    first = not await _scalars(engine, "SELECT code FROM unit")
    await chat.say(await invite_code(engine, services, clock, unit=commune() if first else None))
    assert chat.keys == [KEY_YES, KEY_NO]
    return chat


async def _scalars(engine: AsyncEngine, sql: str) -> list[object]:
    async with engine.connect() as connection:
        return list((await connection.execute(text(sql))).scalars())


async def test_toi_and_baocao_at_the_notice_name_the_unit_and_the_next_step(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-notice-0001")

    for command in ("/toi", "/baocao"):
        reply = await chat.say(command)
        assert NEED_A_CODE not in reply
        assert f"Bạn đang đăng ký cho {UNIT}" in reply
        assert "«Đồng ý» hoặc «Không đồng ý»" in reply
        # The notice's buttons come back with it.
        assert chat.keys == [KEY_YES, KEY_NO]
    assert "/baocao" in reply  # what to do once registered

    # The «1» typed next agrees, as the question says.
    assert await chat.say("1") == texts.ASK_NAME


async def test_typed_answers_work_whatever_was_typed_at_the_notice(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-help-0002")

    await chat.say("/trogiup")  # the help offers no buttons of its own
    await chat.say("/nhacviec")
    assert await chat.say("1") == texts.ASK_NAME

    written = await _chat(engine, services, clock, tmp_path, "midway-words-0012")
    await written.say("/toi")
    assert await written.say("Dạ, tôi đồng ý ạ.") == texts.ASK_NAME

    refusing = await _chat(engine, services, clock, tmp_path, "midway-start-0003")
    await refusing.say("/start")
    assert refusing.keys == [KEY_YES, KEY_NO]  # not the greeting's menu, whose «1» is another
    assert await refusing.say("2") == texts.CONSENT_REFUSED


async def test_the_notices_buttons_still_work_after_a_command(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-button-0004")
    await chat.say("/trogiup")

    assert await chat.say(choice=KEY_YES) == texts.ASK_NAME


async def test_help_at_the_notice_does_not_ask_for_a_code(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-help-0005")

    reply = await chat.say("/trogiup")

    assert reply.startswith(texts.HELP)
    assert "mã mời do" not in reply
    assert f"Bạn đang đăng ký cho {UNIT}" in reply


async def test_toi_and_baocao_at_the_name_and_position_steps(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-steps-0006")
    await chat.say("1")

    for command in ("/toi", "/baocao"):
        reply = await chat.say(command)
        assert NEED_A_CODE not in reply
        assert f"Bạn đang đăng ký cho {UNIT}" in reply
        assert "gõ họ và tên đầy đủ" in reply
    assert "Họ và tên đã ghi: Nguyễn Văn An" in await chat.say("Nguyễn Văn An")
    reply = await chat.say("/toi")
    assert f"Bạn đang đăng ký cho {UNIT}" in reply and "gõ chức vụ" in reply

    assert "Đã xác nhận: Nguyễn Văn An" in await chat.say("Công chức Văn phòng - Thống kê")
    assert "Nguyễn Văn An" in await chat.say("/toi")


async def test_consent_words_at_the_name_step_are_not_a_name(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-words-0007")
    await chat.say("1")

    for typed in ("2", "1", "đồng ý", "dong y", "Dạ, tôi đồng ý ạ.", "ĐỒNG Ý"):
        reply = await chat.say(typed)
        assert reply == texts.NAME_AFTER_CONSENT, typed
        assert "Đồng Ý" not in reply
    # Still at the name step: a name goes on.
    assert "Họ và tên đã ghi: Trần Thị Hoa" in await chat.say("Trần Thị Hoa")
    assert await chat.say("đồng ý") == texts.POSITION_AFTER_CONSENT


async def test_not_agreeing_at_the_name_step_withdraws_and_keeps_nothing(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    for session, typed in (
        ("midway-withdraw-0008", "không đồng ý"),
        ("midway-withdraw-0009", "khong dong y a"),
        ("midway-withdraw-0010", "Dạ em không đồng ý"),
    ):
        chat = await _chat(engine, services, clock, tmp_path, session)
        await chat.say("1")

        assert await chat.say(typed) == texts.CONSENT_REFUSED
        # Nothing of the registration rides on: the next message starts afresh.
        assert NEED_A_CODE in await chat.say("/toi")

    assert await _scalars(engine, "SELECT uses FROM invite") == [0, 0, 0]
    assert await _scalars(engine, "SELECT full_name FROM official") == []


async def test_not_agreeing_at_the_position_step_drops_the_name(
    engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path
) -> None:
    chat = await _chat(engine, services, clock, tmp_path, "midway-withdraw-0011")
    await chat.say("1")
    await chat.say("Nguyễn Văn An")

    assert await chat.say("không đồng ý") == texts.CONSENT_REFUSED

    kept = await _scalars(engine, "SELECT CAST(data AS TEXT) FROM conversation")
    assert not any("Nguy" in str(row) for row in kept)
    assert await _scalars(engine, "SELECT uses FROM invite") == [0]
