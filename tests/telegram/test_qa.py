"""Questions over Telegram (polling): a cited answer, a follow-up button, did-you-mean buttons."""

from __future__ import annotations

from bot.channels.telegram import TelegramChannel
from knowledge import parse_section_key
from tests.fakes.telegram_api import FakeTelegramApi

CHAT = 515151


async def test_free_text_gets_cited_answer_with_follow_up_buttons(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_text(chat_id=CHAT, text="han thiet lap mang luoi cds")

    [sent] = await fake.wait_sent(1)

    assert "(Kế hoạch 87/KH-UBND, mục IV.2.c)" in sent.text.splitlines()
    assert all(parse_section_key(data) for _, data in sent.buttons())


async def test_follow_up_button_shows_its_section(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_text(chat_id=CHAT, text="Ai điều phối mạng lưới chuyển đổi số tỉnh?")
    [answer] = await fake.wait_sent(1)
    _, data = answer.buttons()[0]
    section = parse_section_key(data)

    fake.push_callback(chat_id=CHAT, data=data)
    sent = await fake.wait_sent(2)

    assert section is not None
    # The citation follows the text (before a «Lưu ý» on a changed body, and «(còn tiếp…)»
    # when the text was cut).
    [cited] = [line for line in sent[1].text.splitlines() if line.startswith("(Kế hoạch")]
    assert cited.endswith(f"mục {section[1]})")


async def test_out_of_scope_question_gets_did_you_mean_buttons(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_text(chat_id=CHAT, text="Lịch thi đấu bóng đá tối nay")

    [sent] = await fake.wait_sent(1)

    assert "không đề cập" in sent.text
    assert len(sent.buttons()) == 3
