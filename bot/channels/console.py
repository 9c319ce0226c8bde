"""The console channel: an interactive chat and a JSON-lines mode for scripts."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from typing import TextIO

from bot.assistant import Assistant
from bot.channels.base import numbered
from handlers import Channel, Inbound, Reply


def _inbound(user_id: str, line: str, offered: list[str]) -> Inbound:
    text = line.rstrip("\r\n")
    # A line that is exactly a key offered in the previous reply counts as pressing it.
    choice = text if text in offered else None
    return Inbound(
        channel=Channel.CONSOLE,
        chat_id=user_id,
        user_id=user_id,
        text="" if choice else text,
        choice=choice,
    )


def _offered(replies: list[Reply]) -> list[str]:
    return [choice.key for reply in replies for choice in reply.choices]


def _as_json(replies: list[Reply]) -> str:
    return json.dumps(
        {
            "replies": [
                {
                    "text": reply.text,
                    "choices": [{"key": c.key, "label": c.label} for c in reply.choices],
                }
                for reply in replies
            ]
        },
        ensure_ascii=False,
    )


async def run_jsonl(
    assistant: Assistant, *, user_id: str, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """One JSON line out, flushed, for each line in."""
    offered: list[str] = []
    for line in stdin:
        replies = await assistant.handle(_inbound(user_id, line, offered))
        offered = _offered(replies)
        stdout.write(_as_json(replies) + "\n")
        stdout.flush()


def _plain(text: str) -> str:
    return text


async def run_interactive(
    assistant: Assistant, *, user_id: str, shown: Callable[[str], str] = _plain
) -> None:
    """A terminal chat; choices are shown numbered and answered by typing the number.

    `shown` makes a reply safe for the terminal (replies can quote what users typed).
    """
    offered: list[str] = []
    print("Trợ lý CĐS — gõ tin nhắn, Ctrl+D để thoát.")  # noqa: T201
    while True:
        try:
            line = await asyncio.to_thread(input, "> ")
        except EOFError:
            print()  # noqa: T201
            return
        replies = await assistant.handle(_inbound(user_id, line, offered))
        offered = _offered(replies)
        for reply in replies:
            print(shown(numbered(reply)) + "\n")  # noqa: T201
