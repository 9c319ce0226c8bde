"""FAQ entries written in the console; the chat consults them as `knowledge.faq.FaqEntry`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge.faq import FaqEntry
from storage.models import FaqRecord

QUESTION_MAX = 1000
ANSWER_MAX = 4000
# Read for every question: built once.
_ACTIVE: Final = (
    select(FaqRecord).where(col(FaqRecord.active).is_(True)).order_by(col(FaqRecord.id))
)


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
    return record


async def active_entries(session: AsyncSession) -> list[FaqEntry]:
    """The active console entries, as the knowledge base reads FAQ entries."""
    return [
        FaqEntry(
            questions=(record.question,),
            sections=tuple(record.sections),
            answer=" ".join(record.answer.split()),
        )
        for record in (await session.exec(_ACTIVE)).all()
    ]
