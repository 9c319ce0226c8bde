"""End to end in polling mode: the real PTB Updater long-polls the fake Bot API."""

from __future__ import annotations

from bot.channels.telegram import TelegramChannel
from handlers import texts
from handlers.onboarding import MENU_ASK, MENU_HELP
from tests.fakes.telegram_api import FakeTelegramApi
from tests.helptext import HELP_TEXT

CHAT = 424242


async def test_start_gets_greeting_with_inline_keyboard(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_start(chat_id=CHAT)

    [sent] = await fake.wait_sent(1)

    assert (sent.chat_id, sent.text) == (CHAT, texts.GREETING)
    assert sent.buttons() == [(texts.CHOICE_ASK, MENU_ASK), (texts.CHOICE_HELP, MENU_HELP)]


async def test_help_gets_command_list_without_keyboard(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_text(chat_id=CHAT, text="/help")

    [sent] = await fake.wait_sent(1)

    assert (sent.text, sent.reply_markup) == (HELP_TEXT, None)


async def test_pressed_choice_gets_reply_and_callback_answered(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_start(chat_id=CHAT)
    await fake.wait_sent(1)

    update = fake.push_callback(chat_id=CHAT, data=MENU_HELP)
    sent = await fake.wait_sent(2)
    await fake.wait_for(lambda: bool(fake.answered_callbacks), what="answerCallbackQuery")

    assert sent[1].text == HELP_TEXT
    assert fake.answered_callbacks == [update["callback_query"]["id"]]


async def test_polling_confirms_updates_with_offset(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    fake.push_text(chat_id=CHAT, text="/help")
    await fake.wait_sent(1)

    await fake.wait_for(lambda: fake.pending_updates == 0, what="the update to be confirmed")

    assert len(fake.sent) == 1


async def test_polling_start_removes_a_webhook(
    fake: FakeTelegramApi, polling: TelegramChannel
) -> None:
    assert fake.calls_of("deleteWebhook") != []
