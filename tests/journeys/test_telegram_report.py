"""Issue 4 on Telegram: from `/start CODE` to the receipt with buttons, then the export.

The real PTB polling channel talks to the fake Bot API; the invite and the export are made by
the real CLI in subprocesses against the same SQLite file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from handlers import Services, texts
from knowledge.changes import COORDINATING_OFFICE
from knowledge.surveys import SurveyDefinition, period_of
from storage.models import Answer, Official, SurveyResponse
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegramApi, SentMessage
from tests.journeys.conftest import (
    UNIT_CODE,
    UNIT_NAME,
    answer_cells,
    count,
    create_invite,
    create_invite_code,
    export_rows,
    wrong_code,
)

CHAT = 515151


class TelegramUser:
    """One official in a private chat: types text or presses a button of the last message."""

    def __init__(self, fake: FakeTelegramApi, chat_id: int = CHAT) -> None:
        self.fake = fake
        self.chat_id = chat_id

    async def _replies(self, before: int, expected: int) -> list[SentMessage]:
        await self.fake.wait_sent(before + expected)
        return self.fake.sent_to(self.chat_id)[before:]

    async def type(self, text: str, *, expected: int = 1) -> str:
        before = len(self.fake.sent_to(self.chat_id))
        self.fake.push_text(chat_id=self.chat_id, text=text)
        return "\n\n".join(m.text for m in await self._replies(before, expected))

    async def press(
        self, key: str, *, on: SentMessage | None = None, offered: bool = True, expected: int = 1
    ) -> str:
        """Press a button of a message (the last one by default) by its key.

        `offered` checks the message really shows that button; a forged press skips the check.
        """
        sent = self.fake.sent_to(self.chat_id)
        message = on or sent[-1]
        if offered:
            assert key in [data for _, data in message.buttons()], message.buttons()
        self.fake.push_callback(chat_id=self.chat_id, data=key, message_id=message.message_id)
        return "\n\n".join(m.text for m in await self._replies(len(sent), expected))

    @property
    def last_message(self) -> SentMessage:
        return self.fake.sent_to(self.chat_id)[-1]


async def register(user: TelegramUser, code: str) -> str:
    """`/start CODE`, «Đồng ý», the full name and the position; returns the last reply."""
    accepted = await user.type(f"/start {code}")
    assert accepted.startswith(texts.INVITE_ACCEPTED.format(unit=UNIT_NAME) + "\n\n")
    assert await user.press("pc:yes") == texts.ASK_NAME
    await user.type("Nguyễn Văn An")
    return await user.type("Phó Chủ tịch UBND xã")


async def test_invited_official_reports_with_buttons_and_export_shows_unit_sent(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    services: Services,
    clock: FakeClock,
    definition: SurveyDefinition,
    tmp_path: Path,
) -> None:
    invite = await create_invite(settings, bot_username=fake.username)
    payload = invite["link"].removeprefix(f"https://t.me/{fake.username}?start=")
    user = TelegramUser(fake)
    period = period_of(definition, clock.now, services.zone)

    onboarded = await register(user, payload)  # what Telegram sends when the link is opened
    intro = await user.type("/baocao", expected=2)
    await user.press("sv:a:co")
    for number in ("12", "5", "62,5", "40"):
        await user.type(number)
    await user.press("sv:a:mot")
    await user.type("Thiếu máy tính cho bộ phận một cửa")
    summary = await user.press("sv:skip")
    receipt = await user.press("sv:submit")
    rows = await export_rows(settings, period, tmp_path / "export.xlsx")

    assert onboarded.startswith("Đã xác nhận: Nguyễn Văn An, Phó Chủ tịch UBND xã")
    assert "quý IV/2026" in intro
    assert "6. Giao ban Mạng lưới CĐS: Một buổi" in summary
    assert receipt.startswith(f"Đã nhận báo cáo quý IV/2026 của {UNIT_NAME} lúc 09:00")
    assert rows[UNIT_CODE]["Trạng thái"] == "đã gửi"
    assert answer_cells(definition, rows[UNIT_CODE]) == [
        "Có", 12, 5, 62.5, 40, "Một buổi", "Thiếu máy tính cho bộ phận một cửa", None,
    ]  # fmt: skip
    others = {row["Trạng thái"] for unit, row in rows.items() if unit != UNIT_CODE}
    assert others == {"chưa báo cáo"}
    assert len(rows) == 96  # 86 communes, 9 wards and the special zone; no department


async def test_uninvited_user_asking_to_report_is_refused_and_nothing_saved(
    fake: FakeTelegramApi, polling: TelegramChannel, sqlite_engine: AsyncEngine
) -> None:
    user = TelegramUser(fake)

    reply = await user.type("/baocao")

    assert reply == texts.REPORT_NOT_REGISTERED.format(office=COORDINATING_OFFICE)
    assert [await count(sqlite_engine, t) for t in (Official, SurveyResponse, Answer)] == [0, 0, 0]


async def test_wrong_code_is_refused_and_nothing_saved(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    code = await create_invite_code(settings)
    user = TelegramUser(fake)

    by_link = await user.type(f"/start {wrong_code(code)}")
    typed = await user.type(wrong_code(code))
    report = await user.type("/baocao")

    assert (by_link, typed) == (
        texts.INVITE_WRONG.format(office=COORDINATING_OFFICE),
        texts.INVITE_WRONG.format(office=COORDINATING_OFFICE),
    )
    assert report == texts.REPORT_NOT_REGISTERED.format(office=COORDINATING_OFFICE)
    assert [await count(sqlite_engine, t) for t in (Official, SurveyResponse, Answer)] == [0, 0, 0]


async def test_forged_choice_key_is_refused_when_uninvited_and_nothing_saved(
    fake: FakeTelegramApi, polling: TelegramChannel, sqlite_engine: AsyncEngine
) -> None:
    user = TelegramUser(fake)
    await user.type("/start")

    reply = await user.press("sv:a:co", offered=False)

    assert reply == texts.CHOICE_EXPIRED
    assert [await count(sqlite_engine, t) for t in (Official, SurveyResponse, Answer)] == [0, 0, 0]


async def test_forged_choice_key_is_refused_mid_report_and_no_answer_saved(
    fake: FakeTelegramApi,
    polling: TelegramChannel,
    settings: Settings,
    sqlite_engine: AsyncEngine,
) -> None:
    user = TelegramUser(fake)
    await register(user, await create_invite_code(settings))
    await user.type("/baocao", expected=2)
    question = user.last_message

    forged_answer = await user.press("sv:a:tu-bon", offered=False)  # another question's option
    forged_submit = await user.press("sv:submit", offered=False)
    after = await user.press("sv:a:khong", on=question, expected=2)

    assert question.buttons() == [("Có", "sv:a:co"), ("Không", "sv:a:khong")]
    assert (forged_answer, forged_submit) == (texts.CHOICE_EXPIRED, texts.CHOICE_EXPIRED)
    # The real button still works: "Không" skips câu 2, and says so before câu 3.
    assert after.startswith(texts.SURVEY_NOT_APPLICABLE.format(numbers=2, number=1, value="Không"))
    assert "\n\nCâu 3/8" in after
    assert await count(sqlite_engine, Answer) == 1
