"""Turning Zalo updates into neutral messages."""

from __future__ import annotations

from typing import Any

from bot.channels.zalo_client import ZaloUpdate
from bot.channels.zalo_convert import to_inbound
from handlers import Channel, Inbound, MessageKind


def _update(event_name: str, **sender: Any) -> ZaloUpdate:
    return ZaloUpdate.model_validate(
        {
            "event_name": event_name,
            "message": {
                "message_id": "m-1",
                "date": 1764460800000,
                "chat": {"id": "c-1", "chat_type": "PRIVATE"},
                "from": {"id": "u-1", **sender},
                "text": "chào",
            },
        }
    )


def test_text_becomes_inbound_with_display_name() -> None:
    inbound = to_inbound(_update("message.text.received", display_name="Lan"))

    assert inbound == Inbound(
        channel=Channel.ZALO,
        chat_id="c-1",
        user_id="u-1",
        text="chào",
        display_name="Lan",
        message_id="m-1",
    )


def test_name_read_when_display_name_absent() -> None:
    inbound = to_inbound(_update("message.text.received", name="Hùng"))

    assert inbound is not None and inbound.display_name == "Hùng"


def test_unsupported_event_becomes_other_kind_without_text() -> None:
    inbound = to_inbound(_update("message.unsupported.received"))

    assert inbound is not None and (inbound.kind, inbound.text) == (MessageKind.OTHER, "")


def test_message_from_bot_ignored() -> None:
    assert to_inbound(_update("message.text.received", is_bot=True)) is None


def test_non_message_event_ignored() -> None:
    assert to_inbound(_update("user.follow")) is None
