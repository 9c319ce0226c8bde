"""The composition root: the web app whose lifespan owns every channel and the engine."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from datetime import timedelta

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

import dashboard
from bot import metrics, observability
from bot.assistant import Assistant, Clock, utc_clock
from bot.channels import web
from bot.channels.runner import ChannelRunner
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel
from bot.config import Settings, report_issuer
from bot.health import HealthConfig, Mode
from bot.pepper import warn_if_pepper_derived
from dashboard import DashboardConfig
from handlers import Services
from knowledge import KnowledgeBase
from knowledge.deadlines import load_deadlines
from knowledge.surveys import load_definitions
from scheduler.delivery import Deliver
from scheduler.jobs import Tick, start_scheduler, stop_scheduler
from scheduler.sender import SenderConfig
from storage.db import ensure_schema_current, make_engine, session_scope
from storage.reminders import sync_deadlines

logger = logging.getLogger(__name__)


def build_services(settings: Settings) -> Services:
    """Load the knowledge base and gather what the core needs."""
    warn_if_pepper_derived(settings)
    return Services(
        kb=KnowledgeBase.load(extra_dir=settings.kb_dir),
        zone=settings.zone,
        telegram_username=settings.telegram_bot_username,
        invite_pepper=settings.invite_pepper_value(),
        surveys=load_definitions(office=settings.coordinating_office),
        reminder_channels=settings.push_channels,
        coordinating_office=settings.coordinating_office,
        retention=settings.retention_policy,
    )


def build_channels(settings: Settings, assistant: Assistant) -> list[ChannelRunner]:
    """Every platform channel whose token is set."""
    runners: list[ChannelRunner] = []
    if "telegram" in settings.push_channels:
        runners.append(TelegramChannel.from_settings(settings, assistant=assistant))
    if "zalo" in settings.push_channels:
        runners.append(ZaloChannel.from_settings(settings, assistant))
    return runners


def channel_modes(settings: Settings, runners: list[ChannelRunner]) -> dict[str, Mode]:
    """How each running platform channel receives updates, for `/healthz`."""
    configured: dict[str, Mode] = {
        "telegram": settings.telegram_mode,
        "zalo": settings.zalo_mode,
    }
    return {runner.name: configured[runner.name] for runner in runners}


def create_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    services: Services | None = None,
    clock: Clock = utc_clock,
) -> FastAPI:
    """The web app: chat page, JSON API and platform webhooks, with channels in its lifespan."""
    engine = engine or make_engine(settings.database_url)
    # Reach (who counts as reachable, who a broadcast goes to) follows the channels this app
    # runs, whatever settings given `services` were built with.
    services = replace(
        services or build_services(settings), reminder_channels=settings.push_channels
    )
    assistant = Assistant(engine=engine, services=services, clock=clock)
    runners = build_channels(settings, assistant)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await ensure_schema_current(engine)
        # The stack unwinds in reverse: the scheduler stops (its tick finished or cancelled)
        # before the channels it sends through, and the engine is disposed last.
        async with AsyncExitStack() as stack:
            stack.push_async_callback(engine.dispose)
            for runner in runners:
                await runner.start()
                stack.push_async_callback(runner.stop)
                logger.info("channel.started", extra={"channel": runner.name})
            # The plan's deadlines are in the database before the first message (`/nhacviec`).
            async with session_scope(engine) as session:
                await sync_deadlines(session, load_deadlines(), now=clock())
            # Reminders go out through the channels themselves, paced by each one's limiter.
            # The planner runs whatever channels are on: with none, it marks the officials
            # it cannot reach, so the admins see them in `/tiendo`.
            deliverers = {runner.name: runner for runner in runners if isinstance(runner, Deliver)}
            tick = Tick(
                engine=engine,
                policy=settings.reminder_policy,
                zone=settings.zone,
                deliverers=deliverers,
                clock=clock,
                config=SenderConfig(
                    max_attempts=settings.outbox_max_attempts,
                    lease=timedelta(seconds=settings.outbox_lease_seconds),
                ),
                surveys=assistant.services.surveys,
                synced=True,
                retention=settings.retention_policy,
                on_result=metrics.record_outbox_result,
            )
            app.state.tick = tick
            scheduler = start_scheduler(tick, every_seconds=settings.reminder_tick_seconds)
            stack.push_async_callback(stop_scheduler, scheduler, tick)
            stack.callback(metrics.mark_process_dead, os.getpid())
            yield

    app = FastAPI(title="Trợ lý CĐS", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.assistant = assistant
    app.state.settings = settings
    app.state.runners = runners
    observability.add_timing(app)
    # The platforms' webhooks first: routes are matched in order, and they are the busiest.
    for runner in runners:
        if (routes := runner.routes()) is not None:
            app.include_router(routes)
    app.include_router(
        observability.router(
            engine,
            modes=channel_modes(settings, runners),
            sender_running=bool(runners),
            clock=clock,
            config=HealthConfig(
                max_sender_lag=settings.health_max_sender_lag,
                max_poll_silence=settings.health_max_poll_silence,
            ),
        )
    )
    app.include_router(web.router())
    dashboard.install(
        app,
        DashboardConfig(
            engine=engine,
            surveys=assistant.services.surveys,
            zone=assistant.services.zone,
            clock=clock,
            kb=assistant.services.kb,
            policy=settings.reminder_policy,
            channels=assistant.services.reminder_channels,
            telegram_username=settings.telegram_bot_username,
            invite_pepper=assistant.services.invite_pepper,
            issuer=report_issuer(settings),
            office=assistant.services.coordinating_office,
        ),
    )
    app.add_middleware(
        dashboard.GuardMiddleware,
        hosts=dashboard.allowed_hosts(
            settings.allowed_host_names,
            web_host=settings.web_host,
            urls=(settings.telegram_webhook_url, settings.zalo_webhook_url),
        ),
    )
    return app
