"""`/tiendo`: who has reported, for admins only."""

from __future__ import annotations

from bot.assistant import Assistant
from handlers import texts
from tests.surveys.conftest import Chat, Town
from tests.surveys.test_flow import FULL, fill


async def test_admin_sees_count_and_missing_units(
    an: Chat, assistant: Assistant, town: Town
) -> None:
    await fill(an)
    await an.say("gui bao cao")

    reply = await Chat(assistant, "admin").say("/tiendo")

    assert reply.splitlines() == [
        "Báo cáo tiến độ thực hiện Kế hoạch 87/KH-UBND — quý IV/2026: đã báo cáo 1/4 đơn vị.",
        "Các đơn vị chưa gửi:",
        "• Xã Tịnh Khê",
        "• Phường Cẩm Thành",
        "• Đặc khu Lý Sơn",
    ]


async def test_draft_does_not_count_as_reported(an: Chat, assistant: Assistant) -> None:
    await fill(an, FULL[:3])

    reply = await Chat(assistant, "admin").say("/tiendo")

    assert "đã báo cáo 0/4 đơn vị" in reply


async def test_member_is_refused(an: Chat) -> None:
    assert await an.say("/tiendo") == texts.ADMIN_ONLY
