"""The baseline of the throughput bench: a bare python-telegram-bot echo bot, webhook mode.

PTB's own custom-webhook pattern (examples/customwebhookbot/starlettebot.py): the web app
puts each update on the application's queue and answers 200; a MessageHandler echoes the
text with `reply_text`. No database, no retrieval: the floor any PTB bot pays.

    python tests/bench/echo_bot.py API_BASE TOKEN PORT SECRET
"""

from __future__ import annotations

import asyncio
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None and update.message.text:
        await update.message.reply_text(update.message.text)


async def main(api_base: str, token: str, port: int, secret: str) -> None:
    application = (
        Application.builder()
        .token(token)
        .base_url(f"{api_base}/bot")
        .updater(None)
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))

    async def webhook(request: Request) -> Response:
        if request.headers.get("X-Telegram-Bot-Api-Secret-Token") != secret:
            return Response(status_code=403)
        update = Update.de_json(await request.json(), application.bot)
        await application.update_queue.put(update)
        return Response()

    async def healthz(request: Request) -> Response:
        return Response("ok")

    app = Starlette(
        routes=[
            Route("/telegram/webhook", webhook, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )
    server = uvicorn.Server(
        uvicorn.Config(app, port=port, log_level="warning", access_log=False, lifespan="off")
    )
    async with application:
        await application.bot.set_webhook(
            url=f"http://127.0.0.1:{port}/telegram/webhook", secret_token=secret
        )
        await application.start()
        await server.serve()
        await application.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]))
