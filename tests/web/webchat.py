"""Talk to the real web chat endpoint (`POST /api/chat`) of the real app, in process.

The app is built by `create_app` on a test engine (SQLite or PostgreSQL); requests go through
httpx's ASGI transport, so routing, body checks, the Host guard and the core all run as served.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import create_app
from bot.config import Settings
from handlers import Services
from handlers.invites import DEFAULT_TTL, create_invite
from storage.db import session_scope
from storage.models import Role, Unit
from tests.conftest import FakeClock

UNIT_CODE = "20725"


def web_app(engine: AsyncEngine, services: Services, clock: FakeClock, tmp_path: Path) -> FastAPI:
    """The whole web app on `engine` (its lifespan, channels and scheduler are not started)."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=str(engine.url), kb_dir=tmp_path / "kb"
    )
    return create_app(settings, engine=engine, services=services, clock=clock)


@dataclass
class WebChat:
    """One browser session of the web chat."""

    app: FastAPI
    session: str
    last: list[dict[str, Any]] = field(default_factory=list)

    async def say(self, text: str = "", *, choice: str | None = None) -> str:
        """Send a message (or press `choice`); returns the replies' text joined by new lines."""
        body: dict[str, Any] = {"session": self.session, "text": text}
        if choice is not None:
            body["choice"] = choice
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            response = await client.post("/api/chat", json=body)
        response.raise_for_status()
        self.last = list(response.json()["replies"])
        return "\n".join(str(reply["text"]) for reply in self.last)

    @property
    def keys(self) -> list[str]:
        """The choice keys of the last replies."""
        return [str(c["key"]) for reply in self.last for c in reply["choices"]]


async def invite_code(
    engine: AsyncEngine,
    services: Services,
    clock: FakeClock,
    *,
    unit: Unit | None = None,
    unit_code: str = UNIT_CODE,
    role: Role = Role.MEMBER,
) -> str:
    """An invite code for the unit `unit_code` (or `unit`, added first), as displayed."""
    code = unit_code
    if unit is not None:
        async with session_scope(engine) as session:
            session.add(unit)
            code = unit.code
    async with session_scope(engine) as session:
        created = await create_invite(
            session,
            unit_code=code,
            role=role,
            max_uses=1,
            ttl=DEFAULT_TTL,
            pepper=services.invite_pepper,
            now=clock.now,
        )
    return created.code


def commune() -> Unit:
    """A fresh commune row to invite an official for."""
    return Unit(code=UNIT_CODE, name="Xã Bình Sơn", kind="commune")
