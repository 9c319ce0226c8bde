"""Lists of units read by people come in Vietnamese alphabetical order on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from storage import outbox, review
from storage import surveys as store
from storage.models import Identity, Official, Outbox, OutboxStatus, Unit

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
# In code-point order «Xã Dương» comes before «Xã Ân Phú» and «Xã Đức Lân» after both.
NAMES = ["Xã Đức Lân", "Xã Dương", "Xã Ân Phú", "Xã An Hải"]
IN_ORDER = ["Xã An Hải", "Xã Ân Phú", "Xã Dương", "Xã Đức Lân"]


async def _units(session: AsyncSession, *, kind: str = "commune") -> list[Unit]:
    units = [Unit(code=f"T{i}", name=name, kind=kind) for i, name in enumerate(NAMES)]
    session.add_all(units)
    await session.flush()
    return units


async def _outbox_row(
    session: AsyncSession, unit: Unit, status: OutboxStatus, *, channel: str = "telegram"
) -> None:
    official = Official(unit_id=unit.id, full_name="Lê Văn Bình")
    session.add(official)
    await session.flush()
    identity = Identity(
        channel=channel, external_id=unit.code, chat_id=unit.code, official_id=official.id
    )
    session.add(identity)
    await session.flush()
    assert identity.id is not None
    session.add(
        Outbox(
            dedupe_key=f"deadline:1:unit:{unit.id}:T-3d", source="deadline:1", kind="reminder",
            survey_id="bao-cao-quy", period="2026-Q4", unit_id=unit.id,
            identity_id=identity.id, channel=channel, chat_id=unit.code, text="Nhắc hạn",
            status=status.value, next_attempt_at=NOW,
        )
    )  # fmt: skip


async def test_tiendo_missing_units_follow_vietnamese_order(session: AsyncSession) -> None:
    await _units(session)

    total, missing, names = await store.missing_units(
        session, "bao-cao-quy", "2026-Q4", kinds=["commune"], limit=3
    )

    assert (total, missing, names) == (4, 4, IN_ORDER[:3])


async def test_tiendo_missing_units_come_by_kind_xa_before_phuong(session: AsyncSession) -> None:
    session.add(Unit(code="W1", name="Phường Ân Nhơn", kind="ward"))
    session.add(Unit(code="S1", name="Đặc khu Lý Sơn", kind="special_zone"))
    await _units(session)

    _, _, names = await store.missing_units(
        session, "bao-cao-quy", "2026-Q4", kinds=["commune", "ward", "special_zone"], limit=10
    )

    assert names == [*IN_ORDER, "Phường Ân Nhơn", "Đặc khu Lý Sơn"]


async def test_unreachable_units_follow_vietnamese_order(session: AsyncSession) -> None:
    for unit in await _units(session):
        await _outbox_row(session, unit, OutboxStatus.UNREACHABLE)
    await session.flush()

    names = await outbox.unreachable_units(session, survey_id="bao-cao-quy", period="2026-Q4")

    assert names == IN_ORDER


async def test_units_waiting_in_a_pull_chat_follow_vietnamese_order(
    session: AsyncSession,
) -> None:
    for unit in await _units(session):
        await _outbox_row(session, unit, OutboxStatus.QUEUED, channel="web")
    await session.flush()

    names = await outbox.waiting_units(session, survey_id="bao-cao-quy", period="2026-Q4")

    assert names == IN_ORDER


async def test_a_units_officials_come_by_given_name(session: AsyncSession) -> None:
    [unit, *_] = await _units(session)
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê An", "Đỗ Văn Dũng", "Phạm Văn Dương"]
    for name in names:
        session.add(Official(unit_id=unit.id, full_name=name))
    await session.flush()
    assert unit.id is not None

    listed = await review.officials_by_unit(session, [unit.id])

    # By given name (An, Ánh, Bình, Dũng, Dương), not by family name as SQL ordered them.
    assert [o.full_name for o, _ in listed[unit.id]] == [
        "Lê An", "Nguyễn Thị Ánh", "Trần Văn Bình", "Đỗ Văn Dũng", "Phạm Văn Dương",
    ]  # fmt: skip
