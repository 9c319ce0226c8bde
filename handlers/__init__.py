"""Channel-neutral conversation logic: `respond(inbound, ...) -> list[Reply]`.

A middle floor: it may import `knowledge` and `storage`; never `bot`, `dashboard`,
`reports` or `scheduler`, nor any platform library. Every Vietnamese string the bot says
lives in `handlers.texts`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handlers.context import Services
    from handlers.messages import Channel, Choice, Inbound, MessageKind, Reply, ReplyTag
    from handlers.router import respond, respond_to_update

# Loaded on first use, so that importing one light module (`handlers.texts`) does not load the
# router and everything under it: a one-shot `cdsbot` command starts in a fraction of the time.
_EXPORTS = {
    "Services": "handlers.context",
    "Channel": "handlers.messages",
    "Choice": "handlers.messages",
    "Inbound": "handlers.messages",
    "MessageKind": "handlers.messages",
    "Reply": "handlers.messages",
    "ReplyTag": "handlers.messages",
    "respond": "handlers.router",
    "respond_to_update": "handlers.router",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "Channel",
    "Choice",
    "Inbound",
    "MessageKind",
    "Reply",
    "ReplyTag",
    "Services",
    "respond",
    "respond_to_update",
]
