"""Two real app processes on PostgreSQL behind a round-robin proxy (issue #14, item 3).

The fake Telegram and Zalo servers post their webhooks to the proxy, which hands each
request to the next worker in turn, as nginx does in front of N workers. One official's
report is answered alternately through both processes and comes out as one consistent
report; a deadline added meanwhile is reminded exactly once to each official, although
both processes run the scheduler (the PostgreSQL advisory lock elects one).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from handlers import texts
from handlers.survey_view import period_label
from knowledge.surveys import load_definitions, period_of
from storage.db import make_engine, session_scope
from storage.models import Outbox
from tests.fakes.proxy import RoundRobinProxy
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.zalo_api import FakeZaloApi
from tests.production.conftest import free_socket, sample
from tests.production.workers import AppProcess, cdsbot, env_for, private_database

pytestmark = pytest.mark.slow

UNIT = "21034"  # Xã An Phú
TG_CHAT = 616161
ZALO_CHAT = "zalo-an-phu-1"
SECRET = "multi-worker-secret"
REMINDER_TITLE = "Nộp danh sách thành viên Tổ công nghệ số cộng đồng"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set")
    with private_database(base) as url:
        yield url


def _ports(count: int) -> list[int]:
    sockets = [free_socket() for _ in range(count)]
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


class Telegram:
    """One official typing and pressing in a private chat; waits for each reply."""

    def __init__(self, fake: FakeTelegramApi) -> None:
        self.fake = fake

    async def _after(self, before: int, expected: int) -> str:
        await self.fake.wait_sent(len(self.fake.sent) - len(self.fake.sent_to(TG_CHAT)) + before)
        for _ in range(500):
            got = self.fake.sent_to(TG_CHAT)[before:]
            if len(got) >= expected:
                return "\n\n".join(m.text for m in got)
            await asyncio.sleep(0.02)
        raise AssertionError(f"no reply after {before}: {self.fake.sent_to(TG_CHAT)[-3:]}")

    async def type(self, text: str, *, expected: int = 1) -> str:
        before = len(self.fake.sent_to(TG_CHAT))
        self.fake.push_text(chat_id=TG_CHAT, text=text)
        return await self._after(before, expected)

    async def press(self, key: str) -> str:
        before = len(self.fake.sent_to(TG_CHAT))
        self.fake.push_callback(chat_id=TG_CHAT, data=key)
        return await self._after(before, 1)


async def _zalo(fake: FakeZaloApi, text: str) -> str:
    before = len(fake.texts_to(ZALO_CHAT))
    await asyncio.to_thread(fake.push_text, ZALO_CHAT, text)
    for _ in range(500):
        got = fake.texts_to(ZALO_CHAT)[before:]
        if got:
            return "\n".join(got)
        await asyncio.sleep(0.02)
    raise AssertionError("no Zalo reply")


def _quiet_window_elsewhere() -> str:
    """A one-minute quiet window twelve hours from now: never in the way of this test."""
    far = datetime.now(ZONE) + timedelta(hours=12)
    end = far + timedelta(minutes=1)
    return f"{far:%H:%M}-{end:%H:%M}"


async def test_two_workers_serve_one_report_and_remind_once_when_proxied(
    database: str, tmp_path: Path
) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    port_a, port_b = _ports(2)
    with (
        FakeTelegramApi() as telegram,
        FakeZaloApi() as zalo,
        RoundRobinProxy([f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"]) as proxy,
    ):
        env = env_for(
            database,
            tmp_path,
            TELEGRAM_BOT_TOKEN=telegram.token,
            TELEGRAM_MODE="webhook",
            TELEGRAM_WEBHOOK_URL=f"{proxy.base_url}/telegram/webhook",
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            TELEGRAM_API_BASE=telegram.base_url,
            TELEGRAM_RATE="1000",
            TELEGRAM_PER_CHAT_INTERVAL="0",
            ZALO_BOT_TOKEN=zalo.token,
            ZALO_MODE="webhook",
            ZALO_WEBHOOK_URL=f"{proxy.base_url}/zalo/webhook",
            ZALO_WEBHOOK_SECRET=SECRET,
            ZALO_API_BASE=zalo.base_url,
            REMINDER_TICK_SECONDS="1",
            REMINDER_SEND_HOUR="0",
            REMINDER_BEFORE_DAYS="0",
            REMINDER_AFTER_DAYS="1",
            QUIET_HOURS=_quiet_window_elsewhere(),
            PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        )
        cdsbot(env, tmp_path, "units", "seed")
        codes = [
            json.loads(cdsbot(env, tmp_path, "invite", "create", "--unit", UNIT, "--json"))["code"]
            for _ in range(2)
        ]
        with (
            AppProcess(env, tmp_path, port=port_a, name="a"),
            AppProcess(env, tmp_path, port=port_b, name="b"),
        ):
            official = Telegram(telegram)
            # Register on Telegram, then report, one message at a time.
            accepted = await official.type(f"/start {codes[0]}")
            assert accepted.startswith(texts.INVITE_ACCEPTED.format(unit="Xã An Phú"))
            assert await official.press("pc:yes") == texts.ASK_NAME
            await official.type("Nguyễn Văn An")
            await official.type("Phó Chủ tịch UBND xã")
            await official.type("/baocao", expected=2)
            await official.press("sv:a:co")
            for number in ("12", "5", "62,5", "40"):
                await official.type(number)
            await official.press("sv:a:mot")
            await official.type("Thiếu máy tính")
            await official.press("sv:skip")
            receipt = await official.press("sv:submit")
            # A colleague registers on Zalo, through both workers too.
            await _zalo(zalo, codes[1])
            await _zalo(zalo, "1")  # 1. Đồng ý
            await _zalo(zalo, "Trần Thị Bình")
            await _zalo(zalo, "Công chức Văn hóa - Xã hội")

            # Both workers run the scheduler; the deadline is due today.
            today = datetime.now(ZONE).date().isoformat()
            cdsbot(
                env, tmp_path, "deadlines", "add", "--title", REMINDER_TITLE, "--due", today,
                "--audience", UNIT,
            )  # fmt: skip
            for _ in range(300):
                tg = [m for m in telegram.sent_to(TG_CHAT) if REMINDER_TITLE in m.text]
                za = [t for t in zalo.texts_to(ZALO_CHAT) if REMINDER_TITLE in t]
                if tg and za:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(3)  # several more ticks of both processes
            scraped = await asyncio.to_thread(_get, f"http://127.0.0.1:{port_b}/metrics")
            out = tmp_path / "export.xlsx"
            period = period_of(load_definitions()["bao-cao-quy"], datetime.now(ZONE), ZONE)

    telegram_turns = proxy.served_by("/telegram/webhook")
    zalo_turns = proxy.served_by("/zalo/webhook")
    assert set(telegram_turns) == {0, 1} and set(zalo_turns) == {0, 1}
    assert all(a != b for a, b in itertools.pairwise(telegram_turns))
    assert receipt.startswith(f"Đã nhận báo cáo {period_label(period)} của Xã An Phú")
    # Each reminder once, and nothing at all sent twice to the same chat.
    assert len([m for m in telegram.sent_to(TG_CHAT) if REMINDER_TITLE in m.text]) == 1
    assert len([t for t in zalo.texts_to(ZALO_CHAT) if REMINDER_TITLE in t]) == 1
    engine = make_engine(database)
    async with session_scope(engine) as session:
        rows = list((await session.exec(select(Outbox))).all())
    await engine.dispose()
    mine = [row for row in rows if REMINDER_TITLE in row.text]
    assert sorted(row.channel for row in mine) == ["telegram", "zalo"]
    assert {row.status for row in mine} == {"sent"}
    assert max(Counter((row.channel, row.chat_id, row.text) for row in rows).values()) == 1
    # One consistent report, as the office exports it.
    cdsbot(
        env, tmp_path, "export", "--survey", "bao-cao-quy", "--period", period, "--format",
        "xlsx", "--out", str(out),
    )  # fmt: skip
    sheet = load_workbook(out)[texts.EXPORT_SHEET_DATA]
    header, *cells = list(sheet.iter_rows(values_only=True))
    row = next(dict(zip(header, r, strict=True)) for r in cells if str(r[0]) == UNIT)
    assert row["Trạng thái"] == "đã gửi"
    answers = [
        value for key, value in row.items() if str(key)[:2] in {f"{n}." for n in range(1, 9)}
    ]
    assert answers == ["Có", 12, 5, 62.5, 40, "Một buổi", "Thiếu máy tính", None]
    # Metrics read on one worker count both workers' updates.
    handled = sample(scraped, "cdsbot_updates_total", channel="telegram")
    assert handled == len(telegram_turns)


def _get(url: str) -> str:
    import httpx

    return httpx.get(url, timeout=10).text
