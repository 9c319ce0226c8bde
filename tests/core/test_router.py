"""The core through the Assistant on a real SQLite database."""

from __future__ import annotations

from bot.assistant import Assistant
from handlers import Channel, Inbound, texts
from handlers.onboarding import MENU_ASK, MENU_HELP
from tests.helptext import HELP_TEXT


def _msg(text: str = "", *, choice: str | None = None, chat: str = "u1") -> Inbound:
    return Inbound(channel=Channel.WEB, chat_id=chat, user_id=chat, text=text, choice=choice)


async def test_start_greets_with_menu_choices(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("/start"))

    assert replies[0].text == texts.GREETING
    assert [c.key for c in replies[0].choices] == [MENU_ASK, MENU_HELP]


async def test_start_accepts_bot_suffix_on_command(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("/start@TroLyCdsBot"))

    assert replies[0].text == texts.GREETING


async def test_help_alias_trogiup_gives_help(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("/trogiup"))

    assert replies[0].text == HELP_TEXT


async def test_pressed_choice_runs_its_handler(assistant: Assistant) -> None:
    await assistant.handle(_msg("/start"))

    replies = await assistant.handle(_msg(choice=MENU_HELP))

    assert replies[0].text == HELP_TEXT


async def test_typed_number_picks_offered_choice(assistant: Assistant) -> None:
    await assistant.handle(_msg("/start"))

    replies = await assistant.handle(_msg("2"))

    assert replies[0].text == HELP_TEXT


async def test_typed_label_without_diacritics_picks_offered_choice(assistant: Assistant) -> None:
    await assistant.handle(_msg("/start"))

    replies = await assistant.handle(_msg("xem huong dan"))

    assert replies[0].text == HELP_TEXT


async def test_unknown_choice_key_is_refused_when_not_offered(assistant: Assistant) -> None:
    await assistant.handle(_msg("/start"))

    replies = await assistant.handle(_msg(choice="sv:a:forged"))

    assert replies[0].text == texts.CHOICE_EXPIRED


async def test_unknown_command_names_it(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("/xyz"))

    assert replies[0].text == texts.UNKNOWN_COMMAND.format(command="/xyz")


async def test_cancel_when_idle_says_nothing_to_cancel(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("/huy"))

    assert replies[0].text == texts.NOTHING_TO_CANCEL


async def test_free_text_gets_cited_answer(assistant: Assistant) -> None:
    replies = await assistant.handle(_msg("Ai điều phối mạng lưới chuyển đổi số tỉnh?"))

    assert "(Kế hoạch 87/KH-UBND, mục III.5.a)" in replies[0].text


async def test_duplicate_update_key_is_processed_once(assistant: Assistant) -> None:
    first = await assistant.handle(_msg("/start"), update_key="100")
    second = await assistant.handle(_msg("/start"), update_key="100")

    assert (len(first), second) == (1, [])


async def test_chats_keep_their_own_offered_choices(assistant: Assistant) -> None:
    await assistant.handle(_msg("/start", chat="a"))

    replies = await assistant.handle(_msg("2", chat="b"))

    assert replies[0].text != HELP_TEXT
