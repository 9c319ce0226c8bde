"""The local web chat: a page at `/` over a small JSON API."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError

from bot.assistant import Assistant
from bot.channels.body import BodyRefused, read_json
from handlers import Channel, Inbound, Reply, ReplyTag

PAGE = Path(__file__).parent / "static" / "chat.html"
# The app's icon (the chat page and the console link it; browsers also ask `/favicon.ico`).
ICON = Path(__file__).parent / "static" / "favicon.svg"
ICON_PATHS = ("/favicon.svg", "/favicon.ico")
WEB_MAX_TEXT = 4000
_SESSION = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class ChatIn(BaseModel):
    """A message from the web page."""

    session: str = Field(min_length=8, max_length=64)
    text: str = Field(default="", max_length=WEB_MAX_TEXT)
    choice: str | None = Field(default=None, max_length=64)


class ChoiceOut(BaseModel):
    """A button."""

    key: str
    label: str


class ReplyOut(BaseModel):
    """One reply bubble."""

    text: str
    choices: list[ChoiceOut]


class ChatOut(BaseModel):
    """The replies to one message; `forget`: the person's data was erased, so the page drops
    the conversation it keeps in the browser, and its session id."""

    replies: list[ReplyOut]
    forget: bool = False


def router() -> APIRouter:
    """Routes of the web chat."""
    api = APIRouter()
    html = PAGE.read_text(encoding="utf-8")
    icon = ICON.read_bytes()

    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> str:
        return html

    async def favicon() -> Response:
        return Response(
            icon, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"}
        )

    for path in ICON_PATHS:
        api.add_api_route(path, favicon, methods=["GET"], include_in_schema=False)

    @api.post("/api/chat", response_model=None)
    async def chat(request: Request) -> ChatOut | JSONResponse:
        body = await _read(request, route="web.chat")
        if isinstance(body, JSONResponse):
            return body
        assistant: Assistant = request.app.state.assistant
        inbound = Inbound(
            channel=Channel.WEB,
            chat_id=body.session,
            user_id=body.session,
            text=body.text,
            choice=body.choice,
        )
        return _chat_out(await assistant.handle(inbound))

    @api.post("/api/inbox", response_model=None)
    async def inbox(request: Request) -> ChatOut | JSONResponse:
        """Messages queued for this chat (a report returned by the office), once each."""
        body = await _read(request, route="web.inbox")
        if isinstance(body, JSONResponse):
            return body
        assistant: Assistant = request.app.state.assistant
        return _chat_out(await assistant.waiting(channel=Channel.WEB, chat_id=body.session))

    return api


async def _read(request: Request, *, route: str) -> ChatIn | JSONResponse:
    """The message, or the refusal to send back (a malformed or oversized body)."""
    try:
        return _chat_in(await read_json(request))
    except BodyRefused as refused:
        return refused.response(route=route)


def _chat_out(replies: list[Reply]) -> ChatOut:
    return ChatOut(
        replies=[
            ReplyOut(text=r.text, choices=[ChoiceOut(key=c.key, label=c.label) for c in r.choices])
            for r in replies
        ],
        forget=any(r.tag is ReplyTag.ERASED for r in replies),
    )


def _chat_in(data: object) -> ChatIn:
    """The message, or `BodyRefused(422)` when its fields are wrong."""
    try:
        body = ChatIn.model_validate(data)
    except ValidationError:
        raise BodyRefused(422, "invalid") from None
    if not _SESSION.match(body.session):
        raise BodyRefused(422, "bad_session")
    return body
