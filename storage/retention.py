"""Deleting rows past their retention: processed updates, wrong-code attempts, old questions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.models import InboundUpdate, InviteAttempt, UnansweredQuestion


async def delete_inbound_updates(session: AsyncSession, *, before: datetime) -> int:
    """Forget processed update keys received before `before`; returns how many went."""
    statement = delete(InboundUpdate).where(col(InboundUpdate.received_at) < before)
    return int((await session.exec(statement)).rowcount or 0)


async def delete_invite_attempts(session: AsyncSession, *, before: datetime) -> int:
    """Forget wrong invite codes typed before `before`; returns how many went."""
    statement = delete(InviteAttempt).where(col(InviteAttempt.at) < before)
    return int((await session.exec(statement)).rowcount or 0)


async def delete_unanswered_questions(session: AsyncSession, *, before: datetime) -> int:
    """Forget unanswered questions asked before `before`; returns how many went."""
    statement = delete(UnansweredQuestion).where(col(UnansweredQuestion.asked_at) < before)
    return int((await session.exec(statement)).rowcount or 0)
