"""What a message reads first (storage.inbound.open_chat), on SQLite and PostgreSQL: the
update key recorded once, the identity and conversation created or found, writes skipped
when nothing changes, and the console FAQ entries read again only after they change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, func
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from bot.assistant import Assistant
from handlers import Inbound, Services
from storage import faq
from storage.db import session_scope
from storage.inbound import open_chat
from storage.models import Conversation, Identity, InboundUpdate
from storage.queries import LAST_SEEN_EVERY

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
FAQ_QUESTION = "Mật khẩu wifi của ủy ban xã là gì?"


async def _open(
    engine: AsyncEngine, key: str | None, *, now: datetime = NOW, chat_id: str = "42"
) -> object:
    async with session_scope(engine) as session:
        opened = await open_chat(
            session, channel="telegram", external_id="42", chat_id=chat_id, now=now, update_key=key
        )
        return None if opened is None else (opened.identity.id, opened.conversation.id)


async def test_an_update_key_opens_the_chat_once(engine: AsyncEngine) -> None:
    first = await _open(engine, "7")
    again = await _open(engine, "7")
    other = await _open(engine, "8")

    async with session_scope(engine) as session:
        keys = (await session.exec(select(func.count()).select_from(InboundUpdate))).one()
        rows = [
            (await session.exec(select(func.count()).select_from(model))).one()
            for model in (Identity, Conversation)
        ]
    assert first is not None
    assert (again, other, keys, rows) == (None, first, 2, [1, 1])


async def test_a_repeated_key_changes_nothing_else(engine: AsyncEngine) -> None:
    await _open(engine, "7")

    assert await _open(engine, "7", now=NOW + timedelta(days=1)) is None
    async with session_scope(engine) as session:
        identity = (await session.exec(select(Identity))).one()
    assert identity.last_seen_at == NOW


async def test_last_seen_moves_only_after_its_interval(engine: AsyncEngine) -> None:
    await _open(engine, None)
    await _open(engine, None, now=NOW + LAST_SEEN_EVERY - timedelta(seconds=1))
    async with session_scope(engine) as session:
        soon = (await session.exec(select(Identity))).one().last_seen_at
    await _open(engine, None, now=NOW + LAST_SEEN_EVERY)
    async with session_scope(engine) as session:
        later = (await session.exec(select(Identity))).one().last_seen_at

    assert (soon, later) == (NOW, NOW + LAST_SEEN_EVERY)


def _count_updates(engine: AsyncEngine) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE"):
            seen.append(statement.split()[1])

    return seen


async def test_a_message_that_changes_nothing_writes_no_update(
    engine: AsyncEngine, services: Services
) -> None:
    times = iter([NOW, NOW + timedelta(minutes=1)])
    assistant = Assistant(engine=engine, services=services, clock=lambda: next(times))
    question = Inbound(
        channel="telegram", chat_id="42", user_id="42", display_name="Lan",
        text="Kế hoạch 87 ban hành ngày nào?",
    )  # fmt: skip

    first = await assistant.handle(question, update_key="1")
    updates = _count_updates(engine)
    again = await assistant.handle(question, update_key="2")

    # A minute later, the same answer offers the same buttons: the conversation row stays
    # as it was, and last_seen_at is within its interval.
    assert [r.text for r in again] == [r.text for r in first]
    assert updates == []


async def test_console_faq_changes_reach_the_next_question(
    engine: AsyncEngine, services: Services
) -> None:
    assistant = Assistant(engine=engine, services=services, clock=lambda: NOW)
    asked = iter(range(100))

    async def ask() -> str:
        key = str(next(asked))
        inbound = Inbound(
            channel="telegram", chat_id="42", user_id="42", display_name="Lan", text=FAQ_QUESTION
        )
        return (await assistant.handle(inbound, update_key=key))[0].text

    before = await ask()  # the (empty) entries are now kept in memory
    async with session_scope(engine) as session:
        record = await faq.save_record(
            session, record_id=None, question=FAQ_QUESTION, answer="Hỏi văn phòng xã.",
            sections=["II.1.b"], now=NOW,
        )  # fmt: skip
    added = await ask()
    async with session_scope(engine) as session:
        await faq.save_record(
            session, record_id=record.id if record else None, question=FAQ_QUESTION,
            answer="Hỏi công chức văn hóa - xã hội.", sections=["II.1.b"], now=NOW,
        )  # fmt: skip
    edited = await ask()
    async with session_scope(engine) as session:
        await faq.save_record(
            session, record_id=record.id if record else None, question=FAQ_QUESTION,
            answer="Hỏi công chức văn hóa - xã hội.", sections=["II.1.b"], active=False, now=NOW,
        )  # fmt: skip
    withdrawn = await ask()

    assert not before.startswith("Hỏi")
    assert added.startswith("Hỏi văn phòng xã.")
    assert edited.startswith("Hỏi công chức văn hóa - xã hội.")
    assert withdrawn == before


async def test_a_returning_account_leaves_its_identity_clean(engine: AsyncEngine) -> None:
    await _open(engine, "1")
    async with session_scope(engine) as session:
        opened = await open_chat(
            session, channel="telegram", external_id="42", chat_id="42", now=NOW, update_key="2"
        )
        assert opened is not None
        # Even assigning an equal value would mark the row dirty for the flush to inspect.
        clean = opened.identity not in session.dirty
        opened.identity.blocked = True
    # A new private chat, or writing again after blocking the bot, is still written.
    await _open(engine, "3", chat_id="43")
    async with session_scope(engine) as session:
        identity = (await session.exec(select(Identity))).one()

    assert (clean, identity.chat_id, identity.blocked) == (True, "43", False)
