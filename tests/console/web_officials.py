"""Officials who use only the web chat, and the console acting on their unit, over HTTP: the
helpers of the console tests whose messages reach web-chat officials."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
from sqlmodel import select

from storage import queries
from storage.db import make_engine, session_scope
from storage.models import Identity, Official, Outbox, SurveyResponse, Unit
from tests.console.conftest import EDITOR

# A whole quarterly report typed in the web chat, up to its summary.
FULL_REPORT = ["/baocao", "co", "12", "5", "62,5%", "40", "1 buổi", "bo qua", "Không có gì"]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
NAMES = ("Trần Thị Bình", "Lê Văn Cường")


async def seed_web_officials(url: str, chats: tuple[str, ...]) -> Unit:
    """The first commune gets one official per web chat session (named from `NAMES`)."""
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            unit = (await queries.list_units(session, kinds=["commune"]))[0]
            for name, chat in zip(NAMES, chats, strict=False):
                official = Official(unit_id=unit.id, full_name=name, position="Công chức")
                session.add(official)
                await session.flush()
                session.add(
                    Identity(
                        channel="web", external_id=chat, chat_id=chat, official_id=official.id
                    )
                )
        return unit
    finally:
        await engine.dispose()


async def stored(url: str) -> tuple[list[Outbox], SurveyResponse]:
    """Every outbox row and the one report."""
    engine = make_engine(url)
    try:
        async with session_scope(engine) as session:
            rows = list((await session.exec(select(Outbox))).all())
            response = (await session.exec(select(SurveyResponse))).one()
        return rows, response
    finally:
        await engine.dispose()


def post(url: str, path: str, session: str, **body: str) -> list[dict[str, object]]:
    """The replies of a web chat endpoint (`/api/chat`, `/api/inbox`)."""
    response = httpx.post(url + path, json={"session": session, "text": "", **body}, timeout=30)
    response.raise_for_status()
    return list(response.json()["replies"])


def say(url: str, session: str, text: str = "", choice: str | None = None) -> str:
    """Type `text` (or press `choice`) in the web chat; the replies' text joined by lines."""
    body = {"text": text} if choice is None else {"choice": choice}
    return "\n".join(str(r["text"]) for r in post(url, "/api/chat", session, **body))


@contextmanager
def console(url: str) -> Iterator[httpx.Client]:
    """The console, logged in as an editor."""
    with httpx.Client(base_url=url, timeout=30) as client:
        token = CSRF.search(client.get("/admin/login").text)
        assert token is not None
        client.post(
            "/admin/login", data={"username": EDITOR[0], "password": EDITOR[1], "csrf": token[1]}
        )
        yield client
