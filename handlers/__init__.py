"""Channel-neutral conversation logic: `respond(inbound, ...) -> list[Reply]`."""

from handlers.context import Services
from handlers.messages import Channel, Choice, Inbound, MessageKind, Reply
from handlers.router import respond

__all__ = ["Channel", "Choice", "Inbound", "MessageKind", "Reply", "Services", "respond"]
