"""Fuzzing the conversation core (issue #14, item 6).

Hypothesis writes sequences of messages and button presses from several chats on every
channel, some of them registered officials (one an admin), with the clock moving and the
reminder planner and sender ticking in between; each goes through `handlers.respond` on a
real SQLite database, one transaction per message as the shell does it. Invariants: nothing
raises, every reply has text, every conversation is in a known state pointing at a real
report and question, a unit has at most one report per survey and period, and no outbox
message is delivered twice.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from handlers import Channel, Inbound, Reply, Services, respond
from handlers.router import FLOWS
from handlers.survey_report import SUMMARY
from scheduler.planner import plan_due
from scheduler.policy import ReminderPolicy
from scheduler.sender import send_due
from storage import reminders as store
from storage.db import make_engine, session_scope
from storage.models import Conversation, Identity, Official, Outbox, SurveyResponse, Unit

CHANNELS = (Channel.TELEGRAM, Channel.ZALO, Channel.WEB)
# (channel, chat): the first four are officials of two units, the fifth an admin.
OFFICIALS = {0: ("u1", "member"), 1: ("u1", "member"), 2: ("u2", "member"), 4: ("dep", "admin")}
CHATS = 6
WORDS = [
    "/start", "/help", "/baocao", "/huy", "/toi", "/nhacviec", "/tiendo", "/thongbao",
    "1", "2", "3", "9", "0", "co", "Không", "12", "62,5", "15%", "-3", "15/12/2026",
    "Quay lại", "Bỏ qua", "Sửa câu 3", "Sửa câu 99", "xác nhận", "Gửi báo cáo",
    "Kế hoạch 87 ban hành ngày nào?", "ai phụ trách cds cấp xã", "Hôm nay trời đẹp",
    "CDS-7K2QF-9XM4D", "cảm ơn", "", "   ", "🙂", "tất cả", "communes",
]  # fmt: skip
KEYS = ["sv:a:co", "sv:a:khong", "sv:submit", "sv:skip", "sv:back", "sv:edit", "rm:x", "kb:I"]
VALID_STATES = set(FLOWS) | {"idle"}
START = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Event:
    chat: int
    channel: Channel
    text: str | None  # None: press a button
    press: int  # which offered button (modulo), or a raw key when none was offered
    minutes: int  # the clock moves this much before the event
    tick: bool  # the planner and sender run after the event


events = st.lists(
    st.builds(
        Event,
        chat=st.integers(0, CHATS - 1),
        channel=st.sampled_from(CHANNELS),
        text=st.one_of(st.none(), st.sampled_from(WORDS), st.text(max_size=40)),
        press=st.integers(0, 20),
        minutes=st.sampled_from([0, 1, 30, 60 * 24]),
        tick=st.booleans(),
    ),
    min_size=1,
    max_size=30,
)


class Recorder:
    """The channels: accept every send and remember it."""

    def __init__(self, channel: str, sent: list[tuple[str, str, str]]) -> None:
        self.channel = channel
        self.sent = sent

    async def send(self, chat_id: str, reply: Reply) -> None:
        self.sent.append((self.channel, chat_id, reply.text))


async def _seed(url: str) -> None:
    engine = make_engine(url)
    async with session_scope(engine) as session:
        units = {
            "u1": Unit(code="21034", name="Xã An Phú", kind="commune"),
            "u2": Unit(code="21040", name="Phường Cẩm Thành", kind="ward"),
            "dep": Unit(code="STTTT", name="Sở Khoa học và Công nghệ", kind="department"),
        }
        session.add_all(units.values())
        await session.flush()
        for chat, (unit, role) in OFFICIALS.items():
            official = Official(unit_id=units[unit].id, full_name=f"Cán bộ {chat}", role=role)
            session.add(official)
            await session.flush()
            for channel in CHANNELS:
                session.add(
                    Identity(
                        channel=channel.value,
                        external_id=str(chat),
                        chat_id=str(chat),
                        official_id=official.id,
                    )
                )
        await store.add_deadline(
            session,
            title="Báo cáo quý",
            due_on=(START + timedelta(days=3)).date(),
            audience="communes",
            survey_id="bao-cao-quy",
            now=START,
        )
    await engine.dispose()


async def _check(session: Any, surveys: dict[str, Any]) -> None:
    conversations = (await session.exec(select(Conversation))).all()
    for conversation in conversations:
        assert conversation.state in VALID_STATES, conversation.state
        if conversation.state == "survey":
            response = await session.get(SurveyResponse, conversation.data.get("response"))
            assert response is not None
            question_ids = {q.id for q in surveys[response.survey_id].questions}
            assert conversation.data.get("at") in question_ids | {SUMMARY}
    reports = (await session.exec(select(SurveyResponse))).all()
    per_unit = Counter((r.survey_id, r.period, r.unit_id) for r in reports)
    assert all(count == 1 for count in per_unit.values()), per_unit
    assert {r.status for r in reports} <= {"draft", "submitted"}


async def _scenario(template: Path, services: Services, sequence: list[Event]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        path = folder / "fuzz.db"
        shutil.copy(template, path)
        url = f"sqlite+aiosqlite:///{path}"
        await _seed(url)
        engine = make_engine(url)
        sent: list[tuple[str, str, str]] = []
        deliverers = {c.value: Recorder(c.value, sent) for c in CHANNELS}
        offered: dict[tuple[str, int], list[str]] = {}
        now = START
        for number, event in enumerate(sequence):
            now += timedelta(minutes=event.minutes)
            key = (event.channel.value, event.chat)
            choices = offered.get(key, [])
            if event.text is None:
                choice = choices[event.press % len(choices)] if choices else KEYS[event.press % 8]
                inbound = Inbound(
                    channel=event.channel, chat_id=str(event.chat), user_id=str(event.chat),
                    choice=choice, message_id=str(number),
                )  # fmt: skip
            else:
                inbound = Inbound(
                    channel=event.channel, chat_id=str(event.chat), user_id=str(event.chat),
                    text=event.text, message_id=str(number),
                )  # fmt: skip
            async with session_scope(engine) as session:
                replies = await respond(inbound, session=session, now=now, services=services)
            assert replies, inbound
            assert all(reply.text.strip() for reply in replies), replies
            offered[key] = [c.key for reply in replies for c in reply.choices]
            if event.tick:
                async with session_scope(engine) as session:
                    await plan_due(
                        session, now=now, policy=ReminderPolicy(), zone=services.zone,
                        channels=[c.value for c in CHANNELS], surveys=services.surveys,
                    )  # fmt: skip
                await send_due(
                    engine,
                    deliverers=deliverers,
                    clock=lambda now=now: now,
                )
            async with session_scope(engine) as session:
                await _check(session, services.surveys)
        async with session_scope(engine) as session:
            delivered = (
                await session.exec(select(func.count()).where(Outbox.status == "sent"))
            ).one()
        await engine.dispose()
        # Each outbox row went out once: as many sends as rows marked sent, no more.
        assert len(sent) == delivered, sent
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=events)
def test_conversation_invariants_hold_when_chats_fuzzed(
    sqlite_template: Path, services: Services, sequence: list[Event]
) -> None:
    asyncio.run(_scenario(sqlite_template, services, sequence))
