"""`/metrics` and `/healthz` of the real app over real HTTP (issue #14, observability)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import metrics
from bot.app import create_app
from bot.assistant import Assistant
from bot.channels.telegram import TelegramChannel
from bot.config import Settings
from handlers import Services
from scheduler.limiter import RateLimiter
from scheduler.sender import send_due
from storage import outbox
from storage.db import make_engine, session_scope
from storage.models import Outbox
from tests.conftest import FakeClock
from tests.fakes.telegram_api import FakeTelegramApi
from tests.production.conftest import sample, scrape, served
from tests.reminders.conftest import seed_people

ANSWERED = "Kế hoạch 87 ban hành ngày nào?"
REFUSED = "Hôm nay thời tiết ở Quảng Ngãi thế nào?"


async def test_metrics_count_answers_and_refusals_when_web_chat_asks(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    app = create_app(settings, services=services, clock=clock)
    async with served(app) as client:
        before = await scrape(client)
        for text in (ANSWERED, REFUSED, REFUSED):
            response = await client.post(
                "/api/chat", json={"session": "s-metrics-1", "text": text}
            )
            assert response.status_code == 200
        after = await scrape(client)

    def delta(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert delta("cdsbot_questions_total", outcome="answered") == 1
    assert delta("cdsbot_questions_total", outcome="refused") == 2
    assert delta("cdsbot_updates_total", channel="web") == 3
    assert delta("cdsbot_update_seconds_count", channel="web") == 3
    assert delta("cdsbot_http_request_seconds_count", route="/api/chat", status="200") == 3


async def test_healthz_ok_when_database_reachable(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    app = create_app(settings, services=services, clock=clock)
    async with served(app) as client:
        response = await client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] is True


async def test_healthz_503_when_database_unreachable(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    # Port 1 on this machine: nothing listens, so every connection is refused.
    engine = make_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, engine=engine, services=services, clock=clock)
    async with served(app, lifespan="off") as client:
        response = await client.get("/healthz")
        metrics = await client.get("/metrics")
    await engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] is False
    assert metrics.status_code == 200  # metrics stay readable while the database is down
    assert sample(metrics.text, "cdsbot_outbox_due") == -1


async def test_healthz_503_when_sender_lags(
    settings: Settings, services: Services, clock: FakeClock, sqlite_engine: AsyncEngine
) -> None:
    people = await seed_people(sqlite_engine)
    async with session_scope(sqlite_engine) as session:
        session.add(
            Outbox(
                dedupe_key="test:lag",
                source="broadcast:test",
                kind="broadcast",
                identity_id=1,
                unit_id=people.commune.id,
                channel="telegram",
                chat_id=people.member_chat,
                text="Thông báo",
                next_attempt_at=clock.now - timedelta(hours=2),
            )
        )
    with FakeTelegramApi() as fake:
        app_settings = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(fake.token),
                "telegram_mode": "webhook",
                "telegram_webhook_url": "http://127.0.0.1:9/",
                "telegram_webhook_secret": SecretStr("secret-for-tests"),
                "telegram_api_base": fake.base_url,
                # No tick during the test: the row stays due.
                "reminder_tick_seconds": 3600,
            }
        )
        app = create_app(app_settings, engine=sqlite_engine, services=services, clock=clock)
        async with served(app) as client:
            response = await client.get("/healthz")
            metrics = await scrape(client)
    body = response.json()
    assert response.status_code == 503
    assert body["sender"] == {"ok": False, "running": True, "due": 1, "lag_seconds": 7200.0}
    assert body["channels"]["telegram"]["mode"] == "webhook"
    assert sample(metrics, "cdsbot_outbox_lag_seconds") == 7200.0


async def test_healthz_reports_webhook_when_update_accepted(
    settings: Settings, services: Services, clock: FakeClock
) -> None:
    with FakeTelegramApi() as fake:
        sock_app_settings = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(fake.token),
                "telegram_mode": "webhook",
                "telegram_webhook_url": "http://127.0.0.1:9/",
                "telegram_webhook_secret": SecretStr("secret-for-tests"),
                "telegram_api_base": fake.base_url,
                "telegram_rate": 1000.0,
                "telegram_per_chat_interval": 0.0,
            }
        )
        app = create_app(sock_app_settings, services=services, clock=clock)
        async with served(app) as client:
            update = {
                "update_id": 77,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 5, "type": "private"},
                    "from": {"id": 5, "is_bot": False, "first_name": "Lan"},
                    "text": "/help",
                },
            }
            posted = await client.post(
                "/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "secret-for-tests"},
            )
            await fake.wait_sent(1)
            response = await client.get("/healthz")
    assert posted.status_code == 200
    channel = response.json()["channels"]["telegram"]
    assert channel["ok"] is True
    assert channel["last_success_age_seconds"] is not None


async def test_outbox_results_counted_when_sender_settles(
    sqlite_engine: AsyncEngine, assistant: Assistant, clock: FakeClock
) -> None:
    await seed_people(sqlite_engine)
    async with session_scope(sqlite_engine) as session:
        _, queued = await outbox.enqueue_broadcast(
            session, audience="all", text="Thông báo họp", channels=["telegram"], now=clock.now
        )
    assert queued == 3
    before = metrics.render(outbox_lag=0, outbox_due=0).decode()
    with FakeTelegramApi() as fake:
        fake.fail_next("sendMessage", status=403, chat_id="102")
        channel = TelegramChannel(
            token=SecretStr(fake.token),
            assistant=assistant,
            limiter=RateLimiter(rate=1000, per_chat_interval=0),
            api_base=fake.base_url,
            mode="webhook",
            webhook_url="http://127.0.0.1:9/telegram/webhook",
            webhook_secret=SecretStr("secret-for-tests"),
        )
        await channel.start()
        try:
            await send_due(
                sqlite_engine,
                deliverers={"telegram": channel},
                clock=clock,
                on_result=metrics.record_outbox_result,
            )
        finally:
            await channel.stop()
    after = metrics.render(outbox_lag=0, outbox_due=0).decode()

    def delta(result: str) -> float:
        name, labels = "cdsbot_outbox_results_total", {"channel": "telegram", "result": result}
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert (delta("sent"), delta("blocked"), delta("failed")) == (2, 1, 0)


README = Path(__file__).resolve().parents[2] / "README.md"


def _documented_health_fields() -> set[str]:
    """The fields README «Health and metrics» lists for `/healthz`, leaves only
    (`channels.<name>.mode`, not `channels`)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("**Health and metrics.**", 1)[1].split("`GET /metrics`", 1)[0]
    fields = set(re.findall(r"^\| `([^`]+)` \|", section, re.MULTILINE))
    return {f for f in fields if not any(other.startswith(f + ".") for other in fields)}


def _leaves(body: dict[str, Any], prefix: str = "") -> set[str]:
    """The dotted paths of a JSON object's values, a channel's name written `<name>`."""
    found: set[str] = set()
    for key, value in body.items():
        name = "<name>" if prefix == "channels." else key
        if isinstance(value, dict):
            found |= _leaves(value, f"{prefix}{name}.")
        else:
            found.add(f"{prefix}{name}")
    return found


async def test_readme_lists_every_healthz_field_and_no_other(
    settings: Settings, services: Services, clock: FakeClock, sqlite_engine: AsyncEngine
) -> None:
    with FakeTelegramApi() as fake:
        app_settings = settings.model_copy(
            update={
                "telegram_bot_token": SecretStr(fake.token),
                "telegram_mode": "webhook",
                "telegram_webhook_url": "http://127.0.0.1:9/",
                "telegram_webhook_secret": SecretStr("secret-for-tests"),
                "telegram_api_base": fake.base_url,
                "reminder_tick_seconds": 3600,
            }
        )
        app = create_app(app_settings, engine=sqlite_engine, services=services, clock=clock)
        async with served(app) as client:
            body = (await client.get("/healthz")).json()

    assert "telegram" in body["channels"]  # a channel's own fields are in the answer
    assert _documented_health_fields() == _leaves(body)
