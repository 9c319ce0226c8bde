"""The sender-facing `ZaloChannel.send`: rendering, error mapping and the monthly quota."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import Choice, Reply, texts
from scheduler.delivery import ChannelError
from storage import quota
from storage.db import session_scope
from storage.models import Identity, Official, Role
from tests.fakes.zalo_api import FakeZaloApi
from tests.zalo.conftest import ChannelFactory


def _long_text() -> str:
    paragraph = "Đoạn văn về chuyển đổi số cấp xã, " * 20  # ~700 characters
    lines = "\n".join(f"Dòng {i}: nhiệm vụ cụ thể của đơn vị" for i in range(60))
    return "\n\n".join([paragraph] * 4 + [lines, "x" * 2500])


async def test_long_reply_split_losslessly_when_over_2000(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.add_chat("chat-1")
    channel = make_channel()
    text = _long_text()

    await channel.send("chat-1", Reply(text))

    parts = fake_zalo.texts_to("chat-1")
    assert len(parts) > 2
    assert max(len(part) for part in parts) <= 2000
    assert "".join(parts) == text


async def test_choices_sent_as_numbered_lines(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.add_chat("chat-1")
    channel = make_channel()

    await channel.send("chat-1", Reply("Chọn:", (Choice("a", "Có"), Choice("b", "Không"))))

    assert fake_zalo.texts_to("chat-1")[0].startswith("Chọn:\n\n1. Có\n2. Không")


@pytest.mark.parametrize(
    ("status", "description", "expected"),
    [
        (429, "Too Many Requests", (True, 3.0, False)),
        (500, "Internal Server Error", (True, None, False)),
        (401, "Unauthorized", (False, None, False)),
        (403, "User has blocked the bot", (False, None, True)),
        (400, "Bad Request", (False, None, False)),
    ],
)
async def test_send_raises_channel_error_when_api_fails(
    fake_zalo: FakeZaloApi,
    make_channel: ChannelFactory,
    status: int,
    description: str,
    expected: tuple[bool, float | None, bool],
) -> None:
    fake_zalo.add_chat("chat-1")
    fake_zalo.fail_next("sendMessage", status=status, description=description, retry_after=3)
    channel = make_channel()

    with pytest.raises(ChannelError) as caught:
        await channel.send("chat-1", Reply("Nhắc hạn"))

    error = caught.value
    assert (error.retryable, error.retry_after if status == 429 else None, error.blocked) == (
        expected
    )


async def test_send_waits_for_next_month_when_quota_spent(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    fake_zalo.add_chat("chat-1")
    channel = make_channel(monthly_quota=2)
    await channel.send("chat-1", Reply("Nhắc hạn 1"))
    await channel.send("chat-1", Reply("Nhắc hạn 2"))

    with pytest.raises(ChannelError) as caught:
        await channel.send("chat-1", Reply("Nhắc hạn 3"))

    # The fake clock says 30 Nov 2026 09:00 in Vietnam: 15 hours to December.
    assert (caught.value.retryable, caught.value.retry_after) == (True, 15 * 3600.0)
    assert fake_zalo.texts_to("chat-1") == ["Nhắc hạn 1", "Nhắc hạn 2"]


async def test_replies_count_towards_quota(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory
) -> None:
    channel = make_channel(monthly_quota=1)
    await channel.start()
    fake_zalo.push_text("chat-1", "/trogiup")
    await fake_zalo.wait_for_sends(1)

    usage = await channel.quota.usage()

    assert (usage.sent, usage.left) == (1, 0)


async def _add_admin(engine: AsyncEngine, chat_id: str) -> None:
    async with session_scope(engine) as session:
        admin = Official(full_name="Quản trị", role=Role.ADMIN.value)
        session.add(admin)
        await session.flush()
        session.add(
            Identity(channel="zalo", external_id=chat_id, chat_id=chat_id, official_id=admin.id)
        )


async def test_admins_warned_once_when_quota_crosses_80_percent(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory, sqlite_engine: AsyncEngine
) -> None:
    await _add_admin(sqlite_engine, "admin-chat")
    fake_zalo.add_chat("admin-chat")
    fake_zalo.add_chat("chat-1")
    channel = make_channel(monthly_quota=10)

    for number in range(9):
        await channel.send("chat-1", Reply(f"Nhắc hạn {number}"))

    warning = texts.ZALO_QUOTA_WARNING.format(month="2026-11", sent=8, limit=10)
    assert fake_zalo.texts_to("admin-chat") == [warning]


async def test_quota_warning_writes_thousands_with_a_dot(
    fake_zalo: FakeZaloApi, make_channel: ChannelFactory, sqlite_engine: AsyncEngine
) -> None:
    await _add_admin(sqlite_engine, "admin-chat")
    fake_zalo.add_chat("admin-chat")
    fake_zalo.add_chat("chat-1")
    async with session_scope(sqlite_engine) as session:
        await quota.consume(session, channel="zalo", month="2026-11", count=2399)
    channel = make_channel(monthly_quota=3000)

    await channel.send("chat-1", Reply("Nhắc hạn"))

    (warning,) = fake_zalo.texts_to("admin-chat")
    assert "đã gửi 2.400/3.000 tin nhắn Zalo" in warning
