"""Shared responses under concurrency, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import func, select

from storage import surveys as store
from storage.db import session_scope
from storage.models import SurveyResponse
from tests.surveys.conftest import Town, make_town

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
SURVEY, PERIOD = "bao-cao-quy", "2026-Q4"


async def open_response(engine: AsyncEngine, unit_id: int) -> int:
    async with session_scope(engine) as session:
        response = await store.get_or_create_response(
            session, survey_id=SURVEY, period=PERIOD, unit_id=unit_id, now=NOW
        )
    assert response.id is not None
    return response.id


async def answer_with_retry(
    engine: AsyncEngine, *, response_id: int, question: str, value: object, official: int
) -> int:
    """Save one answer like a handler would; returns how many attempts it took."""
    for attempt in range(1, 5):
        async with session_scope(engine) as session:
            response = await store.reload(session, response_id)
            assert response is not None
            if await store.save_answer(
                session,
                response_id=response_id,
                expected_version=response.version,
                question_id=question,
                value=value,
                official_id=official,
                identity_id=None,
                now=NOW,
            ):
                return attempt
    raise AssertionError("never saved")


async def test_two_officials_opening_at_once_share_one_response(engine: AsyncEngine) -> None:
    town = await make_town(engine)

    ids = await asyncio.gather(
        open_response(engine, town.unit_id), open_response(engine, town.unit_id)
    )

    async with session_scope(engine) as session:
        count = (await session.exec(select(func.count()).select_from(SurveyResponse))).one()
    assert (ids[0] == ids[1], count) == (True, 1)


async def test_stale_version_writes_nothing(engine: AsyncEngine) -> None:
    town = await make_town(engine)
    response_id = await open_response(engine, town.unit_id)
    async with session_scope(engine) as first, session_scope(engine) as second:
        seen_first = await store.reload(first, response_id)
        seen_second = await store.reload(second, response_id)
        assert seen_first is not None and seen_second is not None
        saved_first = await store.save_answer(
            first,
            response_id=response_id,
            expected_version=seen_first.version,
            question_id="dau_moi",
            value="co",
            official_id=town.official_id,
            identity_id=None,
            now=NOW,
        )
        await first.commit()
        saved_second = await store.save_answer(
            second,
            response_id=response_id,
            expected_version=seen_second.version,
            question_id="so_tap_huan",
            value=5,
            official_id=town.colleague_id,
            identity_id=None,
            now=NOW,
        )
    async with session_scope(engine) as session:
        answers = await store.answers_of(session, response_id)

    assert (saved_first, saved_second) == (True, False)
    assert answers == {"dau_moi": "co"}


async def test_two_officials_answering_at_once_lose_nothing(engine: AsyncEngine) -> None:
    town: Town = await make_town(engine)
    response_id = await open_response(engine, town.unit_id)

    attempts = await asyncio.gather(
        answer_with_retry(
            engine, response_id=response_id, question="dau_moi", value="co",
            official=town.official_id,
        ),
        answer_with_retry(
            engine, response_id=response_id, question="so_tap_huan", value=5,
            official=town.colleague_id,
        ),
    )  # fmt: skip

    async with session_scope(engine) as session:
        answers = await store.answers_of(session, response_id)
        response = await store.reload(session, response_id)
    assert answers == {"dau_moi": "co", "so_tap_huan": 5}
    assert response is not None and response.version == 2
    assert sorted(attempts)[0] == 1


async def test_submitted_units_lists_only_submissions(engine: AsyncEngine) -> None:
    town = await make_town(engine)
    submitted_id = await open_response(engine, town.unit_id)
    await open_response(engine, town.other_unit_id)
    async with session_scope(engine) as session:
        await store.submit(
            session,
            response_id=submitted_id,
            expected_version=0,
            official_id=town.official_id,
            identity_id=None,
            now=NOW,
        )

    async with session_scope(engine) as session:
        units = await store.submitted_units(session, SURVEY, PERIOD)

    assert units == {town.unit_id}
