"""Queries about the knowledge base: questions it could not answer."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import UnansweredQuestion

QUESTION_MAX = 1000


def record_unanswered(
    session: AsyncSession, *, question: str, channel: str, unit_id: int | None, now: datetime
) -> None:
    """Keep an out-of-scope question: text, time, channel and unit; nothing about the person."""
    text = " ".join(question.split())[:QUESTION_MAX]
    if text:
        session.add(
            UnansweredQuestion(question=text, asked_at=now, channel=channel, unit_id=unit_id)
        )


async def most_frequent_unanswered(
    session: AsyncSession, *, limit: int = 20
) -> list[tuple[str, int, datetime]]:
    """The most often asked unanswered questions (case-insensitive), with count and last time."""
    key = func.lower(UnansweredQuestion.question)
    statement = (
        select(
            func.min(UnansweredQuestion.question),
            func.count(),
            func.max(UnansweredQuestion.asked_at),
        )
        .group_by(key)
        .order_by(func.count().desc(), func.max(col(UnansweredQuestion.asked_at)).desc())
        .limit(limit)
    )
    return [(str(q), int(n), last) for q, n, last in (await session.exec(statement)).all()]
