"""What the web app's lifespan needs of a platform channel."""

from __future__ import annotations

from typing import Protocol

from fastapi import APIRouter


class ChannelRunner(Protocol):
    """A platform channel started and stopped with the app (polling loop or webhook route)."""

    name: str

    def describe(self) -> str:
        """One line saying how the channel runs, without secrets."""
        ...

    def routes(self) -> APIRouter | None:
        """Webhook routes to mount on the web app, if any."""
        ...

    async def start(self) -> None:
        """Begin receiving updates."""
        ...

    async def stop(self) -> None:
        """Stop receiving and release network resources."""
        ...
