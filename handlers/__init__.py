"""Channel-neutral conversation logic: `respond(inbound, ...) -> list[Reply]`.

A middle floor: it may import `knowledge` and `storage`; never `bot`, `dashboard`,
`reports` or `scheduler`, nor any platform library. Every Vietnamese string the bot says
lives in `handlers.texts`.
"""

from handlers.context import Services
from handlers.messages import Channel, Choice, Inbound, MessageKind, Reply, ReplyTag
from handlers.router import respond, respond_to_update

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
