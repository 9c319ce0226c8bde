"""Console storage on SQLite and PostgreSQL: users, failed logins, review and outbox rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import console, faq, review
from storage import surveys as store
from storage.models import Identity, Official, Outbox, ResponseStatus, Unit

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


async def test_duplicate_console_user_is_refused(session: AsyncSession) -> None:
    await console.create_user(session, name="a", password_hash="h", role="editor", now=NOW)

    with pytest.raises(console.UserExists):
        await console.create_user(session, name="a", password_hash="h", role="viewer", now=NOW)


async def test_failed_logins_are_counted_per_account_and_client(session: AsyncSession) -> None:
    for name, client in (("a", "1.1.1.1"), ("a", "2.2.2.2"), ("b", "1.1.1.1")):
        console.record_failed_login(session, username=name, client=client, now=NOW)
    await session.flush()

    counts = await console.failed_logins(
        session, username="a", client="1.1.1.1", since=NOW - timedelta(minutes=1)
    )

    assert counts == (2, 2)


async def _unit_with_official(session: AsyncSession) -> tuple[Unit, Official]:
    unit = Unit(code="T1", name="Xã Thử", kind="commune")
    session.add(unit)
    await session.flush()
    official = Official(unit_id=unit.id, full_name="Người Thử")
    session.add(official)
    await session.flush()
    for channel, external in (("telegram", "1"), ("zalo", "z1"), ("web", "w1")):
        session.add(
            Identity(channel=channel, external_id=external, chat_id=external,
                     official_id=official.id)
        )  # fmt: skip
    await session.flush()
    return unit, official


async def test_notify_units_queues_one_row_per_official_once(session: AsyncSession) -> None:
    unit, _ = await _unit_with_official(session)
    assert unit.id is not None

    first = await review.notify_units(
        session, unit_ids=[unit.id], key="remind:s:p:d", source="remind:s:p", kind="reminder",
        text="t", choices=[("rm:report:s", "Báo cáo ngay")], channels=("telegram", "zalo"),
        now=NOW,
    )  # fmt: skip
    second = await review.notify_units(
        session, unit_ids=[unit.id], key="remind:s:p:d", source="remind:s:p", kind="reminder",
        text="t", choices=[], channels=("telegram", "zalo"), now=NOW,
    )  # fmt: skip
    rows = (await session.exec(select(Outbox))).all()

    assert (first, second, len(rows)) == (1, 0, 1)


async def test_returned_report_is_a_draft_with_its_comment(session: AsyncSession) -> None:
    unit, _ = await _unit_with_official(session)
    assert unit.id is not None
    report = await store.get_or_create_response(
        session, survey_id="s", period="2026-Q4", unit_id=unit.id, now=NOW
    )
    assert report.id is not None
    await store.submit(
        session, response_id=report.id, expected_version=report.version,
        official_id=None, identity_id=None, now=NOW,
    )  # fmt: skip
    report = await store.reload(session, report.id)
    assert report is not None

    await review.give_back(session, report, comment="Sửa câu 3", by="vp", now=NOW)
    await session.flush()
    again = await store.reload(session, report.id or 0)

    assert again is not None
    assert (again.status, again.review, again.review_comment) == (
        ResponseStatus.DRAFT.value, "returned", "Sửa câu 3",
    )  # fmt: skip


async def test_faq_records_become_knowledge_entries(session: AsyncSession) -> None:
    await faq.save_record(
        session, record_id=None, question="Q?", answer="A  a", sections=["II.1.b"], now=NOW
    )

    entries = await faq.active_entries(session)

    assert [(e.questions, e.sections, e.answer) for e in entries] == [
        (("Q?",), ("II.1.b",), "A a")
    ]
