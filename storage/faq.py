"""FAQ entries written in the console; the chat consults them as `knowledge.faq.FaqEntry`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final
from weakref import WeakKeyDictionary

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge.faq import OFFICE, FaqEntry, answer_lines
from storage.models import FaqRecord, FaqRevision

QUESTION_MAX = 1000
ANSWER_MAX = 4000
_ACTIVE: Final = (
    select(FaqRecord).where(col(FaqRecord.active).is_(True)).order_by(col(FaqRecord.id))
)
# The entries' revision, as a column any statement can carry (`storage.inbound` reads it with
# every message, so a question costs no query for the entries while they stay the same).
REVISION: Final = select(col(FaqRevision.value)).where(col(FaqRevision.id) == 1).scalar_subquery()
# Per engine (one database): the revision last read and the active entries at that revision.
_kept: WeakKeyDictionary[Any, tuple[int, list[FaqEntry]]] = WeakKeyDictionary()


async def list_records(session: AsyncSession) -> list[FaqRecord]:
    """Every console FAQ entry, newest first."""
    statement = select(FaqRecord).order_by(col(FaqRecord.updated_at).desc(), col(FaqRecord.id))
    return list((await session.exec(statement)).all())


async def save_record(
    session: AsyncSession,
    *,
    record_id: int | None,
    question: str,
    answer: str,
    sections: Sequence[str],
    active: bool = True,
    now: datetime,
) -> FaqRecord | None:
    """Add an entry (no id) or change one; None when the id is unknown."""
    if record_id is None:
        record = FaqRecord(question="", answer="", created_at=now)
    else:
        found = await session.get(FaqRecord, record_id)
        if found is None:
            return None
        record = found
    record.question = question[:QUESTION_MAX]
    record.answer = answer[:ANSWER_MAX]
    record.sections = list(sections)
    record.active = active
    record.updated_at = now
    session.add(record)
    await session.flush()
    await _bump_revision(session)
    return record


async def _bump_revision(session: AsyncSession) -> None:
    """Count one more change (creating the row if a restore or a TRUNCATE removed it)."""
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    module = postgresql if dialect == "postgresql" else sqlite
    table = FaqRevision.__table__  # type: ignore[attr-defined]
    statement = (
        module.insert(table)
        .values(id=1, value=1)
        .on_conflict_do_update(index_elements=["id"], set_={"value": table.c.value + 1})
    )
    await session.exec(statement)


async def active_entries(session: AsyncSession, *, revision: int | None = None) -> list[FaqEntry]:
    """The active console entries, as the knowledge base reads FAQ entries.

    `revision` is `REVISION` as read earlier in this transaction: while it has not changed, the
    entries kept from the last read are returned without a query. (Entries read after the
    revision are at least as new as it, so they are never kept under a later one.)
    """
    bind = session.bind
    kept = _kept.get(bind) if revision is not None and bind is not None else None
    if kept is not None and kept[0] == revision:
        return list(kept[1])
    entries = [
        FaqEntry(
            questions=(record.question,),
            sections=tuple(record.sections),
            answer=answer_lines(record.answer),
            key=f"{OFFICE}{record.id}",
        )
        for record in (await session.exec(_ACTIVE)).all()
    ]
    if revision is not None and bind is not None:
        _kept[bind] = (revision, entries)
    return list(entries)
